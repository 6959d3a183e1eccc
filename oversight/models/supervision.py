from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.models.handling import Assignment, _visible
from oversight.models.suggestions import Suggestion


class SupervisionAction(models.Model):
    """督办: any supervision step staff record, and who led it (the seed's "三个一批")."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("催办")
        TOPICAL = "topical", _("专题督办")
        TRACKING = "tracking", _("跟踪督办")
        JOINT = "joint", _("联动督办")
        ACCOUNTABILITY = "accountability", _("问责督办")

    class LedBy(models.TextChoices):
        DIRECTOR = "director", _("主任")
        DEPUTY_DIRECTOR = "deputy_director", _("副主任")
        COMMITTEE_HEAD = "committee_head", _("专门委员会主任委员")
        STAFF = "staff", _("工作机构")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supervision_actions")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="supervision_actions"
    )
    kind = models.CharField(_("督办方式"), max_length=16, choices=Kind.choices)
    led_by = models.CharField(_("牵头"), max_length=16, choices=LedBy.choices, default=LedBy.STAFF)
    leader_name = models.CharField(_("牵头领导"), max_length=50, blank=True)
    happened_on = models.DateField(_("日期"))
    note = models.TextField(_("督办情况"))
    next_check_on = models.DateField(_("下次跟踪日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def visible_to(self, user: Any) -> ProgressReportQuerySet:
        """As the assignment it belongs to: staff all; the unit its own; the suggestion's deputies."""
        return _visible(self, user, "assignment")


class ProgressReport(models.Model):
    """重点督办 progress report: staff set a schedule (e.g. April, June, August) for a key
    suggestion; each scheduled report is owed by a replying unit and is a tracker deadline."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("待报送")
        FILED = "filed", _("已报送")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("交办")
    )
    due_on = models.DateField(_("报送日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    content = models.TextField(_("进展情况"), blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    on_time = models.BooleanField(_("按时报送"), null=True, blank=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点督办进展报告")
        verbose_name_plural = _("重点督办进展报告")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "due_on"], name="one_progress_report_per_day")]

    def __str__(self) -> str:
        return f"{self.assignment} {self.due_on} 进展报告"
