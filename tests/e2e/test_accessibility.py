"""Keyboard use, visible focus, and reading with JavaScript switched off."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.oversight.views import flow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_keyboard_user_can_skip_to_content_and_log_in(browser: Any, live_server: Any, actors: Any) -> None:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/public/replies/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    # Focus is visible: a solid outline, not the browser default that some resets remove.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The login form puts the cursor in the first field; the rest works by keyboard alone.
    page.goto("/accounts/login/")
    expect(page.get_by_label("用户名")).to_be_focused()
    page.keyboard.type("staff")
    page.keyboard.press("Tab")
    page.keyboard.type("test-pass-123")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    context.close()


def test_every_form_field_has_a_label(login: Any, actors: Any) -> None:
    assignment = flow.contacted(actors)
    page = login("liaison_a")
    for url in (f"/unit/assignments/{assignment.pk}/reply/", f"/unit/assignments/{assignment.pk}/contact/"):
        page.goto(url)
        unlabeled = page.evaluate(
            """() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                 .map(el => el.name)"""
        )
        assert unlabeled == [], (url, unlabeled)


def test_pages_read_without_javascript(browser: Any, live_server: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto("/public/replies/")
    page.get_by_role("link", name=reply.assignment.suggestion.title, exact=False).click()
    expect(page.get_by_text(reply.content)).to_be_visible()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("deputy")
    page.get_by_label("密码").fill("test-pass-123")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name=reply.assignment.suggestion.title).click()
    expect(page.locator(".timeline")).to_contain_text("审核通过")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("status")).to_contain_text("感谢您的评价")
    context.close()
