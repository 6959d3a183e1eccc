"""Working days: the national schedule (holidays and 调休 make-up workdays) plus local overrides.

The ``chinesecalendar`` package carries the State Council's published schedule; a date in a year
it does not cover falls back to Monday–Friday and is reported as provisional.
"""

from __future__ import annotations

import calendar as _stdcal
import time
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.core.cache import cache

_OVERRIDES_KEY = "tracker:calendar-overrides:v1"
_LOCAL_YEARS_KEY = "tracker:calendar-local-years:v1"


# A process-local copy of the shared cache's overrides, for a request's (or task's) many look-ups:
# a list page counts down working days on every row, and each read of the shared cache is a round
# trip to Redis in production (≈ 25 a page). Kept at most LOCAL_SECONDS, dropped at each request's
# start and by clear_cache(), so an edit on another node is seen within that time.
LOCAL_SECONDS = 2.0
_local: tuple[float, dict[date, bool]] | None = None


def _overrides() -> dict[date, bool]:
    """Local overrides as {day: is_workday}; cached, cleared whenever staff edit one."""
    global _local
    now = time.monotonic()
    if _local is not None and now - _local[0] < LOCAL_SECONDS:
        return _local[1]
    cached = cache.get(_OVERRIDES_KEY)
    if cached is None:
        from tracker.models import CalendarOverride

        cached = {
            o.day: o.kind == CalendarOverride.Kind.WORKDAY for o in CalendarOverride.objects.all().only("day", "kind")
        }
        cache.set(_OVERRIDES_KEY, cached, 300)
    _local = (now, cached)
    return cached


def forget_local(**_: object) -> None:
    """Drop the process-local copy (connected to ``request_started``; clear_cache calls it)."""
    global _local
    _local = None


def _local_years() -> set[int]:
    """Years whose schedule staff entered locally (``CalendarYear``); cached like the overrides."""
    cached = cache.get(_LOCAL_YEARS_KEY)
    if cached is None:
        from tracker.models import CalendarYear

        cached = set(CalendarYear.objects.values_list("year", flat=True))
        cache.set(_LOCAL_YEARS_KEY, cached, 300)
    return set(cached)


def clear_cache() -> None:
    forget_local()
    cache.delete_many([_OVERRIDES_KEY, _LOCAL_YEARS_KEY])


def package_covers(year: int) -> bool:
    """Whether the installed ``chinesecalendar`` carries the State Council schedule for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 30))
    except NotImplementedError:
        return False
    return True


def year_covered(year: int) -> bool:
    return package_covers(year) or year in _local_years()


def is_published(day: date) -> bool:
    return year_covered(day.year)


def required_years(today: date) -> list[int]:
    """The current year and, from 1 December, the next (the State Council usually publishes in November)."""
    return [today.year, today.year + 1] if today >= date(today.year, 12, 1) else [today.year]


def unpublished_years(today: date) -> list[int]:
    """Years staff must be warned about: "calendar for YYYY not yet published".

    The current year always counts; from 1 December the next one does too (the State Council
    usually publishes in November, so a gap then means the package or the overrides are behind);
    and so does any year an open deadline already falls in.
    """
    from tracker.models import Deadline

    years = set(required_years(today))
    years.update(
        d.year
        for d in Deadline.objects.open()
        .filter(calendar_provisional=True)
        .values_list("due", flat=True)
        .order_by("due")
        .distinct()[:50]
    )
    return sorted(y for y in years if not year_covered(y))


def unpublished_message(years: list[int]) -> str:
    """The staff-facing warning for ``unpublished_years``; empty when nothing is missing."""
    from django.utils.translation import gettext as _

    if not years:
        return ""
    joined = "、".join(str(y) for y in years)
    return _("%(years)s 年节假日安排尚未发布：相关期限暂按周一至周五计算，请在“日历调整”中录入或升级日历数据。") % {
        "years": joined
    }


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
    """Working days after ``start`` up to and including ``end`` (negative if end < start).

    Counted from per-year tables (``_year_table``) rather than day by day: a list page shows a
    countdown per row, and a deadline years overdue would otherwise cost thousands of calendar
    look-ups (docs/benchmarks.md)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    overrides = _overrides()
    lo_table, hi_table = _table_for(lo.year, overrides), _table_for(hi.year, overrides)
    if lo.year == hi.year:
        count = hi_table[_day_of_year(hi)] - lo_table[_day_of_year(lo)]
    else:
        count = lo_table[-1] - lo_table[_day_of_year(lo)] + hi_table[_day_of_year(hi)]
        count += sum(_table_for(year, overrides)[-1] for year in range(lo.year + 1, hi.year))
    return sign * count


def _day_of_year(day: date) -> int:
    return day.timetuple().tm_yday


def _table_for(year: int, overrides: dict[date, bool]) -> tuple[int, ...]:
    return _year_table(year, tuple(sorted((d, w) for d, w in overrides.items() if d.year == year)))


@lru_cache(maxsize=64)
def _year_table(year: int, overrides: tuple[tuple[date, bool], ...]) -> tuple[int, ...]:
    """table[i] = working days among the year's first i days (table[0] = 0, table[-1] = the year's
    total), with that year's local overrides (part of the cache key, so an edit makes a new table)."""
    local = dict(overrides)
    counts = [0]
    day = date(year, 1, 1)
    while day.year == year:
        flag = local.get(day)
        if flag is None:
            try:
                flag = bool(chinese_calendar.is_workday(day))
            except NotImplementedError:
                flag = day.weekday() < 5
        counts.append(counts[-1] + int(flag))
        day += timedelta(days=1)
    return tuple(counts)


def add_months(start: date, months: int) -> date:
    """Same day-number ``months`` later, or that month's last day (01-31 + 1 month → 02-28/29)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))
