"""The PostgreSQL plan of a query with sorting made as costly as PostgreSQL allows: a plan that
still has no Sort node reads its rows in order from an index (tests/api/test_orderings.py,
tests/api/test_unit_list_order.py)."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction


def plan_without_sorting(qs: Any, *, incremental_sort: bool = False) -> str:
    """``qs.explain()`` with sorts, sequential scans and (unless ``incremental_sort``) incremental
    sorts disabled for this transaction only."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        if not incremental_sort:
            cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        return str(qs.explain())
