"""Writing and keeping the audit log. ``audit_record`` is the one way a row is added."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from security.client_ip import client_ip
from security.context import current_request
from security.models import AuditEvent


def _address(request: Any) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_record(
    *,
    kind: str,
    request: Any = None,
    actor: Any = None,
    username: str = "",
    target: str = "",
    detail: str = "",
) -> AuditEvent:
    """Add one event. ``request`` defaults to the one being handled, ``actor`` to its signed-in
    user, ``username`` to the actor's."""
    if request is None:
        request = current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if not username and actor is not None:
        username = actor.get_username()
    return AuditEvent.objects.create(
        at=timezone.now(),
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        username=username[:150],
        ip_address=_address(request),
        target=target[:300],
        detail=detail,
    )


def audit_purge(*, now: Any = None) -> int:
    """Delete events older than AUDIT_RETENTION_DAYS; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _details = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
