"""Password complexity (等保 2.0 level 2 asks for complexity and periodic change of passwords)."""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _classes(password: str) -> int:
    kinds = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or c in string.punctuation for c in password),
    ]
    return sum(kinds)


class CharacterClassValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, other symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = max(0, min(4, min_classes))

    def validate(self, password: str, user: Any = None) -> None:
        if _classes(password) < self.min_classes:
            raise ValidationError(self.message(), code="password_too_simple")

    def message(self) -> str:
        return _("密码须至少包含以下四类字符中的 %(n)d 类：小写字母、大写字母、数字、符号。") % {"n": self.min_classes}

    def get_help_text(self) -> str:
        return self.message()


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message (Django 5.2 changed the message and its Chinese
    catalogue no longer matches it, so people saw English)."""

    def get_error_message(self) -> str:
        return _("密码长度太短。密码必须包含至少 %(n)d 个字符。") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("密码必须包含至少 %(n)d 个字符。") % {"n": self.min_length}
