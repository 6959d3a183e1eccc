"""The deadline list's page of rows, built from plain values instead of serializer instances (as
``suggestion_rows`` and ``reply_rows`` do): exactly the JSON ``DeadlineSerializer`` renders — the
schema still documents that serializer, and tests/api/test_deadline_rows.py compares the two for
every role."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from oversight.api.serializers.tracking import DeadlineSerializer
from tracker.models import Deadline

_NAMED = {"case_kind", "subject_kind"}  # the content types' model names, through the same joins
COLUMNS = tuple(name for name in DeadlineSerializer.Meta.fields if name not in _NAMED)
_DATES = ("start", "due", "met_on")


def page_values(qs: QuerySet[Deadline]) -> QuerySet[Any]:
    """The list's queryset as dicts of the columns shown and the two content types' model names."""
    return qs.values(*COLUMNS, case_kind=F("case_type__model"), subject_kind=F("subject_type__model"))


def deadline_rows(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Serialise one page of ``page_values`` rows, in the serializer's field order."""
    out = []
    for row in page:
        for name in _DATES:
            value = row[name]
            row[name] = value.isoformat() if value else None
        out.append({name: row[name] for name in DeadlineSerializer.Meta.fields})
    return out
