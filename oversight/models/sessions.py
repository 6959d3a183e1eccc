from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """届: e.g. 第十七届."""

    number = models.PositiveSmallIntegerField(_("届次"), unique=True)
    name = models.CharField(_("名称"), max_length=50)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["-number"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """次会议: suggestions are numbered per session (those made between sessions too)."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("届"))
    number = models.PositiveSmallIntegerField(_("会次"))
    name = models.CharField(_("名称"), max_length=80)
    opens_on = models.DateField(_("开幕日期"))
    closes_on = models.DateField(_("闭幕日期"))

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-opens_on"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="unique_session_number")]

    def __str__(self) -> str:
        return f"{self.term.name}{self.name}" if self.term_id else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        # Suggestions keep a copy of the opening date for their list order (Suggestion.session_opens_on),
        # and so do their assignments (Assignment.list_opens_on); a new session has neither.
        self.suggestions.exclude(session_opens_on=self.opens_on).update(session_opens_on=self.opens_on)
        if not adding:
            from oversight.models.handling import Assignment

            Assignment.objects.filter(suggestion__session=self).exclude(list_opens_on=self.opens_on).update(
                list_opens_on=self.opens_on
            )


class SuggestionCategory(models.Model):
    """Editable by staff; defaults follow the special committees (财政经济, 农业农村, …)."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("建议分类")
        verbose_name_plural = _("建议分类")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name
