from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A local exception to the national calendar, edited by staff (extra holiday or workday)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("增加休息日")
        WORKDAY = "workday", _("增加工作日")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"


class CalendarYear(models.Model):
    """A year whose holiday schedule staff entered locally (as overrides) before the package has it.

    Marking a year here removes the "not yet published" flag for it; the days themselves come from
    the overrides.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("本地已录入年度安排")
        verbose_name_plural = _("本地已录入年度安排")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
