"""审议意见 (Workflow 2): drafting and issuing an opinion, the vote outcome of a follow-up report,
and the escalation the chairmen's council decides. Reports and plans: ``deliberation_reports``.

Every function: staff or the owning unit only, row lock + state check, timeline entry on the
opinion (``case``) with the item or report as ``subject``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from oversight.deliberation_kinds import FOLLOW_UP_REPORT, OPINION_ISSUE, RECTIFICATION
from oversight.errors import InvalidInput, NotAllowed
from oversight.models import (
    DeliberationOpinion,
    Escalation,
    FollowUpReport,
    OpinionItem,
    Unit,
    User,
)
from oversight.services._base import lock, now, require_staff, require_state, today
from tracker import deadlines, policy, timeline


@dataclass(frozen=True)
class ItemInput:
    """One point of a draft opinion and the body that owns it."""

    unit: Unit
    content: str


def opinion_create(
    *,
    actor: User,
    title: str,
    meeting_name: str,
    meeting_date: date,
    report_type: str,
    committee: str,
    items: Sequence[ItemInput],
    report_title: str = "",
    content: str = "",
) -> DeliberationOpinion:
    """A committee's draft opinion with its items; the issue window opens with it."""
    require_staff(actor, action=_("起草审议意见"))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("请填写标题。")
    if not meeting_name.strip():
        errors["meeting_name"] = _("请填写常委会会议名称。")
    if not committee.strip():
        errors["committee"] = _("请填写起草审议意见的委员会。")
    if report_type not in DeliberationOpinion.ReportType.values:
        errors["report_type"] = _("报告类型无效。")
    if not items:
        errors["items"] = _("审议意见至少应有一项。")
    elif any(not item.content.strip() for item in items):
        errors["items"] = _("每一项意见都应有内容。")
    elif any(not item.unit.is_active for item in items):
        errors["items"] = _("责任单位已停用。")
    if meeting_date > today():
        errors["meeting_date"] = _("会议日期不能晚于今天。")
    if errors:
        raise InvalidInput(_("审议意见填写不完整。"), fields=errors)
    with transaction.atomic():
        opinion = DeliberationOpinion.objects.create(
            title=title.strip(),
            meeting_name=meeting_name.strip(),
            meeting_date=meeting_date,
            report_type=report_type,
            report_title=report_title.strip(),
            committee=committee.strip(),
            content=content,
            created_by=actor,
            created_at=now(),
        )
        OpinionItem.objects.bulk_create(
            OpinionItem(opinion=opinion, number=n, content=item.content.strip(), unit=item.unit)
            for n, item in enumerate(items, start=1)
        )
        # The committee office sends the opinion within a few working days after the meeting.
        deadlines.open_deadline(
            case=opinion,
            subject=opinion,
            kind=OPINION_ISSUE,
            start=meeting_date,
            rule=policy.period("OPINION_ISSUE_PERIOD"),
            start_label="常委会会议审议",
        )
        timeline.record(
            case=opinion,
            action="opinion.create",
            actor=actor,
            to_state=opinion.status,
            data={"items": len(items)},
        )
    return opinion


