"""What the vote on a follow-up report does: close, rectify, or refer to the chairmen's council."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import voting_outcomes
from oversight.deliberation_kinds import RECTIFICATION
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import DeliberationOpinion, Escalation, FollowUpReport, OpinionItem
from oversight.services.deliberation import escalation_record, report_record_outcome
from oversight.services.deliberation_reports import report_sign, report_submit
from tests.oversight.deliberation.conftest import at, commented_report, issue, item_of
from tracker import timeline
from tracker.models import Deadline


@pytest.fixture
def issued(opinion: DeliberationOpinion, actors: Any, clock: Any) -> DeliberationOpinion:
    return issue(opinion, actors, clock)


def vote(report: FollowUpReport, passed: bool, actor: Any) -> None:
    """What the voting round's close does for a follow-up report (the registered handler)."""
    handler = voting_outcomes.get_outcome_handler("oversight.followupreport", "follow_up")
    assert handler is not None
    handler(report, passed, None, actor)  # type: ignore[arg-type]


def test_handler_is_registered_for_follow_up_reports() -> None:
    assert "oversight.followupreport" in voting_outcomes.registered_labels()


def test_passed_vote_closes_the_item_and_the_opinion_once_all_items_close(
    issued: DeliberationOpinion, actors: Any
) -> None:
    vote(commented_report(item_of(issued, 1), actors), True, actors.staff)
    item_a = item_of(issued, 1)
    assert item_a.status == OpinionItem.Status.CLOSED
    issued.refresh_from_db()
    assert issued.status == DeliberationOpinion.Status.ISSUED  # unit B's item is still open
    vote(commented_report(item_of(issued, 2), actors, head=actors.head_b, liaison=actors.liaison_b), True, actors.staff)
    issued.refresh_from_db()
    assert issued.status == DeliberationOpinion.Status.CLOSED
    assert FollowUpReport.objects.filter(status="passed").count() == 2
    assert timeline.for_case(issued).filter(action="opinion.close").count() == 1


def test_outcome_needs_a_commented_report(issued: DeliberationOpinion, actors: Any) -> None:
    report = report_submit(item=item_of(issued, 1), actor=actors.liaison_a, content="报告")
    with pytest.raises(IllegalTransition):
        vote(report, True, actors.staff)
    report = report_sign(report=report, actor=actors.head_a)
    with pytest.raises(IllegalTransition):
        vote(report, False, actors.staff)
    assert item_of(issued, 1).status == OpinionItem.Status.REPORTED


def test_rectification_loop_fail_then_new_report_then_pass(
    issued: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    clock.move_to(at(date(2026, 5, 20)))
    first = commented_report(item_of(issued, 1), actors)
    vote(first, False, actors.staff)
    item = item_of(issued, 1)
    assert (item.status, item.round, item.failures, item.needs_council) == ("rectification", 2, 1, False)
    first.refresh_from_db()
    assert first.status == FollowUpReport.Status.FAILED
    deadline = Deadline.objects.for_subject(item).get(kind=RECTIFICATION)
    assert (deadline.start, deadline.due) == (date(2026, 5, 20), date(2026, 7, 20))
    assert "满意度测评未通过" in deadline.explanation

    clock.move_to(at(date(2026, 7, 10)))
    second = commented_report(item, actors)
    assert second.round == 2
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == (Deadline.Status.MET, date(2026, 7, 10))
    vote(second, True, actors.staff)
    item.refresh_from_db()
    assert item.status == OpinionItem.Status.CLOSED
    assert [r.status for r in item.reports.order_by("round")] == ["failed", "passed"]
    actions = [e.action for e in timeline.for_case(issued)]
    assert actions.index("report.vote_fail") < actions.index("item.rectify") < actions.index("report.vote_pass")


def test_second_failure_refers_the_item_to_the_chairmens_council(
    issued: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    vote(commented_report(item_of(issued, 1), actors), False, actors.staff)
    vote(commented_report(item_of(issued, 1), actors), False, actors.staff)
    item = item_of(issued, 1)
    assert (item.status, item.failures, item.needs_council) == ("council", 2, True)
    # No new report is owed until the council decides.
    assert not Deadline.objects.for_subject(item).open().exists()
    assert timeline.for_case(issued).filter(action="item.refer_council").count() == 1


def test_escalation_threshold_follows_the_setting(issued: DeliberationOpinion, actors: Any, settings: Any) -> None:
    settings.ESCALATE_AFTER_FAILURES = 1
    vote(commented_report(item_of(issued, 1), actors), False, actors.staff)
    assert item_of(issued, 1).status == OpinionItem.Status.COUNCIL


def test_staff_record_the_councils_escalation_and_a_new_report_round_starts(
    issued: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    vote(commented_report(item_of(issued, 1), actors), False, actors.staff)
    vote(commented_report(item_of(issued, 1), actors), False, actors.staff)
    item = item_of(issued, 1)
    clock.move_to(at(date(2026, 9, 3)))
    with pytest.raises(NotAllowed):
        escalation_record(item=item, actor=actors.head_a, kind="inquiry", decided_on=date(2026, 9, 1))
    with pytest.raises(InvalidInput):
        escalation_record(item=item, actor=actors.staff, kind="scolding", decided_on=date(2026, 9, 1))
    escalation = escalation_record(
        item=item,
        actor=actors.staff,
        kind=Escalation.Kind.INTERPELLATION,
        decided_on=date(2026, 9, 1),
        note="提出质询案",
    )
    assert escalation.get_kind_display() == "质询"
    item.refresh_from_db()
    assert (item.status, item.round, item.needs_council) == ("rectification", 3, False)
    deadline = Deadline.objects.for_subject(item).open().get(kind=RECTIFICATION)
    # 1 November 2026 is a Sunday: due on Monday 2 November.
    assert (deadline.start, deadline.due) == (date(2026, 9, 1), date(2026, 11, 2))
    with pytest.raises(IllegalTransition):
        escalation_record(item=item, actor=actors.staff, kind="inquiry", decided_on=date(2026, 9, 1))
    vote(commented_report(item, actors), True, actors.staff)
    item.refresh_from_db()
    assert item.status == OpinionItem.Status.CLOSED


def test_escalation_only_for_items_referred_to_the_council(issued: DeliberationOpinion, actors: Any) -> None:
    with pytest.raises(IllegalTransition):
        escalation_record(item=item_of(issued, 1), actor=actors.staff, kind="inquiry", decided_on=date(2026, 3, 5))
    assert not Escalation.objects.exists()


def test_outcome_service_directly_matches_the_handler(issued: DeliberationOpinion, actors: Any) -> None:
    report = report_record_outcome(report=commented_report(item_of(issued, 1), actors), passed=False, actor=None)
    assert report.status == FollowUpReport.Status.FAILED
    assert item_of(issued, 1).status == OpinionItem.Status.RECTIFICATION
