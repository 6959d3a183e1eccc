from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Pages render {% static %}; the manifest only exists after collectstatic, which tests skip."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The named actors each get a password; a slow hasher would dominate these tests' run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pinned(client: Any, django_assert_num_queries: Any) -> Any:
    """GET ``url`` once to warm process caches (content types, calendar overrides), then assert
    the steady-state number of queries of a second GET."""

    def _pinned(url: str, expected: int) -> Any:
        client.get(url)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        return response

    return _pinned
