"""Idle-session timeout, password complexity in Chinese, optional password expiry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from rest_framework.test import APIClient

from security.models import AuditEvent
from tests.factories import PASSWORD


@pytest.fixture
def idle_timeout(settings: Any) -> int:
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    return 30 * 60


@pytest.mark.django_db
def test_a_session_idle_past_the_timeout_is_logged_out(actors: Any, idle_timeout: int) -> None:
    client = Client()
    assert client.post("/accounts/login/", {"username": "deputy", "password": PASSWORD}).status_code == 302
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/deputy/").status_code == 200  # active again: the clock restarts
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/deputy/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get("/deputy/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        page = client.get(response["Location"]).content.decode()
    assert "您已长时间未操作，为保护账号安全已自动退出，请重新登录。" in page
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SESSION_EXPIRED, username="deputy").exists()


@pytest.mark.django_db
def test_an_idle_api_session_answers_401(actors: Any, idle_timeout: int) -> None:
    client = APIClient()
    client.post("/accounts/login/", {"username": "deputy", "password": PASSWORD})
    assert client.get("/api/v1/auth/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert client.get("/api/v1/auth/me/").status_code == 401


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "密码长度太短。密码必须包含至少 10 个字符。"),
        ("abcdefghijkl", "密码须至少包含以下四类字符中的 3 类：小写字母、大写字母、数字、符号。"),
        ("renda-jiandu", "密码须至少包含以下四类字符中的 3 类：小写字母、大写字母、数字、符号。"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password: str, message: str) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert message in refused.value.messages


def test_a_long_mixed_password_passes() -> None:
    validate_password("Renda-Jiandu-2026")


@pytest.mark.django_db
def test_an_expired_password_must_be_changed_first(actors: Any, settings: Any) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 90
    client = Client()
    client.force_login(actors.deputy)
    assert client.get("/deputy/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=91), tick=False):
        client.force_login(actors.deputy)
        response = client.get("/deputy/")
        assert response.status_code == 302 and response["Location"] == "/accounts/password/"
        assert client.get("/accounts/password/").status_code == 200
        token = APIClient().post("/api/v1/auth/token/", {"username": "deputy", "password": PASSWORD}, format="json")
        assert token.status_code == 403
        assert token.json()["code"] == "password_expired"
        changed = client.post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": "Xin-Mima-2026!", "new_password2": "Xin-Mima-2026!"},
        )
        assert changed.status_code == 302
        assert client.get("/deputy/").status_code == 200
