"""The suggestion list's page of rows, built from plain values instead of serializer instances.

A ``ModelSerializer`` turns 50 suggestions with their assignments into some 7,000 field lookups
and costs more than every query of the request together (docs/benchmarks.md). The list is the
hottest read of the API, so it reads only the columns it shows (``values()``, no model instances)
and builds each row directly. The JSON is exactly what ``SuggestionSerializer`` renders — the
schema still documents that serializer, and tests/api/test_list_queries.py compares the two row
by row.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import F, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from rest_framework import serializers

from oversight.models import Assignment, Deputy, Session, Suggestion, SuggestionCategory
from oversight.models.suggestions import display_number

_DATETIME = serializers.DateTimeField()
_STATUS = dict(Suggestion.Status.choices)

COLUMNS = [
    "id",
    "kind",
    "details",
    "session",
    "number",
    "title",
    "content",
    "category",
    "period",
    "lead_deputy",
    "status",
    "return_reason",
    "is_key",
    "key_leader",
    "closed_reason",
    "submitted_at",
    "registered_at",
    "assigned_on",
    "closed_at",
]


def _name(model: type[Model], column: str) -> Subquery:
    return Subquery(model._default_manager.filter(pk=OuterRef(column)).order_by().values("name")[:1])


def page_values(qs: QuerySet[Suggestion]) -> QuerySet[Any]:
    """The list's queryset as values: the columns shown plus the three related names. The names are
    scalar subqueries, not joins, so the paginator's count (``values_list("pk")``) drops them and
    reads the suggestion index alone. On PostgreSQL the co-signers and assignments come in the
    same query (arrays), saving two round trips per page."""
    values = qs.values(
        *COLUMNS,
        session_name=_name(Session, "session_id"),
        category_name=_name(SuggestionCategory, "category_id"),
        lead_deputy_name=_name(Deputy, "lead_deputy_id"),
    )
    if connections[qs.db].vendor != "postgresql":
        return values
    from django.contrib.postgres.expressions import ArraySubquery

    cosigned = Suggestion.co_signers.through.objects.filter(suggestion_id=OuterRef("pk"))
    assigned = Assignment.objects.filter(suggestion_id=OuterRef("pk")).order_by("role", "id")
    row = JSONObject(
        id="id",
        unit="unit_id",
        unit_name="unit__name",
        role="role",
        status="status",
        assigned_on="assigned_on",
        round="round",
    )
    return values.annotate(
        co_signer_ids=ArraySubquery(cosigned.order_by("deputy__name", "deputy_id").values("deputy_id")),
        assignment_rows=ArraySubquery(assigned.values(row=row)),
    )


def _datetime(value: Any) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


def suggestion_rows(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Serialise one page: on SQLite two more queries (co-signers, assignments ⋈ unit), on
    PostgreSQL none (page_values brought them)."""
    if page and "co_signer_ids" in page[0]:
        cosigners = {row["id"]: list(row["co_signer_ids"]) for row in page}
        assignments = {row["id"]: [_assignment(a) for a in row["assignment_rows"]] for row in page}
    else:
        cosigners, assignments = _related(page)
    return [_row(row, cosigners[row["id"]], assignments[row["id"]]) for row in page]


def _assignment(a: dict[str, Any]) -> dict[str, Any]:
    on = a["assigned_on"]
    return {
        "id": a["id"],
        "unit": a["unit"],
        "unit_name": a["unit_name"],
        "role": a["role"],
        "status": a["status"],
        "assigned_on": on if isinstance(on, str) else on.isoformat(),
        "round": a["round"],
    }


def _related(page: list[dict[str, Any]]) -> tuple[dict[int, list[int]], dict[int, list[dict[str, Any]]]]:
    ids = [row["id"] for row in page]
    cosigners: dict[int, list[int]] = {pk: [] for pk in ids}
    through = Suggestion.co_signers.through.objects.filter(suggestion_id__in=ids)
    for suggestion_id, deputy_id in through.order_by("deputy__name", "deputy_id").values_list(
        "suggestion_id", "deputy_id"
    ):
        cosigners[suggestion_id].append(deputy_id)
    assignments: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    rows = Assignment.objects.filter(suggestion_id__in=ids).order_by("suggestion_id", "role", "id")
    fields = ("id", "suggestion_id", "unit", "role", "status", "assigned_on", "round")
    for a in rows.values(*fields, unit_name=F("unit__name")):
        assignments[a["suggestion_id"]].append(_assignment(a))
    return cosigners, assignments


def _row(row: dict[str, Any], cosigners: list[int], assignments: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "details": row["details"],
        "session": row["session"],
        "session_name": row["session_name"],
        "number": row["number"],
        "display_number": display_number(row["kind"], row["number"]),
        "title": row["title"],
        "content": row["content"],
        "category": row["category"],
        "category_name": row["category_name"] if row["category"] is not None else "",
        "period": row["period"],
        "lead_deputy": row["lead_deputy"],
        "lead_deputy_name": row["lead_deputy_name"],
        "co_signers": cosigners,
        "status": row["status"],
        "status_display": str(_STATUS.get(row["status"], row["status"])),
        "return_reason": row["return_reason"],
        "is_key": row["is_key"],
        "key_leader": row["key_leader"],
        "closed_reason": row["closed_reason"],
        "submitted_at": _datetime(row["submitted_at"]),
        "registered_at": _datetime(row["registered_at"]),
        "assigned_on": row["assigned_on"].isoformat() if row["assigned_on"] else None,
        "closed_at": _datetime(row["closed_at"]),
        "assignments": assignments,
    }
