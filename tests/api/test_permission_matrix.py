"""Runs tests/api/matrix.py: every route × role × case, exact status codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from security.models import ApiToken
from tests.api.matrix import ROLE_USERS, ROLES, ROWS, Row
from tests.api.world import World
from tracker.models import Notification

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def api_routes() -> set[str]:
    """Every "<url name> <METHOD>" under /api/v1/, read from the URLconf the server uses."""
    routes: set[str] = set()
    resolver = get_resolver()
    (api,) = [p for p in resolver.url_patterns if isinstance(p, URLResolver) and p.namespace == "api"]

    def walk(patterns: list[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                callback = pattern.callback
                actions = getattr(callback, "actions", None)
                if actions:
                    methods = [m for m in actions if m != "head"]  # HEAD mirrors GET
                else:
                    view_class = callback.view_class  # type: ignore[attr-defined]
                    methods = [m for m in HTTP_METHODS if hasattr(view_class, m)]
                routes.update(f"{pattern.name} {m.upper()}" for m in methods)

    walk(api.url_patterns)
    return routes


def test_every_api_route_has_a_row_in_the_permission_table() -> None:
    keys = [row.key for row in ROWS]
    assert len(keys) == len(set(keys)), "duplicate rows in tests/api/matrix.py"
    missing = api_routes() - set(keys)
    stale = set(keys) - api_routes()
    assert not missing, f"routes without a row in tests/api/matrix.py: {sorted(missing)}"
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


def test_every_row_names_every_role() -> None:
    for row in ROWS:
        assert set(row.expect) == set(ROLES), row.key


def _url(row: Row, target: Any) -> str:
    if target is None:
        return reverse(f"api:{row.url_name}")
    return reverse(f"api:{row.url_name}", kwargs={"pk": target.pk})


def _target(row: Row, world: World, label: str, role: str, user: Any) -> Any:
    if row.url_name in ("inbox-detail", "inbox-read"):
        # The caller's own message for case A; for case B, someone else's.
        other = world.actors.outsider if role != "outsider" else world.actors.staff
        owner = user if (label == "A" and user is not None) else other
        return Notification.objects.filter(recipient=owner).order_by("id")[0]
    if row.url_name == "auth-tokens-detail":
        other = world.actors.outsider if role != "outsider" else world.actors.staff
        owner = user if (label == "A" and user is not None) else other
        token, _raw = ApiToken.objects.create(user=owner, name="matrix")
        return token
    return row.target(world.cases[label]) if row.target else None


def _call(client: APIClient, row: Row, url: str, payload: Callable[..., Any] | None, world: World, label: str) -> Any:
    data = payload(world, world.cases[label]) if payload else None
    method = getattr(client, row.method.lower())
    if row.multipart:
        return method(url, data, format="multipart")
    return method(url, data, format="json") if data is not None else method(url)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
def test_permission_matrix(row: Row, world: World) -> None:
    row.prepare(world)
    users = ROLE_USERS(world)
    mismatches = []
    for role in ROLES:
        for index, label in enumerate(("A", "B")):
            expected = row.expect[role][index]
            # Each cell starts from the same state: the request's changes are rolled back.
            savepoint = transaction.savepoint()
            cache.clear()  # throttle counters: twenty login attempts in a row are this test's, not abuse
            try:
                client = APIClient()
                if users[role] is not None:
                    # A fresh instance per request, as authentication would load it.
                    client.force_authenticate(user=type(users[role]).objects.get(pk=users[role].pk))
                target = _target(row, world, label, role, users[role])
                response = _call(client, row, _url(row, target), row.payload, world, label)
                got: Any = response.status_code
                detail = getattr(response, "data", None)
            except Exception as exc:  # a 500 inside a cell: report it with the others
                got, detail = "exception", repr(exc)
            finally:
                transaction.savepoint_rollback(savepoint)
            if got != expected:
                mismatches.append(f"{role} on case {label}: expected {expected}, got {got} {detail}")
    assert not mismatches, f"{row.key}:\n" + "\n".join(mismatches)
