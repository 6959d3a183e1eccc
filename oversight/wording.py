"""Plain Chinese for the length and size messages Django and DRF would word awkwardly
("确保该变量包含不超过 200 字符", "20.0 MB"). Installed once at start-up (OversightConfig.ready);
the catalogue is not touched."""

from __future__ import annotations

from django.core import validators
from django.utils.translation import gettext_lazy as _


def size_label(n: int) -> str:
    """20971520 → "20 MB"; 512000 → "500 KB" (no trailing ".0")."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor:
            value = n / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} 字节"


def install() -> None:
    validators.MaxLengthValidator.message = _("最多 %(limit_value)d 个字，现在是 %(show_value)d 个字。")
    validators.MinLengthValidator.message = _("至少 %(limit_value)d 个字，现在是 %(show_value)d 个字。")
    from rest_framework import serializers

    serializers.CharField.default_error_messages["max_length"] = _("最多 {max_length} 个字。")
    serializers.CharField.default_error_messages["min_length"] = _("至少 {min_length} 个字。")
