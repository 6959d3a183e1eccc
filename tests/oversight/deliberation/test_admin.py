"""审议意见 in the staff admin: readable, and 交办 only through the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from oversight.deliberation_kinds import FOLLOW_UP_REPORT
from oversight.models import DeliberationOpinion
from tests.oversight.deliberation.conftest import commented_report, issue, item_of
from tracker.models import Deadline


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def staff_client(actors: Any) -> Client:
    actors.staff.is_staff = True  # Django's flag for entering /admin/
    actors.staff.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(actors.staff)
    return client


def test_issue_action_goes_through_the_service(staff_client: Client, opinion: DeliberationOpinion, actors: Any) -> None:
    url = reverse("admin:oversight_deliberationopinion_changelist")
    data = {"action": "issue", "_selected_action": [opinion.pk], "note": "", "index": 0}
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    opinion.refresh_from_db()
    assert opinion.status == DeliberationOpinion.Status.ISSUED
    assert Deadline.objects.filter(kind=FOLLOW_UP_REPORT).count() == 2
    again = staff_client.post(url, data, follow=True)
    assert any("不能交办" in str(m) for m in again.context["messages"])


def test_opinion_report_and_escalation_pages_open(
    staff_client: Client, opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock)
    report = commented_report(item_of(opinion, 1), actors)
    for name, pk in (("deliberationopinion", opinion.pk), ("followupreport", report.pk)):
        assert staff_client.get(reverse(f"admin:oversight_{name}_changelist")).status_code == 200
        assert staff_client.get(reverse(f"admin:oversight_{name}_change", args=[pk])).status_code == 200
    assert staff_client.get(reverse("admin:oversight_escalation_changelist")).status_code == 200
