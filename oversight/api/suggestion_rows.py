"""The suggestion list's page of rows, built from plain values instead of serializer instances.

A ``ModelSerializer`` turns 50 suggestions with their assignments into some 7,000 field lookups
and costs more than every query of the request together (docs/benchmarks.md). The list is the
hottest read of the API, so it reads only the columns it shows (``values()``, no model instances)
and builds each row directly. The JSON is exactly what ``SuggestionSerializer`` renders — the
schema still documents that serializer, and tests/api/test_list_queries.py compares the two row
by row.
"""

from __future__ import annotations

from datetime import UTC
from functools import cache
from json import loads
from typing import Any

import orjson
from django.conf import settings
from django.db import connections
from django.db.models import BigIntegerField, CharField, DateTimeField, F, Model, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from oversight.models import Assignment, Deputy, Session, Suggestion, SuggestionCategory, Unit
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


def _table(model: type[Model]) -> str:
    return f'"{model._meta.db_table}"'


_LIST = _table(Suggestion)


def _name(model: type[Model], column: str) -> RawSQL:
    # Hand-written rather than Subquery(): the same SQL, without building and resolving three
    # querysets on every request (docs/benchmarks.md).
    return RawSQL(f'SELECT "name" FROM {_table(model)} WHERE "id" = {_LIST}."{column}"', (), CharField())


def _arrays() -> list[RawSQL]:
    """PostgreSQL only: the co-signers (ids, by name) and the assignments (with their unit's name, by
    role then id) of each row, in the page query itself."""
    from django.contrib.postgres.fields import ArrayField

    through = _table(Suggestion.co_signers.through)
    co_signers = (
        f"ARRAY(SELECT c.deputy_id FROM {through} c JOIN {_table(Deputy)} d ON d.id = c.deputy_id"
        f" WHERE c.suggestion_id = {_LIST}.id ORDER BY d.name, c.deputy_id)"
    )
    # The unit's name by its primary key per assignment: as a join, PostgreSQL hashes all the units
    # once per row of the page (half the page query's time at 50 rows).
    unit_name = f"(SELECT u.name FROM {_table(Unit)} u WHERE u.id = a.unit_id)"
    assignments = (
        "(SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'unit', a.unit_id, 'unit_name', "
        f"{unit_name}, 'role', a.role, 'status', a.status, 'assigned_on', a.assigned_on, 'round', a.round)"
        f" ORDER BY a.role, a.id), '[]'::jsonb) FROM {_table(Assignment)} a WHERE a.suggestion_id = {_LIST}.id)"
    )
    return [RawSQL(co_signers, (), ArrayField(BigIntegerField())), RawSQL(assignments, (), TextField())]


# Each row of ``page_values`` is a tuple: the plain columns, then the expressions of ``_expressions``.
STAMPS = ("submitted_at", "registered_at", "closed_at")
PLAIN = [name for name in COLUMNS if name != "details" and name not in STAMPS]
_AT = {name: i for i, name in enumerate(PLAIN)}
ID, KIND, SESSION, NUMBER, TITLE, CONTENT, CATEGORY, PERIOD, LEAD_DEPUTY, STATUS = (
    _AT[n]
    for n in ("id", "kind", "session", "number", "title", "content", "category", "period", "lead_deputy", "status")
)
RETURN_REASON, IS_KEY, KEY_LEADER, CLOSED_REASON, ASSIGNED_ON = (
    _AT[n] for n in ("return_reason", "is_key", "key_leader", "closed_reason", "assigned_on")
)
(
    DETAILS,
    SESSION_NAME,
    CATEGORY_NAME,
    LEAD_DEPUTY_NAME,
    SUBMITTED_AT,
    REGISTERED_AT,
    CLOSED_AT,
    CO_SIGNERS,
    ASSIGNMENTS,
) = range(len(PLAIN), len(PLAIN) + 9)


def page_values(qs: QuerySet[Suggestion]) -> QuerySet[Any]:
    """The list's queryset as tuples: the columns shown, the ``details`` JSON as text, the three
    related names and the three timestamps (then, on PostgreSQL, the co-signers and assignments),
    in the order of the index constants above. The names are scalar subqueries, not joins, so the
    paginator's count (``values_list("pk")``) drops them and reads the suggestion index alone. On
    PostgreSQL the co-signers and assignments come in the same query (an array and a JSON array, as
    text), saving two round trips per page.

    Tuples with no field converter (the JSON is decoded in ``suggestion_rows``) rather than
    ``values()``: the per-row converters and dicts cost more than the rows' transfer. On
    PostgreSQL the timestamps are read as UTC wall-clock ``timestamp``s, which psycopg parses in C,
    instead of ``timestamptz``, which Django's loader parses in Python (≈ 3 µs a value, 0.3 ms a
    page; docs/benchmarks.md)."""
    utc_stamps = connections[qs.db].vendor == "postgresql" and settings.USE_TZ
    return qs.values_list(*PLAIN, *_expressions(connections[qs.db].vendor == "postgresql", utc_stamps))


