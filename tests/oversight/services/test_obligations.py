"""Every obligation (tracker Deadline) ends with the step it belongs to.

An open deadline whose step is over keeps counting overdue, reminds people who owe nothing and
spoils the statistics; these tests walk the workflows and look for any such orphan after each step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition
from oversight.models import Assignment, Commitment, Feedback, Reply, Suggestion
from oversight.services import assignments, commitments, replies, suggestions
from tests.oversight.services.conftest import accepted, contact, delivered, lead_with_reply
from tests.oversight.services.helpers import deadline
from tracker import deadlines
from tracker.models import Deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

UNFINISHED = [Deadline.Status.OPEN, Deadline.Status.EXTENDED, Deadline.Status.PAUSED]
A = Assignment.Status


def _step_is_over(d: Deadline) -> str:
    """Why this unfinished deadline's step is already over ('' when it is still owed)."""
    suggestion = Suggestion.objects.get(pk=d.case_id)
    if suggestion.status == Suggestion.Status.CLOSED_OFF:
        return "case closed off"
    if d.kind == kinds.FEEDBACK:
        reply = Reply.objects.select_related("assignment").get(pk=d.subject_id)
        current = reply.round == reply.assignment.round and reply.assignment.status == A.REPLIED
        return "" if current else f"reply of round {reply.round} superseded or handling over"
    if d.kind == kinds.COMMITMENT:
        status = Commitment.objects.get(pk=d.subject_id).status
        return "" if status == Commitment.Status.OPEN else f"commitment {status}"
    status = Assignment.objects.get(pk=d.subject_id).status
    owing = {
        kinds.REPLY: [A.ASSIGNED, A.ACCEPTED, A.RETURN_REQUESTED],
        kinds.CO_OPINION: [A.ASSIGNED, A.ACCEPTED, A.RETURN_REQUESTED],
        kinds.RETURN_WINDOW: [A.ASSIGNED],
        kinds.REHANDLING: [A.REHANDLING],
    }[d.kind]
    return "" if status in owing else f"assignment {status}"


def assert_no_orphan() -> None:
    orphans = [
        (d.kind, d.subject_id, why) for d in Deadline.objects.filter(status__in=UNFINISHED) if (why := _step_is_over(d))
    ]
    assert orphans == []


def _rehandled_then_satisfied(actors: Any, check: Callable[[], None]) -> Suggestion:
    """不满意 from the lead deputy while the co-signer has not rated; then a second reply both like."""
    lead, first = lead_with_reply(actors, "B", commitments=[{"description": "年内开通", "due_on": date(2026, 9, 1)}])
    check()
    replies.feedback_rate(reply=first, actor=actors.deputy, rating="unsatisfied", comment="线路仍未开通")
    check()
    second = delivered(actors, lead)
    check()
    for who in (actors.deputy, actors.cosigner):
        replies.feedback_rate(reply=second, actor=who, rating="satisfied")
        check()
    for commitment in Commitment.objects.filter(status=Commitment.Status.OPEN):
        commitments.commitment_close(commitment=commitment, actor=actors.staff, explanation="并入新规划，另行落实")
        check()
    return suggestions.suggestion_close_off(suggestion=Suggestion.objects.get(), actor=actors.staff)


def _staff_conclude(actors: Any, check: Callable[[], None]) -> Suggestion:
    """Staff conclude re-handling (rounds exhausted) with a co-handler and an unrated reply."""
    lead, co = accepted(actors, ("lead", "co"))
    check()
    assignments.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="同意")
    contact(actors, lead)
    reply = delivered(actors, lead)
    check()
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied", comment="不满意")
    check()
    assignments.assignment_conclude(assignment=lead, actor=actors.staff, reason="已多次答复，受条件限制")
    check()
    return suggestions.suggestion_close_off(suggestion=Suggestion.objects.get(), actor=actors.staff)


def _separate_units(actors: Any, check: Callable[[], None]) -> Suggestion:
    first, second = accepted(actors, ("separate", "separate"))
    contact(actors, first)
    contact(actors, second)
    check()
    for assignment in (first, second):
        reply = delivered(actors, assignment)
        check()
        for who in (actors.deputy, actors.cosigner):
            replies.feedback_rate(reply=reply, actor=who, rating="basic")
            check()
    return suggestions.suggestion_close_off(suggestion=Suggestion.objects.get(), actor=actors.staff)


def _staff_rehandling_then_conclude(actors: Any, check: Callable[[], None]) -> Suggestion:
    lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.cosigner, rating="satisfied")
    check()
    replies.rehandling_open(assignment=lead, actor=actors.staff, reason="答复与事实不符")
    check()
    second = delivered(actors, lead)
    check()
    assignments.assignment_conclude(assignment=lead, actor=actors.staff, reason="已当面说明")
    check()
    assert Feedback.objects.filter(reply=second).count() == 0
    return suggestions.suggestion_close_off(suggestion=Suggestion.objects.get(), actor=actors.staff)


WALKS = {
    "rehandled_then_satisfied": _rehandled_then_satisfied,
    "staff_conclude": _staff_conclude,
    "separate_units": _separate_units,
    "staff_rehandling_then_conclude": _staff_rehandling_then_conclude,
}


@pytest.mark.parametrize("walk", WALKS)
def test_no_orphan_deadline_at_any_step_of_the_workflow(actors: Any, walk: str) -> None:
    suggestion = WALKS[walk](actors, assert_no_orphan)
    assert suggestion.status == Suggestion.Status.CLOSED_OFF
    assert_no_orphan()


@pytest.mark.parametrize("walk", WALKS)
def test_closed_off_suggestion_owns_no_open_deadline(actors: Any, walk: str) -> None:
    suggestion = WALKS[walk](actors, lambda: None)
    assert list(deadlines.open_for_case(suggestion).values_list("kind", flat=True)) == []
    assert Deadline.objects.filter(case_id=suggestion.pk).exists()  # there were obligations, all ended


def test_unsatisfied_cancels_the_other_deputies_feedback_on_the_old_reply(actors: Any) -> None:
    lead, first = lead_with_reply(actors)
    assert deadline(first, kinds.FEEDBACK).status == Deadline.Status.OPEN
    replies.feedback_rate(reply=first, actor=actors.deputy, rating="unsatisfied", comment="线路仍未开通")
    # The co-signer owes nothing on a reply that re-handling has replaced.
    assert deadline(first, kinds.FEEDBACK).status == Deadline.Status.CANCELLED
    assert deadline(lead, kinds.REHANDLING).status == Deadline.Status.OPEN


def test_superseded_reply_cannot_be_rated(actors: Any) -> None:
    _lead, first = lead_with_reply(actors)
    replies.feedback_rate(reply=first, actor=actors.deputy, rating="unsatisfied", comment="线路仍未开通")
    with pytest.raises(IllegalTransition) as err:
        replies.feedback_rate(reply=first, actor=actors.cosigner, rating="satisfied")
    assert err.value.code == "reply_superseded"
    assert err.value.status == 409
    assert not Feedback.objects.filter(deputy=actors.cosigner_profile).exists()


def test_reply_of_a_closed_off_case_cannot_be_rated(actors: Any) -> None:
    lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="satisfied")
    assignments.assignment_conclude(assignment=lead, actor=actors.staff, reason="代表当面表示满意")
    suggestions.suggestion_close_off(suggestion=Suggestion.objects.get(), actor=actors.staff)
    with pytest.raises(IllegalTransition) as err:
        replies.feedback_rate(reply=reply, actor=actors.cosigner, rating="unsatisfied", comment="并不满意")
    assert err.value.code == "case_closed"
    assert Feedback.objects.count() == 1
