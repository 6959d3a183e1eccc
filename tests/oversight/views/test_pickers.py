"""Picking among hundreds of deputies and dozens of units: searchable by name or pinyin initials."""

from __future__ import annotations

import re
from typing import Any

import pytest

from oversight.forms.widgets import pinyin_key
from tests.oversight.views import flow

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def test_pinyin_key_has_initials_and_full_pinyin() -> None:
    assert pinyin_key("陈代表") == "cdb chendaibiao"
    assert pinyin_key("市教育局").startswith("sjyj ")


def test_intake_pickers_are_searchable_without_ctrl_hints_or_inline_scripts(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    html = client.get("/staff/intake/").content.decode()
    assert html.count("data-searchable") == 2  # 领衔代表, 附议代表
    assert f'value="{actors.deputy_profile.pk}" data-pinyin="cdb chendaibiao">陈代表' in html
    assert "Ctrl" not in html and "拼音首字母" in html
    assert "/static/vendor/tom-select/tom-select.complete.min.js" in html and "/static/js/select.js" in html
    assert not INLINE_SCRIPT.search(html) and "<style" not in html


def test_assign_form_shows_the_text_and_searchable_unit_pickers(client: Any, actors: Any) -> None:
    suggestion = flow.registered(actors)
    client.force_login(actors.staff)
    html = client.get(f"/staff/suggestions/{suggestion.pk}/assign/").content.decode()
    assert suggestion.content in html
    assert html.count("data-searchable") == 3  # 主办, 协办, 分办
    assert 'data-pinyin="sjyj shijiaoyuju">市教育局' in html
    assert not INLINE_SCRIPT.search(html)


@pytest.mark.parametrize("value", ["", 1, "2", 3, None])
def test_quick_select_renders_exactly_what_djangos_select_template_renders(value: Any) -> None:
    from django import forms

    from oversight.forms.widgets import QuickSelect

    choices = [("", "全部"), (1, "市住建局 & <交通>"), (2, "第二"), ("分组", [(3, "c"), (4, 'd"')])]
    attrs = {"id": "id_unit", "class": "wide", "data-searchable": True, "data-off": False}
    expected = forms.Select(choices=choices, attrs=attrs).render("unit", value)
    assert QuickSelect(choices=choices, attrs=attrs).render("unit", value) == expected
