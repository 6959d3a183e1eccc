"""Input rules shared by the API serializers (``oversight.api.fields``) and the page forms
(``oversight.forms.strict``): one validator per rule, so a page and the API refuse the same input
with the same Chinese message.

- Text: no control characters (they corrupt exports, spoof what a reviewer reads and break the
  Excel/Word files we generate). Tab, line feed and carriage return are ordinary text.
- Dates: within ``EARLIEST``–``LATEST`` (a typo such as 0001-01-01 or 9999-12-31 is refused), and
  a date recording something that happened (a contact, a supervision visit, a decision) is not
  in the future.
- Numbers: exact integers; 1.5 is not "1" (Django's and DRF's lookups would silently truncate).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The system's records start with the congresses it serves; nothing is planned a lifetime ahead.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def no_control_characters(value: Any) -> None:
    if not isinstance(value, str):
        return
    for char in value:
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            raise ValidationError(
                _("不能包含控制字符（如 U+%(code)04X）。") % {"code": ord(char)}, code="control_character"
            )


def sane_date(value: Any) -> None:
    if isinstance(value, date) and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("日期应在 %(first)s 至 %(last)s 之间。") % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
            code="date_out_of_range",
        )


def not_in_future(value: Any) -> None:
    """For dates that record something that happened: today (Asia/Shanghai) at the latest."""
    if isinstance(value, date) and value > timezone.localdate():
        raise ValidationError(_("该日期记录已发生的事，不能晚于今天。"), code="date_in_future")


def exact_integer(value: Any) -> int:
    """The integer ``value`` stands for, refusing fractions, booleans and non-numeric text."""
    if isinstance(value, bool):
        raise ValidationError(_("请输入整数。"), code="not_integer")
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        # Beyond 2**53 a float is no longer an exact count of anything (NaN and infinity neither).
        if not (abs(float(value)) < 2**53 and value == int(value)):
            raise ValidationError(_("请输入整数。"), code="not_integer")
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("+-").isdigit() and text.isascii():
            return int(text)
    raise ValidationError(_("请输入整数。"), code="not_integer")
