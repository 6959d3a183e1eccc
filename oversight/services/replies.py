"""答复: draft, sign-off (签发), staff review, deputies' ratings and re-handling rounds.

A sent-back reply (退回重办) is revised in place: ``reply_update`` puts the same row back to draft
and the unit head signs it again. The review note of the send-back stays on the row and in the
timeline, so nothing of the first version's history is lost; new rows are only made for a new
handling round (re-handling after 不满意).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight import handoffs
from oversight.attachments import WrittenFiles, check_upload, files_removed_on_error, store
from oversight.errors import IllegalTransition, InvalidInput
from oversight.models import Assignment, Attachment, Commitment, CoOpinion, Reply, User
from oversight.policy_rules import commitment_categories, reply_categories
from oversight.services._base import (
    lock,
    now,
    refresh_suggestion_status,
    require_staff,
    require_state,
    require_text,
    require_unit_role,
    today,
)

# Ratings and re-handling live in oversight/services/feedback.py; the contract names them here.
from oversight.services.feedback import feedback_rate as feedback_rate
from oversight.services.feedback import rehandling_open as rehandling_open
from tracker import deadlines, policy, timeline

A = Assignment.Status
RS = Reply.Status


def _category(code: str) -> str:
    allowed = [c for c, _label in reply_categories()]
    if code not in allowed:
        message = _("答复类别只能是%(allowed)s。") % {"allowed": "、".join(f"{c}类" for c in allowed)}
        raise InvalidInput(message, code="invalid_category", fields={"category": message})
    return code


def _commitments(category: str, commitments: Iterable[Any]) -> list[dict[str, str]]:
    """Normalise promised items; B/C replies must say what was promised and by when."""
    items: list[dict[str, str]] = []
    for raw in commitments:
        get = raw.get if isinstance(raw, dict) else lambda k, r=raw: getattr(r, k, None)
        description = str(get("description") or "").strip()
        due = get("due_on")
        if isinstance(due, str):
            try:
                due = date.fromisoformat(due)
            except ValueError:
                due = None
        if not description or not isinstance(due, date):
            message = _("每项承诺须写明内容和完成日期。")
            raise InvalidInput(message, code="invalid_commitment", fields={"commitments": message})
        if due < today():
            message = _("承诺完成日期不能早于今天。")
            raise InvalidInput(message, code="invalid_commitment", fields={"commitments": message})
        items.append({"description": description, "due_on": due.isoformat()})
    if category in commitment_categories() and not items:
        message = _("%(cat)s类答复须列明承诺事项及完成时限。") % {"cat": category}
        raise InvalidInput(message, code="commitment_required", fields={"commitments": message})
    return items


def _check_files(files: Sequence[Any]) -> None:
    """Every file is checked before anything is stored (oversight.attachments.check_upload)."""
    for f in files:
        check_upload(f)


def _attach(reply: Reply, files: Sequence[Any], actor: User, written: WrittenFiles) -> None:
    for f in files:
        store(Attachment, upload=f, folder="attachments", written=written, reply=reply, uploaded_by=actor)


def check_may_reply(assignment: Assignment) -> None:
    """Rules before a reply may go to the deputies (DESIGN.md Workflow 1, step 4)."""
    if not assignment.contact_waived and not assignment.contacts.exists():
        raise IllegalTransition(_("答复前须与代表沟通并登记沟通情况。"), code="contact_required")
    if assignment.role == Assignment.Role.LEAD and not assignment.co_opinion_waived:
        outstanding = [
            co
            for co in assignment.suggestion.assignments.filter(role=Assignment.Role.CO, co_opinion_waived=False)
            .exclude(status__in=[A.RETURNED, A.CONCLUDED])
            .select_related("unit")
            if not CoOpinion.objects.filter(assignment=co, round=co.round).exists()
        ]
        if outstanding:
            raise IllegalTransition(
                _("协办单位%(units)s尚未提交协办意见。") % {"units": "、".join(str(co.unit) for co in outstanding)},
                code="co_opinion_outstanding",
            )


def reply_draft(
    *,
    assignment: Assignment,
    actor: User,
    category: str,
    content: str,
    is_public: bool = True,
    commitments: Iterable[Any] = (),
    attachments: Sequence[Any] = (),
) -> Reply:
    """The lead or separate unit drafts its reply for the current round; co-handlers do not reply."""
    require_unit_role(actor, assignment.unit_id, None, action=_("起草答复"))
    category = _category(category)
    content = require_text(content, field="content", label=_("答复内容"))
    items = _commitments(category, commitments)
    _check_files(attachments)
    with files_removed_on_error() as written, transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, [A.ACCEPTED, A.REHANDLING], action=_("起草答复"))
        if assignment.role == Assignment.Role.CO:
            raise IllegalTransition(_("协办单位不直接答复代表，请提交协办意见。"), code="co_no_reply")
        if assignment.replies.filter(round=assignment.round).exclude(status=RS.ACCEPTED).exists():
            raise IllegalTransition(_("本轮答复已在办理中，请修改原答复。"), code="reply_exists")
        check_may_reply(assignment)
        reply = Reply.objects.create(
            assignment=assignment,
            round=assignment.round,
            category=category,
            content=content,
            is_public=is_public,
            proposed_commitments=items,
            drafted_by=actor,
            drafted_at=now(),
        )
        _attach(reply, attachments, actor, written)
        timeline.record(
            case=assignment.suggestion,
            subject=reply,
            actor=actor,
            action="reply.draft",
            to_state=reply.status,
            note=f"{category}类，第{reply.round}轮",
        )
        handoffs.later(handoffs.reply_awaits_signoff, reply_id=reply.pk, stamp=reply.drafted_at.isoformat())
    return reply


def reply_update(
    *,
    reply: Reply,
    actor: User,
    category: str | None = None,
    content: str | None = None,
    is_public: bool | None = None,
    commitments: Iterable[Any] | None = None,
    attachments: Sequence[Any] = (),
) -> Reply:
    """Revise a draft, or a sent-back reply (which goes back to draft for a new sign-off)."""
    require_unit_role(actor, reply.assignment.unit_id, None, action=_("修改答复"))
    _check_files(attachments)
    with files_removed_on_error() as written, transaction.atomic():
        reply = lock(reply)
        old = require_state(reply, [RS.DRAFT, RS.SENT_BACK], action=_("修改答复"))
        if category is not None:
            reply.category = _category(category)
        if content is not None:
            reply.content = require_text(content, field="content", label=_("答复内容"))
        if is_public is not None:
            reply.is_public = is_public
        reply.proposed_commitments = _commitments(
            reply.category, commitments if commitments is not None else reply.proposed_commitments
        )
        reply.status = RS.DRAFT
        reply.signed_by = None
        reply.signed_at = None
        reply.save(
            update_fields=[
                "category",
                "content",
                "is_public",
                "proposed_commitments",
                "status",
                "signed_by",
                "signed_at",
            ]
        )
        _attach(reply, attachments, actor, written)
        timeline.record(
            case=reply.assignment.suggestion,
            subject=reply,
            actor=actor,
            action="reply.update",
            from_state=old,
            to_state=reply.status,
        )
        handoffs.later(handoffs.reply_awaits_signoff, reply_id=reply.pk, stamp=now().isoformat())
    return reply


def reply_sign(*, reply: Reply, actor: User) -> Reply:
    """签发 by the unit's head: nothing reaches a deputy unsigned."""
    require_unit_role(actor, reply.assignment.unit_id, "head", action=_("签发答复"))
    with transaction.atomic():
        reply = lock(reply)
        old = require_state(reply, [RS.DRAFT], action=_("签发"))
        check_may_reply(reply.assignment)
        reply.status = RS.SIGNED
        reply.signed_by = actor
        reply.signed_at = now()
        reply.save(update_fields=["status", "signed_by", "signed_at"])
        timeline.record(
            case=reply.assignment.suggestion,
            subject=reply,
            actor=actor,
            action="reply.sign",
            from_state=old,
            to_state=reply.status,
        )
        handoffs.later(handoffs.reply_awaits_review, reply_id=reply.pk)
    return reply


