"""The follow-up report voted on in a real round (oversight.services.voting): adding it marks the
item 满意度测评中, closing the round drives closure or rectification."""

from __future__ import annotations

# "Today" here is the frozen clock of tests/conftest.py (time_machine travels to FROZEN_NOW for every test).
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from oversight.deliberation_kinds import RECTIFICATION
from oversight.errors import IllegalTransition
from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem, User
from oversight.services import voting
from oversight.services.deliberation_reports import report_sign, report_submit
from tests.factories import UserFactory
from tests.oversight.deliberation.conftest import at, commented_report, issue, item_of
from tracker.models import Deadline


@pytest.fixture
def issued(opinion: DeliberationOpinion, actors: Any, clock: Any) -> DeliberationOpinion:
    return issue(opinion, actors, clock)


@pytest.fixture
def reviewers(actors: Any) -> list[User]:
    return [actors.reviewer, *(UserFactory(username=f"member{n}", is_reviewer=True) for n in range(2))]


def run_round(report: FollowUpReport, actors: Any, reviewers: list[User], choices: list[str]) -> None:
    """Create a round on the report, let each reviewer vote, close it."""
    start = timezone.now()
    voting_round = voting.round_create(
        actor=actors.staff,
        title="审议意见研究处理情况满意度测评",
        meeting_name="第二十二次会议",
        meeting_date=timezone.localdate(),
        opens_at=start,
        closes_at=start + timedelta(hours=2),
    )
    vote_item = voting.round_add_item(voting_round=voting_round, actor=actors.staff, kind="follow_up", subject=report)
    item = OpinionItem.objects.get(pk=report.item_id)
    assert item.status == OpinionItem.Status.VOTING
    voting.round_set_reviewers(voting_round=voting_round, actor=actors.staff, reviewers=reviewers)
    voting.round_open(voting_round=voting_round, actor=actors.staff)
    for reviewer, choice in zip(reviewers, choices, strict=True):
        voting.ballot_cast(voting_round=voting_round, actor=reviewer, choices={vote_item.pk: choice})
    voting.round_close(voting_round=voting_round, actor=actors.staff)


def test_an_uncommented_report_cannot_be_put_on_a_round(issued: DeliberationOpinion, actors: Any) -> None:
    report = report_sign(
        report=report_submit(item=item_of(issued, 1), actor=actors.liaison_a, content="报告"), actor=actors.head_a
    )
    start = timezone.now()
    voting_round = voting.round_create(
        actor=actors.staff,
        title="测评",
        meeting_name="第二十二次会议",
        meeting_date=timezone.localdate(),
        opens_at=start,
        closes_at=start + timedelta(hours=2),
    )
    with pytest.raises(IllegalTransition):
        voting.round_add_item(voting_round=voting_round, actor=actors.staff, kind="follow_up", subject=report)
    assert not voting_round.items.exists()


def test_round_fails_report_then_rectified_report_passes_and_closes_item(
    issued: DeliberationOpinion, actors: Any, clock: Any, reviewers: list[User]
) -> None:
    clock.move_to(at(date(2026, 5, 20)))
    first = commented_report(item_of(issued, 1), actors)
    run_round(first, actors, reviewers, ["unsatisfied", "unsatisfied", "basic"])
    item = item_of(issued, 1)
    assert (item.status, item.round, item.failures) == ("rectification", 2, 1)
    deadline = Deadline.objects.for_subject(item).open().get(kind=RECTIFICATION)
    assert deadline.due == date(2026, 7, 20)

    clock.move_to(at(date(2026, 7, 1)))
    second = commented_report(item, actors)
    run_round(second, actors, reviewers, ["satisfied", "basic", "unsatisfied"])
    item.refresh_from_db()
    assert item.status == OpinionItem.Status.CLOSED
    assert [r.status for r in item.reports.order_by("round")] == ["failed", "passed"]


def test_two_failed_rounds_refer_the_item_to_the_council(
    issued: DeliberationOpinion, actors: Any, reviewers: list[User]
) -> None:
    for _ in range(2):
        run_round(commented_report(item_of(issued, 1), actors), actors, reviewers, ["unsatisfied"] * 3)
    item = item_of(issued, 1)
    assert (item.status, item.failures, item.needs_council) == ("council", 2, True)


def test_year_end_vote_on_a_key_opinion_is_recorded_on_its_timeline(
    issued: DeliberationOpinion, actors: Any, reviewers: list[User]
) -> None:
    from tracker import timeline

    start = timezone.now()
    voting_round = voting.round_create(
        actor=actors.staff,
        title="重点审议意见落实年终问责表决",
        meeting_name="第二十五次会议",
        meeting_date=timezone.localdate(),
        opens_at=start,
        closes_at=start + timedelta(hours=2),
    )
    vote_item = voting.round_add_item(
        voting_round=voting_round, actor=actors.staff, kind="key_opinion_year_end", subject=issued
    )
    voting.round_set_reviewers(voting_round=voting_round, actor=actors.staff, reviewers=reviewers)
    voting.round_open(voting_round=voting_round, actor=actors.staff)
    for reviewer in reviewers:
        voting.ballot_cast(voting_round=voting_round, actor=reviewer, choices={vote_item.pk: "unsatisfied"})
    voting.round_close(voting_round=voting_round, actor=actors.staff)
    entry = timeline.for_case(issued).get(action="opinion.year_end_vote_fail")
    assert entry.data["participants"] == 3
    issued.refresh_from_db()
    assert issued.status == DeliberationOpinion.Status.ISSUED  # the council decides what follows
