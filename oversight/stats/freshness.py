"""Keeping oversight.AssignmentFacts exact: every write that feeds a figure marks its suggestion,
and the marked suggestions are refreshed once per transaction.

Why receivers rather than calls in each service: the facts are a cache of what the services wrote,
and a cache kept by the writers is only as exact as the last service someone forgot to update.
The receivers see every ``save()`` and ``delete()`` of the eight models the figures read; the few
bulk writes that bypass them (tracker's deadline ``meet``/``cancel``, which are QuerySet updates)
send ``tracker.deadlines.deadlines_changed``. The receivers never query: they note ids, and
``flush()`` resolves them to suggestions in SQL and refreshes those —

* on commit (``transaction.on_commit``), so other connections read exact facts once the writer's
  transaction is visible, with the snapshot taken after it (no stale row from a concurrent writer);
* before any read of the facts on the same connection (``oversight.stats.fast``), so a page or a
  test inside the writing transaction sees its own writes.

A transaction that rolls back leaves its marks behind; the next flush refreshes those suggestions
from what is really there, which is harmless. The nightly rebuild (``refresh_stats``) is the net
under anything that writes with raw SQL.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from oversight.models import Assignment, ContactRecord, CoOpinion, Feedback, Reply, Suggestion
from tracker.models import Deadline

# Suggestion fields a figure reads (its scope): other saves (status, texts) change no fact.
SUGGESTION_FIELDS = frozenset({"session", "session_id", "category", "category_id", "is_key"})


@dataclass
class Pending:
    suggestions: set[int] = field(default_factory=set)
    assignments: set[int] = field(default_factory=set)
    replies: set[int] = field(default_factory=set)
    deadline_subjects: set[tuple[int, int]] = field(default_factory=set)
    deadline_cases: set[tuple[int, int]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(bool(getattr(self, name)) for name in FIELDS)


FIELDS = ("suggestions", "assignments", "replies", "deadline_subjects", "deadline_cases")
_local = threading.local()
logger = logging.getLogger("oversight.stats")


def pending() -> Pending:
    if not hasattr(_local, "pending"):
        _local.pending = Pending()
    marks: Pending = _local.pending
    return marks


def _mark(**ids: Any) -> None:
    marks = pending()
    for name, values in ids.items():
        getattr(marks, name).update(values)
    # Registered on every mark: a callback of a rolled-back savepoint is dropped with it, and the
    # ones after the first flush find nothing to do.
    transaction.on_commit(_flush_after_commit)


def _flush_after_commit() -> None:
    """The writer's transaction is committed: a failing refresh must not turn its response into
    an error. The marks are put back for the next flush (and the nightly rebuild is the net)."""
    marks = pending()
    kept = Pending(**{name: set(getattr(marks, name)) for name in FIELDS})
    try:
        flush()
    except Exception:
        logger.exception("statistics refresh failed; kept for the next flush")
        again = pending()
        for name in FIELDS:
            getattr(again, name).update(getattr(kept, name))


def flush() -> int:
    """Refresh the facts of every marked suggestion; returns how many suggestions."""
    marks = pending()
    if not marks:
        return 0
    _local.pending = Pending()
    suggestion_ids = set(marks.suggestions)
    assignment_ids = set(marks.assignments)
    if marks.deadline_cases:
        suggestion_type = ContentType.objects.get_for_model(Suggestion).pk
        suggestion_ids |= {cid for type_id, cid in marks.deadline_cases if type_id == suggestion_type}
    if marks.deadline_subjects:
        assignment_type = ContentType.objects.get_for_model(Assignment).pk
        assignment_ids |= {sid for type_id, sid in marks.deadline_subjects if type_id == assignment_type}
    if assignment_ids:
        assignments = Assignment.objects.filter(pk__in=assignment_ids).order_by()
        suggestion_ids |= set(assignments.values_list("suggestion_id", flat=True))
    if marks.replies:
        replies = Reply.objects.filter(pk__in=marks.replies).order_by()
        suggestion_ids |= set(replies.values_list("assignment__suggestion_id", flat=True))
    if not suggestion_ids:
        return 0
    from oversight.stats import facts

    return facts.refresh(suggestion_ids)


def _on_suggestion(sender: Any, instance: Suggestion, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and not (set(update_fields) & SUGGESTION_FIELDS):
        return
    _mark(suggestions=[instance.pk])


def _on_assignment(sender: Any, instance: Assignment, **kwargs: Any) -> None:
    _mark(suggestions=[instance.suggestion_id])


def _on_assignment_child(sender: Any, instance: Reply | ContactRecord | CoOpinion, **kwargs: Any) -> None:
    _mark(assignments=[instance.assignment_id])


def _on_feedback(sender: Any, instance: Feedback, **kwargs: Any) -> None:
    _mark(replies=[instance.reply_id])


def _on_deadline(sender: Any, instance: Deadline, **kwargs: Any) -> None:
    _mark(deadline_subjects=[(instance.subject_type_id, instance.subject_id)])


def _on_deadlines_changed(sender: Any, cases: dict[int, set[int]] | None = None, **kwargs: Any) -> None:
    """tracker's bulk deadline updates (meet, cancel): no per-row signal, so they name the cases
    (the suggestions, for the deadlines an assignment owes) whose deadlines they changed."""
    _mark(deadline_cases=[(type_id, case_id) for type_id, ids in (cases or {}).items() for case_id in ids])


def connect() -> None:
    """Called from OversightConfig.ready()."""
    from tracker.deadlines import deadlines_changed

    uid = "oversight.stats.freshness"
    for signal in (post_save, post_delete):
        signal.connect(_on_suggestion, sender=Suggestion, dispatch_uid=f"{uid}.suggestion")
        signal.connect(_on_assignment, sender=Assignment, dispatch_uid=f"{uid}.assignment")
        for model in (Reply, ContactRecord, CoOpinion):
            signal.connect(_on_assignment_child, sender=model, dispatch_uid=f"{uid}.{model.__name__}")
        signal.connect(_on_feedback, sender=Feedback, dispatch_uid=f"{uid}.feedback")
        signal.connect(_on_deadline, sender=Deadline, dispatch_uid=f"{uid}.deadline")
    deadlines_changed.connect(_on_deadlines_changed, dispatch_uid=f"{uid}.deadlines")
