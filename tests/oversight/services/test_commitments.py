from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds as kinds
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Commitment, Suggestion, SupervisionAction
from oversight.services import commitments, replies, suggestions, supervision
from tests.oversight.services.conftest import lead_with_reply, registered, submit
from tests.oversight.services.helpers import actor, deadline, last_entry
from tracker.models import Deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PROMISES = [
    {"description": "年底前完成城东公交场站建设", "due_on": date(2026, 12, 31)},
    {"description": "六月底前优化信号配时", "due_on": "2026-06-30"},
]


def concluded_with_commitments(actors: Any) -> tuple[Suggestion, list[Commitment]]:
    _lead, reply = lead_with_reply(actors, "B", commitments=PROMISES)
    for who in (actors.deputy, actors.cosigner):
        replies.feedback_rate(reply=reply, actor=who, rating="satisfied")
    suggestion = Suggestion.objects.get()
    assert suggestion.status == Suggestion.Status.CONCLUDED
    return suggestion, list(Commitment.objects.order_by("due_on"))


def test_unit_reports_progress(actors: Any) -> None:
    _s, (first, _second) = concluded_with_commitments(actors)
    progress = commitments.commitment_report_progress(commitment=first, actor=actors.liaison_a, note="已完成招标")
    assert progress.reported_by == actors.liaison_a
    assert last_entry(first.assignment.suggestion, "commitment.progress").note == "已完成招标"
    for who in ("liaison_b", "head_b", "deputy", "outsider"):
        with pytest.raises(NotAllowed):
            commitments.commitment_report_progress(commitment=first, actor=actor(actors, who), note="x")


def test_staff_fulfil_meets_deadline(actors: Any) -> None:
    _s, (first, _second) = concluded_with_commitments(actors)
    first = commitments.commitment_fulfil(commitment=first, actor=actors.staff)
    assert (first.status, first.deputy_confirmed) == ("fulfilled", False)
    assert deadline(first, kinds.COMMITMENT).status == Deadline.Status.MET
    with pytest.raises(IllegalTransition):
        commitments.commitment_fulfil(commitment=first, actor=actors.staff)
    with pytest.raises(IllegalTransition):
        commitments.commitment_report_progress(commitment=first, actor=actors.liaison_a, note="x")


def test_deputy_may_confirm_fulfilment(actors: Any) -> None:
    _s, (first, _second) = concluded_with_commitments(actors)
    first = commitments.commitment_fulfil(commitment=first, actor=actors.cosigner)
    assert (first.status, first.deputy_confirmed) == ("fulfilled", True)


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "reviewer", "outsider"])
def test_unit_and_others_cannot_confirm_their_own_promise(actors: Any, who: str) -> None:
    _s, (first, _second) = concluded_with_commitments(actors)
    with pytest.raises(NotAllowed):
        commitments.commitment_fulfil(commitment=first, actor=actor(actors, who))


def test_close_needs_staff_and_explanation(actors: Any) -> None:
    _s, (_first, second) = concluded_with_commitments(actors)
    with pytest.raises(NotAllowed):
        commitments.commitment_close(commitment=second, actor=actors.liaison_a, explanation="x")
    with pytest.raises(InvalidInput):
        commitments.commitment_close(commitment=second, actor=actors.staff, explanation="")
    second = commitments.commitment_close(commitment=second, actor=actors.staff, explanation="规划调整，项目取消")
    assert (second.status, second.close_explanation) == ("closed", "规划调整，项目取消")
    assert deadline(second, kinds.COMMITMENT).status == Deadline.Status.MET


def test_close_off_waits_for_every_commitment(actors: Any) -> None:
    suggestion, (first, second) = concluded_with_commitments(actors)
    commitments.commitment_fulfil(commitment=first, actor=actors.staff)
    with pytest.raises(IllegalTransition) as err:
        suggestions.suggestion_close_off(suggestion=suggestion, actor=actors.staff)
    assert err.value.code == "commitments_open"
    commitments.commitment_close(commitment=second, actor=actors.staff, explanation="项目取消")
    with pytest.raises(NotAllowed):
        suggestions.suggestion_close_off(suggestion=suggestion, actor=actors.deputy)
    suggestion = suggestions.suggestion_close_off(suggestion=suggestion, actor=actors.staff, reason="全部落实")
    assert suggestion.status == Suggestion.Status.CLOSED_OFF
    entry = last_entry(suggestion, "suggestion.close_off")
    assert (entry.from_state, entry.to_state, entry.note) == ("concluded", "closed_off", "全部落实")


def test_close_off_refused_while_a_unit_still_handles(actors: Any) -> None:
    lead, reply = lead_with_reply(actors)
    with pytest.raises(IllegalTransition):
        suggestions.suggestion_close_off(suggestion=lead.suggestion, actor=actors.staff)
    for who in (actors.deputy, actors.cosigner):
        replies.feedback_rate(reply=reply, actor=who, rating="basic")
    assert suggestions.suggestion_close_off(suggestion=lead.suggestion, actor=actors.staff).status == "closed_off"


def test_staff_record_supervision_with_leader(actors: Any) -> None:
    suggestion = registered(actors)
    action = supervision.supervision_record(
        suggestion=suggestion,
        actor=actors.staff,
        kind=SupervisionAction.Kind.TOPICAL,
        happened_on=date(2026, 3, 2),
        note="召开专题督办会",
        led_by=SupervisionAction.LedBy.DEPUTY_DIRECTOR,
        leader_name="张副主任",
        next_check_on=date(2026, 4, 15),
    )
    assert action.recorded_by == actors.staff
    assert last_entry(suggestion, "supervision.record").note == "专题督办（副主任张副主任）：召开专题督办会"


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "deputy", "outsider"])
def test_only_staff_record_supervision(actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        supervision.supervision_record(
            suggestion=registered(actors),
            actor=actor(actors, who),
            kind="notice",
            happened_on=date(2026, 3, 2),
            note="x",
        )


def test_supervision_refused_for_unregistered_or_bad_input(actors: Any) -> None:
    with pytest.raises(IllegalTransition):
        supervision.supervision_record(
            suggestion=submit(actors), actor=actors.staff, kind="notice", happened_on=date(2026, 3, 2), note="催办"
        )
    with pytest.raises(InvalidInput) as err:
        supervision.supervision_record(
            suggestion=registered(actors), actor=actors.staff, kind="bogus", happened_on=date(2026, 3, 2), note="催办"
        )
    assert "kind" in err.value.fields
