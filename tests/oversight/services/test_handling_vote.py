"""A suggestion's (or one assignment's) handling as the subject of a satisfaction vote: a failed
vote re-opens handling with its own deadline; only answered handling can be judged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.errors import InvalidInput
from oversight.models import Assignment, Suggestion
from oversight.services import replies, voting
from tests.oversight.services.conftest import accepted, lead_with_reply
from tests.oversight.services.helpers import deadline, last_entry
from tests.oversight.voting.conftest import make_round, vote_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _concluded(actors: Any) -> Assignment:
    lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="satisfied")
    replies.feedback_rate(reply=reply, actor=actors.cosigner, rating="basic")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.CONCLUDED
    return lead


def test_failed_vote_on_a_suggestion_reopens_handling(actors: Any) -> None:
    lead = _concluded(actors)
    item = vote_on(actors, kind="handling", subject=lead.suggestion, choice="unsatisfied")
    assert item.passed is False
    lead.refresh_from_db()
    assert (lead.status, lead.round) == (Assignment.Status.REHANDLING, 2)
    assert deadline(lead, kinds.REHANDLING).due == date(2026, 4, 2)  # one month, the default rule
    suggestion = Suggestion.objects.get()
    assert suggestion.status == Suggestion.Status.REHANDLING
    assert last_entry(suggestion, "suggestion.handling_vote_fail").data["item"] == item.pk
    assert "办理满意度测评未通过" in last_entry(suggestion, "assignment.rehandling").note


def test_passed_vote_leaves_handling_concluded(actors: Any) -> None:
    lead = _concluded(actors)
    vote_on(actors, kind="handling", subject=lead, choice="satisfied")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.CONCLUDED
    assert last_entry(lead.suggestion, "suggestion.handling_vote_pass")


def test_failed_vote_on_one_assignment_reopens_only_it(actors: Any) -> None:
    lead, _reply = lead_with_reply(actors)  # replied, deputies not yet rated
    vote_on(actors, kind="handling", subject=lead, choice="unsatisfied")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.REHANDLING


def test_unanswered_handling_cannot_be_put_to_a_vote(actors: Any) -> None:
    (lead,) = accepted(actors)
    setup = make_round(actors, open_it=False)
    with pytest.raises(InvalidInput) as err:
        voting.round_add_item(voting_round=setup.round, actor=actors.staff, kind="handling", subject=lead.suggestion)
    assert "尚无已答复" in err.value.message
    assert setup.round.items.count() == 2  # the two the set-up made


def test_handling_vote_needs_a_suggestion_or_assignment(actors: Any) -> None:
    setup = make_round(actors, open_it=False)
    with pytest.raises(InvalidInput) as err:
        voting.round_add_item(voting_round=setup.round, actor=actors.staff, kind="handling", subject=actors.unit_a)
    assert err.value.fields["subject"].startswith("该类测评的对象只能是")
