"""The aggregate queries behind oversight/stats/metrics.py, in SQL over the scoped assignments.

The scope (which assignments count) stays an ORM filter (``Scope.assignment_q``) compiled into a
subquery ``b``; each per-assignment fact is a LEFT JOIN to a table aggregated once by assignment
(accepted replies, face-to-face contacts, co-handler opinions, overdue deadlines), so PostgreSQL
reads every table once with hash joins instead of probing it per assignment. Plain SQL that runs on
SQLite too (no FILTER, no DISTINCT ON). The conditions are the ones in conditions.py, which the
drill-down lists use; tests/oversight/stats checks both against the same hand-computed world.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F

from oversight.models import Assignment, Commitment, ContactRecord, CoOpinion, Feedback, Reply
from oversight.stats.conditions import OPEN_STATUSES, OVERDUE_KINDS
from oversight.stats.scope import Scope
from tracker.models import Deadline

T_REPLY = Reply._meta.db_table
T_CONTACT = ContactRecord._meta.db_table
T_OPINION = CoOpinion._meta.db_table
T_DEADLINE = Deadline._meta.db_table
T_FEEDBACK = Feedback._meta.db_table
T_COMMITMENT = Commitment._meta.db_table


# Over rows ``x`` of (round, rating, last_round — the newest round that deputy rated on that
# assignment): each deputy's latest rating and the first-round ratings. The live queries here and
# the facts (facts.py) both sum them so; RATING_SUM_ARGS are its parameters, in order.
RATING_SUMS = """SUM(CASE WHEN x.round = x.last_round THEN 1 ELSE 0 END) AS ratings,
    SUM(CASE WHEN x.round = x.last_round AND x.rating = %s THEN 1 ELSE 0 END) AS satisfied,
    SUM(CASE WHEN x.round = x.last_round AND x.rating = %s THEN 1 ELSE 0 END) AS basic,
    SUM(CASE WHEN x.round = x.last_round AND x.rating = %s THEN 1 ELSE 0 END) AS unsatisfied,
    SUM(CASE WHEN x.round = 1 THEN 1 ELSE 0 END) AS first_ratings,
    SUM(CASE WHEN x.round = 1 AND x.rating = %s THEN 1 ELSE 0 END) AS first_satisfied,
    SUM(CASE WHEN x.round = 1 AND x.rating = %s THEN 1 ELSE 0 END) AS first_basic"""
_R = Feedback.Rating
RATING_SUM_ARGS = (_R.SATISFIED, _R.BASIC, _R.UNSATISFIED, _R.SATISFIED, _R.BASIC)


def _base(scope: Scope) -> tuple[str, list[Any]]:
    qs = (
        Assignment.objects.filter(scope.assignment_q())
        .values("id", "role", u=F("unit_id"), s=F("suggestion__session_id"), c=F("suggestion__category_id"))
        .order_by()
    )  # no ORDER BY in a subquery that is only grouped
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _rows(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [col[0] for col in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join(["%s"] * len(values))


def assignment_counts(scope: Scope, codes: list[str]) -> list[dict[str, Any]]:
    """Per cell: assigned, answered, replied, first_replied, on_time, face, overdue, and the
    latest accepted reply's category (``cat0``, ``cat1`` … in the order of ``codes``)."""
    base, params = _base(scope)
    accepted = Reply.Status.ACCEPTED
    categories = "".join(f", SUM(CASE WHEN lr.category = %s THEN 1 ELSE 0 END) AS cat{i}" for i in range(len(codes)))
    sql = f"""
        SELECT b.u, b.s, b.c,
            COUNT(*) AS assigned,
            SUM(CASE WHEN r.assignment_id IS NOT NULL OR (b.role = %s AND o.assignment_id IS NOT NULL)
                THEN 1 ELSE 0 END) AS answered,
            SUM(CASE WHEN r.assignment_id IS NOT NULL THEN 1 ELSE 0 END) AS replied,
            SUM(COALESCE(r.has_first, 0)) AS first_replied,
            SUM(COALESCE(r.first_on_time, 0)) AS on_time,
            SUM(CASE WHEN r.assignment_id IS NOT NULL AND f.assignment_id IS NOT NULL THEN 1 ELSE 0 END) AS face,
            SUM(CASE WHEN d.subject_id IS NOT NULL THEN 1 ELSE 0 END) AS overdue
            {categories}
        FROM ({base}) b
        LEFT JOIN (
            SELECT assignment_id, MAX(round) AS last_round,
                MAX(CASE WHEN round = 1 THEN 1 ELSE 0 END) AS has_first,
                MAX(CASE WHEN round = 1 AND on_time THEN 1 ELSE 0 END) AS first_on_time
            FROM {T_REPLY} WHERE status = %s GROUP BY assignment_id
        ) r ON r.assignment_id = b.id
        LEFT JOIN {T_REPLY} lr
            ON lr.assignment_id = b.id AND lr.round = r.last_round AND lr.status = %s
        LEFT JOIN (
            SELECT DISTINCT assignment_id FROM {T_CONTACT} WHERE method IN ({_marks(ContactRecord.FACE_TO_FACE)})
        ) f ON f.assignment_id = b.id
        LEFT JOIN (SELECT DISTINCT assignment_id FROM {T_OPINION}) o ON o.assignment_id = b.id
        LEFT JOIN (
            SELECT DISTINCT d.subject_id FROM {T_DEADLINE} d
            JOIN django_content_type ct ON ct.id = d.subject_type_id
            WHERE ct.app_label = 'oversight' AND ct.model = 'assignment'
                AND d.kind IN ({_marks(OVERDUE_KINDS)}) AND d.status IN ({_marks(OPEN_STATUSES)}) AND d.due < %s
        ) d ON d.subject_id = b.id
        GROUP BY b.u, b.s, b.c
    """
    args = [
        Assignment.Role.CO,
        *codes,
        *params,
        accepted,
        accepted,
        *ContactRecord.FACE_TO_FACE,
        *OVERDUE_KINDS,
        *OPEN_STATUSES,
        scope.day,
    ]
    return _rows(sql, args)


