"""API tokens: hashed at rest, expiring, several per person with a name, revoked on password change,
and a superuser's revoked only by a superuser."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from security.models import ApiToken, AuditEvent
from tests.factories import PASSWORD, UserFactory

TOKEN_URL = "/api/v1/auth/token/"
TOKENS_URL = "/api/v1/auth/tokens/"
ME_URL = "/api/v1/auth/me/"


def _issue(username: str, name: str = "") -> dict[str, Any]:
    body = {"username": username, "password": PASSWORD, "name": name}
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def _as(token: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}")


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored(actors: Any) -> None:
    token = _issue("liaison_a")["token"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM security_apitoken")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert not any(token in str(value) for value in rows[0])
    assert _as(token).get(ME_URL).json()["username"] == "liaison_a"


@pytest.mark.django_db
def test_a_token_expires_after_its_time_to_live(actors: Any, settings: Any) -> None:
    issued = _issue("deputy")
    expiry = datetime.fromisoformat(issued["expiry"])
    assert expiry - timezone.now() == pytest.approx(
        timedelta(hours=settings.API_TOKEN_TTL_HOURS), abs=timedelta(seconds=5)
    )
    with time_machine.travel(timezone.now() + timedelta(hours=9, minutes=59), tick=False):
        assert _as(issued["token"]).get(ME_URL).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=10, minutes=1), tick=False):
        response = _as(issued["token"]).get(ME_URL)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.django_db
def test_several_named_tokens_each_revocable_on_its_own(actors: Any) -> None:
    laptop = _issue("head_a", "笔记本")
    script = _issue("head_a", "统计脚本")
    listed = _as(laptop["token"]).get(TOKENS_URL).json()
    assert [t["name"] for t in listed["results"]] == ["统计脚本", "笔记本"]
    assert {"id", "name", "created", "expiry"} == set(listed["results"][0])  # never the token or its hash
    assert _as(script["token"]).delete(f"{TOKENS_URL}{laptop['id']}/").status_code == 204
    assert _as(laptop["token"]).get(ME_URL).status_code == 401
    assert _as(script["token"]).get(ME_URL).status_code == 200
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN_REVOKED, target="笔记本").exists()


@pytest.mark.django_db
def test_nobody_sees_or_revokes_anothers_token(actors: Any) -> None:
    mine = _issue("liaison_a")
    theirs = _issue("liaison_b")
    assert _as(mine["token"]).delete(f"{TOKENS_URL}{theirs['id']}/").status_code == 404
    assert [t["id"] for t in _as(mine["token"]).get(TOKENS_URL).json()["results"]] == [mine["id"]]
    assert _as(theirs["token"]).get(ME_URL).status_code == 200


@pytest.mark.django_db
def test_beyond_the_per_person_limit_the_oldest_token_goes(actors: Any, settings: Any) -> None:
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    first = _issue("cosigner", "一")
    _issue("cosigner", "二")
    _issue("cosigner", "三")
    assert sorted(ApiToken.objects.filter(user=actors.cosigner).values_list("name", flat=True)) == ["三", "二"]
    assert _as(first["token"]).get(ME_URL).status_code == 401


@pytest.mark.django_db
def test_changing_the_password_revokes_every_token(actors: Any) -> None:
    tokens = [_issue("deputy", name)["token"] for name in ("a", "b")]
    client = Client()
    client.force_login(actors.deputy)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Xin-Mima-2026!", "new_password2": "Xin-Mima-2026!"},
    )
    assert response.status_code == 302
    assert all(_as(token).get(ME_URL).status_code == 401 for token in tokens)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED, username="deputy").exists()


@pytest.mark.django_db
def test_a_password_set_by_an_administrator_revokes_tokens_too(actors: Any) -> None:
    token = _issue("reviewer")["token"]
    actors.reviewer.set_password("Another-Pass-99")
    actors.reviewer.save()
    assert _as(token).get(ME_URL).status_code == 401


@pytest.mark.django_db
def test_staff_cannot_revoke_a_superusers_tokens(actors: Any) -> None:
    boss = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    token = _issue("root")["token"]
    staff = APIClient()
    staff.force_authenticate(actors.staff)
    response = staff.post("/api/v1/auth/token/revoke/", {"user": boss.pk}, format="json")
    assert response.status_code == 403
    assert response.json()["message"] == "只有超级管理员可以吊销超级管理员的令牌。"
    assert _as(token).get(ME_URL).status_code == 200
    other_root = UserFactory.create(username="root2", is_superuser=True, is_staff=True)
    superuser = APIClient()
    superuser.force_authenticate(other_root)
    assert superuser.post("/api/v1/auth/token/revoke/", {"user": boss.pk}, format="json").json() == {"revoked": 1}
    assert _as(token).get(ME_URL).status_code == 401
