"""承诺事项 from B/C replies: the unit reports progress; staff (or a deputy) confirm or close them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight.errors import NotAllowed
from oversight.models import Commitment, CommitmentProgress, User
from oversight.services._base import lock, now, require_staff, require_state, require_text, require_unit_role, today
from tracker import deadlines, timeline

C = Commitment.Status


def commitment_report_progress(*, commitment: Commitment, actor: User, note: str) -> CommitmentProgress:
    """The unit reports how far it has got with a promise."""
    require_unit_role(actor, commitment.assignment.unit_id, None, action=_("报告落实进展"))
    note = require_text(note, field="note", label=_("进展情况"))
    with transaction.atomic():
        commitment = lock(commitment)
        require_state(commitment, [C.OPEN], action=_("报告落实进展"))
        progress = CommitmentProgress.objects.create(
            commitment=commitment, note=note, reported_by=actor, reported_at=now()
        )
        timeline.record(
            case=commitment.assignment.suggestion,
            subject=commitment,
            actor=actor,
            action="commitment.progress",
            note=note,
        )
    return progress


def _is_deputy_of(actor: User, commitment: Commitment) -> bool:
    suggestion = commitment.assignment.suggestion
    if actor.deputy_id is None:
        return False
    return actor.deputy_id == suggestion.lead_deputy_id or suggestion.co_signers.filter(pk=actor.deputy_id).exists()


def _discharge(commitment: Commitment, *, actor: User, action: str, old: str, note: str) -> None:
    """A promise kept, or closed with an explanation, discharges the obligation: the reminders stop."""
    deadlines.meet(subject=commitment, kind=kinds.COMMITMENT, on=today())
    timeline.record(
        case=commitment.assignment.suggestion,
        subject=commitment,
        actor=actor,
        action=action,
        from_state=old,
        to_state=commitment.status,
        note=note,
    )


def commitment_fulfil(*, commitment: Commitment, actor: User) -> Commitment:
    """Confirm a promise kept: staff confirm it, or a deputy of the suggestion confirms it themselves."""
    by_deputy = not actor.is_staff_member and _is_deputy_of(actor, commitment)
    if not (actor.is_staff_member or by_deputy):
        raise NotAllowed(_("只有人大工作人员或本建议的代表可以确认承诺已落实。"))
    with transaction.atomic():
        commitment = lock(commitment)
        old = require_state(commitment, [C.OPEN], action=_("确认落实"))
        commitment.status = C.FULFILLED
        commitment.fulfilled_by = actor
        commitment.fulfilled_at = now()
        commitment.deputy_confirmed = by_deputy
        commitment.save(update_fields=["status", "fulfilled_by", "fulfilled_at", "deputy_confirmed"])
        _discharge(
            commitment, actor=actor, action="commitment.fulfil", old=old, note=_("代表确认") if by_deputy else ""
        )
    return commitment


def commitment_close(*, commitment: Commitment, actor: User, explanation: str) -> Commitment:
    """Staff close a promise that cannot be kept, with the explanation on record."""
    require_staff(actor, action=_("关闭承诺事项"))
    explanation = require_text(explanation, field="explanation", label=_("关闭说明"))
    with transaction.atomic():
        commitment = lock(commitment)
        old = require_state(commitment, [C.OPEN], action=_("关闭"))
        commitment.status = C.CLOSED
        commitment.close_explanation = explanation
        commitment.save(update_fields=["status", "close_explanation"])
        _discharge(commitment, actor=actor, action="commitment.close", old=old, note=explanation)
    return commitment