def opinion_issue(*, opinion: DeliberationOpinion, actor: User, issued_on: date | None = None) -> DeliberationOpinion:
    """交办: the opinion reaches the bodies; each item's report clock starts (监督法 art. 14/20).

    A late issue is still allowed (refusing it would leave the opinion stuck); the timeline and the
    met deadline show it was late.
    """
    require_staff(actor, action=_("交办审议意见"))
    issued_on = issued_on or today()
    with transaction.atomic():
        opinion = lock(opinion)
        from_state = require_state(opinion, [DeliberationOpinion.Status.DRAFT], action=_("交办"))
        if issued_on < opinion.meeting_date:
            raise InvalidInput(_("交办日期不能早于会议日期。"), fields={"issued_on": _("交办日期不能早于会议日期。")})
        if issued_on > today():
            raise InvalidInput(_("交办日期不能晚于今天。"), fields={"issued_on": _("交办日期不能晚于今天。")})
        window = deadlines.current(opinion, OPINION_ISSUE)
        on_time = window is None or issued_on <= window.due
        deadlines.meet(subject=opinion, kind=OPINION_ISSUE, on=issued_on)
        opinion.status = DeliberationOpinion.Status.ISSUED
        opinion.issued_on = issued_on
        opinion.issued_by = actor
        opinion.save(update_fields=["status", "issued_on", "issued_by"])
        items = list(opinion.items.select_for_update().order_by("number"))
        for item in items:
            item.status = OpinionItem.Status.HANDLING
            deadlines.open_deadline(
                case=opinion,
                subject=item,
                kind=FOLLOW_UP_REPORT,
                start=issued_on,
                rule=policy.period("FOLLOW_UP_REPORT_PERIOD"),
                start_label="审议意见交办",
            )
        OpinionItem.objects.bulk_update(items, ["status"])
        timeline.record(
            case=opinion,
            action="opinion.issue",
            actor=actor,
            from_state=from_state,
            to_state=opinion.status,
            data={"issued_on": issued_on.isoformat(), "on_time": on_time},
        )
    return opinion


def opinion_set_published(*, opinion: DeliberationOpinion, actor: User, published: bool) -> DeliberationOpinion:
    """Only published opinions reach the public; drafts never do."""
    require_staff(actor, action=_("公开审议意见"))
    with transaction.atomic():
        opinion = lock(opinion)
        if published:
            require_state(
                opinion, [DeliberationOpinion.Status.ISSUED, DeliberationOpinion.Status.CLOSED], action=_("公开")
            )
        opinion.published = published
        opinion.save(update_fields=["published"])
        timeline.record(case=opinion, action="opinion.publish" if published else "opinion.unpublish", actor=actor)
    return opinion


def opinion_set_key(
    *, opinion: DeliberationOpinion, actor: User | None, is_key: bool, reason: str = ""
) -> DeliberationOpinion:
    """重点审议意见 on or off: key opinions go to the year-end accountability vote. Staff set it; a
    failed vote on the report as deliberated sets it through the voting outcome."""
    # actor None: the vote's automatic close (a failed report vote), which staff set up.
    if actor is not None:
        require_staff(actor, action=_("设置重点审议意见"))
    with transaction.atomic():
        opinion = lock(opinion)
        if opinion.is_key == is_key:
            return opinion
        opinion.is_key = is_key
        opinion.save(update_fields=["is_key"])
        timeline.record(
            case=opinion, action="opinion.mark_key" if is_key else "opinion.unmark_key", actor=actor, note=reason
        )
    return opinion


def report_record_outcome(*, report: FollowUpReport, passed: bool, actor: Any = None) -> FollowUpReport:
    """The vote on a follow-up report: pass closes the item; failure means 限期整改, and after
    ESCALATE_AFTER_FAILURES failures the item goes to the chairmen's council (主任会议).

    Called by the voting round's close inside its transaction (``voting_outcomes`` registry).
    """
    with transaction.atomic():
        # The opinion is locked first: two items of one opinion closing at once (two rounds closing
        # together) would otherwise each see the other still open and leave the opinion open.
        opinion = DeliberationOpinion.objects.select_for_update().get(pk=report.item.opinion_id)
        report = lock(report)
        item = lock(report.item)
        require_state(report, [FollowUpReport.Status.COMMENTED, FollowUpReport.Status.VOTING], action=_("记录测评结果"))
        require_state(item, [OpinionItem.Status.COMMENTED, OpinionItem.Status.VOTING], action=_("记录测评结果"))
        item_from = item.status
        report.status = FollowUpReport.Status.PASSED if passed else FollowUpReport.Status.FAILED
        report.decided_at = now()
        report.save(update_fields=["status", "decided_at"])
        timeline.record(
            case=opinion,
            subject=report,
            action="report.vote_pass" if passed else "report.vote_fail",
            actor=actor,
            from_state=item_from,
            to_state=report.status,
        )
        if passed:
            _close_item(item, opinion=opinion, actor=actor)
        else:
            _fail_item(item, actor=actor)
    return report


