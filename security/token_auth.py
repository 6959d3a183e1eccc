"""API token authentication in one query.

knox's ``TokenAuthentication`` reads the token ⋈ user, then every other token of the user (to delete
the expired ones) on every request; the list endpoints then read the caller's deputy id and unit
memberships for visibility. Here one query reads the token, its user and, on PostgreSQL, the
user's deputy id and unit roles (scalar subqueries), and leaves the roles on the user where
``User.deputy_id`` / ``User.unit_roles`` would have read them (docs/benchmarks.md).

What knox checks is unchanged: the digest is compared in constant time, an expired token is
deleted and refused (with knox's ``token_expired`` signal), an inactive user is refused. The
user's *other* expired tokens are no longer swept on every request: ``token_issue`` deletes them
whenever a token is issued and the per-person limit bounds how many there are, and an expired
token is refused whether or not its row is still there.
"""

from __future__ import annotations

import binascii
from hmac import compare_digest
from typing import Any

from django.db import connections
from django.db.models import BigIntegerField, CharField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

from security.models import ApiToken


def _candidates(key: str) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.filter(token_key=key).select_related("user")
    if connections[tokens.db].vendor != "postgresql":
        return tokens  # the roles are read on first use, as for a session
    from django.contrib.postgres.fields import ArrayField

    from oversight.models import Deputy, UnitMember

    # Hand-written subqueries: building them as querysets cost more than running them.
    token = f'"{ApiToken._meta.db_table}"'
    deputy = f'SELECT min(id) FROM "{Deputy._meta.db_table}" WHERE user_id = {token}.user_id'
    roles = (
        f"ARRAY(SELECT m.unit_id || ':' || m.role FROM \"{UnitMember._meta.db_table}\" m"
        f" WHERE m.user_id = {token}.user_id)"
    )
    return tokens.annotate(
        caller_deputy_id=RawSQL(deputy, (), BigIntegerField()),
        caller_unit_roles=RawSQL(roles, (), ArrayField(CharField())),
    )


def _remember_roles(user: Any, token: ApiToken) -> None:
    """Fill the user's cached role properties from the token's query (see oversight/models/people.py)."""
    if not hasattr(token, "caller_unit_roles"):
        return
    roles: dict[int, set[str]] = {}
    for pair in token.caller_unit_roles:
        unit, role = pair.split(":", 1)
        roles.setdefault(int(unit), set()).add(role)
    user.__dict__["unit_roles"] = roles
    user.__dict__["deputy_id"] = token.caller_deputy_id


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes) -> tuple[Any, ApiToken]:
        message = _("Invalid token.")
        text = token.decode("utf-8")
        for auth_token in _candidates(text[: CONSTANTS.TOKEN_KEY_LENGTH]):
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                username = auth_token.user.get_username()
                auth_token.delete()
                token_expired.send(sender=self.__class__, username=username, source="auth_token")
                continue
            try:
                digest = hash_token(text)
            except (TypeError, binascii.Error) as error:
                raise exceptions.AuthenticationFailed(message) from error
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                user, checked = self.validate_user(auth_token)
                _remember_roles(user, auth_token)
                return user, checked
        raise exceptions.AuthenticationFailed(message)


class ApiTokenScheme(KnoxTokenScheme):
    """The same OpenAPI security scheme (``knoxApiToken``) as knox's own class."""

    target_class = "security.token_auth.TokenAuthentication"
