"""Local overrides, the "not yet published" flag, and recomputing open deadlines on change."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tracker import calendar, checks, timeline
from tracker.models import CalendarOverride, Deadline
from tracker.services import (
    calendar_override_delete,
    calendar_override_set,
    calendar_year_mark,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("today", "missing"), [(date(2026, 11, 30), []), (date(2026, 12, 1), [2027])])
def test_calendar_system_check_warns_from_december_when_next_year_is_missing(today: date, missing: list[int]) -> None:
    with time_machine.travel(
        datetime(today.year, today.month, today.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        messages = checks.check_calendar_published()
    assert [m.id for m in messages] == ["tracker.W001"] * len(missing)
    if missing:
        assert "2027 年节假日安排尚未发布" in messages[0].msg


def test_check_calendar_command_exit_status_tells_a_monitor() -> None:
    out, err = StringIO(), StringIO()
    call_command("check_calendar", "--date", "2026-11-30", stdout=out, stderr=err)
    assert "calendar OK as of 2026-11-30" in out.getvalue()

    with pytest.raises(SystemExit) as exit_info:
        call_command("check_calendar", "--date", "2026-12-01", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert "2027 年节假日安排尚未发布" in err.getvalue()


def test_check_calendar_passes_once_staff_mark_the_year(make_user: Any) -> None:
    calendar_year_mark(actor=make_user(is_superuser=True), year=2027, note="已按国务院办公厅通知录入")
    out = StringIO()
    call_command("check_calendar", "--date", "2026-12-01", stdout=out)
    assert "calendar OK" in out.getvalue()


def test_unpublished_year_is_flagged_from_december_until_staff_mark_it(make_user: Any) -> None:
    staff = make_user(is_superuser=True)
    assert not calendar.package_covers(2027)  # chinesecalendar 1.11 stops at 2026
    assert calendar.unpublished_years(date(2026, 11, 28)) == []
    assert calendar.unpublished_years(date(2026, 12, 1)) == [2027]
    assert "2027 年节假日安排尚未发布" in calendar.unpublished_message([2027])

    calendar_year_mark(actor=staff, year=2027, note="已按国务院办公厅通知录入")

    assert calendar.unpublished_years(date(2026, 12, 1)) == []


def test_beyond_published_years_falls_back_to_monday_to_friday() -> None:
    assert calendar.is_workday(date(2027, 1, 1))  # a Friday; the real 元旦 is not known yet
    assert not calendar.is_workday(date(2027, 1, 2))
    assert not calendar.is_published(date(2027, 1, 1))


def test_provisional_open_deadline_flags_its_year(make_deadline: Any) -> None:
    make_deadline(start=date(2027, 11, 1), rule={"months": 3})  # due 2028
    assert 2028 in calendar.unpublished_years(date(2026, 11, 28))


def test_override_holiday_moves_open_deadline_and_records_old_and_new(make_user: Any, make_deadline: Any) -> None:
    staff = make_user(is_superuser=True)
    deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    assert deadline.due == date(2026, 6, 5)
    done = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    Deadline.objects.filter(pk=done.pk).update(status=Deadline.Status.MET)

    _override, moved = calendar_override_set(actor=staff, day=date(2026, 6, 5), kind="holiday", note="地方节日")

    assert moved == 1
    deadline.refresh_from_db()
    assert deadline.due == date(2026, 6, 8)
    assert "非工作日，依法顺延至 2026-06-08（周一）" in deadline.explanation
    entry = timeline.for_case(deadline.case).get(action="deadline.recomputed")
    assert (entry.from_state, entry.to_state) == ("2026-06-05", "2026-06-08")
    assert entry.subject_id == deadline.pk
    done.refresh_from_db()
    assert done.due == date(2026, 6, 5)  # met deadlines keep their date


def test_deleting_override_moves_deadline_back(make_user: Any, make_deadline: Any) -> None:
    staff = make_user(is_superuser=True)
    deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    override, _moved = calendar_override_set(actor=staff, day=date(2026, 6, 5), kind="holiday")
    assert calendar.is_workday(date(2026, 6, 5)) is False  # cache cleared on change

    assert calendar_override_delete(actor=staff, override=override) == 1

    deadline.refresh_from_db()
    assert deadline.due == date(2026, 6, 5)
    assert calendar.is_workday(date(2026, 6, 5))
    assert not CalendarOverride.objects.exists()
    assert timeline.for_case(deadline.case).filter(action="deadline.recomputed").count() == 2


def test_extra_workday_pulls_a_deadline_earlier(make_user: Any, make_deadline: Any) -> None:
    staff = make_user(is_superuser=True)
    deadline = make_deadline(start=date(2026, 5, 13), rule={"months": 1})
    assert deadline.due == date(2026, 6, 15)
    calendar_override_set(actor=staff, day=date(2026, 6, 13), kind="workday", note="调休")
    deadline.refresh_from_db()
    assert deadline.due == date(2026, 6, 13)


def test_only_staff_may_change_the_calendar(make_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        calendar_override_set(actor=make_user(), day=date(2026, 6, 5), kind="holiday")
    assert not CalendarOverride.objects.exists()


def test_recompute_command_picks_up_a_calendar_change_made_outside_the_services(make_deadline: Any) -> None:
    deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    # Stands in for a package upgrade: the calendar changes without any service being called.
    CalendarOverride.objects.create(day=date(2026, 6, 5), kind="holiday")
    out = StringIO()
    call_command("recompute_deadlines", stdout=out)
    assert "changed=1" in out.getvalue()
    deadline.refresh_from_db()
    assert deadline.due == date(2026, 6, 8)
    call_command("recompute_deadlines", stdout=out)
    assert out.getvalue().strip().endswith("changed=0")


def test_moving_an_override_to_another_day_recomputes_deadlines_around_both_days(
    make_user: Any, make_deadline: Any
) -> None:
    staff = make_user(is_superuser=True)
    june = make_deadline(start=date(2026, 3, 5), rule={"months": 3})  # due 06-05
    august = make_deadline(start=date(2026, 5, 5), rule={"months": 3})  # due 08-05
    override, _moved = calendar_override_set(actor=staff, day=date(2026, 6, 5), kind="holiday")
    june.refresh_from_db()
    assert june.due == date(2026, 6, 8)

    _override, moved = calendar_override_set(actor=staff, day=date(2026, 8, 5), kind="holiday", override=override)

    assert moved == 2
    june.refresh_from_db()
    august.refresh_from_db()
    assert (june.due, august.due) == (date(2026, 6, 5), date(2026, 8, 6))


def test_overrides_are_read_from_the_shared_cache_once_per_request_and_afresh_at_the_next(
    db: Any, django_assert_num_queries: Any
) -> None:
    from django.core.cache import cache
    from django.core.signals import request_started
    from django.db import close_old_connections

    # A request's start, without closing the test's connection (its transaction holds the data).
    request_started.disconnect(close_old_connections)
    try:
        _one_request_reads_the_calendar_once(cache, request_started, django_assert_num_queries)
    finally:
        request_started.connect(close_old_connections)


def _one_request_reads_the_calendar_once(cache: Any, request_started: Any, django_assert_num_queries: Any) -> None:
    day = date(2026, 6, 15)  # a Monday
    request_started.send(sender=None)
    assert calendar.is_workday(day)
    with django_assert_num_queries(0):  # the rest of the request: neither the database nor the cache
        with mock.patch.object(cache, "get", wraps=cache.get) as reads:
            assert all(calendar.is_workday(day) for _ in range(25))
            assert calendar.working_days_between(day, date(2026, 7, 15)) == 21  # 端午 on 19 June
        assert reads.call_count == 0
    # Another node adds a holiday: its clear_cache() empties the shared cache, not this process's copy.
    CalendarOverride.objects.create(day=day, kind=CalendarOverride.Kind.HOLIDAY, note="外部节点")
    cache.delete(calendar._OVERRIDES_KEY)
    assert calendar.is_workday(day)  # still this request's copy
    request_started.send(sender=None)
    assert not calendar.is_workday(day)  # the next request reads it