def reply_accept(*, reply: Reply, actor: User, category: str | None = None, note: str = "") -> Reply:
    """Staff review: accept (optionally re-grading the category); the reply reaches the deputies.

    Meets the reply (or re-handling) deadline and records whether it was on time, opens the
    deputies' feedback window, and turns a B/C reply's promises into commitments.
    """
    require_staff(actor, action=_("审核答复"))
    with transaction.atomic():
        reply = lock(reply)
        old = require_state(reply, [RS.SIGNED], action=_("审核通过"))
        assignment = lock(reply.assignment)
        require_state(assignment, [A.ACCEPTED, A.REHANDLING], action=_("审核通过答复"))
        suggestion = assignment.suggestion
        if category is not None and category != reply.category:
            reply.original_category = reply.original_category or reply.category
            reply.category = _category(category)
        day = today()
        kind = kinds.REPLY if reply.round == 1 else kinds.REHANDLING
        due = deadlines.current(assignment, kind)
        reply.on_time = due is None or day <= due.due
        deadlines.meet(subject=assignment, kind=kind, on=day)
        reply.status = RS.ACCEPTED
        reply.reviewed_by = actor
        reply.reviewed_at = now()
        reply.review_note = (note or "").strip()
        reply.sent_on = day
        reply.published = reply.is_public
        reply.save(
            update_fields=[
                "category",
                "original_category",
                "on_time",
                "status",
                "reviewed_by",
                "reviewed_at",
                "review_note",
                "sent_on",
                "published",
            ]
        )
        assignment.status = A.REPLIED
        assignment.save(update_fields=["status"])
        deadlines.open_deadline(
            case=suggestion,
            subject=reply,
            kind=kinds.FEEDBACK,
            start=day,
            rule=policy.period("FEEDBACK_WINDOW"),
            start_label="答复送达",
        )
        if reply.category in commitment_categories():
            for item in reply.proposed_commitments:
                commitment = Commitment.objects.create(
                    assignment=assignment,
                    reply=reply,
                    description=item["description"],
                    due_on=date.fromisoformat(item["due_on"]),
                )
                deadlines.open_deadline(
                    case=suggestion,
                    subject=commitment,
                    kind=kinds.COMMITMENT,
                    start=day,
                    rule={"fixed": item["due_on"]},
                    start_label="答复承诺",
                )
        regraded = f"（由{reply.original_category}类改为{reply.category}类）" if reply.original_category else ""
        timeline.record(
            case=suggestion,
            subject=reply,
            actor=actor,
            action="reply.accept",
            from_state=old,
            to_state=reply.status,
            note=f"{reply.category}类{regraded}{'；' + reply.review_note if reply.review_note else ''}",
            data={"on_time": reply.on_time, "category": reply.category},
        )
        refresh_suggestion_status(suggestion, actor=actor)
        handoffs.later(handoffs.reply_to_rate, reply_id=reply.pk)
    return reply


