"""Token login, login throttling, revocation by staff, per-user rate limits, "who am I".

Lockout, token hashing/expiry/names and revocation on password change: tests/security/."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from security.models import ApiToken
from tests.factories import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def _login(username: str, password: str = PASSWORD) -> Any:
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


@pytest.mark.django_db
def test_token_login_returns_a_token_that_authenticates(actors: Any) -> None:
    response = _login("liaison_a")
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get(reverse("api:auth-me")).json()
    assert me["username"] == "liaison_a"
    assert me["units"] == {str(actors.unit_a.pk): ["liaison"]}
    assert me["is_staff_member"] is False


@pytest.mark.django_db
def test_wrong_password_is_400_in_chinese(actors: Any) -> None:
    response = _login("liaison_a", "nope")
    assert response.status_code == 400
    assert response.json()["message"] == "无法使用提供的认证信息登录。"


@pytest.mark.django_db
def test_login_is_throttled_per_client_address_across_accounts(actors: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 100  # the lockout is tested in tests/security; here the rate limit
    names = ["liaison_a", "liaison_b", "head_a", "head_b", "deputy", "cosigner", "staff", "reviewer", "outsider"]
    codes = [_login(name, "guess").status_code for name in [*names, "liaison_a"]]
    assert codes == [400] * 10
    response = _login("head_a")  # even the right password waits now
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert "请求过于频繁" in body["message"]
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_per_user_rate_limit_answers_429(actors: Any, settings: Any) -> None:
    from rest_framework.throttling import UserRateThrottle

    rates = {**UserRateThrottle.THROTTLE_RATES, "user": "3/min"}
    original = UserRateThrottle.THROTTLE_RATES
    UserRateThrottle.THROTTLE_RATES = rates  # DRF reads the rates once at import
    try:
        client = APIClient()
        client.force_authenticate(actors.deputy)
        codes = [client.get(reverse("api:suggestion-list")).status_code for _ in range(4)]
    finally:
        UserRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
def test_staff_revoke_a_persons_tokens(actors: Any) -> None:
    token = _login("liaison_a").json()["token"]
    staff = APIClient()
    staff.force_authenticate(actors.staff)
    response = staff.post(reverse("api:auth-token-revoke"), {"user": actors.liaison_a.pk}, format="json")
    assert response.status_code == 200
    assert response.json() == {"revoked": 1}
    assert not ApiToken.objects.filter(user=actors.liaison_a).exists()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api:suggestion-list")).status_code == 401


@pytest.mark.django_db
def test_a_liaison_cannot_revoke_tokens(actors: Any) -> None:
    _login("liaison_b")
    client = APIClient()
    client.force_authenticate(actors.liaison_a)
    response = client.post(reverse("api:auth-token-revoke"), {"user": actors.liaison_b.pk}, format="json")
    assert response.status_code == 403
    assert ApiToken.objects.filter(user=actors.liaison_b).exists()


@pytest.mark.django_db
def test_session_login_works_for_pages_and_api(actors: Any) -> None:
    client = APIClient()
    assert client.login(username="deputy", password=PASSWORD)
    assert client.get(reverse("api:auth-me")).json()["deputy"] == actors.deputy_profile.pk
