"""The searchable pickers (static/js/select.js) never stand between a person and the form's button."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.models import Assignment, Suggestion
from oversight.services.suggestions import suggestion_register
from tests.e2e.conftest import PASSWORD, pick
from tests.factories import SuggestionFactory, UnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _registered(actors: Any) -> Suggestion:
    suggestion = SuggestionFactory.create(
        lead_deputy=actors.deputy_profile, session=actors.session, category=actors.category
    )
    return suggestion_register(suggestion=suggestion, actor=actors.staff)


@pytest.mark.parametrize("left_in", ["lead", "co"], ids=["focus-in-single-picker", "list-of-multiple-picker-open"])
def test_one_click_on_the_button_sends_the_form_from_an_open_picker(login: Any, actors: Any, left_in: str) -> None:
    suggestion = _registered(actors)
    page = login("staff")
    page.goto(f"/staff/suggestions/{suggestion.pk}/assign/")
    pick(page, "主办单位", "住房", "市住房和城乡建设局")
    if left_in == "lead":
        # The picker keeps the focus after a choice.
        expect(page.get_by_role("combobox", name="主办单位", exact=True)).to_be_focused()
    else:
        # A co-handler chosen, the person starts typing the next one, then changes their mind.
        pick(page, "协办单位", "sjy", "市教育局")
        co = page.get_by_role("combobox", name="协办单位", exact=True)
        co.press_sequentially("住")
        expect(page.get_by_role("listbox", name="协办单位", exact=True)).to_be_visible()

    # Once, with nothing else done first, near the button's lower edge (a person does not aim at
    # its centre): the mousedown takes the focus from the picker, which must not move the button
    # from under the pointer before the mouseup.
    button = page.get_by_role("button", name="交办")
    box = button.bounding_box()
    assert box is not None
    near_lower_edge = {"x": box["width"] / 2, "y": box["height"] - 4}
    button.click(position=near_lower_edge)

    expect(page.get_by_role("status")).to_contain_text("已交办")
    units = set(Assignment.objects.filter(suggestion=suggestion).values_list("unit", "role"))
    expected = {(actors.unit_a.pk, Assignment.Role.LEAD)}
    if left_in == "co":
        expected.add((actors.unit_b.pk, Assignment.Role.CO))
    assert units == expected


def test_a_choice_made_while_typing_leaves_the_list_closed(login: Any, actors: Any) -> None:
    # A city has dozens of units: the full list, were it to reopen, covers the fields below.
    UnitFactory.create_batch(15)
    suggestion = _registered(actors)
    page = login("staff")
    page.clock.install()  # the picker's timers run when the test says so
    page.goto(f"/staff/suggestions/{suggestion.pk}/assign/")
    pick(page, "主办单位", "住房", "市住房和城乡建设局")  # chosen as soon as the option shows
    page.clock.run_for(2_000)  # whatever the picker had pending from the typing has run
    expect(page.get_by_role("listbox", name="主办单位", exact=True)).to_be_hidden()
    pick(page, "协办单位", "sjy", "市教育局")  # the next field is not under a list
    page.clock.run_for(2_000)
    page.get_by_role("button", name="交办").click()

    expect(page.get_by_role("status")).to_contain_text("已交办")
    units = set(Assignment.objects.filter(suggestion=suggestion).values_list("unit", "role"))
    assert units == {(actors.unit_a.pk, Assignment.Role.LEAD), (actors.unit_b.pk, Assignment.Role.CO)}


def test_assign_form_posts_its_plain_selects_without_javascript(browser: Any, live_server: Any, actors: Any) -> None:
    suggestion = _registered(actors)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("staff")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"/staff/suggestions/{suggestion.pk}/assign/")
    page.get_by_label("主办单位").select_option(label="市住房和城乡建设局")
    page.get_by_label("协办单位").select_option(label="市教育局")
    page.get_by_role("button", name="交办").click()

    expect(page.get_by_role("status")).to_contain_text("已交办")
    units = set(Assignment.objects.filter(suggestion=suggestion).values_list("unit", "role"))
    assert units == {(actors.unit_a.pk, Assignment.Role.LEAD), (actors.unit_b.pk, Assignment.Role.CO)}
    context.close()
