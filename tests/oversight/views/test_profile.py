"""Each person chooses their own channels and the digest; the inbox tells overdue from due-soon."""

from __future__ import annotations

from typing import Any

import pytest

from tracker.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def test_a_liaison_chooses_the_digest_on_their_own_page(client: Any, actors: Any) -> None:
    client.force_login(actors.liaison_a)
    page = client.get("/accounts/profile/").content.decode()
    assert "改为每日汇总" in page and 'href="/accounts/profile/"' in page  # linked from the header
    response = client.post("/accounts/profile/", {"by_email": "on", "daily_digest": "on", "digest_hour": "17"})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=actors.liaison_a)
    assert (pref.by_email, pref.by_sms, pref.daily_digest, pref.digest_hour) == (True, False, True, 17)
    assert not NotificationPreference.objects.exclude(user=actors.liaison_a).exists()


def test_profile_refuses_an_impossible_hour_and_needs_login(client: Any, actors: Any) -> None:
    assert client.get("/accounts/profile/").status_code == 302
    client.force_login(actors.deputy)
    assert client.post("/accounts/profile/", {"digest_hour": "25"}).status_code == 400
    assert not NotificationPreference.objects.exists()


def test_inbox_marks_overdue_and_due_soon_differently(client: Any, actors: Any) -> None:
    Notification.objects.create(recipient=actors.liaison_a, title="【已逾期·答复】第0001号", tone="overdue")
    Notification.objects.create(recipient=actors.liaison_a, title="【答复】第0002号", tone="soon")
    Notification.objects.create(recipient=actors.liaison_a, title="【新交办】第0003号", tone="info")
    client.force_login(actors.liaison_a)
    html = client.get("/inbox/").content.decode()
    assert html.count("tone-overdue") == 1 and html.count("tone-soon") == 1 and html.count("tone-info") == 1
    assert '<span class="tag overdue">已逾期</span>' in html
    assert '<span class="tag soon">即将到期</span>' in html
