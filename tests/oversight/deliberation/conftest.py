"""Fixtures for 审议意见 tests: a frozen clock, a drafted opinion with one item per unit, and helpers
that walk an item through the steps other tests start from."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem
from oversight.services.deliberation import ItemInput, opinion_create, opinion_issue
from oversight.services.deliberation_reports import report_comment, report_sign, report_submit

TZ = ZoneInfo("Asia/Shanghai")
MEETING = date(2026, 3, 2)  # a Monday


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def clock() -> Iterator[Any]:
    """Time stands still on the meeting day; ``clock.move_to(at(day))`` moves it."""
    with time_machine.travel(at(MEETING), tick=False) as traveller:
        yield traveller


@pytest.fixture
def opinion(actors: Any, clock: Any) -> DeliberationOpinion:
    return opinion_create(
        actor=actors.staff,
        title="关于市政府城市更新工作情况报告的审议意见",
        meeting_name="市十七届人大常委会第二十次会议",
        meeting_date=MEETING,
        report_type=DeliberationOpinion.ReportType.SPECIAL_WORK,
        report_title="关于城市更新工作情况的报告",
        committee="城建环资工委",
        items=[
            ItemInput(unit=actors.unit_a, content="加快老旧小区改造进度，年内完成既定目标。"),
            ItemInput(unit=actors.unit_b, content="统筹配建学校，解决新建小区入学难问题。"),
        ],
    )


def item_of(opinion: DeliberationOpinion, number: int) -> OpinionItem:
    return opinion.items.get(number=number)


def issue(opinion: DeliberationOpinion, actors: Any, clock: Any, day: date = date(2026, 3, 5)) -> DeliberationOpinion:
    clock.move_to(at(day))
    return opinion_issue(opinion=opinion, actor=actors.staff)


def commented_report(item: OpinionItem, actors: Any, head: Any = None, liaison: Any = None) -> FollowUpReport:
    """Liaison submits, head signs, staff comment: the report is ready for a vote."""
    report = report_submit(
        item=item, actor=liaison or actors.liaison_a, content="已完成改造 120 个小区，其余列入明年计划。"
    )
    report = report_sign(report=report, actor=head or actors.head_a)
    return report_comment(report=report, actor=actors.staff, comment="进展明显，但仍需加快。")
