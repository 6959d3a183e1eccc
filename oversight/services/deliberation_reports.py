"""The owning body's side of an opinion item: handling plan, follow-up report, head sign-off; and
the committee's comment before the report goes to a vote."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from oversight.attachments import check_upload, files_removed_on_error, store
from oversight.deliberation_kinds import FOLLOW_UP_REPORT, RECTIFICATION
from oversight.errors import InvalidInput
from oversight.models import FollowUpReport, HandlingPlan, OpinionItem, ReportAttachment, User
from oversight.services._base import lock, now, require_staff, require_state, today
from oversight.services.deliberation import require_item_unit
from tracker import deadlines, timeline

OPEN_FOR_REPORT = (OpinionItem.Status.HANDLING, OpinionItem.Status.RECTIFICATION)


def _check_attachments(files: Sequence[UploadedFile]) -> None:
    """Every file is checked before anything is stored (oversight.attachments.check_upload)."""
    for upload in files:
        check_upload(upload)


def plan_submit(*, item: OpinionItem, actor: User, content: str) -> HandlingPlan:
    """研究处理方案 (optional): the body says how it will handle the item before it reports."""
    require_item_unit(actor, item, role=None, action=_("提交研究处理方案"))
    if not content.strip():
        raise InvalidInput(_("请填写方案内容。"), fields={"content": _("请填写方案内容。")})
    with transaction.atomic():
        item = lock(item)
        require_state(item, OPEN_FOR_REPORT, action=_("提交研究处理方案"))
        plan = HandlingPlan.objects.create(item=item, content=content.strip(), submitted_by=actor, submitted_at=now())
        timeline.record(case=item.opinion, subject=plan, action="plan.submit", actor=actor, data={"item": item.pk})
    return plan


def report_submit(
    *, item: OpinionItem, actor: User, content: str, attachments: Sequence[UploadedFile] = ()
) -> FollowUpReport:
    """The body's liaison drafts this round's report; until the head signs it, a new submission
    replaces the text (attachments accumulate)."""
    require_item_unit(actor, item, role=None, action=_("提交研究处理情况报告"))
    if not content.strip():
        raise InvalidInput(_("请填写报告内容。"), fields={"content": _("请填写报告内容。")})
    _check_attachments(attachments)
    with files_removed_on_error() as written, transaction.atomic():
        item = lock(item)
        require_state(item, OPEN_FOR_REPORT, action=_("提交研究处理情况报告"))
        report = item.reports.select_for_update().filter(round=item.round).first()
        action = "report.submit"
        if report is None:
            report = FollowUpReport.objects.create(
                item=item, round=item.round, content=content.strip(), submitted_by=actor, submitted_at=now()
            )
        else:
            require_state(report, [FollowUpReport.Status.SUBMITTED], action=_("修改报告"))
            report.content = content.strip()
            report.submitted_by = actor
            report.submitted_at = now()
            report.save(update_fields=["content", "submitted_by", "submitted_at"])
            action = "report.resubmit"
        for upload in attachments:
            store(
                ReportAttachment,
                upload=upload,
                folder="deliberation",
                written=written,
                report=report,
                uploaded_by=actor,
            )
        timeline.record(
            case=item.opinion,
            subject=report,
            action=action,
            actor=actor,
            to_state=report.status,
            data={"round": report.round, "attachments": len(attachments)},
        )
    return report


def report_sign(*, report: FollowUpReport, actor: User) -> FollowUpReport:
    """签发: the body's head signs the report; it reaches the committee and the report deadline is met."""
    require_item_unit(actor, report.item, role="head", action=_("签发研究处理情况报告"))
    with transaction.atomic():
        report = lock(report)
        item = lock(report.item)
        from_state = require_state(report, [FollowUpReport.Status.SUBMITTED], action=_("签发"))
        require_state(item, OPEN_FOR_REPORT, action=_("签发报告"))
        kind = FOLLOW_UP_REPORT if item.status == OpinionItem.Status.HANDLING else RECTIFICATION
        signed_on = today()
        due = deadlines.current(item, kind)
        report.on_time = due is None or signed_on <= due.due
        report.status = FollowUpReport.Status.SIGNED
        report.signed_by = actor
        report.signed_at = now()
        report.save(update_fields=["status", "signed_by", "signed_at", "on_time"])
        deadlines.meet(subject=item, kind=kind, on=signed_on)
        item.status = OpinionItem.Status.REPORTED
        item.save(update_fields=["status"])
        timeline.record(
            case=item.opinion,
            subject=report,
            action="report.sign",
            actor=actor,
            from_state=from_state,
            to_state=report.status,
            data={"round": report.round, "on_time": report.on_time},
        )
    return report


def report_comment(*, report: FollowUpReport, actor: User, comment: str) -> FollowUpReport:
    """The responsible committee's opinion on the report, before it goes to a vote."""
    require_staff(actor, action=_("提出委员会评议意见"))
    if not comment.strip():
        raise InvalidInput(_("请填写评议意见。"), fields={"comment": _("请填写评议意见。")})
    with transaction.atomic():
        report = lock(report)
        item = lock(report.item)
        from_state = require_state(report, [FollowUpReport.Status.SIGNED], action=_("评议"))
        report.status = FollowUpReport.Status.COMMENTED
        report.comment = comment.strip()
        report.commented_by = actor
        report.commented_at = now()
        report.save(update_fields=["status", "comment", "commented_by", "commented_at"])
        item.status = OpinionItem.Status.COMMENTED
        item.save(update_fields=["status"])
        timeline.record(
            case=item.opinion,
            subject=report,
            action="report.comment",
            actor=actor,
            from_state=from_state,
            to_state=report.status,
            note=report.comment,
        )
    return report


def report_send_to_vote(*, report: FollowUpReport, actor: Any = None) -> FollowUpReport:
    """The report is on a voting round's list: item and report show 满意度测评中 until the round closes.

    Called when a round takes the report as an item (the voting registry's hook) or by staff.
    """
    if actor is not None and getattr(actor, "pk", None):
        require_staff(actor, action=_("提交满意度测评"))
    with transaction.atomic():
        report = lock(report)
        item = lock(report.item)
        from_state = require_state(report, [FollowUpReport.Status.COMMENTED], action=_("提交满意度测评"))
        report.status = FollowUpReport.Status.VOTING
        report.save(update_fields=["status"])
        item.status = OpinionItem.Status.VOTING
        item.save(update_fields=["status"])
        timeline.record(
            case=item.opinion,
            subject=report,
            action="report.send_to_vote",
            actor=actor,
            from_state=from_state,
            to_state=report.status,
        )
    return report