def reply_send_back(*, reply: Reply, actor: User, reason: str) -> Reply:
    """退回重办: staff return a signed reply to the unit with the reason."""
    require_staff(actor, action=_("退回答复"))
    reason = require_text(reason, field="reason", label=_("退回理由"))
    with transaction.atomic():
        reply = lock(reply)
        old = require_state(reply, [RS.SIGNED], action=_("退回"))
        reply.status = RS.SENT_BACK
        reply.reviewed_by = actor
        reply.reviewed_at = now()
        reply.review_note = reason
        reply.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        timeline.record(
            case=reply.assignment.suggestion,
            subject=reply,
            actor=actor,
            action="reply.send_back",
            from_state=old,
            to_state=reply.status,
            note=reason,
        )
        handoffs.later(handoffs.reply_sent_back, reply_id=reply.pk, stamp=reply.reviewed_at.isoformat(), reason=reason)
    return reply


def reply_send_back_to_liaison(*, reply: Reply, actor: User, reason: str) -> Reply:
    """The unit's head declines to sign a draft and returns it to the liaison with the reason.

    The reply stays a draft (nothing left the unit); the reason is on the timeline and the
    liaisons are told, and the head is asked again once the draft is revised.
    """
    require_unit_role(actor, reply.assignment.unit_id, "head", action=_("退回答复草稿"))
    reason = require_text(reason, field="reason", label=_("退回理由"))
    with transaction.atomic():
        reply = lock(reply)
        require_state(reply, [RS.DRAFT], action=_("退回草稿"))
        timeline.record(
            case=reply.assignment.suggestion,
            subject=reply,
            actor=actor,
            action="reply.send_back_to_liaison",
            from_state=reply.status,
            to_state=reply.status,
            note=reason,
        )
        handoffs.later(
            handoffs.reply_sent_back, reply_id=reply.pk, stamp=now().isoformat(), reason=reason, by_head=True
        )
    return reply


def reply_set_published(*, reply: Reply, actor: User, published: bool) -> Reply:
    """Publish or withdraw an accepted reply; one marked 涉密/不公开 is never published."""
    require_staff(actor, action=_("公开答复"))
    with transaction.atomic():
        reply = lock(reply)
        require_state(reply, [RS.ACCEPTED], action=_("公开"))
        if published and not reply.is_public:
            raise IllegalTransition(_("该答复标注为不公开，不能公开。"), code="not_public")
        reply.published = bool(published)
        reply.save(update_fields=["published"])
        timeline.record(
            case=reply.assignment.suggestion,
            subject=reply,
            actor=actor,
            action="reply.publish" if published else "reply.unpublish",
        )
    return reply
