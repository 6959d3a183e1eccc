"""The aggregates of oversight/stats/metrics.py from the derived tables of oversight/models/stats.py:
the same counts as the live reference in oversight/stats/sql.py (tests/oversight/stats check they
are equal), from a few thousand cells instead of joins over ~1.5 million rows.

Three queries: the cells (every count but the day-dependent ones, by latest reply category), the
overdue assignments (stored earliest open due date before the scope's day, through a partial
index), and the commitments (their promised dates against the day). Each first refreshes what this
connection has written and not yet flushed (oversight/stats/freshness.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from oversight.models import AssignmentFacts, Commitment, CommitmentFacts, StatsCell
from oversight.stats import freshness
from oversight.stats.facts import SUMMED
from oversight.stats.scope import Role, Scope

CELL = {"u": F("unit_id"), "s": F("session_id"), "c": F("category_id")}


def facts_q(scope: Scope) -> Q:
    """``Scope.assignment_q`` on the derived tables (returned assignments have no row in them)."""
    q = Q()
    if scope.session_id:
        q &= Q(session_id=scope.session_id)
    if scope.year:
        q &= Q(session__opens_on__year=scope.year)
    if scope.unit_id:
        q &= Q(unit_id=scope.unit_id)
    if scope.category_id:
        q &= Q(category_id=scope.category_id)
    if scope.role in Role.ROLES:
        q &= Q(role__in=Role.ROLES[scope.role])
    if scope.key_only:
        q &= Q(is_key=True)
    if scope.public_only:
        q &= Q(hidden=False)
    return q


def _count_if(condition: Q) -> Sum:
    return Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))


def assignment_counts(scope: Scope, codes: list[str]) -> list[dict[str, Any]]:
    """The rows of sql.assignment_counts and sql.rating_counts: per cell, every count (``cat0``…
    by the latest reply category, as in ``codes``); then the overdue ones per cell."""
    freshness.flush()
    # Aliased apart from the columns they add up (an aggregate named like a column would shadow it).
    sums: dict[str, Any] = {f"sum_{name}": Sum(name) for name in ("assigned", *SUMMED)}
    for i, code in enumerate(codes):
        sums[f"cat{i}"] = Sum("assigned", filter=Q(last_category=code), default=0)
    cells = StatsCell.objects.filter(facts_q(scope), assigned__gt=0).values(**CELL).annotate(**sums).order_by()
    rows = [{key.removeprefix("sum_"): value for key, value in row.items()} for row in cells]
    for row in rows:
        row["c"] = row["c"] or None  # cells keep "no category" as 0
    overdue = (
        AssignmentFacts.objects.filter(facts_q(scope), overdue_from__lt=scope.day)
        .values(**CELL)
        .annotate(overdue=Count("pk"))
        .order_by()
    )
    return rows + list(overdue)


def commitment_counts(scope: Scope) -> list[dict[str, Any]]:
    """sql.commitment_counts from the commitment facts (no join)."""
    freshness.flush()
    S = Commitment.Status
    day = scope.day
    return list(
        CommitmentFacts.objects.filter(facts_q(scope))
        .values(**CELL)
        .annotate(
            commitments=Count("pk"),
            commitments_due=_count_if(Q(due_on__lte=day) | Q(status=S.FULFILLED)),
            commitments_fulfilled=_count_if(Q(status=S.FULFILLED)),
            commitments_overdue=_count_if(Q(status=S.OPEN, due_on__lt=day)),
        )
        .order_by()
    )
