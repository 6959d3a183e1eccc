"""Deadline arithmetic on the real 2026 national calendar (chinesecalendar), with explanations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker import calendar
from tracker.deadlines import compute

pytestmark = pytest.mark.django_db


def test_spring_festival_2026_holidays_and_make_up_workdays() -> None:
    # 春节 2026: 02-15 … 02-23 off; Saturdays 02-14 and 02-28 are 调休 workdays.
    assert all(not calendar.is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert calendar.is_workday(date(2026, 2, 14))
    assert calendar.is_workday(date(2026, 2, 28))
    assert calendar.is_workday(date(2026, 2, 24))


def test_working_days_count_the_make_up_saturday_before_spring_festival() -> None:
    result = compute(start=date(2026, 2, 13), rule={"working_days": 1}, start_label="交办")
    assert result.due == date(2026, 2, 14)
    assert result.explanation == "2026-02-13 交办，1 个工作日后为 2026-02-14（周六），工作日，截止 2026-02-14"


def test_working_days_jump_the_whole_spring_festival() -> None:
    # 02-14 (make-up Saturday) is the 1st, then nothing until 02-24.
    assert calendar.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


def test_month_period_ending_in_spring_festival_is_extended_to_next_working_day() -> None:
    result = compute(start=date(2026, 1, 15), rule={"months": 1}, start_label="交办")
    assert result.due == date(2026, 2, 24)
    assert result.explanation == (
        "2026-01-15 交办，1 个月期满日为 2026-02-15（周日），非工作日，依法顺延至 2026-02-24（周二）"
    )


def test_national_day_2026_and_the_october_10_make_up_workday() -> None:
    assert all(not calendar.is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert calendar.is_workday(date(2026, 10, 10))  # Saturday, 调休
    result = compute(start=date(2026, 9, 1), rule={"months": 1}, start_label="交办")
    assert result.due == date(2026, 10, 8)
    assert "非工作日，依法顺延至 2026-10-08（周四）" in result.explanation
    # 10-08, 10-09, then the make-up Saturday 10-10 is the third working day after 09-30.
    assert calendar.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_month_end_start_lands_on_last_day_of_shorter_month() -> None:
    result = compute(start=date(2026, 1, 31), rule={"months": 1}, start_label="交办")
    # 2026-02-28 is a Saturday but a 调休 workday, so no 顺延.
    assert result.due == date(2026, 2, 28)
    assert result.explanation == "2026-01-31 交办，1 个月期满日为 2026-02-28（周六），工作日，截止 2026-02-28"


def test_reply_period_example_from_the_issue() -> None:
    result = compute(start=date(2026, 3, 5), rule={"months": 3}, start_label="交办")
    assert result.due == date(2026, 6, 5)
    assert result.explanation == "2026-03-05 交办，3 个月期满日为 2026-06-05（周五），工作日，截止 2026-06-05"
    assert not result.provisional


def test_leap_day_plus_twelve_months_ends_on_february_28() -> None:
    assert compute(start=date(2024, 2, 29), rule={"months": 12}).due == date(2025, 2, 28)


def test_january_31_plus_one_month_in_leap_year_2028_is_february_29_and_flagged() -> None:
    result = compute(start=date(2028, 1, 31), rule={"months": 1}, start_label="交办")
    assert result.due == date(2028, 2, 29)
    assert result.provisional
    assert result.explanation.endswith("（2028 年节假日安排尚未公布，暂按周一至周五计算）")


def test_extension_months_are_explained() -> None:
    result = compute(start=date(2026, 3, 5), rule={"months": 3, "extra_months": 2}, start_label="交办")
    assert result.due == date(2026, 8, 5)
    assert "5 个月（含延期 2 个月）期满日为 2026-08-05（周三）" in result.explanation


def test_weekend_end_is_extended_to_monday() -> None:
    result = compute(start=date(2026, 5, 13), rule={"months": 1}, start_label="交办")
    assert result.due == date(2026, 6, 15)
    assert result.explanation == (
        "2026-05-13 交办，1 个月期满日为 2026-06-13（周六），非工作日，依法顺延至 2026-06-15（周一）"
    )


def _day_by_day(start: date, end: date) -> int:
    from datetime import timedelta

    sign = 1 if end >= start else -1
    lo, hi = sorted((start, end))
    return sign * sum(calendar.is_workday(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 2, 13), date(2026, 2, 24)),
        (date(2026, 6, 15), date(2017, 3, 1)),  # years overdue, back across published years
        (date(2026, 6, 15), date(2031, 1, 2)),  # forward into years the package does not cover
        (date(2025, 12, 31), date(2026, 1, 1)),
        (date(2024, 2, 28), date(2024, 3, 1)),  # a leap day
        (date(2026, 6, 15), date(2026, 6, 15)),
    ],
)
def test_working_days_between_counts_what_a_day_by_day_walk_counts(start: date, end: date, make_user: Any) -> None:
    from tracker.services import calendar_override_set

    staff = make_user(is_staff=True, is_superuser=True)
    calendar_override_set(actor=staff, day=date(2026, 6, 20), kind="workday", note="调休")
    calendar_override_set(actor=staff, day=date(2017, 5, 2), kind="holiday")
    assert calendar.working_days_between(start, end) == _day_by_day(start, end)
