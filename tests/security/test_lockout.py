"""Login lockout on every login path, keyed on the account and on the trusted client address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from oversight.api.throttling import LoginRateThrottle
from security.client_ip import client_ip
from security.models import AuditEvent
from tests.factories import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
LOCKED_MESSAGE = "登录失败次数过多，账号或来源地址已被暂时锁定，请稍后再试。"


def _api_login(username: str, password: str, *, xff: str | None = None, remote: str = "203.0.113.9") -> Any:
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json", **extra)


def _login_rate(monkeypatch: pytest.MonkeyPatch, rate: str) -> None:
    # DRF reads the rates once, when the throttle class is created: patch the class.
    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {**LoginRateThrottle.THROTTLE_RATES, "login": rate})


@pytest.fixture(autouse=True)
def _roomy_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # The per-address rate limit (10/min) would answer 429 before the lockout in some of these
    # loops; the lockout is what is under test here.
    _login_rate(monkeypatch, "1000/min")


@pytest.mark.django_db
def test_forty_spoofed_forwarded_for_attempts_on_one_account_are_locked_out(actors: Any) -> None:
    codes = [_api_login("liaison_a", "guess", xff=f"198.51.100.{i}").status_code for i in range(40)]
    # Four failures are told so; the fifth (LOGIN_FAILURE_LIMIT) already answers with the lockout.
    assert codes[:4] == [400] * 4
    assert set(codes[4:]) == {429}
    response = _api_login("liaison_a", PASSWORD, xff="192.0.2.77")
    assert response.status_code == 429
    assert response.json() == {"status": 429, "code": "locked_out", "message": LOCKED_MESSAGE, "fields": {}}
    assert int(response["Retry-After"]) == 30 * 60


@pytest.mark.django_db
def test_forty_spoofed_attempts_across_accounts_lock_out_the_real_address(actors: Any) -> None:
    names = ["liaison_a", "liaison_b", "head_a", "head_b", "deputy", "cosigner", "staff", "reviewer"]
    codes = [_api_login(names[i % len(names)], "guess", xff=f"198.51.100.{i}").status_code for i in range(40)]
    # Four failures are told so; the fifth (LOGIN_FAILURE_LIMIT) already answers with the lockout.
    assert codes[:4] == [400] * 4
    assert set(codes[4:]) == {429}
    # Another account, the right password, the same real address: still refused.
    assert _api_login("outsider", PASSWORD, xff="192.0.2.1").status_code == 429
    # The same account from another real address is not punished for this address's guessing.
    assert _api_login("outsider", PASSWORD, remote="203.0.113.200").status_code == 200


@pytest.mark.django_db
def test_html_login_form_locks_out_in_chinese(actors: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "deputy", "password": "guess"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post("/accounts/login/", {"username": "deputy", "password": "guess"}).status_code == 429
    response = client.post("/accounts/login/", {"username": "deputy", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已被暂时锁定" in page
    assert LOCKED_MESSAGE in page
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still not logged in


@pytest.mark.django_db
def test_admin_login_locks_out(actors: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.11")
    for _ in range(5):
        client.post("/admin/login/", {"username": "staff", "password": "guess"})
    response = client.post("/admin/login/?next=/admin/", {"username": "staff", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_lockout_on_one_path_holds_on_the_others(actors: Any) -> None:
    for _ in range(5):
        _api_login("head_a", "guess", remote="203.0.113.12")
    client = Client(REMOTE_ADDR="203.0.113.12")
    assert client.post("/accounts/login/", {"username": "head_a", "password": PASSWORD}).status_code == 429


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(actors: Any) -> None:
    for _ in range(5):
        _api_login("head_b", "guess")
    assert _api_login("head_b", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert _api_login("head_b", PASSWORD).status_code == 200


@pytest.mark.django_db
def test_a_success_clears_earlier_failures(actors: Any) -> None:
    for _ in range(4):
        _api_login("cosigner", "guess")
    assert _api_login("cosigner", PASSWORD).status_code == 200
    codes = [_api_login("cosigner", "guess").status_code for _ in range(4)]
    assert codes == [400] * 4


@pytest.mark.django_db
def test_failures_and_lockouts_are_in_the_audit_log(actors: Any) -> None:
    for _ in range(6):
        _api_login("reviewer", "guess", xff="198.51.100.1")
    failed = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED, username="reviewer")
    assert failed.count() == 6
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.9"}  # never the spoofed header
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT, username="reviewer").exists()


class _Request:
    def __init__(self, remote: str, xff: str | None = None) -> None:
        self.META = {"REMOTE_ADDR": remote}
        if xff is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = xff


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_Request("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4"; our nginx appended the address it saw, 198.51.100.7.
    assert client_ip(_Request("10.0.0.5", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_Request("10.0.0.5", None)) == "10.0.0.5"


def test_behind_two_proxies(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_Request("10.0.0.5", "1.2.3.4, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"
    assert client_ip(_Request("10.0.0.5", "10.0.0.9")) == "10.0.0.5"  # missing hops: trust nothing


@pytest.mark.django_db
def test_behind_a_proxy_lockout_keys_on_the_real_client(actors: Any, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    names = ["liaison_a", "liaison_b", "head_a", "head_b", "deputy", "cosigner"]
    for i, name in enumerate(names):  # six accounts guessed from one real client, forging a prefix
        _api_login(name, "guess", xff=f"1.1.1.{i}, 198.51.100.50", remote="10.0.0.2")
    assert _api_login("staff", PASSWORD, xff="198.51.100.50", remote="10.0.0.2").status_code == 429
    # Another real client behind the same proxy logs in.
    assert _api_login("staff", PASSWORD, xff="198.51.100.51", remote="10.0.0.2").status_code == 200


@pytest.mark.django_db
def test_api_rate_limit_ignores_a_forged_forwarded_for(
    actors: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.AXES_FAILURE_LIMIT = 1000
    _login_rate(monkeypatch, "10/min")
    names = ["liaison_a", "liaison_b", "head_a", "head_b", "deputy", "cosigner", "staff", "reviewer", "outsider"]
    codes = [_api_login(names[i % 9], "guess", xff=f"198.51.100.{i}").status_code for i in range(12)]
    assert codes == [400] * 10 + [429, 429]
