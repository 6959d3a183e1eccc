"""The client's address as this deployment can trust it.

``X-Forwarded-For`` is written by whoever sends the request: only the entries appended by our own
reverse proxies are facts. With ``TRUSTED_PROXY_COUNT = N`` the client is the N-th address from the
right (the one our outermost proxy saw); with 0 (no proxy, the default) the header is ignored and
the socket's peer address is the client. Login lockout, API throttling and the audit log all use
this one function, so a forged header moves none of them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Fewer entries than proxies: the request did not come through all of them, so nothing in
        # the header can be trusted.
        return remote
    return forwarded[-count]
