"""交办 and the unit's steps before replying: sign for, ask to return, extension, contact, co-opinion.

Deadlines opened on 交办 (config/policy.py): the reply (lead/separate, calendar months), the return
window (everyone, working days) and the co-handler opinion (co, calendar months).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight import handoffs, item_kinds
from oversight.errors import IllegalTransition, InvalidInput
from oversight.models import Assignment, ContactRecord, CoOpinion, ExtensionRequest, Suggestion, Unit, User
from oversight.services._base import (
    conclude_assignment,
    deputy_ids_of,
    lock,
    now,
    refresh_suggestion_status,
    require_staff,
    require_state,
    require_text,
    require_unit_role,
    today,
)
from tracker import calendar, deadlines, policy, timeline

A = Assignment.Status
R = Assignment.Role
# While the unit still has to answer (before the reply is accepted).
HANDLING = (A.ASSIGNED, A.ACCEPTED, A.REHANDLING)


def _validate_units(units: Sequence[tuple[Unit, str]], existing: Iterable[Assignment] = ()) -> None:
    if not units:
        raise InvalidInput(_("请选择承办单位。"), code="invalid", fields={"units": _("请选择承办单位。")})
    roles = [role for _unit, role in units] + [a.role for a in existing]
    unit_ids = [unit.pk for unit, _role in units] + [a.unit_id for a in existing]
    problem = ""
    if any(role not in R.values for role in roles):
        problem = _("办理方式只能是主办、协办或分办。")
    elif len(set(unit_ids)) != len(unit_ids):
        problem = _("同一单位不能重复交办。")
    elif roles.count(R.LEAD) > 1:
        problem = _("主办单位只能有一个。")
    elif R.CO in roles and R.LEAD not in roles:
        problem = _("有协办单位时必须指定主办单位。")
    elif not any(role in (R.LEAD, R.SEPARATE) for role in roles):
        problem = _("至少需要一个主办或分办单位。")
    if problem:
        raise InvalidInput(problem, code="invalid_units", fields={"units": problem})


def _reply_rule(suggestion: Suggestion) -> dict[str, object]:
    """代表建议: REPLY_PERIOD_MONTHS; other oversight items: their own period (docs/settings.md)."""
    rule = item_kinds.spec(suggestion.kind).reply_rule
    return policy.period(rule) if rule else {"months": policy.get("REPLY_PERIOD_MONTHS")}


def create_assignment(*, suggestion: Suggestion, unit: Unit, role: str, actor: User, on: date) -> Assignment:
    assignment = Assignment.objects.create(
        suggestion=suggestion, unit=unit, role=role, assigned_on=on, assigned_by=actor
    )
    # Lead/separate units owe the deputies a reply; a co-handler owes the lead its opinion.
    opened: list[tuple[str, dict[str, object]]] = [
        (kinds.REPLY, _reply_rule(suggestion))
        if role in (R.LEAD, R.SEPARATE)
        else (kinds.CO_OPINION, policy.period("CO_OPINION_PERIOD")),
        (kinds.RETURN_WINDOW, {"working_days": policy.get("RETURN_WINDOW_WORKING_DAYS")}),
    ]
    for kind, rule in opened:
        deadlines.open_deadline(case=suggestion, subject=assignment, kind=kind, start=on, rule=rule, start_label="交办")
    timeline.record(
        case=suggestion,
        subject=assignment,
        actor=actor,
        action="assignment.create",
        to_state=assignment.status,
        note=f"{unit}（{assignment.get_role_display()}）",
    )
    handoffs.later(handoffs.assignment_created, assignment_id=assignment.pk)
    return assignment


def suggestion_assign(*, suggestion: Suggestion, actor: User, units: Sequence[tuple[Unit, str]]) -> list[Assignment]:
    """交办 to one or more units as lead (主办), co (协办) or separate (分办)."""
    require_staff(actor, action=_("交办"))
    _validate_units(units)
    with transaction.atomic():
        suggestion = lock(suggestion)
        old = require_state(suggestion, [Suggestion.Status.REGISTERED], action=_("交办"))
        on = today()
        created = [
            create_assignment(suggestion=suggestion, unit=unit, role=role, actor=actor, on=on) for unit, role in units
        ]
        suggestion.assigned_on = on
        suggestion.status = Suggestion.Status.ASSIGNED
        suggestion.save(update_fields=["assigned_on", "status"])
        timeline.record(
            case=suggestion,
            subject=suggestion,
            actor=actor,
            action="suggestion.assign",
            from_state=old,
            to_state=suggestion.status,
            note="、".join(str(unit) for unit, _role in units),
        )
    return created


def _unit_step(assignment: Assignment, actor: User, action: str, role: str | None = None) -> None:
    require_unit_role(actor, assignment.unit_id, role, action=action)


def assignment_accept(*, assignment: Assignment, actor: User) -> Assignment:
    """签收: the unit confirms the work is theirs; this answers the return window."""
    _unit_step(assignment, actor, _("签收"))
    with transaction.atomic():
        assignment = lock(assignment)
        old = require_state(assignment, [A.ASSIGNED], action=_("签收"))
        assignment.status = A.ACCEPTED
        assignment.accepted_at = now()
        assignment.save(update_fields=["status", "accepted_at"])
        deadlines.meet(subject=assignment, kind=kinds.RETURN_WINDOW, on=today())
        timeline.record(
            case=assignment.suggestion,
            subject=assignment,
            actor=actor,
            action="assignment.accept",
            from_state=old,
            to_state=assignment.status,
        )
    return assignment


def assignment_request_return(*, assignment: Assignment, actor: User, reason: str) -> Assignment:
    """退办申请, only within the return window (working days from 交办); the reply clock stops."""
    _unit_step(assignment, actor, _("申请退办"))
    reason = require_text(reason, field="reason", label=_("退办理由"))
    with transaction.atomic():
        assignment = lock(assignment)
        old = require_state(assignment, [A.ASSIGNED, A.ACCEPTED], action=_("申请退办"))
        day = today()
        window = policy.get("RETURN_WINDOW_WORKING_DAYS")
        if calendar.working_days_between(assignment.assigned_on, day) > window:
            raise IllegalTransition(
                _("退办申请应在交办后%(days)s个工作日内提出，已超过期限。") % {"days": window},
                code="return_window_closed",
            )
        assignment.status = A.RETURN_REQUESTED
        assignment.return_reason = reason
        assignment.save(update_fields=["status", "return_reason"])
        deadlines.meet(subject=assignment, kind=kinds.RETURN_WINDOW, on=day)
        deadlines.pause(subject=assignment, kind=kinds.REPLY, on=day)
        deadlines.pause(subject=assignment, kind=kinds.CO_OPINION, on=day)
        timeline.record(
            case=assignment.suggestion,
            subject=assignment,
            actor=actor,
            action="assignment.request_return",
            from_state=old,
            to_state=assignment.status,
            note=reason,
        )
    return assignment


def assignment_decide_return(
    *,
    assignment: Assignment,
    actor: User,
    approve: bool,
    note: str = "",
    reassign_to: Sequence[Unit | tuple[Unit, str]] = (),
) -> Assignment:
    """Staff approve a return (optionally reassigning, same role unless given) or keep it with the unit.

    Approved: the assignment's deadlines are cancelled. Refused: it goes on as accepted and the
    reply clock resumes, moved by the days it stood still.
    """
    require_staff(actor, action=_("审批退办申请"))
    with transaction.atomic():
        assignment = lock(assignment)
        old = require_state(assignment, [A.RETURN_REQUESTED], action=_("审批退办申请"))
        day = today()
        suggestion = assignment.suggestion
        if approve:
            assignment.status = A.RETURNED
            assignment.save(update_fields=["status"])
            deadlines.cancel(subject=assignment)
        else:
            assignment.status = A.ACCEPTED
            assignment.accepted_at = assignment.accepted_at or now()
            assignment.save(update_fields=["status", "accepted_at"])
            deadlines.resume(subject=assignment, kind=kinds.REPLY, on=day)
            deadlines.resume(subject=assignment, kind=kinds.CO_OPINION, on=day)
        timeline.record(
            case=suggestion,
            subject=assignment,
            actor=actor,
            action="assignment.decide_return",
            from_state=old,
            to_state=assignment.status,
            note=note,
            data={"approved": bool(approve)},
        )
        handoffs.later(handoffs.return_decided, assignment_id=assignment.pk, approved=bool(approve), note=note)
        if approve and reassign_to:
            pairs = [u if isinstance(u, tuple) else (u, assignment.role) for u in reassign_to]
            others = suggestion.assignments.exclude(status=A.RETURNED)
            _validate_units(pairs, existing=others)
            for unit, role in pairs:
                create_assignment(suggestion=suggestion, unit=unit, role=role, actor=actor, on=day)
        refresh_suggestion_status(suggestion, actor=actor)
    return assignment


def _check_cap(assignment: Assignment, months: int) -> None:
    period, cap = policy.get("REPLY_PERIOD_MONTHS"), policy.get("REPLY_MAX_TOTAL_MONTHS")
    total = period + assignment.extension_months + months
    if total > cap:
        raise IllegalTransition(
            _("办理期限累计不得超过%(cap)s个月，最多还可延期%(left)s个月。")
            % {
                "cap": cap,
                "left": max(cap - period - assignment.extension_months, 0),
            },
            code="extension_cap_exceeded",
        )


def assignment_request_extension(*, assignment: Assignment, actor: User, months: int, reason: str) -> ExtensionRequest:
    """延期申请 by the unit while it still owes the first reply; staff decide."""
    _unit_step(assignment, actor, _("申请延期"))
    reason = require_text(reason, field="reason", label=_("延期理由"))
    if not isinstance(months, int) or months < 1:
        raise InvalidInput(_("延期月数至少为1个月。"), code="invalid", fields={"months": _("延期月数至少为1个月。")})
    with transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, [A.ASSIGNED, A.ACCEPTED], action=_("申请延期"))
        if assignment.role == R.CO:
            raise IllegalTransition(_("协办单位不答复代表，无需申请延期。"), code="co_no_reply")
        if assignment.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
            raise IllegalTransition(_("已有待审批的延期申请。"), code="extension_pending")
        _check_cap(assignment, months)
        extension = ExtensionRequest.objects.create(
            assignment=assignment, months=months, reason=reason, requested_by=actor, requested_at=now()
        )
        timeline.record(
            case=assignment.suggestion,
            subject=extension,
            actor=actor,
            action="extension.request",
            to_state=extension.status,
            note=f"{months}个月：{reason}",
        )
    return extension


def extension_decide(*, extension: ExtensionRequest, actor: User, approve: bool, note: str = "") -> ExtensionRequest:
    """Approve (the reply deadline moves, never past the cap) or refuse an extension."""
    require_staff(actor, action=_("审批延期申请"))
    with transaction.atomic():
        extension = lock(extension)
        old = require_state(extension, [ExtensionRequest.Status.PENDING], action=_("审批延期申请"))
        assignment = lock(extension.assignment)
        if approve:
            _check_cap(assignment, extension.months)
            assignment.extension_months += extension.months
            assignment.save(update_fields=["extension_months"])
            deadlines.extend(subject=assignment, kind=kinds.REPLY, extra_months=extension.months)
        extension.status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
        extension.decided_by = actor
        extension.decided_at = now()
        extension.decision_note = (note or "").strip()
        extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        timeline.record(
            case=assignment.suggestion,
            subject=extension,
            actor=actor,
            action="extension.decide",
            from_state=old,
            to_state=extension.status,
            note=extension.decision_note,
        )
        handoffs.later(handoffs.extension_decided, extension_id=extension.pk)
    return extension


def contact_log(
    *, assignment: Assignment, actor: User, method: str, contacted_on: date, summary: str, deputy: Any = None
) -> ContactRecord:
    """沟通/面商 with the deputies; a reply needs at least one (unless staff waived it)."""
    _unit_step(assignment, actor, _("登记沟通情况"))
    summary = require_text(summary, field="summary", label=_("沟通情况"))
    if method not in ContactRecord.Method.values:
        raise InvalidInput(_("请选择沟通方式。"), code="invalid", fields={"method": _("请选择沟通方式。")})
    if contacted_on > today():
        raise InvalidInput(
            _("沟通日期不能晚于今天。"), code="invalid", fields={"contacted_on": _("沟通日期不能晚于今天。")}
        )
    with transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, [A.ACCEPTED, A.REHANDLING, A.REPLIED], action=_("登记沟通情况"))
        suggestion = assignment.suggestion
        if deputy is not None:
            allowed = deputy_ids_of(suggestion)
            if deputy.pk not in allowed:
                raise InvalidInput(
                    _("该代表不是本建议的领衔或附议代表。"), code="invalid", fields={"deputy": _("代表有误。")}
                )
        record = ContactRecord.objects.create(
            assignment=assignment,
            deputy=deputy,
            method=method,
            contacted_on=contacted_on,
            summary=summary,
            recorded_by=actor,
            recorded_at=now(),
        )
        timeline.record(
            case=suggestion,
            subject=record,
            actor=actor,
            action="contact.log",
            note=f"{record.get_method_display()}：{summary}",
        )
    return record


def _waive(assignment: Assignment, actor: User, note: str, field: str, action: str, label: str) -> Assignment:
    require_staff(actor, action=label)
    note = require_text(note, field="note", label=_("说明"))
    with transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, HANDLING, action=label)
        setattr(assignment, field, True)
        assignment.save(update_fields=[field])
        timeline.record(case=assignment.suggestion, subject=assignment, actor=actor, action=action, note=note)
    return assignment


def assignment_waive_contact(*, assignment: Assignment, actor: User, note: str) -> Assignment:
    """Staff let this unit reply without a recorded contact (e.g. the deputy could not be reached)."""
    return _waive(assignment, actor, note, "contact_waived", "contact.waive", _("免于沟通"))


def assignment_waive_co_opinion(*, assignment: Assignment, actor: User, note: str) -> Assignment:
    """Staff let the lead reply without waiting: on the lead, for every co-handler; on a co, for it."""
    return _waive(assignment, actor, note, "co_opinion_waived", "co_opinion.waive", _("免等协办意见"))


def co_opinion_submit(*, assignment: Assignment, actor: User, content: str) -> CoOpinion:
    """协办意见 for the lead unit, one per handling round."""
    _unit_step(assignment, actor, _("提交协办意见"))
    content = require_text(content, field="content", label=_("协办意见"))
    with transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, [A.ACCEPTED], action=_("提交协办意见"))
        if assignment.role != R.CO:
            raise IllegalTransition(_("只有协办单位提交协办意见。"), code="not_co_handler")
        if assignment.co_opinions.filter(round=assignment.round).exists():
            raise IllegalTransition(_("本轮协办意见已提交。"), code="co_opinion_exists")
        opinion = CoOpinion.objects.create(
            assignment=assignment,
            round=assignment.round,
            content=content,
            submitted_by=actor,
            submitted_at=now(),
        )
        deadlines.meet(subject=assignment, kind=kinds.CO_OPINION, on=today())
        timeline.record(case=assignment.suggestion, subject=opinion, actor=actor, action="co_opinion.submit")
        handoffs.later(handoffs.co_opinion_in, opinion_id=opinion.pk)
    return opinion


def assignment_conclude(*, assignment: Assignment, actor: User, reason: str) -> Assignment:
    """Staff close a unit's handling with a recorded reason (e.g. re-handling rounds exhausted)."""
    require_staff(actor, action=_("办结"))
    reason = require_text(reason, field="reason", label=_("办结说明"))
    with transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, [A.REPLIED, A.REHANDLING], action=_("办结"))
        conclude_assignment(assignment, actor=actor, reason=reason, case=assignment.suggestion)
        refresh_suggestion_status(assignment.suggestion, actor=actor)
    return assignment
