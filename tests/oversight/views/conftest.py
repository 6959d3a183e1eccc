from __future__ import annotations

from typing import Any

import pytest


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
