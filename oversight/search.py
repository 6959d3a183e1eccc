"""Substring search over suggestions that PostgreSQL answers from an index.

The result is always that of ``title icontains q OR content icontains q``. On PostgreSQL, a query of
two characters or more is also required to hold one of its bigrams in ``search_bigrams`` (a
generated, GIN-indexed column: migration 0004) — a row containing the query necessarily holds
every bigram of it — so the index can narrow the rows before the substring test decides.
SQLite has no such column and keeps the plain substring scan.
"""

from __future__ import annotations

import time
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


def _bigrams(value: str) -> list[str]:
    # Cut before upper-casing, which PostgreSQL does in the query: Python's upper() may change a
    # string's length ("ß" → "SS"), PostgreSQL's does not.
    return sorted({value[i : i + 2] for i in range(len(value) - 1)})


_FREQUENCIES: dict[str, Any] = {"at": 0.0, "of": {}}
STATS_TTL = 600.0


def _bigram_frequencies(connection: BaseDatabaseWrapper) -> dict[str, float]:
    """The most common bigrams and their share of rows, from ANALYZE's statistics (cached)."""
    now = time.monotonic()
    if now - _FREQUENCIES["at"] > STATS_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = 'oversight_suggestion' AND attname = 'search_bigrams'"
            )
            row = cursor.fetchone()
        _FREQUENCIES["of"] = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _FREQUENCIES["at"] = now
    return _FREQUENCIES["of"]  # type: ignore[no-any-return]


def suggestion_search(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    value = (value or "").strip()
    if not value:
        return qs
    connection = connections[qs.db]
    if connection.vendor != "postgresql" or len(value) < 2:
        return qs.filter(Q(title__icontains=value) | Q(content__icontains=value))
    # The index condition uses the query's rarest bigram only: PostgreSQL multiplies the shares of
    # several array elements as if independent, and a phrase's bigrams are anything but, so with
    # all of them it underestimates a common phrase a hundredfold and reads thousands of rows.
    # With one, the estimate is honest: a rare bigram is read through the index, a common one by
    # walking the list order until the page is full (docs/benchmarks.md).
    frequencies = _bigram_frequencies(connection)
    rarest = min(_bigrams(value), key=lambda gram: (frequencies.get(gram.upper(), 0.0), gram))
    table = qs.model._meta.db_table
    has_bigram = RawSQL(f'"{table}"."search_bigrams" @> ARRAY[upper(%s)]', (rarest,), BooleanField())
    # strpos over upper() is exactly Django's icontains on PostgreSQL (UPPER(col) LIKE UPPER('%q%'),
    # wildcards escaped), but is not mistaken by the planner for a rare condition.
    contains = RawSQL(
        f'strpos(upper("{table}"."title"), upper(%s)) > 0 OR strpos(upper("{table}"."content"), upper(%s)) > 0',
        (value, value),
        BooleanField(),
    )
    return qs.filter(has_bigram, contains)
