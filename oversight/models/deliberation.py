"""审议意见 (Workflow 2): an opinion from a standing-committee meeting, split into items, each owned
by one body, followed through by reports, committee comments, votes, rectification and escalation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oversight.models.people import Unit


def _is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class OpinionQuerySet(models.QuerySet["DeliberationOpinion"]):
    def visible_to(self, user: Any) -> OpinionQuerySet:
        """Staff all; a unit the issued opinions with an item it owns; everyone what is published."""
        if _is_active_user(user) and user.is_staff_member:
            return self
        condition = Q(published=True)
        if _is_active_user(user):
            unit_ids = user.unit_ids()
            if unit_ids:
                condition |= Q(
                    pk__in=OpinionItem.objects.filter(unit_id__in=unit_ids)
                    .exclude(opinion__status=DeliberationOpinion.Status.DRAFT)
                    .values("opinion_id")
                )
        return self.filter(condition)

    def overdue(self, *, on: date) -> OpinionQuerySet:
        """Opinions with an open deadline (issue window, report, rectification) past its due date."""
        from django.contrib.contenttypes.models import ContentType

        from tracker.models import Deadline

        opinion_ids = Deadline.objects.overdue(on=on).filter(
            case_type=ContentType.objects.get_for_model(DeliberationOpinion)
        )
        return self.filter(pk__in=opinion_ids.values("case_id"))


class DeliberationOpinion(models.Model):
    """审议意见: what the standing committee said about a report it deliberated at a meeting."""

    class ReportType(models.TextChoices):
        SPECIAL_WORK = "special_work", _("专项工作报告")
        LAW_ENFORCEMENT = "law_enforcement", _("执法检查报告")
        PLAN_BUDGET_AUDIT = "plan_budget_audit", _("计划·预算·审计报告")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟中")
        ISSUED = "issued", _("已交办")
        CLOSED = "closed", _("已办结")

    title = models.CharField(_("标题"), max_length=200)
    meeting_name = models.CharField(_("常委会会议"), max_length=100)
    meeting_date = models.DateField(_("会议日期"))
    report_type = models.CharField(_("报告类型"), max_length=20, choices=ReportType.choices)
    report_title = models.CharField(_("审议的报告"), max_length=200, blank=True)
    committee = models.CharField(_("起草委员会"), max_length=100)
    content = models.TextField(_("意见总述"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published = models.BooleanField(_("已公开"), default=False)
    # 重点审议意见: under key supervision and judged again by the year-end accountability vote; set by
    # staff, or by a failed vote on the report as deliberated (docs/workflow2.md).
    is_key = models.BooleanField(_("重点审议意见"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    issued_on = models.DateField(_("交办日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["-meeting_date", "-id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["report_type"])]

    def __str__(self) -> str:
        return self.title


class OpinionItemQuerySet(models.QuerySet["OpinionItem"]):
    def visible_to(self, user: Any) -> OpinionItemQuerySet:
        """Staff all; a unit only its own items, once the opinion is issued."""
        if not _is_active_user(user):
            return self.none()
        if user.is_staff_member:
            return self
        return self.filter(unit_id__in=user.unit_ids()).exclude(opinion__status=DeliberationOpinion.Status.DRAFT)


class OpinionItem(models.Model):
    """One numbered point of an opinion, owned by one body (government, court, procuratorate, unit)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待交办")
        HANDLING = "handling", _("研究处理中")
        REPORTED = "reported", _("已报告待评议")
        COMMENTED = "commented", _("委员会已评议待表决")
        VOTING = "voting", _("满意度测评中")
        RECTIFICATION = "rectification", _("限期整改")
        COUNCIL = "council", _("提请主任会议")
        CLOSED = "closed", _("已办结")

    opinion = models.ForeignKey(
        DeliberationOpinion, on_delete=models.CASCADE, related_name="items", verbose_name=_("审议意见")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    content = models.TextField(_("意见内容"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="opinion_items", verbose_name=_("责任单位"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Report rounds: 1 for the first follow-up report, +1 after every failed vote (限期整改).
    round = models.PositiveSmallIntegerField(_("报告轮次"), default=1)
    failures = models.PositiveSmallIntegerField(_("测评未通过次数"), default=0)
    # Set once failures reach ESCALATE_AFTER_FAILURES; the chairmen's council decides what follows.
    needs_council = models.BooleanField(_("需提请主任会议"), default=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = OpinionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("审议意见事项")
        verbose_name_plural = _("审议意见事项")
        ordering = ["opinion_id", "number"]
        constraints = [models.UniqueConstraint(fields=["opinion", "number"], name="unique_opinion_item_number")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.opinion} 第{self.number}项"


class HandlingPlan(models.Model):
    """研究处理方案: the optional plan a body sends before its report."""

    item = models.ForeignKey(OpinionItem, on_delete=models.CASCADE, related_name="plans", verbose_name=_("事项"))
    content = models.TextField(_("方案内容"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("研究处理方案")
        verbose_name_plural = _("研究处理方案")
        ordering = ["item_id", "submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} 研究处理方案"


class FollowUpReportQuerySet(models.QuerySet["FollowUpReport"]):
    def visible_to(self, user: Any) -> FollowUpReportQuerySet:
        """Staff all; a unit the reports on its own items. Reviewers read them through their rounds."""
        if not _is_active_user(user):
            return self.none()
        if user.is_staff_member:
            return self
        return self.filter(item__unit_id__in=user.unit_ids())


class FollowUpReport(models.Model):
    """研究处理情况报告: drafted by the body's liaison, signed off by its head, commented by the
    committee, then voted on."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待签发")
        SIGNED = "signed", _("已签发待评议")
        COMMENTED = "commented", _("已评议待表决")
        VOTING = "voting", _("满意度测评中")
        PASSED = "passed", _("测评通过")
        FAILED = "failed", _("测评未通过")

    item = models.ForeignKey(OpinionItem, on_delete=models.CASCADE, related_name="reports", verbose_name=_("事项"))
    round = models.PositiveSmallIntegerField(_("报告轮次"), default=1)
    content = models.TextField(_("报告内容"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    on_time = models.BooleanField(_("按时报告"), null=True, blank=True)
    comment = models.TextField(_("委员会意见"), blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commented_at = models.DateTimeField(_("评议时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("测评结果时间"), null=True, blank=True)

    objects = FollowUpReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("研究处理情况报告")
        verbose_name_plural = _("研究处理情况报告")
        ordering = ["item_id", "round", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "round"], name="one_followup_report_per_round")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.item} 第{self.round}轮报告"


class ReportAttachment(models.Model):
    """A file attached to a follow-up report; type and size are checked by the service."""

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="deliberation/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(_("类型"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")

    def __str__(self) -> str:
        return self.name


class Escalation(models.Model):
    """What the chairmen's council (主任会议) decided after repeated failed votes."""

    class Kind(models.TextChoices):
        SELF_CRITICISM = "self_criticism", _("书面检查")
        INQUIRY = "inquiry", _("询问")
        INTERPELLATION = "interpellation", _("质询")
        SPECIAL_INVESTIGATION = "special_investigation", _("特定问题调查")

    item = models.ForeignKey(OpinionItem, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("事项"))
    kind = models.CharField(_("措施"), max_length=24, choices=Kind.choices)
    decided_on = models.DateField(_("主任会议决定日期"))
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("监督措施升级")
        verbose_name_plural = _("监督措施升级")
        ordering = ["item_id", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.get_kind_display()}"


def opinion_timeline(opinion: DeliberationOpinion, user: Any) -> list[Any]:
    """The opinion's 办理轨迹 as ``user`` may read it: staff everything; a unit the opinion-level
    steps and its own items' steps, never another body's report (oversight.case_visibility)."""
    from oversight.case_visibility import timeline_for

    return timeline_for(user, opinion)


def opinion_deadlines(opinion: DeliberationOpinion, user: Any) -> models.QuerySet[Any]:
    """The opinion's deadlines (issue window, reports, rectification); a unit only its own items'
    (oversight.api.visibility.deadlines_visible_to, the one rule for deadlines)."""
    from django.contrib.contenttypes.models import ContentType

    from oversight.api.visibility import deadlines_visible_to

    rows = deadlines_visible_to(user).filter(
        case_type=ContentType.objects.get_for_model(DeliberationOpinion), case_id=opinion.pk
    )
    return rows.order_by("due", "id")
