"""重点督办: scheduled progress reports are deadlines the unit files; a 跟踪督办's next check date
opens a deadline that the next supervision step meets."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import ProgressReport, SupervisionAction
from oversight.services import progress, suggestions, supervision
from tests.oversight.services.conftest import accepted
from tests.oversight.services.helpers import deadline, last_entry
from tracker import timeline
from tracker.models import Deadline, Reminder
from tracker.reminders.sweep import sweep

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

SCHEDULE = [date(2026, 4, 30), date(2026, 6, 30), date(2026, 8, 31)]


def _key(actors: Any) -> Any:
    (lead,) = accepted(actors)
    suggestions.suggestion_set_key(suggestion=lead.suggestion, actor=actors.staff, is_key=True, leader="张副主任")
    lead.refresh_from_db()
    return lead


def test_staff_schedule_reports_each_a_deadline(actors: Any) -> None:
    lead = _key(actors)
    reports = progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.staff, dates=SCHEDULE)
    assert [r.due_on for r in reports] == SCHEDULE
    dues = [deadline(r, kinds.KEY_PROGRESS) for r in reports]
    # 04-30 (Thursday), 06-30 (Tuesday), 08-31 (Monday): working days, kept as they are.
    assert [d.due for d in dues] == SCHEDULE
    assert "约定期限 2026-04-30" in dues[0].explanation
    entry = last_entry(lead.suggestion, "progress.schedule")
    assert entry.data["dates"] == ["2026-04-30", "2026-06-30", "2026-08-31"]
    # Scheduling the same month again adds nothing.
    assert progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.staff, dates=SCHEDULE[:1]) == []


def test_only_key_suggestions_get_a_schedule(actors: Any) -> None:
    (lead,) = accepted(actors)
    with pytest.raises(IllegalTransition) as err:
        progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.staff, dates=SCHEDULE)
    assert err.value.code == "not_key"


def test_schedule_is_staff_only_and_not_in_the_past(actors: Any) -> None:
    lead = _key(actors)
    with pytest.raises(NotAllowed):
        progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.liaison_a, dates=SCHEDULE)
    with pytest.raises(InvalidInput):
        progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.staff, dates=[date(2026, 2, 1)])


def test_unit_files_the_report_and_meets_the_deadline(actors: Any, frozen: Any) -> None:
    lead = _key(actors)
    first, *_rest = progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.staff, dates=SCHEDULE)
    with pytest.raises(NotAllowed):
        progress.progress_report_file(report=first, actor=actors.liaison_b, content="别家单位")
    frozen.move_to(date(2026, 4, 28))
    filed = progress.progress_report_file(report=first, actor=actors.liaison_a, content="已完成线路勘察。")
    assert (filed.status, filed.on_time) == (ProgressReport.Status.FILED, True)
    assert deadline(first, kinds.KEY_PROGRESS).status == Deadline.Status.MET
    with pytest.raises(IllegalTransition):
        progress.progress_report_file(report=first, actor=actors.liaison_a, content="再报一次")
    # Deputies read it on the suggestion's timeline.
    assert last_entry(lead.suggestion, "progress.file").note == "已完成线路勘察。"
    assert ProgressReport.objects.visible_to(actors.deputy).count() == 3
    assert ProgressReport.objects.visible_to(actors.liaison_b).count() == 0


def test_scheduled_report_is_reminded_before_it_is_due(actors: Any, frozen: Any) -> None:
    lead = _key(actors)
    progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.staff, dates=SCHEDULE[:1])
    frozen.move_to(date(2026, 4, 29))  # one working day before 04-30
    sweep(today=date(2026, 4, 29))
    reminded = set(Reminder.objects.filter(deadline__kind=kinds.KEY_PROGRESS).values_list("recipient", flat=True))
    assert actors.liaison_a.pk in reminded


def test_tracking_supervision_next_check_opens_a_deadline_met_by_the_next_step(actors: Any) -> None:
    lead = _key(actors)
    action = supervision.supervision_record(
        suggestion=lead.suggestion,
        actor=actors.staff,
        kind=SupervisionAction.Kind.TRACKING,
        happened_on=date(2026, 3, 2),
        note="跟踪了解线路规划进展。",
        next_check_on=date(2026, 4, 5),  # a Sunday → the next working day
    )
    check = deadline(action, kinds.SUPERVISION_CHECK)
    assert check.due == date(2026, 4, 7)  # 04-06 is the 清明 holiday Monday in 2026
    assert check.status == Deadline.Status.OPEN
    supervision.supervision_record(
        suggestion=lead.suggestion,
        actor=actors.staff,
        kind=SupervisionAction.Kind.NOTICE,
        happened_on=date(2026, 3, 2),
        note="再次催办。",
    )
    check.refresh_from_db()
    assert check.status == Deadline.Status.MET
    assert timeline.for_case(lead.suggestion).filter(action="supervision.record").count() == 2


@pytest.mark.parametrize("page_size", [1, 3])
def test_progress_report_api_lists_and_files(actors: Any, page_size: int, django_assert_num_queries: Any) -> None:
    from rest_framework.test import APIClient

    lead = _key(actors)
    staff = APIClient()
    staff.force_authenticate(actors.staff)
    response = staff.post(
        "/api/v1/progress-reports/schedule/",
        {"suggestion": lead.suggestion.pk, "dates": [d.isoformat() for d in SCHEDULE]},
        format="json",
    )
    assert response.status_code == 201
    assert [r["due_on"] for r in response.json()] == ["2026-04-30", "2026-06-30", "2026-08-31"]
    # reports ⋈ assignment (the page ends the list, so it is its own count: oversight/api/pagination.py)
    with django_assert_num_queries(1):
        body = staff.get("/api/v1/progress-reports/", {"page_size": page_size}).json()
    assert len(body["results"]) == page_size
    unit = APIClient()
    unit.force_authenticate(actors.liaison_a)
    first = body["results"][0]["id"]
    filed = unit.post(f"/api/v1/progress-reports/{first}/file/", {"content": "已完成勘察。"}, format="json")
    assert (filed.status_code, filed.json()["status"]) == (200, "filed")
    other = APIClient()
    other.force_authenticate(actors.liaison_b)
    assert other.post(f"/api/v1/progress-reports/{first}/file/", {"content": "x"}, format="json").status_code == 404


def test_dates_far_ahead_are_refused(actors: Any) -> None:
    lead = _key(actors)
    with pytest.raises(InvalidInput):
        progress.progress_schedule_set(suggestion=lead.suggestion, actor=actors.staff, dates=[date(9999, 12, 31)])
    with pytest.raises(InvalidInput):
        supervision.supervision_record(
            suggestion=lead.suggestion,
            actor=actors.staff,
            kind=SupervisionAction.Kind.TRACKING,
            happened_on=date(2026, 3, 2),
            note="跟踪。",
            next_check_on=date(9999, 12, 31),
        )
