"""Working days: the national schedule (holidays and 调休 make-up workdays) plus local overrides.

The ``chinesecalendar`` package carries the State Council's published schedule; a date in a year
it does not cover falls back to Monday–Friday and is reported as provisional.
"""

from __future__ import annotations

import calendar as _stdcal
from datetime import date, timedelta

import chinese_calendar
from django.core.cache import cache

_OVERRIDES_KEY = "tracker:calendar-overrides:v1"


def _overrides() -> dict[date, bool]:
    """Local overrides as {day: is_workday}; cached, cleared whenever staff edit one."""
    cached = cache.get(_OVERRIDES_KEY)
    if cached is None:
        from tracker.models import CalendarOverride

        cached = {
            o.day: o.kind == CalendarOverride.Kind.WORKDAY for o in CalendarOverride.objects.all().only("day", "kind")
        }
        cache.set(_OVERRIDES_KEY, cached, 300)
    return cached


def clear_cache() -> None:
    cache.delete(_OVERRIDES_KEY)


def is_published(day: date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: date) -> bool:
    local = _overrides().get(day)
    if local is not None:
        return local
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def next_workday_on_or_after(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (start itself not counted); negative counts back."""
    step = 1 if n >= 0 else -1
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        if is_workday(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    count = 0
    day = lo
    while day < hi:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return sign * count


def add_months(start: date, months: int) -> date:
    """Same day-number ``months`` later, or that month's last day (01-31 + 1 month → 02-28/29)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))
