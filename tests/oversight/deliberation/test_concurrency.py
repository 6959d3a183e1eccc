"""Real database connections racing on the same opinion (PostgreSQL row locks).

Each thread gets its own connection and closes it at the end, so the test database can be dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from oversight.deliberation_kinds import RECTIFICATION
from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem, User
from oversight.services.deliberation import report_record_outcome
from oversight.services.deliberation_reports import report_sign, report_submit
from tests.concurrency import race
from tests.oversight.deliberation.conftest import commented_report, issue, item_of
from tracker import timeline
from tracker.models import Deadline

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_failed_vote_recorded_twice_at_once_counts_once(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock)
    report_pk = commented_report(item_of(opinion, 1), actors).pk

    def fail() -> FollowUpReport:
        return report_record_outcome(report=FollowUpReport.objects.get(pk=report_pk), passed=False)

    results = race(fail, fail)
    assert sorted(type(r).__name__ for r in results) == ["FollowUpReport", "IllegalTransition"]
    item = item_of(opinion, 1)
    assert (item.failures, item.round) == (1, 2)
    assert Deadline.objects.for_subject(item).filter(kind=RECTIFICATION).count() == 1


def test_last_two_items_passing_at_once_close_the_opinion(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock)
    first = commented_report(item_of(opinion, 1), actors).pk
    second = commented_report(item_of(opinion, 2), actors, head=actors.head_b, liaison=actors.liaison_b).pk

    def passes(pk: int) -> Callable[[], FollowUpReport]:
        return lambda: report_record_outcome(report=FollowUpReport.objects.get(pk=pk), passed=True)

    results = race(passes(first), passes(second))
    assert all(isinstance(r, FollowUpReport) for r in results), results
    opinion.refresh_from_db()
    assert opinion.status == DeliberationOpinion.Status.CLOSED
    assert timeline.for_case(opinion).filter(action="opinion.close").count() == 1


def test_two_liaisons_submitting_the_first_report_at_once_make_one_report(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issue(opinion, actors, clock)
    item_pk, liaison_pk, head_pk = item_of(opinion, 1).pk, actors.liaison_a.pk, actors.head_a.pk

    def submit(text: str) -> Callable[[], FollowUpReport]:
        return lambda: report_submit(
            item=OpinionItem.objects.get(pk=item_pk), actor=User.objects.get(pk=liaison_pk), content=text
        )

    results = race(submit("甲稿"), submit("乙稿"))
    assert all(isinstance(r, FollowUpReport) for r in results), results
    report = FollowUpReport.objects.get()
    assert report.content in {"甲稿", "乙稿"}
    signed = report_sign(report=report, actor=User.objects.get(pk=head_pk))
    assert signed.status == FollowUpReport.Status.SIGNED
