"""Staff screens: a calendar edit in the admin recomputes deadlines; failed reminders are visible."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tracker import timeline
from tracker.models import CalendarOverride, Deadline, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    # The manifest storage needs collectstatic; these tests only read the admin pages' HTML.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def admin_client_(make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def test_override_added_and_deleted_in_admin_moves_open_deadline(admin_client_: Client, make_deadline: Any) -> None:
    deadline: Any = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    response = admin_client_.post(
        "/admin/tracker/calendaroverride/add/", {"day": "2026-06-05", "kind": "holiday", "note": "本地节日"}
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due == date(2026, 6, 8)

    override = CalendarOverride.objects.get()
    response = admin_client_.post(f"/admin/tracker/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due == date(2026, 6, 5)
    assert timeline.for_case(deadline.case).filter(action="deadline.recomputed").count() == 2


def test_deadline_page_shows_how_the_date_was_computed(admin_client_: Client, make_deadline: Any) -> None:
    deadline: Deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    response = admin_client_.get(f"/admin/tracker/deadline/{deadline.pk}/change/")
    assert response.status_code == 200
    assert "2026-03-05 交办，3 个月期满日为 2026-06-05（周五），工作日，截止 2026-06-05" in response.content.decode()


def test_failed_reminders_are_listed_for_staff_and_can_be_requeued(admin_client_: Client, make_deadline: Any) -> None:
    deadline: Deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    now = timezone.now()
    common = {"deadline": deadline, "rule": "due", "occurrence": "2026-06-05", "recipient_id": deadline.subject_id}
    failed = Reminder.objects.create(
        **common, channel="sms", status="failed", title="短信失败了", next_attempt_at=now, attempts=5
    )
    Reminder.objects.create(**common, channel="inbox", status="sent", title="站内已发送", next_attempt_at=now)

    page = admin_client_.get("/admin/tracker/reminder/?status__exact=failed").content.decode()
    assert "短信失败了" in page
    assert "站内已发送" not in page

    admin_client_.post("/admin/tracker/reminder/", {"action": "retry", "_selected_action": [failed.pk]}, follow=True)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert failed.next_attempt_at <= timezone.now() + timedelta(seconds=1)


def test_staff_see_the_unpublished_year_warning_from_december(make_user: Any) -> None:
    admin = make_user(is_superuser=True, is_staff=True)

    def changelist_on(moment: str) -> str:
        # Logged in on the day itself: a session from another season would have expired.
        with time_machine.travel(moment, tick=False):
            client = Client()
            client.force_login(admin)
            response = client.get("/admin/tracker/calendaroverride/")
        assert response.status_code == 200
        return response.content.decode()

    assert "2027 年节假日安排尚未发布" in changelist_on("2026-12-02 10:00 +0800")
    assert "节假日安排尚未发布" not in changelist_on("2026-11-28 10:00 +0800")
