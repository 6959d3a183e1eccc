"""Filling oversight.AssignmentFacts: the full rebuild and the refresh of a few suggestions.

One INSERT … SELECT computes every column with the same definitions as the live reference
(oversight/stats/sql.py and conditions.py): accepted replies by round, face-to-face contacts,
co-handler opinions, open overdue-kind deadlines, each deputy's latest rating and the first-round
ratings. Without ``suggestion_ids`` it reads each table once with hash joins (the rebuild); with
them every derived table is restricted to those suggestions' assignments, so PostgreSQL probes
the foreign-key indexes instead (the refresh after a write: milliseconds). Plain SQL that runs
on SQLite too.

The refresh deletes the suggestions' rows and inserts them again (a returned, deleted or moved
assignment leaves no row behind), and moves the difference into oversight.StatsCell; the
commitment facts of those suggestions are rewritten from the new assignment facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from oversight.models import (
    Assignment,
    AssignmentFacts,
    CommitmentFacts,
    ContactRecord,
    Reply,
    StatsCell,
    Suggestion,
)
from oversight.stats.conditions import OPEN_STATUSES, OVERDUE_KINDS
from oversight.stats.sql import (
    RATING_SUM_ARGS,
    RATING_SUMS,
    T_COMMITMENT,
    T_CONTACT,
    T_DEADLINE,
    T_FEEDBACK,
    T_OPINION,
    T_REPLY,
)

T_FACTS = AssignmentFacts._meta.db_table
T_CELL = StatsCell._meta.db_table
T_COMMITMENT_FACTS = CommitmentFacts._meta.db_table
T_ASSIGNMENT = Assignment._meta.db_table
T_SUGGESTION = Suggestion._meta.db_table

SUMMED = (
    "answered",
    "replied",
    "first_replied",
    "on_time",
    "face",
    "ratings",
    "satisfied",
    "basic",
    "unsatisfied",
    "first_ratings",
    "first_satisfied",
    "first_basic",
)
# One row per assignment: who and where, the facts kept whole (latest category, when it falls
# overdue), then the counts the cells sum.
COLUMNS = (
    "assignment_id",
    "suggestion_id",
    "unit_id",
    "session_id",
    "category_id",
    "role",
    "is_key",
    "hidden",
    "last_category",
    "overdue_from",
    *SUMMED,
)
# Refreshing more suggestions than this at once goes in chunks (bounded statement size).
CHUNK = 500


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def fill_sql(suggestion_ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    """The INSERT … SELECT of the facts of ``suggestion_ids`` (None: every suggestion; never
    called with an empty list)."""
    accepted = Reply.Status.ACCEPTED
    deadline_type = ContentType.objects.get_for_model(Assignment).pk
    own: list[Any] = [] if suggestion_ids is None else list(suggestion_ids)
    only = f" AND a.suggestion_id IN ({_marks(own)})" if own else ""
    only_s = f" AND ha.suggestion_id IN ({_marks(own)})" if own else ""

    def restrict(column: str) -> tuple[str, list[Any]]:
        if not own:
            return "", []
        sub = f"SELECT id FROM {T_ASSIGNMENT} WHERE suggestion_id IN ({_marks(own)})"
        return f" AND {column} IN ({sub})", list(own)

    r_only, r_args = restrict("assignment_id")
    lr_only, lr_args = restrict("lr.assignment_id")
    f_only, f_args = restrict("assignment_id")
    o_only, o_args = restrict("assignment_id")
    d_only, d_args = restrict("subject_id")
    g_only, g_args = restrict("r.assignment_id")
    sql = f"""
        INSERT INTO {T_FACTS} ({", ".join(COLUMNS)})
        SELECT a.id, a.suggestion_id, a.unit_id, s.session_id, s.category_id, a.role, s.is_key,
            CASE WHEN h.suggestion_id IS NOT NULL THEN 1 ELSE 0 END = 1,
            COALESCE(lr.category, ''),
            d.due,
            CASE WHEN r.assignment_id IS NOT NULL OR (a.role = %s AND o.assignment_id IS NOT NULL)
                THEN 1 ELSE 0 END,
            CASE WHEN r.assignment_id IS NOT NULL THEN 1 ELSE 0 END,
            COALESCE(r.has_first, 0),
            COALESCE(r.first_on_time, 0),
            CASE WHEN r.assignment_id IS NOT NULL AND f.assignment_id IS NOT NULL THEN 1 ELSE 0 END,
            COALESCE(g.ratings, 0), COALESCE(g.satisfied, 0), COALESCE(g.basic, 0),
            COALESCE(g.unsatisfied, 0), COALESCE(g.first_ratings, 0), COALESCE(g.first_satisfied, 0),
            COALESCE(g.first_basic, 0)
        FROM {T_ASSIGNMENT} a
        JOIN {T_SUGGESTION} s ON s.id = a.suggestion_id
        LEFT JOIN (
            SELECT DISTINCT ha.suggestion_id FROM {T_REPLY} hr
            JOIN {T_ASSIGNMENT} ha ON ha.id = hr.assignment_id
            WHERE NOT hr.is_public{only_s}
        ) h ON h.suggestion_id = a.suggestion_id
        LEFT JOIN (
            SELECT assignment_id, MAX(round) AS last_round,
                MAX(CASE WHEN round = 1 THEN 1 ELSE 0 END) AS has_first,
                MAX(CASE WHEN round = 1 AND on_time THEN 1 ELSE 0 END) AS first_on_time
            FROM {T_REPLY} WHERE status = %s{r_only} GROUP BY assignment_id
        ) r ON r.assignment_id = a.id
        LEFT JOIN (
            SELECT lr.assignment_id, lr.round, MAX(lr.category) AS category FROM {T_REPLY} lr
            WHERE lr.status = %s{lr_only} GROUP BY lr.assignment_id, lr.round
        ) lr ON lr.assignment_id = a.id AND lr.round = r.last_round
        LEFT JOIN (
            SELECT DISTINCT assignment_id FROM {T_CONTACT}
            WHERE method IN ({_marks(ContactRecord.FACE_TO_FACE)}){f_only}
        ) f ON f.assignment_id = a.id
        LEFT JOIN (SELECT DISTINCT assignment_id FROM {T_OPINION} WHERE 1 = 1{o_only}) o ON o.assignment_id = a.id
        LEFT JOIN (
            SELECT subject_id, MIN(due) AS due FROM {T_DEADLINE}
            WHERE subject_type_id = %s AND kind IN ({_marks(OVERDUE_KINDS)})
                AND status IN ({_marks(OPEN_STATUSES)}){d_only}
            GROUP BY subject_id
        ) d ON d.subject_id = a.id
        LEFT JOIN (
            SELECT x.assignment_id,
                {RATING_SUMS}
            FROM (
                SELECT r.assignment_id, r.round, fb.rating,
                    MAX(r.round) OVER (PARTITION BY r.assignment_id, fb.deputy_id) AS last_round
                FROM {T_REPLY} r JOIN {T_FEEDBACK} fb ON fb.reply_id = r.id
                WHERE r.status = %s{g_only}
            ) x
            GROUP BY x.assignment_id
        ) g ON g.assignment_id = a.id
        WHERE a.status <> %s{only}
    """
    args: list[Any] = [
        Assignment.Role.CO,
        *own,
        accepted,
        *r_args,
        accepted,
        *lr_args,
        *ContactRecord.FACE_TO_FACE,
        *f_args,
        *o_args,
        deadline_type,
        *OVERDUE_KINDS,
        *OPEN_STATUSES,
        *d_args,
        *RATING_SUM_ARGS,
        accepted,
        *g_args,
        Assignment.Status.RETURNED,
        *own,
    ]
    return sql, args


KEY = ("unit_id", "session_id", "category_id", "role", "is_key", "hidden", "last_category")
CELL_COLUMNS = (*KEY, "assigned", *SUMMED)
RETURNED = ", ".join((*KEY, *SUMMED))
# Refreshes share this lock, a rebuild takes it alone (PostgreSQL advisory lock: "ovs" + 12).
LOCK = 0x6F7673_0C


def _lock(cursor: Any, *, exclusive: bool) -> None:
    if connection.vendor == "postgresql":
        cursor.execute(f"SELECT pg_advisory_xact_lock{'' if exclusive else '_shared'}(%s)", [LOCK])


def _cell_key(row: Sequence[Any]) -> tuple[Any, ...]:
    unit, session, category, role, is_key, hidden, last = row[: len(KEY)]
    return (unit, session, category or 0, role, bool(is_key), bool(hidden), last)


def _apply(cursor: Any, old: list[Sequence[Any]], new: list[Sequence[Any]]) -> None:
    """Add the inserted facts to their cells and subtract the deleted ones."""
    deltas: dict[tuple[Any, ...], list[int]] = {}
    for rows, sign in ((old, -1), (new, 1)):
        for row in rows:
            delta = deltas.setdefault(_cell_key(row), [0] * (1 + len(SUMMED)))
            delta[0] += sign
            for i, value in enumerate(row[len(KEY) :], start=1):
                delta[i] += sign * int(value)
    changed = sorted((key, delta) for key, delta in deltas.items() if any(delta))  # one lock order
    if not changed:
        return
    row_marks = "(" + _marks(CELL_COLUMNS) + ")"
    values = ", ".join([row_marks] * len(changed))
    updates = ", ".join(f"{c} = {T_CELL}.{c} + excluded.{c}" for c in CELL_COLUMNS[len(KEY) :])
    args = [value for key, delta in changed for value in (*key, *delta)]
    cursor.execute(
        f"INSERT INTO {T_CELL} ({', '.join(CELL_COLUMNS)}) VALUES {values} "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {updates}",
        args,
    )


def _commitments_sql(suggestion_ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    own = list(suggestion_ids or [])
    where = f" WHERE f.suggestion_id IN ({_marks(own)})" if own else ""
    columns = "commitment_id, suggestion_id, unit_id, session_id, category_id, role, is_key, hidden, status, due_on"
    sql = f"""
        INSERT INTO {T_COMMITMENT_FACTS} ({columns})
        SELECT k.id, f.suggestion_id, f.unit_id, f.session_id, f.category_id, f.role, f.is_key, f.hidden,
            k.status, k.due_on
        FROM {T_COMMITMENT} k JOIN {T_FACTS} f ON f.assignment_id = k.assignment_id{where}
    """
    return sql, own


def refresh(suggestion_ids: Iterable[int]) -> int:
    """Recompute the facts of these suggestions' assignments and commitments, and move their
    counts between cells: six statements per chunk, each reading only those suggestions' rows."""
    ids = sorted(set(suggestion_ids))
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, exclusive=False)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = _marks(chunk)
            # Two refreshes of one suggestion wait for each other, so each deletes what the other
            # inserted (and subtracts it from the cells) instead of both adding.
            if connection.features.has_select_for_update:
                cursor.execute(f"SELECT id FROM {T_SUGGESTION} WHERE id IN ({marks}) ORDER BY id FOR UPDATE", chunk)
            cursor.execute(f"DELETE FROM {T_FACTS} WHERE suggestion_id IN ({marks}) RETURNING {RETURNED}", chunk)
            old = cursor.fetchall()
            sql, args = fill_sql(chunk)
            cursor.execute(f"{sql} RETURNING {RETURNED}", args)
            new = cursor.fetchall()
            _apply(cursor, old, new)
            cursor.execute(f"DELETE FROM {T_COMMITMENT_FACTS} WHERE suggestion_id IN ({marks})", chunk)
            cursor.execute(*_commitments_sql(chunk))
    return len(ids)


def rebuild() -> int:
    """Recompute every row (``manage.py refresh_stats``, the nightly task, a new installation)."""
    sums = ", ".join(f"SUM({c})" for c in SUMMED)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, exclusive=True)
        for table in (T_COMMITMENT_FACTS, T_CELL, T_FACTS):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(*fill_sql(None))
        rows = int(cursor.rowcount)
        cursor.execute(
            f"INSERT INTO {T_CELL} ({', '.join(CELL_COLUMNS)}) "
            f"SELECT unit_id, session_id, COALESCE(category_id, 0), role, is_key, hidden, last_category, "
            f"COUNT(*), {sums} FROM {T_FACTS} "
            f"GROUP BY unit_id, session_id, COALESCE(category_id, 0), role, is_key, hidden, last_category"
        )
        cursor.execute(*_commitments_sql(None))
    return rows


def rebuild_daily() -> int:
    """The embedded runner's job (it runs every minute): rebuild at most once a day."""
    from django.core.cache import cache

    if not cache.add("oversight:stats-facts-rebuilt", 1, timeout=86400):
        return 0
    return rebuild()