def rating_counts(scope: Scope) -> list[dict[str, Any]]:
    """Per cell: each deputy's latest rating per assignment (the newest round they rated), and
    the ratings of first-round replies."""
    base, params = _base(scope)
    # The newest round each deputy rated on each assignment, by a window over the same rows
    # (one pass; no second scan of the ratings).
    sql = f"""
        SELECT x.u, x.s, x.c,
            {RATING_SUMS}
        FROM (
            SELECT b.u, b.s, b.c, r.round, f.rating,
                MAX(r.round) OVER (PARTITION BY r.assignment_id, f.deputy_id) AS last_round
            FROM ({base}) b
            JOIN {T_REPLY} r ON r.assignment_id = b.id AND r.status = %s
            JOIN {T_FEEDBACK} f ON f.reply_id = r.id
        ) x
        GROUP BY x.u, x.s, x.c
    """
    args = [*RATING_SUM_ARGS, *params, Reply.Status.ACCEPTED]
    return _rows(sql, args)


def commitment_counts(scope: Scope) -> list[dict[str, Any]]:
    """Per cell: commitments, those due (promised date come, or already fulfilled — so the rate
    never passes 100%), fulfilled, and open past their promised date."""
    base, params = _base(scope)
    S = Commitment.Status
    sql = f"""
        SELECT b.u, b.s, b.c,
            COUNT(*) AS commitments,
            SUM(CASE WHEN k.due_on <= %s OR k.status = %s THEN 1 ELSE 0 END) AS commitments_due,
            SUM(CASE WHEN k.status = %s THEN 1 ELSE 0 END) AS commitments_fulfilled,
            SUM(CASE WHEN k.status = %s AND k.due_on < %s THEN 1 ELSE 0 END) AS commitments_overdue
        FROM ({base}) b JOIN {T_COMMITMENT} k ON k.assignment_id = b.id
        GROUP BY b.u, b.s, b.c
    """
    return _rows(sql, [scope.day, S.FULFILLED, S.FULFILLED, S.OPEN, scope.day, *params])
