"""Shared guards for services: locking, state checks and role checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Suggestion, User
from tracker import timeline

M = TypeVar("M", bound=models.Model)


def lock(obj: M) -> M:
    """Re-read ``obj`` under a row lock (PostgreSQL ``SELECT … FOR UPDATE``).

    Two concurrent transitions of the same object serialise here: the second waits, then sees the
    state the first left and is refused by ``require_state``. SQLite serialises writers itself.
    """
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def require_state(obj: Any, allowed: Iterable[str], *, action: str, field: str = "status") -> str:
    current = getattr(obj, field)
    allowed = list(allowed)
    if current not in allowed:
        display = getattr(obj, f"get_{field}_display", lambda: current)()
        raise IllegalTransition(
            f"当前状态为“{display}”，不能{action}。",
            code="illegal_transition",
        )
    return str(current)


def require_staff(actor: User, *, action: str) -> None:
    if not actor.is_staff_member:
        raise NotAllowed(f"只有人大工作人员可以{action}。")


def require_unit_role(actor: User, unit_id: int, role: str | None, *, action: str) -> None:
    """A liaison of unit A can never act on unit B's work; some steps need the head."""
    if unit_id not in actor.unit_ids(role):
        who = "该承办单位负责人" if role == "head" else "该承办单位人员"
        raise NotAllowed(f"只有{who}可以{action}。")


def now() -> Any:
    return timezone.now()


def today() -> Any:
    return timezone.localdate()


def require_text(value: str, *, field: str, label: str) -> str:
    """A required free-text field (a reason, a summary): refuse blank input with a field error."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"请填写{label}。", code="required", fields={field: f"请填写{label}。"})
    return text


def deputy_ids_of(suggestion: Suggestion) -> set[int]:
    """The deputies a suggestion answers to: its lead deputy and every co-signer."""
    return {suggestion.lead_deputy_id, *suggestion.co_signers.values_list("pk", flat=True)}


def refresh_suggestion_status(suggestion: Suggestion, *, actor: User | None) -> str:
    """Recompute a suggestion's status from its assignments and save it if it changed.

    This is the one place the rule lives (DESIGN.md Workflow 1): no active assignment → registered
    (waiting to be assigned again); any assignment re-handling → rehandling; every lead/separate
    assignment concluded → concluded (co-handlers conclude with their lead); every lead/separate
    assignment replied or concluded → replied; otherwise assigned. Suggestions before 交办
    (submitted/returned) and closed-off ones are left alone: those states are set by their own
    services. The caller holds the transaction; we lock the suggestion row so two assignments
    finishing at once cannot both compute from a stale picture.
    """
    from oversight.models import Assignment

    locked = lock(suggestion)
    S = Suggestion.Status
    old = locked.status
    if old in (S.SUBMITTED, S.RETURNED, S.CLOSED_OFF):
        return str(old)
    active = list(locked.assignments.exclude(status=Assignment.Status.RETURNED))
    answering = [a for a in active if a.role != Assignment.Role.CO]
    A = Assignment.Status
    if not active or not answering:
        new = S.REGISTERED if not active else S.ASSIGNED
    elif any(a.status == A.REHANDLING for a in answering):
        new = S.REHANDLING
    elif all(a.status == A.CONCLUDED for a in answering):
        new = S.CONCLUDED
        for co in active:
            if co.role == Assignment.Role.CO and co.status != A.CONCLUDED:
                _conclude_co(co, actor=actor, case=locked)
    elif all(a.status in (A.REPLIED, A.CONCLUDED) for a in answering):
        new = S.REPLIED
    else:
        new = S.ASSIGNED
    if new != old:
        locked.status = new
        locked.save(update_fields=["status"])
        timeline.record(
            case=locked, subject=locked, actor=actor, action="suggestion.status", from_state=old, to_state=new
        )
    suggestion.status = new
    return str(new)


def _conclude_co(co: Any, *, actor: User | None, case: Suggestion) -> None:
    conclude_assignment(co, actor=actor, reason="主办单位办结，协办随之办结。", case=case)


def end_feedback_round(assignment: Any) -> None:
    """The deputies' feedback on this assignment's replies so far is no longer owed.

    Called when the round those replies answered is over (a new re-handling round opens, or the
    handling is concluded): a deputy who has not rated the superseded reply owes nothing on it, so
    its feedback deadline must not keep counting overdue (and ``feedback_rate`` refuses it).
    """
    from oversight import deadline_kinds
    from oversight.models import Reply
    from tracker import deadlines

    deadlines.cancel_many(subjects=Reply.objects.filter(assignment=assignment), kind=deadline_kinds.FEEDBACK)


def conclude_assignment(assignment: Any, *, actor: User | None, reason: str, case: Suggestion) -> None:
    """办结 one assignment with the reason on record (the caller holds the lock).

    This is the one place handling ends, so every obligation of the assignment ends here too:
    whatever it still owed (reply, re-handling, co-opinion, return window) and the deputies'
    feedback on its replies is cancelled; rows already met stay met. Commitments are separate
    obligations with their own step (fulfil/close) and are left alone.
    """
    from tracker import deadlines

    deadlines.cancel(subject=assignment)
    end_feedback_round(assignment)
    old = assignment.status
    assignment.status = assignment.Status.CONCLUDED
    assignment.concluded_reason = reason
    assignment.save(update_fields=["status", "concluded_reason"])
    timeline.record(
        case=case,
        subject=assignment,
        actor=actor,
        action="assignment.conclude",
        from_state=old,
        to_state=assignment.status,
        note=reason,
    )
