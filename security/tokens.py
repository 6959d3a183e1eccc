"""Issuing and revoking API tokens. Every change is an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.settings import knox_settings

from oversight.errors import NotAllowed
from security.audit import audit_record
from security.models import ApiToken, AuditEvent


def token_issue(*, user: Any, name: str = "", request: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token text, which is never stored."""
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
        token, raw = ApiToken.objects.create(user=user, name=name)
        # Past the per-person limit the oldest tokens go, so a script that logs in on every run keeps
        # working while the number of live tokens stays bounded.
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit:
            keep = ApiToken.objects.filter(user=user).order_by("-created", "-id").values_list("pk", flat=True)[:limit]
            ApiToken.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        audit_record(kind=AuditEvent.Kind.TOKEN_CREATED, request=request, actor=user, target=name or token.token_key)
    return token, raw


def token_revoke(*, token: ApiToken, actor: Any, request: Any = None) -> None:
    """A person revokes one of their own tokens."""
    if token.user_id != actor.pk:
        raise NotAllowed(_("只能吊销自己的令牌。"))
    with transaction.atomic():
        label = token.name or token.token_key
        token.delete()
        audit_record(kind=AuditEvent.Kind.TOKEN_REVOKED, request=request, actor=actor, target=label)


def tokens_revoke_for_user(*, user: Any, actor: Any, request: Any = None) -> int:
    """Staff revoke all of a person's tokens (a lost laptop, a person who left)."""
    if user.is_superuser and not actor.is_superuser:
        raise NotAllowed(_("只有超级管理员可以吊销超级管理员的令牌。"))
    with transaction.atomic():
        revoked, _details = ApiToken.objects.filter(user=user).delete()
        audit_record(
            kind=AuditEvent.Kind.TOKEN_REVOKED,
            request=request,
            actor=actor,
            target=user.get_username(),
            detail=f"revoked={revoked}",
        )
    return revoked
