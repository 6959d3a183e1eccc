"""Deadline states: open → extended / paused → met; "overdue" is derived from the due date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker import deadlines
from tracker.models import Deadline

pytestmark = pytest.mark.django_db


def test_overdue_is_derived_and_excludes_paused_and_met(make_deadline: Any) -> None:
    late = make_deadline(start=date(2026, 3, 5), rule={"months": 3})  # due 06-05
    paused = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    met = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    deadlines.pause(subject=paused.subject, kind=paused.kind, on=date(2026, 6, 1))
    deadlines.meet(subject=met.subject, kind=met.kind, on=date(2026, 6, 5))

    assert list(Deadline.objects.overdue(on=date(2026, 6, 5))) == []  # the due day itself is not late
    assert list(Deadline.objects.overdue(on=date(2026, 6, 8))) == [late]


def test_extension_then_pause_and_resume_move_the_due_date_with_an_explanation(make_deadline: Any) -> None:
    d = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    subject, kind = d.subject, d.kind

    extended = deadlines.extend(subject=subject, kind=kind, extra_months=1)
    assert extended is not None
    assert (extended.status, extended.due) == (Deadline.Status.EXTENDED, date(2026, 7, 6))
    assert "4 个月（含延期 1 个月）期满日为 2026-07-05（周日），非工作日，依法顺延至 2026-07-06（周一）" in (
        extended.explanation
    )

    deadlines.pause(subject=subject, kind=kind, on=date(2026, 6, 1))
    resumed = deadlines.resume(subject=subject, kind=kind, on=date(2026, 6, 11))
    assert resumed is not None
    assert resumed.status == Deadline.Status.EXTENDED
    assert resumed.due == date(2026, 7, 15)
    assert "暂停计时 10 天后为 2026-07-15（周三），工作日，截止 2026-07-15" in resumed.explanation

    assert deadlines.meet(subject=subject, kind=kind, on=date(2026, 7, 1)) == 1
    assert deadlines.current(subject, kind) is None
