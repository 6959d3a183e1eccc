"""The reminder sweep: find what is due today and write it into the ledger (claim before send).

Cost stays flat as the table grows: only open deadlines due within the longest "before" offset (or
already overdue) are read, in keyset-paginated chunks; rules are evaluated once per distinct due
date; recipients are resolved once per kind per chunk; preferences in one query per chunk; and the
ledger rows go in with one ``INSERT … ON CONFLICT DO NOTHING`` per chunk, so a second run — or a
concurrent run in another worker — adds nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.models import Deadline, NotificationPreference, Reminder
from tracker.registry import DeadlineKind, Recipients, case_names, get_kind
from tracker.reminders.rules import Firing, RuleBook

# 4,000 rows of 14 columns stay under PostgreSQL's 65,535 bind parameters per statement.
CHUNK = 1000


@dataclass(frozen=True)
class SweepResult:
    considered: int
    created: int


def sweep(*, today: date | None = None, now: datetime | None = None, chunk: int = CHUNK) -> SweepResult:
    today = today or timezone.localdate()
    now = now or timezone.now()
    book = RuleBook(today)
    token = uuid.uuid4().hex
    qs = (
        Deadline.objects.open()
        .filter(due__lte=book.horizon())
        .only(
            "id",
            "kind",
            "due",
            "case_type_id",
            "case_id",
            "subject_type_id",
            "subject_id",
            "explanation",
            "reminder_mark",
        )
    )
    considered = 0
    last_id = 0
    while True:
        batch = list(qs.filter(pk__gt=last_id).order_by("pk")[:chunk])
        if not batch:
            break
        last_id = batch[-1].pk
        considered += len(batch)
        _sweep_batch(batch, book=book, now=now, token=token)
    created = Reminder.objects.filter(batch=token).count()
    return SweepResult(considered=considered, created=created)


def _sweep_batch(batch: Sequence[Deadline], *, book: RuleBook, now: datetime, token: str) -> None:
    firing: dict[int, tuple[Firing, ...]] = {}
    by_kind: dict[str, list[Deadline]] = defaultdict(list)
    for deadline in batch:
        hits = book.firings(deadline.due)
        if deadline.reminder_mark == book.mark(deadline.due):
            continue  # this sweep's reminders were already written (by an earlier run today)
        if hits and get_kind(deadline.kind) is not None:
            firing[deadline.pk] = hits
            by_kind[deadline.kind].append(deadline)
    if not firing:
        return
    resolved: dict[int, Recipients] = {}
    for code, deadlines in by_kind.items():
        kind = get_kind(code)
        assert kind is not None
        resolved.update(kind.resolve_many(deadlines))
    users: dict[int, Any] = {}
    for rec in resolved.values():
        for user in (*rec.primary, *rec.escalate):
            users[user.pk] = user
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=list(users))}
    names = _case_names([d for ds in by_kind.values() for d in ds])
    rows: list[Reminder] = []
    for code, deadlines in by_kind.items():
        kind = get_kind(code)
        assert kind is not None
        for deadline in deadlines:
            rec = resolved.get(deadline.pk) or Recipients()
            for fire in firing[deadline.pk]:
                people = _unique(rec.escalate if fire.escalate else rec.primary)
                title = _title(kind, deadline, fire, names.get((deadline.case_type_id, deadline.case_id), ""))
                link = kind.link(deadline) if kind.link else ""
                for user in people:
                    for channel in channels_for(user, prefs.get(user.pk)):
                        rows.append(
                            Reminder(
                                deadline_id=deadline.pk,
                                rule=fire.rule,
                                occurrence=fire.occurrence,
                                recipient_id=user.pk,
                                channel=channel,
                                title=title,
                                body=deadline.explanation,
                                link=link,
                                tone=_tone(fire),
                                next_attempt_at=now,
                                batch=token,
                            )
                        )
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=4000)
    _remember(firing, batch, book)


def _remember(firing: dict[int, tuple[Firing, ...]], batch: Sequence[Deadline], book: RuleBook) -> None:
    """Store each written deadline's mark in one UPDATE (a CASE over the chunk's due dates)."""
    dues = {d.due for d in batch if d.pk in firing}
    Deadline.objects.filter(pk__in=list(firing)).update(
        reminder_mark=Case(*(When(due=due, then=Value(book.mark(due))) for due in dues), default=Value(""))
    )


def _unique(people: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for user in people:
        if getattr(user, "is_active", True):
            seen.setdefault(user.pk, user)
    return list(seen.values())


def channels_for(user: Any, pref: NotificationPreference | None) -> list[str]:
    """The inbox always; email and SMS by the person's choice; or only the daily digest."""
    if pref is not None and pref.daily_digest:
        return [Reminder.Channel.DIGEST]
    out: list[str] = [Reminder.Channel.INBOX]
    if (pref is None or pref.by_email) and getattr(user, "email", None):
        out.append(Reminder.Channel.EMAIL)
    if pref is not None and pref.by_sms and getattr(user, "phone", None):
        out.append(Reminder.Channel.SMS)
    return out


def _case_names(deadlines: Sequence[Deadline]) -> dict[tuple[int, int], str]:
    """Names of the chunk's cases, one query per case model (the owning app's registered namer)."""
    ids: dict[int, set[int]] = defaultdict(set)
    for d in deadlines:
        ids[d.case_type_id].add(d.case_id)
    out: dict[tuple[int, int], str] = {}
    for type_id, case_ids in ids.items():
        ct = ContentType.objects.get_for_id(type_id)  # cached by Django after the first call
        for case_id, name in case_names(f"{ct.app_label}.{ct.model}", sorted(case_ids)).items():
            out[(type_id, case_id)] = name
    return out


def _tone(fire: Firing) -> str:
    if fire.rule in (Reminder.Rule.OVERDUE, Reminder.Rule.ESCALATE):
        return Reminder.Tone.OVERDUE
    return Reminder.Tone.SOON


def _title(kind: DeadlineKind, deadline: Deadline, fire: Firing, case: str = "") -> str:
    # The case comes first so a list of reminders says which suggestion each is about.
    params = {"label": kind.label, "due": deadline.due.isoformat(), "n": fire.days, "case": f"{case} " if case else ""}
    if fire.rule == Reminder.Rule.BEFORE:
        text = _("【%(label)s】%(case)s还有 %(n)s 个工作日到期（截止 %(due)s）") % params
    elif fire.rule == Reminder.Rule.DUE:
        text = _("【%(label)s】%(case)s今日到期（截止 %(due)s）") % params
    elif fire.rule == Reminder.Rule.OVERDUE:
        text = _("【已逾期·%(label)s】%(case)s已逾期 %(n)s 个工作日（截止 %(due)s）") % params
    else:
        text = _("【逾期上报·%(label)s】%(case)s已逾期 %(n)s 个工作日（截止 %(due)s）") % params
    return text[:200]