@cache
def _expressions(with_arrays: bool, utc_stamps: bool) -> list[RawSQL]:
    """Built once: the ORM copies an expression when it resolves it into a query, and making their
    output fields anew (ten Field instances) cost more than compiling them."""
    at_utc = " AT TIME ZONE 'UTC'" if utc_stamps else ""
    expressions = [
        RawSQL(f'{_LIST}."details"', (), TextField()),
        _name(Session, "session_id"),
        _name(SuggestionCategory, "category_id"),
        _name(Deputy, "lead_deputy_id"),
        *(RawSQL(f'{_LIST}."{name}"{at_utc}', (), DateTimeField()) for name in STAMPS),
    ]
    return expressions + _arrays() if with_arrays else expressions


class PageFormat:
    """What a page's rows share: DRF's ``DateTimeField`` output (ISO 8601 in the current time zone,
    ``Z`` for UTC) with the time zone looked up once per page instead of once per value, and the
    status labels (the suggestions' unless ``statuses`` names another model's)."""

    def __init__(self, statuses: dict[str, Any] = _STATUS) -> None:
        self.zone = timezone.get_current_timezone() if settings.USE_TZ else None
        # Translated once per page (the active language's labels), not once per row.
        self.status = {value: str(label) for value, label in statuses.items()}
        output = api_settings.DATETIME_FORMAT
        self.iso = isinstance(output, str) and output.lower() == ISO_8601

    def datetime(self, value: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None and self.zone is not None:  # page_values' UTC wall-clock timestamp
            value = value.replace(tzinfo=UTC)
        if self.zone is None or not self.iso or timezone.is_naive(value):
            return _DATETIME.to_representation(value)  # type: ignore[no-any-return]
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def suggestion_rows(page: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Serialise one page of ``page_values`` rows: on SQLite two more queries (co-signers,
    assignments ⋈ unit), on PostgreSQL none (page_values brought them)."""
    if page and len(page[0]) > ASSIGNMENTS:
        cosigners = {row[ID]: list(row[CO_SIGNERS]) for row in page}
        # PostgreSQL's own JSON of plain ids, names and dates: orjson reads it as json would, faster.
        assignments = {row[ID]: [_assignment(a) for a in orjson.loads(row[ASSIGNMENTS])] for row in page}
    else:
        cosigners, assignments = _related(page)
    fmt = PageFormat()
    return [_row(row, cosigners[row[ID]], assignments[row[ID]], fmt) for row in page]


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


def _related(page: list[tuple[Any, ...]]) -> tuple[dict[int, list[int]], dict[int, list[dict[str, Any]]]]:
    ids = [row[ID] for row in page]
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


def _row(
    row: tuple[Any, ...], cosigners: list[int], assignments: list[dict[str, Any]], fmt: PageFormat
) -> dict[str, Any]:
    kind, number, status, category, assigned_on = row[KIND], row[NUMBER], row[STATUS], row[CATEGORY], row[ASSIGNED_ON]
    details = row[DETAILS]
    return {
        "id": row[ID],
        "kind": kind,
        "details": loads(details) if details is not None else None,
        "session": row[SESSION],
        "session_name": row[SESSION_NAME],
        "number": number,
        "display_number": display_number(kind, number),
        "title": row[TITLE],
        "content": row[CONTENT],
        "category": category,
        "category_name": row[CATEGORY_NAME] if category is not None else "",
        "period": row[PERIOD],
        "lead_deputy": row[LEAD_DEPUTY],
        "lead_deputy_name": row[LEAD_DEPUTY_NAME],
        "co_signers": cosigners,
        "status": status,
        "status_display": fmt.status.get(status, status),
        "return_reason": row[RETURN_REASON],
        "is_key": row[IS_KEY],
        "key_leader": row[KEY_LEADER],
        "closed_reason": row[CLOSED_REASON],
        "submitted_at": fmt.datetime(row[SUBMITTED_AT]),
        "registered_at": fmt.datetime(row[REGISTERED_AT]),
        "assigned_on": assigned_on.isoformat() if assigned_on else None,
        "closed_at": fmt.datetime(row[CLOSED_AT]),
        "assignments": assignments,
    }
