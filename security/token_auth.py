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
from collections.abc import Iterator
from functools import cache
from hmac import compare_digest
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
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
    """The ORM's form of the query (databases other than PostgreSQL): the token ⋈ user."""
    return ApiToken.objects.filter(token_key=key).select_related("user")


def quoted_columns(model: type[Model], alias: str) -> tuple[list[str], str]:
    names = [field.attname for field in model._meta.concrete_fields]
    columns = ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)
    return names, columns


@cache
def _token_sql() -> tuple[str, list[str], list[str]]:
    """PostgreSQL: the token ⋈ user with the user's deputy id and unit roles, written once per
    process. It is the query ``_candidates(key)`` would build plus two scalar subqueries; building
    and compiling that queryset, and filling two models through ``select_related``, cost about
    twice the query's own round trip on every request (docs/benchmarks.md)."""
    from oversight.models import Deputy, UnitMember, User

    token_names, token_columns = quoted_columns(ApiToken, "t")
    user_names, user_columns = quoted_columns(User, "u")
    sql = (
        f"SELECT {token_columns}, {user_columns},"
        f' (SELECT min(d.id) FROM "{Deputy._meta.db_table}" d WHERE d.user_id = t.user_id),'
        f" ARRAY(SELECT m.unit_id || ':' || m.role FROM \"{UnitMember._meta.db_table}\" m"
        " WHERE m.user_id = t.user_id)"
        f' FROM "{ApiToken._meta.db_table}" t JOIN "{User._meta.db_table}" u ON u.id = t.user_id'
        # ApiToken.Meta.ordering, as the queryset would have it.
        ' WHERE t."token_key" = %s ORDER BY t."created" DESC'
    )
    return sql, token_names, user_names


def _plain_fields(model: type[Model]) -> bool:
    """Every column of ``model`` comes from psycopg as the model stores it (no field converter)."""
    return not any(hasattr(field, "from_db_value") for field in model._meta.concrete_fields)


def _candidate_tokens(key: str) -> Iterator[ApiToken]:
    """The tokens whose key starts the presented token, newest first, each with its user (and, on
    PostgreSQL, the user's roles already known: see ``remember_roles``)."""
    db = router.db_for_read(ApiToken)
    connection = connections[db]
    from oversight.models import User

    if connection.vendor != "postgresql" or not (_plain_fields(ApiToken) and _plain_fields(User)):
        yield from _candidates(key)
        return
    sql, token_names, user_names = _token_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        rows = cursor.fetchall()
    split = len(token_names)
    user_field = ApiToken._meta.get_field("user")
    for row in rows:
        token = ApiToken.from_db(db, token_names, row[:split])
        user = User.from_db(db, user_names, row[split : split + len(user_names)])
        user_field.set_cached_value(token, user)
        deputy_id, unit_roles = row[-2], row[-1]
        remember_roles(user, deputy_id, unit_roles)
        yield token


def remember_roles(user: Any, deputy_id: int | None, pairs: list[str]) -> None:
    """Fill the user's cached role properties from a query that read them with the person (the
    token's, the session's; see oversight/models/people.py)."""
    roles: dict[int, set[str]] = {}
    for pair in pairs:
        unit, role = pair.split(":", 1)
        roles.setdefault(int(unit), set()).add(role)
    user.__dict__["unit_roles"] = roles
    user.__dict__["deputy_id"] = deputy_id


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes) -> tuple[Any, ApiToken]:
        message = _("Invalid token.")
        text = token.decode("utf-8")
        for auth_token in _candidate_tokens(text[: CONSTANTS.TOKEN_KEY_LENGTH]):
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
                return self.validate_user(auth_token)  # type: ignore[no-any-return]
        raise exceptions.AuthenticationFailed(message)


class ApiTokenScheme(KnoxTokenScheme):
    """The same OpenAPI security scheme (``knoxApiToken``) as knox's own class."""

    target_class = "security.token_auth.TokenAuthentication"
