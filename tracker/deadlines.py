"""Opening, computing and closing deadlines. Owning apps call these inside their transactions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import Signal

from tracker import calendar, nearest
from tracker.models import Deadline

# Sent after a bulk status change (``meet``, ``cancel``…), which bypasses the per-row post_save
# signal, with ``cases`` = {case type id: case ids} of the deadlines it changed. Apps that derive
# figures from deadlines listen (oversight/stats/freshness.py); tracker never imports them.
deadlines_changed = Signal()

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Computed:
    due: date
    explanation: str
    provisional: bool


def _int(value: object) -> int:
    return int(value or 0)  # type: ignore[call-overload]


def _day(d: date) -> str:
    return f"{d.isoformat()}（周{WEEKDAYS[d.weekday()]}）"


def compute(*, start: date, rule: dict[str, object], start_label: str = "起算") -> Computed:
    """Apply a rule to a start date, with 顺延 to the next working day, and explain it in Chinese.

    Rules: {"months": n} calendar months (same day-number or the month's last day), {"days": n}
    calendar days, {"working_days": n}, {"fixed": "YYYY-MM-DD"}; plus "extra_months" (approved
    extensions) and "paused_days" (clock stopped). Every result ending on a non-working day moves
    to the next working day (法定期间顺延).
    """
    months = _int(rule.get("months")) + _int(rule.get("extra_months"))
    paused_days = _int(rule.get("paused_days"))
    if "fixed" in rule:
        raw = date.fromisoformat(str(rule["fixed"]))
        text = f"约定期限 {_day(raw)}"
    elif "days" in rule:
        # 民事诉讼法第八十五条 style 期间: the start day is not counted, the period ends n calendar
        # days later; a last day that is not a working day moves to the next one (below).
        n = _int(rule["days"])
        raw = start + timedelta(days=n)
        text = f"{start.isoformat()} {start_label}，{n} 日后为 {_day(raw)}"
        extra = _int(rule.get("extra_months"))
        if extra:
            raw = calendar.add_months(raw, extra)
            text += f"，延期 {extra} 个月后为 {_day(raw)}"
    elif "working_days" in rule:
        n = _int(rule["working_days"])
        raw = calendar.add_working_days(start, n)
        text = f"{start.isoformat()} {start_label}，{n} 个工作日后为 {_day(raw)}"
    else:
        raw = calendar.add_months(start, months)
        extra = _int(rule.get("extra_months"))
        extension = f"（含延期 {extra} 个月）" if extra else ""
        text = f"{start.isoformat()} {start_label}，{months} 个月{extension}期满日为 {_day(raw)}"
    if paused_days:
        raw = raw + timedelta(days=paused_days)
        text += f"，暂停计时 {paused_days} 天后为 {_day(raw)}"
    due = calendar.next_workday_on_or_after(raw)
    if due == raw:
        text += f"，工作日，截止 {due.isoformat()}"
    else:
        text += f"，非工作日，依法顺延至 {_day(due)}"
    provisional = not calendar.is_published(due)
    if provisional:
        text += f"（{due.year} 年节假日安排尚未公布，暂按周一至周五计算）"
    return Computed(due=due, explanation=text, provisional=provisional)


def open_deadline(
    *,
    case: models.Model,
    subject: models.Model,
    kind: str,
    start: date,
    rule: dict[str, object],
    start_label: str = "起算",
) -> Deadline:
    computed = compute(start=start, rule=rule, start_label=start_label)
    deadline = Deadline.objects.create(
        kind=kind,
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        start=start,
        rule={**rule, "start_label": start_label},
        due=computed.due,
        explanation=computed.explanation,
        calendar_provisional=computed.provisional,
    )
    nearest.refresh_case(case)
    return deadline


def _changed(qs: models.QuerySet[Deadline], **values: Any) -> int:
    """Update the deadlines and then the copy of each touched case's nearest deadline (tracker.nearest)."""
    cases = nearest.cases_of(qs)
    if not cases:
        return 0
    changed = qs.update(**values)
    nearest.refresh_many(cases)
    deadlines_changed.send(sender=Deadline, cases=cases)
    return changed


def _open_for(subject: models.Model, kind: str) -> models.QuerySet[Deadline]:
    return (
        Deadline.objects.for_subject(subject)
        .filter(kind=kind)
        .exclude(status__in=[Deadline.Status.MET, Deadline.Status.CANCELLED])
    )


def meet(*, subject: models.Model, kind: str, on: date) -> int:
    """Mark the subject's open deadline of this kind met; returns how many rows changed."""
    return _changed(_open_for(subject, kind), status=Deadline.Status.MET, met_on=on)


def _unfinished() -> models.QuerySet[Deadline]:
    return Deadline.objects.exclude(status__in=[Deadline.Status.MET, Deadline.Status.CANCELLED])


def cancel(*, subject: models.Model, kind: str | None = None) -> int:
    """Cancel the subject's unfinished deadlines (of one kind, or all): the step they belong to is
    over without being done (superseded, withdrawn, concluded by staff)."""
    qs = _unfinished().filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
    if kind:
        qs = qs.filter(kind=kind)
    return _changed(qs, status=Deadline.Status.CANCELLED)


def cancel_many(*, subjects: models.QuerySet[Any], kind: str | None = None) -> int:
    """``cancel`` for every object of a queryset at once (e.g. all replies of an assignment)."""
    qs = _unfinished().filter(
        subject_type=ContentType.objects.get_for_model(subjects.model), subject_id__in=subjects.values("pk")
    )
    if kind:
        qs = qs.filter(kind=kind)
    return _changed(qs, status=Deadline.Status.CANCELLED)


def cancel_case(*, case: models.Model) -> int:
    """The whole file is finished (销号): nothing may stay open on it and keep counting overdue."""
    case_type = ContentType.objects.get_for_model(case)
    changed = _unfinished().filter(case_type=case_type, case_id=case.pk).update(status=Deadline.Status.CANCELLED)
    if changed:
        nearest.refresh_case(case)
        deadlines_changed.send(sender=Deadline, cases={case_type.pk: {case.pk}})
    return changed


def open_for_case(case: models.Model) -> models.QuerySet[Deadline]:
    """The case's deadlines still owed (open, extended or paused)."""
    return _unfinished().filter(case_type=ContentType.objects.get_for_model(case), case_id=case.pk)


def extend(*, subject: models.Model, kind: str, extra_months: int) -> Deadline | None:
    """Add months to the subject's open deadline (extension approved); recomputes the due date."""
    deadline = _open_for(subject, kind).first()
    if deadline is None:
        return None
    rule = dict(deadline.rule)
    rule["extra_months"] = int(rule.get("extra_months", 0) or 0) + extra_months
    _recompute(deadline, rule)
    deadline.status = Deadline.Status.EXTENDED
    deadline.save(update_fields=["rule", "due", "explanation", "calendar_provisional", "status", "updated_at"])
    nearest.refresh(deadline.case_type_id, [deadline.case_id])
    return deadline


def current(subject: models.Model, kind: str) -> Deadline | None:
    return _open_for(subject, kind).first()


def _recompute(deadline: Deadline, rule: dict[str, object]) -> None:
    computed = compute(start=deadline.start, rule=rule, start_label=str(rule.get("start_label", "起算")))
    deadline.rule = rule
    deadline.due = computed.due
    deadline.explanation = computed.explanation
    deadline.calendar_provisional = computed.provisional


def pause(*, subject: models.Model, kind: str, on: date) -> Deadline | None:
    """Stop the clock (e.g. while a return request is decided)."""
    deadline = _open_for(subject, kind).exclude(status=Deadline.Status.PAUSED).first()
    if deadline is None:
        return None
    deadline.status = Deadline.Status.PAUSED
    deadline.paused_on = on
    deadline.save(update_fields=["status", "paused_on", "updated_at"])
    return deadline  # still owed: the nearest deadline of the case does not change


def resume(*, subject: models.Model, kind: str, on: date) -> Deadline | None:
    """Restart the clock; the due date moves by the calendar days it stood still."""
    deadline = _open_for(subject, kind).filter(status=Deadline.Status.PAUSED).first()
    if deadline is None or deadline.paused_on is None:
        return None
    rule = dict(deadline.rule)
    rule["paused_days"] = int(rule.get("paused_days", 0) or 0) + max((on - deadline.paused_on).days, 0)
    _recompute(deadline, rule)
    deadline.status = Deadline.Status.EXTENDED if rule.get("extra_months") else Deadline.Status.OPEN
    deadline.paused_on = None
    deadline.save(
        update_fields=["rule", "due", "explanation", "calendar_provisional", "status", "paused_on", "updated_at"]
    )
    nearest.refresh(deadline.case_type_id, [deadline.case_id])
    return deadline
