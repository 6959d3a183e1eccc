from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Assignment, Feedback, Suggestion
from oversight.services import assignments, replies
from tests.oversight.services.conftest import accepted, contact, delivered, lead_with_reply
from tests.oversight.services.helpers import actor, deadline, last_entry
from tracker.models import Deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_all_deputies_satisfied_concludes_handling(actors: Any) -> None:
    lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="satisfied", comment="很好")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.REPLIED  # the co-signer has not rated yet
    assert deadline(reply, kinds.FEEDBACK).status == Deadline.Status.OPEN
    replies.feedback_rate(reply=reply, actor=actors.cosigner, rating="basic")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.CONCLUDED
    assert deadline(reply, kinds.FEEDBACK).status == Deadline.Status.MET
    suggestion = Suggestion.objects.get()
    assert suggestion.status == Suggestion.Status.CONCLUDED
    assert last_entry(suggestion, "feedback.rate").to_state == "basic"
    assert last_entry(suggestion, "suggestion.status").to_state == "concluded"


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "staff", "reviewer", "outsider"])
def test_only_the_suggestions_deputies_rate(actors: Any, who: str) -> None:
    _lead, reply = lead_with_reply(actors)
    with pytest.raises(NotAllowed):
        replies.feedback_rate(reply=reply, actor=actor(actors, who), rating="satisfied")


def test_each_deputy_rates_once(actors: Any) -> None:
    _lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="satisfied")
    with pytest.raises(IllegalTransition) as err:
        replies.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied", comment="改主意")
    assert err.value.code == "already_rated"
    assert Feedback.objects.count() == 1


def test_rating_refused_before_reply_is_delivered(actors: Any) -> None:
    from tests.oversight.services.conftest import signed

    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = signed(actors, lead)
    with pytest.raises(IllegalTransition):
        replies.feedback_rate(reply=reply, actor=actors.deputy, rating="satisfied")


def test_unsatisfied_needs_a_comment(actors: Any) -> None:
    _lead, reply = lead_with_reply(actors)
    with pytest.raises(InvalidInput) as err:
        replies.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied")
    assert err.value.code == "comment_required"


def test_rehandling_loop_until_satisfied(actors: Any, frozen: Any) -> None:
    lead, first = lead_with_reply(actors)
    replies.feedback_rate(reply=first, actor=actors.deputy, rating="unsatisfied", comment="线路仍未开通")
    lead.refresh_from_db()
    assert (lead.status, lead.round) == (Assignment.Status.REHANDLING, 2)
    rehandling = deadline(lead, kinds.REHANDLING)
    assert rehandling.due == date(2026, 4, 2)
    assert Suggestion.objects.get().status == Suggestion.Status.REHANDLING
    assert "线路仍未开通" in last_entry(lead.suggestion, "assignment.rehandling").note
    # The first reply is superseded: the co-signer owes no rating on it and may not give one.
    assert deadline(first, kinds.FEEDBACK).status == Deadline.Status.CANCELLED
    with pytest.raises(IllegalTransition):
        replies.feedback_rate(reply=first, actor=actors.cosigner, rating="satisfied")

    frozen.move_to(date(2026, 3, 20))
    second = delivered(actors, lead)
    assert (second.round, second.on_time) == (2, True)
    assert deadline(lead, kinds.REHANDLING).status == Deadline.Status.MET
    assert Suggestion.objects.get().status == Suggestion.Status.REPLIED
    replies.feedback_rate(reply=second, actor=actors.deputy, rating="unsatisfied", comment="仍不满意")
    lead.refresh_from_db()
    assert (lead.status, lead.round) == (Assignment.Status.REHANDLING, 3)

    third = delivered(actors, lead)
    replies.feedback_rate(reply=third, actor=actors.deputy, rating="satisfied")
    replies.feedback_rate(reply=third, actor=actors.cosigner, rating="satisfied")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.CONCLUDED
    assert Suggestion.objects.get().status == Suggestion.Status.CONCLUDED


def test_staff_conclude_ends_rehandling_with_reason(actors: Any) -> None:
    lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied", comment="不满意")
    with pytest.raises(NotAllowed):
        assignments.assignment_conclude(assignment=lead, actor=actors.liaison_a, reason="x")
    lead = assignments.assignment_conclude(assignment=lead, actor=actors.staff, reason="已三次答复，受条件限制")
    assert lead.status == Assignment.Status.CONCLUDED
    assert deadline(lead, kinds.REHANDLING).status == Deadline.Status.CANCELLED
    assert Suggestion.objects.get().status == Suggestion.Status.CONCLUDED
    assert last_entry(lead.suggestion, "assignment.conclude").note == "已三次答复，受条件限制"


def test_staff_open_rehandling(actors: Any) -> None:
    lead, _reply = lead_with_reply(actors)
    with pytest.raises(NotAllowed):
        replies.rehandling_open(assignment=lead, actor=actors.deputy, reason="x")
    lead = replies.rehandling_open(assignment=lead, actor=actors.staff, reason="答复与事实不符")
    assert (lead.status, lead.round) == ("rehandling", 2)
    with pytest.raises(IllegalTransition):
        replies.rehandling_open(assignment=lead, actor=actors.staff, reason="x")


def test_co_handler_concludes_with_the_lead(actors: Any) -> None:
    lead, co = accepted(actors, ("lead", "co"))
    assignments.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="同意")
    contact(actors, lead)
    reply = delivered(actors, lead)
    for who in (actors.deputy, actors.cosigner):
        replies.feedback_rate(reply=reply, actor=who, rating="satisfied")
    co.refresh_from_db()
    assert co.status == Assignment.Status.CONCLUDED
    assert Suggestion.objects.get().status == Suggestion.Status.CONCLUDED


def test_separate_units_each_must_conclude(actors: Any) -> None:
    first, second = accepted(actors, ("separate", "separate"))
    contact(actors, first)
    contact(actors, second)
    reply = delivered(actors, first)
    assert Suggestion.objects.get().status == Suggestion.Status.ASSIGNED
    other = delivered(actors, second)
    assert Suggestion.objects.get().status == Suggestion.Status.REPLIED
    for r in (reply, other):
        for who in (actors.deputy, actors.cosigner):
            replies.feedback_rate(reply=r, actor=who, rating="satisfied")
    assert Suggestion.objects.get().status == Suggestion.Status.CONCLUDED
