"""Recomputing open deadlines after the calendar changed (an override, a year, a package update)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Q

from tracker import nearest, timeline
from tracker.deadlines import compute
from tracker.models import Deadline

_LIVE = [Deadline.Status.OPEN, Deadline.Status.EXTENDED, Deadline.Status.PAUSED]


def recompute_open_deadlines(
    *, actor: Any = None, touching: date | Sequence[date] | None = None, chunk: int = 500
) -> int:
    """Recompute live deadlines; each one whose due date moved is saved and gets a timeline entry.

    ``touching`` (a day or several) limits the work to deadlines whose period can contain it (a change on a day
    can only move a deadline that starts on or before it and is due on or after it — 顺延 moves a
    due date later, a new workday pulls it back to a day no earlier than the changed one). Returns
    the number of deadlines that changed.
    """
    qs = Deadline.objects.filter(status__in=_LIVE)
    if touching is not None:
        days = [touching] if isinstance(touching, date) else list(touching)
        spans = Q(calendar_provisional=True)
        for day in days:
            spans |= Q(start__lte=day, due__gte=day)
        qs = qs.filter(spans)
    changed = 0
    last_id = 0
    while True:
        batch = list(qs.filter(pk__gt=last_id).order_by("pk")[:chunk])
        if not batch:
            return changed
        last_id = batch[-1].pk
        for deadline in batch:
            changed += _recompute_one(deadline, actor=actor)


def _recompute_one(deadline: Deadline, *, actor: Any) -> int:
    rule = dict(deadline.rule)
    computed = compute(start=deadline.start, rule=rule, start_label=str(rule.get("start_label", "起算")))
    if computed.due == deadline.due and computed.provisional == deadline.calendar_provisional:
        return 0
    old_due = deadline.due
    deadline.due = computed.due
    deadline.explanation = computed.explanation
    deadline.calendar_provisional = computed.provisional
    deadline.save(update_fields=["due", "explanation", "calendar_provisional", "updated_at"])
    if old_due == computed.due:
        return 0  # only the "provisional" flag changed; the date people rely on did not
    nearest.refresh(deadline.case_type_id, [deadline.case_id])
    case = deadline.case
    if case is not None:
        timeline.record(
            case=case,
            subject=deadline,
            actor=actor,
            action="deadline.recomputed",
            from_state=old_due.isoformat(),
            to_state=computed.due.isoformat(),
            note=f"工作日历调整，截止日由 {old_due.isoformat()} 改为 {computed.due.isoformat()}："
            f"{computed.explanation}",
            data={"kind": deadline.kind, "old_due": old_due.isoformat(), "new_due": computed.due.isoformat()},
        )
    return 1
