"""Authentication backend that refuses locked-out accounts and addresses (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Every login path that authenticates a person's request (login page, admin, API token) passes
    the request, and is checked. A call without a request (Django's test client, a management
    command) has no client to lock out: it is left to the next backend instead of failing."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)  # type: ignore[arg-type]
