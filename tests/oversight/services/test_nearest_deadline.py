"""The suggestion's copy of its nearest deadline still owed (tracker.nearest) stays what the
deadlines say through every step that opens, meets, pauses, resumes, extends, cancels or moves one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.models import Suggestion
from oversight.services import assignments, suggestions
from tests.oversight.services.conftest import accepted, assigned, contact, delivered, lead_with_reply
from tracker.models import Deadline
from tracker.services import calendar_override_set

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

LIVE = [Deadline.Status.OPEN, Deadline.Status.EXTENDED, Deadline.Status.PAUSED]


def copy(suggestion: Suggestion) -> tuple[date | None, str]:
    suggestion.refresh_from_db(fields=["next_due", "next_due_kind"])
    return suggestion.next_due, suggestion.next_due_kind


def owed(suggestion: Suggestion) -> tuple[date | None, str]:
    """What the deadlines themselves say (the subquery the staff list used to run per row)."""
    first = (
        Deadline.objects.filter(case_type__model="suggestion", case_id=suggestion.pk, status__in=LIVE)
        .order_by("due", "id")
        .first()
    )
    return (first.due, first.kind) if first else (None, "")


def test_assignment_shows_the_return_window_then_the_reply_once_accepted(actors: Any) -> None:
    (assignment,) = assigned(actors)
    suggestion = assignment.suggestion
    assert copy(suggestion) == owed(suggestion) == (date(2026, 3, 9), kinds.RETURN_WINDOW)
    assignments.assignment_accept(assignment=assignment, actor=actors.liaison_a)  # meets the window
    assert copy(suggestion) == owed(suggestion) == (date(2026, 6, 2), kinds.REPLY)


def test_a_paused_clock_still_shows_and_resuming_moves_it(actors: Any, frozen: Any) -> None:
    (assignment,) = accepted(actors)
    suggestion = assignment.suggestion
    assignments.assignment_request_return(assignment=assignment, actor=actors.liaison_a, reason="不属本单位职责")
    assert copy(suggestion) == owed(suggestion) == (date(2026, 6, 2), kinds.REPLY)  # paused, still owed
    frozen.move_to(date(2026, 3, 5))
    assignments.assignment_decide_return(assignment=assignment, actor=actors.staff, approve=False)
    assert copy(suggestion) == owed(suggestion) == (date(2026, 6, 5), kinds.REPLY)


def test_an_approved_return_without_reassignment_leaves_nothing_owed(actors: Any) -> None:
    (assignment,) = assigned(actors)
    suggestion = assignment.suggestion
    assignments.assignment_request_return(assignment=assignment, actor=actors.liaison_a, reason="不属本单位职责")
    assignments.assignment_decide_return(assignment=assignment, actor=actors.staff, approve=True)
    assert copy(suggestion) == owed(suggestion) == (None, "")


def test_an_approved_extension_moves_it(actors: Any) -> None:
    (assignment,) = accepted(actors)
    extension = assignments.assignment_request_extension(
        assignment=assignment, actor=actors.liaison_a, months=2, reason="需协调多部门"
    )
    assignments.extension_decide(extension=extension, actor=actors.staff, approve=True, note="同意")
    assert copy(assignment.suggestion) == owed(assignment.suggestion) == (date(2026, 8, 3), kinds.REPLY)


def test_an_accepted_reply_closes_its_deadline_and_the_next_one_shows(actors: Any) -> None:
    (lead,) = accepted(actors)
    suggestion = lead.suggestion
    assert copy(suggestion) == (date(2026, 6, 2), kinds.REPLY)
    contact(actors, lead)
    delivered(actors, lead)  # meets the reply deadline, opens the deputies' feedback window
    feedback = Deadline.objects.get(case_id=suggestion.pk, kind=kinds.FEEDBACK)
    assert copy(suggestion) == owed(suggestion) == (feedback.due, kinds.FEEDBACK)


def test_concluding_and_closing_off_leave_nothing_owed(actors: Any) -> None:
    lead, _reply = lead_with_reply(actors)
    suggestion = lead.suggestion
    assert copy(suggestion) == owed(suggestion) and copy(suggestion)[1] == kinds.FEEDBACK
    assignments.assignment_conclude(assignment=lead, actor=actors.staff, reason="已协调解决")
    assert copy(suggestion) == owed(suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.CONCLUDED
    suggestions.suggestion_close_off(suggestion=suggestion, actor=actors.staff, reason="办结销号")
    assert copy(suggestion) == owed(suggestion) == (None, "")


def test_a_calendar_change_that_moves_the_deadline_moves_the_copy(actors: Any) -> None:
    (assignment,) = accepted(actors)
    suggestion = assignment.suggestion
    assert copy(suggestion) == (date(2026, 6, 2), kinds.REPLY)
    calendar_override_set(actor=actors.staff, day=date(2026, 6, 2), kind="holiday", note="地方节日")
    assert copy(suggestion) == owed(suggestion) == (date(2026, 6, 3), kinds.REPLY)
