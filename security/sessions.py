"""Sessions that bring their person along: one query for the session, its person, roles and unread
count.

Every page of a signed-in person read its session, then the person (Django's ``get_user``), then
the person's roles and unread count (``oversight.views.common.load_roles``): three round trips
before the page's own query. Here the session row carries the person's id (``UserSession.user``)
and its load reads, in the same query, that person's row, deputy id, unit roles and unread count.

Nothing about who is signed in is decided here. Django's ``get_user`` still reads the id and the
backend from the signed session data and checks the session's password hash; the backend
(``security.backends.SessionUserBackend``) only takes the person this load brought instead of
reading them again when the ids agree, and applies the same ``is_active`` rule. A row whose column
disagrees with its data, or any other case, is read the ordinary way.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from security.token_auth import quoted_columns, remember_roles

# The session whose person Django's get_user is reading, for the backend (set only around that call).
reading: ContextVar[Any] = ContextVar("security.sessions.reading", default=None)

Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


class SessionStore(DBStore):
    """Django's database store on ``UserSession``, which keeps the person's id in a column."""

    loaded_user: Any = None

    @classmethod
    def get_model_class(cls) -> Any:
        from security.models import UserSession

        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance: Any = super().create_model_instance(data)
        instance.user_id = _user_id(data.get(SESSION_KEY))
        return instance

    def _get_session_from_db(self) -> Any:
        """The session row as Django's store reads it (unexpired, by key), with its person."""
        self.loaded_user = None
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        connection = connections[router.db_for_read(self.model)]
        load = _load_query(connection.alias)
        with connection.cursor() as cursor:
            cursor.execute(load.sql, [key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        if row[1] is not None:  # the person's id: the row has a person
            self.loaded_user = load.person(connection, row)
        return self.model(session_key=key, session_data=row[0])


def _user_id(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class _LoadQuery:
    """The load's SQL for one database, written once per process from the models' columns."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        from oversight.models import Deputy, UnitMember, User
        from security.models import UserSession

        notification = apps.get_model("tracker", "Notification")
        qn = connection.ops.quote_name
        self.fields = list(User._meta.concrete_fields)
        self.names, columns = quoted_columns(User, "u")
        # The converters the ORM would apply to each column (none on PostgreSQL but for a few types;
        # on SQLite the dates and booleans), as SQLCompiler.apply_converters does.
        self.converters: list[tuple[list[Converter], Any]] = []
        for field in self.fields:
            col = field.get_col(User._meta.db_table)
            self.converters.append((connection.ops.get_db_converters(col) + col.get_db_converters(connection), col))
        pair = f"m.{qn('unit_id')} || ':' || m.{qn('role')}"
        members = f"{qn(UnitMember._meta.db_table)} m WHERE m.{qn('user_id')} = u.{qn('id')}"
        roles = (
            f"ARRAY(SELECT {pair} FROM {members})"
            if connection.vendor == "postgresql"
            else f"(SELECT group_concat({pair}, ',') FROM {members})"
        )
        self.sql = (
            f"SELECT s.{qn('session_data')}, {columns},"
            f" (SELECT min(d.{qn('id')}) FROM {qn(Deputy._meta.db_table)} d WHERE d.{qn('user_id')} = u.{qn('id')}),"
            f" {roles},"
            f" (SELECT count(*) FROM {qn(notification._meta.db_table)} n"
            f" WHERE n.{qn('recipient_id')} = u.{qn('id')} AND n.{qn('read_at')} IS NULL)"
            f" FROM {qn(UserSession._meta.db_table)} s"
            f" LEFT JOIN {qn(User._meta.db_table)} u ON u.{qn('id')} = s.{qn('user_id')}"
            f" WHERE s.{qn('session_key')} = %s AND s.{qn('expire_date')} > %s"
        )

    def person(self, connection: BaseDatabaseWrapper, row: tuple[Any, ...]) -> Any:
        from oversight.models import User

        values = []
        for value, (converters, col) in zip(row[1 : 1 + len(self.fields)], self.converters, strict=True):
            for convert in converters:
                value = convert(value, col, connection)
            values.append(value)
        user: Any = User.from_db(connection.alias, self.names, values)
        deputy_id, roles, unread = row[-3], row[-2], row[-1]
        if isinstance(roles, str):
            roles = roles.split(",")
        remember_roles(user, deputy_id, roles or [])
        user.unread_inbox = int(unread or 0)
        return user


@cache
def _load_query(alias: str) -> _LoadQuery:
    return _LoadQuery(connections[alias])


def _get_user(request: HttpRequest) -> Any:
    token = reading.set(request.session)
    try:
        return auth.get_user(request)
    finally:
        reading.reset(token)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with ``request.user`` read while the backend may take the session's person."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))  # type: ignore[assignment]


def sessions_clear_expired() -> None:
    """Delete the sessions past their expiry (beat's ``clear-sessions``; ``make run``'s loop without a
    broker): an expired row is never read again, only kept."""
    SessionStore.clear_expired()
