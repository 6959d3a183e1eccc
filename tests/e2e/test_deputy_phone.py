"""The deputy's pages on a 375-px phone, and a liaison who tries another unit's item by URL."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.oversight.views import flow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def _fits_width(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_deputy_pages_work_on_a_phone(login: Any, actors: Any, shoot: Any) -> None:
    reply = flow.delivered(actors)
    suggestion = reply.assignment.suggestion

    page = login("deputy", **PHONE)
    # The landing page says what is owed: the rating, with its days left and a button.
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    expect(page.locator(".todo").first).to_contain_text("待评价")
    expect(page.locator(".todo").first).to_contain_text("还剩 20 个工作日")
    assert _fits_width(page), "the to-do list overflows a 375-px screen"
    page.screenshot(path="var/screenshots/19-phone-deputy-todo.png")
    page.get_by_role("link", name="我的建议").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的建议")
    expect(page.get_by_role("link", name=suggestion.title)).to_be_visible()
    assert _fits_width(page), "my suggestions overflow a 375-px screen"
    page.screenshot(path="var/screenshots/20-phone-deputy-mine.png")

    page.get_by_role("link", name="待办", exact=True).click()
    page.get_by_role("link", name="评价答复").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("待您评价")
    expect(page.locator(".deadline .explanation").first).to_contain_text("计算说明")
    expect(page.locator(".timeline")).to_contain_text("审核通过")
    assert _fits_width(page), "the suggestion page overflows a 375-px screen"
    # Rating in a few taps: the choices are large enough to hit with a thumb.
    satisfied = page.get_by_label("满意", exact=True)
    box = page.locator("label", has=satisfied).bounding_box()
    assert box is not None and box["height"] >= 40
    satisfied.check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("status")).to_contain_text("感谢您的评价")
    shoot(page, "21-phone-deputy-rated")

    page.goto("/deputy/submit/")
    expect(page.get_by_label("标题")).to_be_visible()
    assert _fits_width(page), "the submit form overflows a 375-px screen"
    page.get_by_role("button", name="提交建议").click()
    expect(page.get_by_text("该字段是必填项。").first).to_be_visible()
    shoot(page, "22-phone-deputy-submit-errors")


def test_liaison_cannot_open_another_units_item_by_url(login: Any, actors: Any, shoot: Any) -> None:
    assignment = flow.assigned(actors, unit=actors.unit_a)
    page = login("liaison_b")
    for url in (f"/unit/assignments/{assignment.pk}/", f"/suggestions/{assignment.suggestion_id}/"):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
    expect(page.get_by_text(assignment.suggestion.title)).to_have_count(0)
    # Their own work list does not show it either.
    page.goto("/unit/")
    expect(page.get_by_text(assignment.suggestion.title)).to_have_count(0)
