"""The 代表建议 obligations, registered with tracker with who owes each step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from tracker.models import Deadline
from tracker.registry import Recipients, register_case_namer, register_kind

REPLY = "reply"
RETURN_WINDOW = "return_window"
CO_OPINION = "co_opinion"
FEEDBACK = "feedback"
REHANDLING = "rehandling"
COMMITMENT = "commitment"


def _unit_people(unit_id: int, role: str) -> list[Any]:
    from oversight.models import User

    return list(User.objects.filter(unit_memberships__unit_id=unit_id, unit_memberships__role=role, is_active=True))


def _staff() -> list[Any]:
    from oversight.models import User

    return list(User.objects.filter(is_congress_staff=True, is_active=True))


def _assignment_recipients(deadline: Deadline) -> Recipients:
    from oversight.models import Assignment

    unit_id = Assignment.objects.filter(pk=deadline.subject_id).values_list("unit_id", flat=True).first()
    if unit_id is None:
        return Recipients()
    return Recipients(primary=_unit_people(unit_id, "liaison"), escalate=_unit_people(unit_id, "head") + _staff())


def _feedback_recipients(deadline: Deadline) -> Recipients:
    """Deputies who have not yet rated the reply (staff once the window has closed)."""
    from oversight.models import Reply, User

    reply = Reply.objects.select_related("assignment__suggestion").filter(pk=deadline.subject_id).first()
    if reply is None:
        return Recipients()
    suggestion = reply.assignment.suggestion
    deputy_ids = {suggestion.lead_deputy_id, *suggestion.co_signers.values_list("id", flat=True)}
    rated = set(reply.feedback.values_list("deputy_id", flat=True))
    if deadline.due < timezone.localdate():
        # The window has closed: the deputies can no longer rate online, so the overdue reminders
        # go to staff, who contact them and record the outcome (services/feedback_window.py).
        return Recipients(primary=_staff(), escalate=_staff())
    users = list(User.objects.filter(deputy__id__in=deputy_ids - rated, is_active=True))
    return Recipients(primary=users, escalate=_staff())


def _commitment_recipients(deadline: Deadline) -> Recipients:
    from oversight.models import Commitment

    unit_id = Commitment.objects.filter(pk=deadline.subject_id).values_list("assignment__unit_id", flat=True).first()
    if unit_id is None:
        return Recipients()
    return Recipients(primary=_unit_people(unit_id, "liaison"), escalate=_unit_people(unit_id, "head") + _staff())


def _units_recipients_many(unit_of: dict[int, int | None]) -> dict[int, Recipients]:
    """Batch form of the unit rule above for {deadline_pk: unit_id}: two queries for any number."""
    from oversight.models import UnitMember

    people: dict[tuple[int, str], list[Any]] = {}
    members = UnitMember.objects.filter(
        unit_id__in={u for u in unit_of.values() if u is not None}, user__is_active=True
    ).select_related("user")
    for m in members:
        people.setdefault((m.unit_id, m.role), []).append(m.user)
    staff = _staff()
    return {
        pk: Recipients(primary=people.get((unit_id, "liaison"), []), escalate=people.get((unit_id, "head"), []) + staff)
        if unit_id is not None
        else Recipients()
        for pk, unit_id in unit_of.items()
    }


def _assignment_recipients_many(deadlines: Sequence[Deadline]) -> dict[int, Recipients]:
    from oversight.models import Assignment

    units = dict(Assignment.objects.filter(pk__in={d.subject_id for d in deadlines}).values_list("pk", "unit_id"))
    return _units_recipients_many({d.pk: units.get(d.subject_id) for d in deadlines})


def _commitment_recipients_many(deadlines: Sequence[Deadline]) -> dict[int, Recipients]:
    from oversight.models import Commitment

    units = dict(
        Commitment.objects.filter(pk__in={d.subject_id for d in deadlines}).values_list("pk", "assignment__unit_id")
    )
    return _units_recipients_many({d.pk: units.get(d.subject_id) for d in deadlines})


def _suggestion_link(deadline: Deadline) -> str:
    return f"/suggestions/{deadline.case_id}/"


register_kind(
    REPLY,
    label="答复",
    recipients=_assignment_recipients,
    link=_suggestion_link,
    recipients_many=_assignment_recipients_many,
)
register_kind(
    RETURN_WINDOW,
    label="退办申请期",
    recipients=_assignment_recipients,
    link=_suggestion_link,
    recipients_many=_assignment_recipients_many,
)
register_kind(
    CO_OPINION,
    label="协办意见",
    recipients=_assignment_recipients,
    link=_suggestion_link,
    recipients_many=_assignment_recipients_many,
)
register_kind(FEEDBACK, label="代表评价", recipients=_feedback_recipients, link=_suggestion_link)
register_kind(
    REHANDLING,
    label="重新办理答复",
    recipients=_assignment_recipients,
    link=_suggestion_link,
    recipients_many=_assignment_recipients_many,
)
register_kind(
    COMMITMENT,
    label="承诺事项落实",
    recipients=_commitment_recipients,
    link=_suggestion_link,
    recipients_many=_commitment_recipients_many,
)

# 重点督办 scheduled progress reports (owed by the unit) and 跟踪督办 check dates (staff's own).
KEY_PROGRESS = "key_progress"
SUPERVISION_CHECK = "supervision_check"


def _progress_recipients(deadline: Deadline) -> Recipients:
    from oversight.models import ProgressReport

    unit_id = (
        ProgressReport.objects.filter(pk=deadline.subject_id).values_list("assignment__unit_id", flat=True).first()
    )
    if unit_id is None:
        return Recipients()
    return Recipients(primary=_unit_people(unit_id, "liaison"), escalate=_unit_people(unit_id, "head") + _staff())


def _check_recipients(deadline: Deadline) -> Recipients:
    return Recipients(primary=_staff())


register_kind(KEY_PROGRESS, label="重点督办进展报告", recipients=_progress_recipients, link=_suggestion_link)
register_kind(SUPERVISION_CHECK, label="跟踪督办检查", recipients=_check_recipients, link=_suggestion_link)


def _suggestion_names(ids: Sequence[int]) -> dict[int, str]:
    from oversight.handoffs import case_names

    return case_names(ids)


# Reminders name the suggestion they are about (第0032号《…》), not only the kind of step.
register_case_namer("oversight.suggestion", _suggestion_names)
