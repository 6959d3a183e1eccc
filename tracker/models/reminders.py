from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def deliverable(self, *, now: object) -> ReminderQuerySet:
        return self.filter(status=Reminder.Status.PENDING, next_attempt_at__lte=now)


class Reminder(models.Model):
    """The reminder ledger: one row per (deadline, rule, recipient, occurrence, channel).

    The sweep inserts rows with ``ignore_conflicts`` so the unique key makes a second sweep (or a
    concurrent one in another worker) a no-op; delivery claims a row under a row lock before it
    sends, so each row is sent once. ``occurrence`` names the due date the reminder is about (and
    the overdue round), so an extension or a calendar change starts a fresh series.
    """

    class Rule(models.TextChoices):
        BEFORE = "before", _("到期前提醒")
        DUE = "due", _("到期日提醒")
        OVERDUE = "overdue", _("逾期提醒")
        ESCALATE = "escalate", _("逾期上报")
        NOTICE = "notice", _("办理通知")

    class Tone(models.TextChoices):
        INFO = "info", _("通知")
        SOON = "soon", _("即将到期")
        OVERDUE = "overdue", _("已逾期")

    class Channel(models.TextChoices):
        INBOX = "inbox", _("站内消息")
        EMAIL = "email", _("邮件")
        SMS = "sms", _("短信")
        DIGEST = "digest", _("每日汇总")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        SKIPPED = "skipped", _("已跳过")

    # Empty for a hand-over notice (``tracker.notify``), whose "once" is its ``key`` instead.
    deadline = models.ForeignKey(
        "tracker.Deadline",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("期限"),
    )
    # A hand-over notice's identity chosen by the caller ("reply.sign:42"): the same event
    # notifies each person once per channel however often the hand-off is replayed.
    key = models.CharField(_("通知标识"), max_length=120, blank=True)
    tone = models.CharField(_("提示类型"), max_length=8, choices=Tone.choices, default=Tone.INFO)
    rule = models.CharField(_("规则"), max_length=16, choices=Rule.choices)
    # before: "2026-06-05:-5" (5 working days before); due: "2026-06-05"; overdue: "2026-06-05:+2".
    occurrence = models.CharField(_("轮次"), max_length=32)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("接收人")
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    # The sweep that inserted the row; lets a sweep count what it created despite ignore_conflicts.
    batch = models.CharField(_("批次"), max_length=32, db_index=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "rule", "recipient", "occurrence", "channel"], name="reminder_once"
            ),
            models.UniqueConstraint(
                fields=["key", "recipient", "channel"], condition=models.Q(deadline__isnull=True), name="notice_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "channel", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} {self.occurrence} → {self.recipient_id} ({self.channel})"
