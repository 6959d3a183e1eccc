"""Pages run under the Content-Security-Policy without a single violation in the browser console."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.oversight.views import flow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _watch(page: Any) -> list[str]:
    """Every CSP violation the browser reports, from the console and from the DOM event."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return violations


def test_pages_admin_and_api_docs_run_without_csp_violations(login: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    page = login("staff")
    violations = _watch(page)
    suggestion = reply.assignment.suggestion
    for path in (
        "/",
        "/staff/suggestions/",
        f"/suggestions/{suggestion.pk}/",
        "/staff/replies/",
        "/public/replies/",
        "/admin/",
        "/admin/oversight/suggestion/",
        f"/admin/oversight/suggestion/{suggestion.pk}/change/",
        "/admin/oversight/user/",
        "/admin/oversight/term/add/",
    ):
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        page.wait_for_load_state("networkidle")
    # The API docs: Swagger UI starts from its own script file and renders the operations.
    page.goto("/api/docs/")
    expect(page.get_by_text("/api/v1/suggestions/", exact=True).first).to_be_visible(timeout=20_000)
    assert violations == []


def test_login_page_and_lockout_page_have_no_csp_violations(browser: Any, live_server: Any, actors: Any) -> None:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    violations = _watch(page)
    page.goto("/accounts/login/")
    for _ in range(5):
        page.get_by_label("用户名").fill("deputy")
        page.get_by_label("密码").fill("wrong")
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录已被暂时锁定")
    assert violations == []
    # The watcher does see a violation: an injected inline script is blocked and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.append(s); }"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.x") is None
    assert any("script-src" in v for v in violations), violations
    context.close()
