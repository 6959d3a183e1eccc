from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_user(self, user: Any) -> NotificationQuerySet:
        return self.filter(recipient=user)


class Notification(models.Model):
    """One message in a person's in-app inbox (站内消息). Written by the reminder delivery and digest."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("接收人")
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # "overdue" and "soon" reminders are shown differently from plain hand-over notices.
    tone = models.CharField(_("提示类型"), max_length=8, default="info")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How one person wants reminders: the inbox always, email and SMS by choice, or a daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("用户"),
    )
    by_email = models.BooleanField(_("邮件提醒"), default=True)
    by_sms = models.BooleanField(_("短信提醒"), default=False)
    # A digest replaces single messages: reminders wait in the ledger and go out once a day.
    daily_digest = models.BooleanField(_("每日汇总"), default=False)
    digest_hour = models.PositiveSmallIntegerField(_("汇总发送时刻（时）"), default=8)
    # Claimed (compare-and-set) by the digest task so a person gets at most one digest a day.
    last_digest_on = models.DateField(_("最近汇总日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("提醒偏好")
        verbose_name_plural = _("提醒偏好")

    def __str__(self) -> str:
        return str(self.user)