def _close_item(item: OpinionItem, *, opinion: DeliberationOpinion, actor: Any) -> None:
    """Close the item, and the opinion with its last item (the caller holds the opinion's lock)."""
    from_state = item.status
    item.status = OpinionItem.Status.CLOSED
    item.closed_at = now()
    item.needs_council = False
    item.save(update_fields=["status", "closed_at", "needs_council"])
    deadlines.cancel(subject=item)
    timeline.record(
        case=opinion, subject=item, action="item.close", actor=actor, from_state=from_state, to_state=item.status
    )
    if not opinion.items.exclude(status=OpinionItem.Status.CLOSED).exists():
        opinion.status = DeliberationOpinion.Status.CLOSED
        opinion.closed_at = now()
        opinion.save(update_fields=["status", "closed_at"])
        timeline.record(
            case=opinion,
            action="opinion.close",
            actor=actor,
            from_state=DeliberationOpinion.Status.ISSUED,
            to_state=opinion.status,
        )


def _fail_item(item: OpinionItem, *, actor: Any) -> None:
    from_state = item.status
    item.failures += 1
    if item.failures >= policy.get("ESCALATE_AFTER_FAILURES"):
        item.status = OpinionItem.Status.COUNCIL
        item.needs_council = True
        item.save(update_fields=["status", "failures", "needs_council"])
        timeline.record(
            case=item.opinion,
            subject=item,
            action="item.refer_council",
            actor=actor,
            from_state=from_state,
            to_state=item.status,
            note=_("满意度测评第 %(n)d 次未通过，提请主任会议研究。") % {"n": item.failures},
            data={"failures": item.failures},
        )
        return
    _start_rectification(item, actor=actor, start=today(), from_state=from_state, start_label="满意度测评未通过")


def _start_rectification(item: OpinionItem, *, actor: Any, start: date, from_state: str, start_label: str) -> None:
    """限期整改: a new report round with its own deadline, then a new vote."""
    item.status = OpinionItem.Status.RECTIFICATION
    item.round += 1
    item.save(update_fields=["status", "round", "failures", "needs_council"])
    deadline = deadlines.open_deadline(
        case=item.opinion,
        subject=item,
        kind=RECTIFICATION,
        start=start,
        rule=policy.period("RECTIFICATION_PERIOD"),
        start_label=start_label,
    )
    timeline.record(
        case=item.opinion,
        subject=item,
        action="item.rectify",
        actor=actor,
        from_state=from_state,
        to_state=item.status,
        data={"round": item.round, "failures": item.failures, "due": deadline.due.isoformat()},
    )


def escalation_record(*, item: OpinionItem, actor: User, kind: str, decided_on: date, note: str = "") -> Escalation:
    """Staff record what the chairmen's council decided; the body then reports again."""
    require_staff(actor, action=_("记录主任会议决定"))
    if kind not in Escalation.Kind.values:
        raise InvalidInput(_("监督措施无效。"), fields={"kind": _("监督措施无效。")})
    if decided_on > today():
        raise InvalidInput(_("决定日期不能晚于今天。"), fields={"decided_on": _("决定日期不能晚于今天。")})
    with transaction.atomic():
        item = lock(item)
        from_state = require_state(item, [OpinionItem.Status.COUNCIL], action=_("记录主任会议决定"))
        escalation = Escalation.objects.create(
            item=item, kind=kind, decided_on=decided_on, note=note.strip(), recorded_by=actor, recorded_at=now()
        )
        timeline.record(
            case=item.opinion,
            subject=escalation,
            action="escalation.record",
            actor=actor,
            note=note.strip(),
            data={"kind": kind, "decided_on": decided_on.isoformat(), "item": item.pk},
        )
        item.needs_council = False
        _start_rectification(item, actor=actor, start=decided_on, from_state=from_state, start_label="主任会议决定")
    return escalation


def require_item_unit(actor: User, item: OpinionItem, *, role: str | None, action: str) -> None:
    """Only the body that owns the item; other units and outsiders are refused."""
    if item.unit_id not in actor.unit_ids(role):
        who = _("该责任单位负责人") if role == "head" else _("该责任单位人员")
        raise NotAllowed(_("只有%(who)s可以%(action)s。") % {"who": who, "action": action})
