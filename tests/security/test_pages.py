"""Chinese error pages and a Content-Security-Policy without 'unsafe-inline' on every page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views.defaults import bad_request, permission_denied, server_error

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_a_missing_page_is_the_chinese_404(actors: Any) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_page_is_the_chinese_403(actors: Any) -> None:
    # Pages answer 404 for what a role may not see; a 403 comes from PermissionDenied (the admin's
    # own checks, a refused action): Django's handler renders templates/403.html.
    request = RequestFactory().get("/")
    request.user = actors.deputy
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


@pytest.mark.django_db
def test_a_failed_csrf_check_is_explained_in_chinese(actors: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(actors.deputy)
    response = client.post("/accounts/password/", {"old_password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期，请刷新后重试" in page
    assert "CSRF" not in page


def test_bad_request_and_server_error_pages_are_chinese() -> None:
    request = RequestFactory().get("/")
    assert "请求有误" in bad_request(request, Exception()).content.decode()
    assert "系统暂时出错" in server_error(request).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/staff/", "/admin/", "/api/docs/", "/no-such-page/"])
def test_every_page_carries_a_strict_content_security_policy(actors: Any, path: str) -> None:
    client = Client()
    client.force_login(actors.staff)
    response = client.get(path)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_swagger_start_up_script_is_a_file_not_inline(actors: Any, client: Any) -> None:
    client.force_login(actors.staff)
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_style_or_handlers() -> None:
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []
