from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from oversight.models.handling import Assignment, _visible, _ways
from oversight.models.people import Deputy
from oversight.models.suggestions import Ways


def reply_category_choices() -> list[tuple[str, str]]:
    from oversight.policy_rules import reply_categories  # the rules module imports models

    return [(code, f"{code}类（{label}）") for code, label in reply_categories()]


class ReplyQuerySet(models.QuerySet["Reply"]):
    def visible_to(self, user: Any) -> ReplyQuerySet:
        """Units see their drafts; deputies only what staff accepted; staff everything."""
        return _visible(self, user, "assignment", deputy_sees=self.deputy_sees())

    def ways(self, user: Any) -> Ways:
        """The ways of ``visible_to`` for an active person who is not staff."""
        return _ways(user, "assignment", self.deputy_sees())

    def deputy_sees(self) -> Q:
        """Which replies to their suggestions a deputy sees: those staff accepted and delivered.
        (The deadlines' rule reads it too: a reply's deadlines are a deputy's once it is theirs.)"""
        return Q(status=Reply.Status.ACCEPTED)

    def published(self) -> ReplyQuerySet:
        """What the public may read: accepted replies not marked 涉密/不公开."""
        return self.filter(status=Reply.Status.ACCEPTED, is_public=True, published=True)


class Reply(models.Model):
    """答复: drafted by the unit, signed off (签发) by its head, reviewed by staff."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED = "signed", _("已签发待审核")
        ACCEPTED = "accepted", _("已审核送达")
        SENT_BACK = "sent_back", _("退回重办")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="replies", verbose_name=_("交办"))
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    category = models.CharField(_("答复类别"), max_length=4)
    original_category = models.CharField(_("原答复类别"), max_length=4, blank=True)
    content = models.TextField(_("答复内容"))
    is_public = models.BooleanField(_("可公开"), default=True)
    published = models.BooleanField(_("已公开"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("起草时间"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    sent_on = models.DateField(_("送达日期"), null=True, blank=True)
    # Promises a B/C draft makes ([{"description": ..., "due_on": "YYYY-MM-DD"}]); they become
    # Commitment rows only when staff accept the reply, so a sent-back draft leaves nothing behind.
    proposed_commitments = models.JSONField(_("拟承诺事项"), default=list, blank=True)
    on_time = models.BooleanField(_("按时答复"), null=True, blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["assignment_id", "round", "id"]
        indexes = [
            # The orderings the API offers (?ordering=, made total by the id): docs/benchmarks.md
            # "Every ordering". (status, id) and (category, id) replace the indexes on each alone.
            models.Index(fields=["status", "id"], name="reply_status_id"),
            models.Index(fields=["category", "id"], name="reply_category_id"),
            models.Index(fields=["drafted_at", "id"], name="reply_drafted_id"),
            models.Index(fields=["signed_at", "id"], name="reply_signed_id"),
            models.Index(fields=["sent_on", "id"], name="reply_sent_on_id"),
            models.Index(fields=["round", "id"], name="reply_round_id"),
            # The public lists (API newest sent first, page newest reviewed first) read their page
            # of 50 from these in order instead of sorting every published reply (docs/benchmarks.md
            # "Every list endpoint"); the condition is ReplyQuerySet.published().
            models.Index(
                F("sent_on").desc(),
                F("id").desc(),
                name="reply_published_sent",
                condition=Q(status="accepted", is_public=True, published=True),
            ),
            models.Index(
                F("reviewed_at").desc(),
                F("id").desc(),
                name="reply_published_reviewed",
                condition=Q(status="accepted", is_public=True, published=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} 第{self.round}轮答复（{self.category}类）"


class Attachment(models.Model):
    """A file on a reply or another record; type and size are checked by the service."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(_("类型"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    """征询意见: each deputy (lead and co-signers) rates each accepted reply once."""

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("答复"))
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("代表"))
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices)
    comment = models.TextField(_("意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("代表评价")
        verbose_name_plural = _("代表评价")
        constraints = [models.UniqueConstraint(fields=["reply", "deputy"], name="one_rating_per_deputy_per_reply")]
        indexes = [models.Index(fields=["rating"])]

    def __str__(self) -> str:
        return f"{self.deputy}：{self.get_rating_display()}"


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def visible_to(self, user: Any) -> CommitmentQuerySet:
        return _visible(self, user, "assignment")

    def ways(self, user: Any) -> Ways:
        """The ways of ``visible_to`` for an active person who is not staff."""
        return _ways(user, "assignment")


class Commitment(models.Model):
    """承诺事项 from a B/C reply: what was promised and by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("落实中")
        FULFILLED = "fulfilled", _("已落实")
        CLOSED = "closed", _("说明后关闭")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="commitments")
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="commitments")
    description = models.TextField(_("承诺内容"))
    due_on = models.DateField(_("承诺完成日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fulfilled_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    deputy_confirmed = models.BooleanField(_("代表确认"), default=False)
    close_explanation = models.TextField(_("关闭说明"), blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.description[:30]}（{self.due_on}前）"


class CommitmentProgress(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField(_("进展情况"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("报告时间"))

    class Meta:
        verbose_name = _("落实进展")
        verbose_name_plural = _("落实进展")
        ordering = ["reported_at", "id"]

    def __str__(self) -> str:
        return f"{self.reported_at:%Y-%m-%d} {self.note[:30]}"
