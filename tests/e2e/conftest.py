"""Browser tests: Python Playwright (sync) driving Debian's Chromium against Django's live server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Sync Playwright runs an event loop in this thread; Django's ORM calls from the test body are safe
# here because the live server has its own thread and connection.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = next(
    (p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "test-pass-123"  # tests.factories.PASSWORD


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # zh-CN makes the browser ask for Chinese, as the people using this product do.
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 860}}


@pytest.fixture
def shoot() -> Callable[..., None]:
    """Save a full-page screenshot to var/screenshots/<name>.png (the best are copied to docs/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page: Any, name: str, *, full_page: bool = True) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return _shoot


@pytest.fixture
def login(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a browser context for one person and log them in; returns the page."""
    contexts: list[Any] = []

    def _login(username: str, **context_args: Any) -> Any:
        args = {"locale": "zh-CN", "viewport": {"width": 1280, "height": 860}, **context_args}
        context = browser.new_context(base_url=live_server.url, **args)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    yield _login
    for context in contexts:
        context.close()


def pick(page: Any, label: str, typed: str, option: str) -> None:
    """Choose in a searchable picker the way a person does: type (a name or pinyin initials), tap."""
    # The pickers are built by static/js/select.js once the page has loaded; until then the
    # plain <select> answers to the same name.
    page.wait_for_function("() => !document.querySelector('select[data-searchable]:not(.tomselected)')")
    box = page.get_by_role("combobox", name=label, exact=True)
    box.locator("xpath=..").click()  # the visible box; a single picker hides its input until opened
    box.press_sequentially(typed)
    listbox = page.get_by_role("listbox", name=label, exact=True)
    listbox.get_by_role("option", name=option, exact=True).click()
    # The list closes; the picker keeps the focus until the next tap elsewhere, as for a person:
    # that tap, on another field or on the form's button, must work the first time.
    listbox.wait_for(state="hidden")
