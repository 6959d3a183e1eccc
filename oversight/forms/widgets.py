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
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
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


def _attrs(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False left out, True as a bare name, the rest quoted.
    return "".join(
        "" if value is False else f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
    )


class QuickSelect(forms.Select):
    """A ``<select>`` rendered in Python with exactly the markup of Django's templates.

    Django renders every option through two template includes; a list page's filter form with a
    hundred units spent more time on that than on its queries (docs/benchmarks.md)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        context = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(context["name"])}"{_attrs(context["attrs"])}>']
        for group_name, options, _index in context["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{escape(option['label'])}</option>\n"  # the option template's own last line break
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above is escaped
