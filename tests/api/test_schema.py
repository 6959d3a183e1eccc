"""The OpenAPI schema, the offline docs page, and a schemathesis run against our own schema."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token

from tests.api.world import World


@pytest.mark.django_db
def test_schema_is_openapi_3_and_documents_every_action() -> None:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/suggestions/{id}/register/",
        "/api/v1/assignments/{id}/accept/",
        "/api/v1/replies/{id}/rate/",
        "/api/v1/suggestions/{id}/timeline/",
        "/api/v1/auth/token/",
    ):
        assert path in paths, path
    rate = paths["/api/v1/replies/{id}/rate/"]["post"]
    assert {"201", "403", "404", "409"} <= set(rate["responses"])
    assert schema["components"]["schemas"]["Error"]["required"] == ["status", "code", "message", "fields"]


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets(settings: Any) -> None:
    # The manifest storage needs collectstatic; plain storage gives the same /static/ paths.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert any("swagger-ui" in url for url in urls), urls
    external = [u for u in urls if re.match(r"^(https?:)?//", u)]
    assert not external, f"docs page loads external assets: {external}"
    assert all(u.startswith("/static/") for u in urls), urls
    # The inline script must not fetch anything from outside either.
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def _schema() -> Any:
    import schemathesis
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    # Generated directly, not fetched: Django's test client would reconnect the signal that
    # closes the connection after each request (see keep_test_connection).
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = WSGIHandler()
    return loaded


CHECK_NAMES = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """A real WSGI handler closes the database connection when a request finishes; inside the
    test's transaction that would drop the test database's connection (PostgreSQL). Django's own
    test client does the same as this fixture."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "liaison_a"])
def test_schemathesis_finds_no_server_errors_and_responses_match(
    role: str, world: World, keep_test_connection: None
) -> None:
    """Every operation, a few generated requests each, as staff and as a unit liaison, against the
    test database (this test's transaction) with both cases handed to their units. Writes the fuzzer
    makes are rolled back with the test."""
    from schemathesis import checks as st_checks

    world.advance("delivered")
    token = Token.objects.create(user=getattr(world.actors, role))
    headers = {"Authorization": f"Token {token.key}"}
    checks = [getattr(st_checks, name) for name in CHECK_NAMES]
    schema = _schema()
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        if operation.path.startswith("/api/v1/auth/token"):
            continue  # login/revoke would throttle or revoke this run's own token

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=3,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            cache.clear()  # the per-user rate limit is not what this test is about
            response = case.call_and_validate(headers=headers, checks=checks)
            statuses.append(response.status_code)

        try:
            run()
        except Exception as exc:  # collect every failing operation, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:1500])
    assert not failures, "\n\n".join(failures)
    # It really exercised the API: successes as well as refusals, across every operation.
    assert len(statuses) >= 2 * len(operations)
    assert {200, 404} <= set(statuses), sorted(set(statuses))
