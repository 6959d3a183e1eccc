"""督办: supervision actions staff record at any time, and who led them (the seed's "三个一批")."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight.errors import InvalidInput
from oversight.models import Assignment, Suggestion, SupervisionAction, User
from oversight.services._base import lock, now, require_staff, require_state, require_text
from oversight.services.suggestions import OPEN_STATES
from tracker import deadlines, timeline


def supervision_record(
    *,
    suggestion: Suggestion,
    actor: User,
    kind: str,
    happened_on: date,
    note: str,
    led_by: str = "staff",
    leader_name: str = "",
    assignment: Assignment | None = None,
    next_check_on: date | None = None,
) -> SupervisionAction:
    """Record a 催办 notice, 专题/跟踪/联动/问责督办 on a suggestion (optionally one unit's share)."""
    require_staff(actor, action=_("记录督办"))
    note = require_text(note, field="note", label=_("督办情况"))
    errors: dict[str, str] = {}
    if kind not in SupervisionAction.Kind.values:
        errors["kind"] = _("请选择督办方式。")
    if led_by not in SupervisionAction.LedBy.values:
        errors["led_by"] = _("请选择牵头方。")
    if assignment is not None and assignment.suggestion_id != suggestion.pk:
        errors["assignment"] = _("该交办不属于本建议。")
    if next_check_on is not None and next_check_on < happened_on:
        errors["next_check_on"] = _("下次跟踪日期不能早于督办日期。")
    elif next_check_on is not None and next_check_on > happened_on + timedelta(days=366):
        # The check date opens a deadline: keep it within the year ahead (and the calendar's range).
        errors["next_check_on"] = _("下次跟踪日期应在督办日期后一年之内。")
    if errors:
        raise InvalidInput(next(iter(errors.values())), code="invalid", fields=errors)
    with transaction.atomic():
        suggestion = lock(suggestion)
        require_state(suggestion, OPEN_STATES, action=_("督办"))
        action = SupervisionAction.objects.create(
            suggestion=suggestion,
            assignment=assignment,
            kind=kind,
            led_by=led_by,
            leader_name=(leader_name or "").strip(),
            happened_on=happened_on,
            note=note,
            next_check_on=next_check_on,
            recorded_by=actor,
            recorded_at=now(),
        )
        # The previous 跟踪督办's check is done by this new step; a new check date opens the next.
        earlier = suggestion.supervision_actions.filter(
            kind=SupervisionAction.Kind.TRACKING, next_check_on__isnull=False
        ).exclude(pk=action.pk)
        for previous in earlier:
            deadlines.meet(subject=previous, kind=kinds.SUPERVISION_CHECK, on=happened_on)
        if kind == SupervisionAction.Kind.TRACKING and next_check_on is not None:
            deadlines.open_deadline(
                case=suggestion,
                subject=action,
                kind=kinds.SUPERVISION_CHECK,
                start=happened_on,
                rule={"fixed": next_check_on.isoformat()},
                start_label="跟踪督办",
            )
        leader = f"（{action.get_led_by_display()}{action.leader_name}）"
        timeline.record(
            case=suggestion,
            subject=action,
            actor=actor,
            action="supervision.record",
            note=f"{action.get_kind_display()}{leader}：{note}",
        )
    return action
