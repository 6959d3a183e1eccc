"""The OpenAPI schema, the offline docs page, and a schemathesis run against our own schema."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

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
def test_schema_documents_what_the_actions_answer() -> None:
    paths = Client().get("/api/schema/", {"format": "json"}).json()["paths"]

    def ok_schema(path: str, method: str, status: str = "200") -> Any:
        return paths[f"/api/v1{path}"][method]["responses"][status]["content"]["application/json"]["schema"]

    assign = paths["/api/v1/suggestions/{id}/assign/"]["post"]
    assert [p["name"] for p in assign.get("parameters", []) if p["in"] == "query"] == []
    assert ok_schema("/suggestions/{id}/assign/", "post", "201")["type"] == "array"
    ballot = paths["/api/v1/voting-rounds/{id}/ballot/"]["post"]
    assert "requestBody" in ballot
    assert ok_schema("/voting-rounds/{id}/ballot/", "post", "201") == {"$ref": "#/components/schemas/BallotResult"}
    assert ok_schema("/voting-rounds/{id}/results/", "get") == {"$ref": "#/components/schemas/RoundResults"}
    assert ok_schema("/voting-rounds/{id}/turnout/", "get") == {"$ref": "#/components/schemas/Turnout"}
    assert ok_schema("/assignments/{id}/decide-return/", "post") == {"$ref": "#/components/schemas/DecidedReturn"}
    for path in (
        "/assignments/{id}/contacts/",
        "/commitments/{id}/progress/",
        "/opinions/{id}/timeline/",
        "/suggestions/{id}/co-opinions/",
        "/suggestions/{id}/timeline/",
        "/users/",
    ):
        assert ok_schema(path, "get")["$ref"].startswith("#/components/schemas/Paginated"), path
        params = {p["name"] for p in paths[f"/api/v1{path}"]["get"].get("parameters", []) if p["in"] == "query"}
        assert {"page", "page_size"} <= params, path
    for path, item in paths.items():
        for method, operation in item.items():
            assert {"400", "401", "403", "404", "409"} <= set(operation["responses"]), f"{method} {path}"


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
    # Static assets, and the start-up script served by the docs view itself (no inline script: CSP).
    assert all(u.startswith(("/static/", "/api/docs/?script")) for u in urls), urls
    script = Client().get("/api/docs/?script=").content.decode().lower()
    # The start-up script must not fetch anything from outside either.
    assert "cdn" not in script and "unpkg" not in script


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


# A few generated requests per operation and role: ~100 operations × 6 roles stay within a few
# minutes on a small CI machine while still sending every operation valid and invalid input.
EXAMPLES_PER_OPERATION = 3
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


# Every kind of caller the API has: the fuzzer must find every answer documented for each of them.
ROLES = ("staff", "liaison_a", "head_a", "deputy", "reviewer", "anonymous")


def _session_for(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Cookies and headers of a signed-in browser session (session + CSRF, as the pages use):
    the API's own session authentication, independent of how API tokens are issued."""
    from django.middleware.csrf import CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    if user is None:
        return {}, {}
    client = Client()
    client.force_login(user)
    csrf = get_random_string(CSRF_SECRET_LENGTH)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    return cookies | {settings.CSRF_COOKIE_NAME: csrf}, {"X-CSRFToken": csrf}


def _runner(*, real_id: int | None, statuses: list[int], **call: Any) -> Callable[[Any], None]:
    def run(case: Any) -> None:
        """One generated request; two examples of three go to a real object when there is one."""
        cache.clear()  # the per-user rate limit is not what this test is about
        if real_id is not None and "id" in (case.path_parameters or {}) and len(statuses) % 3 != 2:
            case.path_parameters["id"] = real_id
        response = case.call_and_validate(**call)
        statuses.append(response.status_code)
        if os.environ.get("SCHEMATHESIS_TRACE"):
            print(response.status_code, case.method, case.formatted_path)

    return run


def _real_ids(world: World) -> dict[str, int]:
    """One existing object per resource (case A's, a published voting round), so that generated
    requests reach real objects — and real answers — not only 404s for random ids."""
    from oversight.services import voting
    from tests.oversight.voting.conftest import make_round
    from tracker.models import Deadline

    case = world.cases["A"]
    setup = make_round(world.actors, reviewers=1)
    choices = {item.pk: "satisfied" for item in setup.items}
    voting.ballot_cast(voting_round=setup.round, actor=world.actors.reviewer, choices=choices)
    voting.round_close(voting_round=setup.round, actor=world.actors.staff)
    voting.round_publish(voting_round=setup.round, actor=world.actors.staff)
    return {
        "/api/v1/suggestions/": case.suggestion.pk,
        "/api/v1/assignments/": case.assignment.pk,
        "/api/v1/replies/": case.reply.pk,
        "/api/v1/public/replies/": case.reply.pk,
        "/api/v1/commitments/": case.assignment.commitments.get().pk,
        "/api/v1/deadlines/": Deadline.objects.filter(case_id=case.suggestion.pk).order_by("id").first().pk,  # type: ignore[union-attr]
        "/api/v1/voting-rounds/": setup.round.pk,
        "/api/v1/sessions/": world.actors.session.pk,
        "/api/v1/categories/": world.actors.category.pk,
        "/api/v1/units/": case.unit.pk,
        "/api/v1/deputies/": case.deputy.pk,
        "/api/v1/users/": case.liaison.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_finds_no_server_errors_and_responses_match(
    role: str, world: World, keep_test_connection: None
) -> None:
    """Every operation, a few generated requests each, for every role, against the test database
    (this test's transaction) with both cases delivered to their deputies. Writes the fuzzer makes
    (POST/DELETE/PATCH alike) are rolled back with the test. Every answer must be documented: its
    status code, content type and body schema; no 5xx."""
    from schemathesis import checks as st_checks

    world.advance("delivered")
    real_ids = _real_ids(world)
    user = None if role == "anonymous" else getattr(world.actors, role)
    cookies, headers = _session_for(user)
    checks = [getattr(st_checks, name) for name in CHECK_NAMES]
    schema = _schema()
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        if operation.path.startswith("/api/v1/auth/token"):
            continue  # login/revoke would throttle the run or end its own session's tokens
        real_id = real_ids.get(operation.path.split("{id}")[0])
        call = _runner(real_id=real_id, statuses=statuses, headers=headers, cookies=cookies, checks=checks)
        run = hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )(given(case=operation.as_strategy())(call))
        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every failing operation, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:1500])
    fuzzed = [op for op in operations if not op.path.startswith("/api/v1/auth/token")]
    print(f"schemathesis[{role}]: {len(fuzzed)} operations, {len(statuses)} requests, {len(failures)} failing")
    assert not failures, "\n\n".join(failures)
    # It really exercised the API: successes as well as refusals, across every operation.
    assert len(statuses) >= 2 * len(operations)
    expected = {401} if role == "anonymous" else {200, 404}
    assert expected <= set(statuses), sorted(set(statuses))
