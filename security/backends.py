"""Authentication backends: one refuses locked-out accounts and addresses (django-axes), the other
is Django's model backend taking the person a session brought along."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from security.sessions import reading


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


class SessionUserBackend(ModelBackend):
    """Django's ``ModelBackend``, taking the person the session's load already read
    (security/sessions.py) when it is the one the signed session data names."""

    def get_user(self, user_id: Any) -> Any:
        session = reading.get()
        user = getattr(session, "loaded_user", None)
        if user is not None and user.pk == user_id:
            return user if self.user_can_authenticate(user) else None
        return super().get_user(user_id)
