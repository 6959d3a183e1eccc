"""Substring search over suggestions that PostgreSQL answers from an index.

The result is always that of ``title icontains q OR content icontains q``. On PostgreSQL, a query of
two characters or more first narrows the rows to those whose ``search_bigrams`` (a generated,
GIN-indexed column: migration 0004) hold every bigram of the query — a row containing the query
necessarily holds them all — and the substring test then runs on those few rows only. Bigrams are
cut in SQL by the same function on both sides, so upper-casing can never differ between them.
SQLite has no such column and keeps the plain substring scan.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

# Idempotent, so both the migration and a post_migrate hook (test databases are built from the
# models, without migrations) can run it.
SCHEMA = [
    """CREATE OR REPLACE FUNCTION oversight_bigrams(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(u, i, 2)), '{}')
        FROM (SELECT upper(value) AS u) AS v, generate_series(1, length(u) - 1) AS i
    $$""",
    "ALTER TABLE oversight_suggestion ADD COLUMN IF NOT EXISTS search_bigrams text[]"
    " GENERATED ALWAYS AS (oversight_bigrams(title || ' ' || content)) STORED",
    "CREATE INDEX IF NOT EXISTS suggestion_search_bigrams ON oversight_suggestion USING gin (search_bigrams)",
]
DROP_SCHEMA = [
    "DROP INDEX IF EXISTS suggestion_search_bigrams",
    "ALTER TABLE oversight_suggestion DROP COLUMN IF EXISTS search_bigrams",
    "DROP FUNCTION IF EXISTS oversight_bigrams(text)",
]


def install_search_schema(connection: BaseDatabaseWrapper, *, drop: bool = False) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in DROP_SCHEMA if drop else SCHEMA:
            cursor.execute(statement)


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    if "oversight_suggestion" in connections[using].introspection.table_names():
        install_search_schema(connections[using])


def suggestion_search(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    value = (value or "").strip()
    if not value:
        return qs
    substring = Q(title__icontains=value) | Q(content__icontains=value)
    if connections[qs.db].vendor == "postgresql" and len(value) >= 2:
        table = qs.model._meta.db_table
        has_bigrams = RawSQL(f'"{table}"."search_bigrams" @> oversight_bigrams(%s)', (value,), BooleanField())
        return qs.filter(has_bigrams, substring)
    return qs.filter(substring)
