from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.models.handling import Assignment
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
