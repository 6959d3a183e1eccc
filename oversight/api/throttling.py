"""API rate limits keyed on the address we can trust (``security.client_ip``).

DRF's own ``get_ident`` reads ``X-Forwarded-For`` when no proxy count is configured, so a caller
could pick a fresh identity for every request by writing the header. These classes use the one
client-address rule the login lockout and the audit log use.
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.request import Request

from security.client_ip import client_ip


class ClientIpMixin:
    def get_ident(self, request: Request) -> str:
        return client_ip(request)


class UserRateThrottle(ClientIpMixin, throttling.UserRateThrottle):
    """Per user when logged in; per trusted client address otherwise."""


class AnonRateThrottle(ClientIpMixin, throttling.AnonRateThrottle):
    """Anonymous callers per trusted client address."""


class LoginRateThrottle(ClientIpMixin, throttling.SimpleRateThrottle):
    """Token login attempts per trusted client address (scope "login", API_RATE_LOGIN): slows password
    guessing across many accounts; the lockout (django-axes) stops guessing at one account."""

    scope = "login"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
