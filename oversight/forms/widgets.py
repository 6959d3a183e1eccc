"""Searchable selects for long lists (hundreds of deputies, dozens of units).

The page works without JavaScript (a plain ``<select>``); ``static/js/select.js`` turns every
``select[data-searchable]`` into a tom-select box where typing a name — or its pinyin initials
(“cdb” finds 陈代表) or full pinyin — narrows the list, on a phone as on a desktop. The pinyin
travels as ``data-pinyin`` on each option, computed here with pypinyin.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

SEARCH_ATTRS = {"data-searchable": "", "data-no-results": _("没有匹配的选项")}


@lru_cache(maxsize=8192)
def pinyin_key(text: str) -> str:
    """ "陈代表" → "cdb chendaibiao": initials and full pinyin, for search."""
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    full = "".join(lazy_pinyin(text, errors="ignore"))
    return f"{initials} {full}".lower()


class _Searchable:
    def create_option(  # type: ignore[no-untyped-def]
        self, name, value, label, selected, index, subindex=None, attrs=None
    ) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(  # type: ignore[misc]
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        if value not in (None, ""):
            option["attrs"]["data-pinyin"] = pinyin_key(str(label))
        return option


class SearchableSelect(_Searchable, forms.Select):
    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(attrs={**SEARCH_ATTRS, **(attrs or {})}, choices=choices)


class SearchableSelectMultiple(_Searchable, forms.SelectMultiple):
    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(attrs={**SEARCH_ATTRS, **(attrs or {})}, choices=choices)
