"""PostgreSQL or Redis gone while people work: clean 503s, no tracebacks, recovery in place."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from security.models import ApiToken
from tests.factories import make_actors

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_CACHE = {
    "default": {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.mark.postgres  # an in-memory SQLite database cannot go away
@pytest.mark.django_db(transaction=True)
def test_database_down_is_a_503_in_chinese_and_recovers_without_restart(database_down: Any) -> None:
    actors = make_actors()
    _token, raw = ApiToken.objects.create(user=actors.staff, name="outage drill")
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {raw}")
    page = Client(raise_request_exception=False)
    page.force_login(actors.staff)
    with database_down():
        answer = api.get("/api/v1/suggestions/")
        html = page.get("/staff/suggestions/")
    assert answer.status_code == 503 and answer["Retry-After"]
    assert answer.json()["code"] == "database_unavailable"
    assert "数据库暂时无法连接" in answer.json()["message"]
    assert html.status_code == 503 and "数据库暂时无法连接" in html.content.decode()
    assert "Traceback" not in html.content.decode()
    # PostgreSQL is back: the same processes answer again.
    assert api.get("/api/v1/suggestions/").status_code == 200
    assert page.get("/staff/suggestions/").status_code == 200


@pytest.mark.django_db
def test_pages_and_api_keep_answering_with_the_cache_redis_down() -> None:
    actors = make_actors()
    _token, raw = ApiToken.objects.create(user=actors.staff, name="outage drill")
    with override_settings(CACHES=DEAD_CACHE):
        from django.core.cache import caches

        caches["default"].close()
        api = Client(HTTP_AUTHORIZATION=f"Token {raw}")
        assert api.get("/api/v1/suggestions/").status_code == 200  # throttling reads the cache
        page = Client()
        page.force_login(actors.staff)
        assert page.get("/staff/suggestions/").status_code == 200
