"""Local rules an administrator overrides at run time (config/policy.py holds the defaults)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicySetting(models.Model):
    """One override of one named rule; absent rows mean "use the environment/config default".

    The value is kept as the text an administrator typed ("15d", "1m", "10,5,1", …) and parsed by
    ``tracker.policy`` — the same parser reads the environment, so both paths accept one syntax.
    """

    key = models.CharField(_("规则"), max_length=64, unique=True)
    value = models.CharField(_("取值"), max_length=200)
    note = models.CharField(_("依据或说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("本地规则")
        verbose_name_plural = _("本地规则")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
