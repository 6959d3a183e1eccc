"""Each case's nearest owed deadline, copied onto the case's own row.

A list that shows and sorts by "the nearest open deadline" (the staff list of every suggestion)
would otherwise compute a subquery over the deadlines for every row it sorts — all of them, to
sort by that column (docs/benchmarks.md). A case model opts in by naming its two columns in
``NEAREST_DEADLINE_FIELDS`` (due date, kind); tracker never imports the owning app.

The copy is written in one place: every function of ``tracker.deadlines`` that opens, meets,
cancels, extends, pauses or resumes a deadline, and ``tracker.recompute`` (calendar changes), call
``refresh`` for the cases they touched, inside the same transaction. Bulk paths (the benchmark's
data generator, a data migration) use ``refresh_all`` or the same SQL. A case model that keeps
copies of the copy elsewhere names a classmethod ``nearest_deadline_copied(rows)``, called after
each update with the cases it touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tracker.models import Deadline

# "Owed" as the lists count it: a paused clock still belongs to an obligation not yet done.
LIVE = [Deadline.Status.OPEN, Deadline.Status.EXTENDED, Deadline.Status.PAUSED]


def fields_of(model: type[models.Model] | None) -> tuple[str, str] | None:
    """(due field, kind field) of a case model that keeps the copy; None for one that does not."""
    return getattr(model, "NEAREST_DEADLINE_FIELDS", None) if model is not None else None


def _nearest(case_type_id: int) -> QuerySet[Deadline]:
    return Deadline.objects.filter(case_type_id=case_type_id, case_id=OuterRef("pk"), status__in=LIVE).order_by(
        "due", "id"
    )


def _update(model: type[models.Model], case_type_id: int, rows: QuerySet[Any]) -> int:
    fields = fields_of(model)
    if fields is None:
        return 0
    due, kind = fields
    nearest = _nearest(case_type_id)
    changed = rows.update(
        **{
            due: Subquery(nearest.values("due")[:1]),
            kind: Coalesce(Subquery(nearest.values("kind")[:1]), Value("")),
        }
    )
    copied = getattr(model, "nearest_deadline_copied", None)
    if copied is not None:
        copied(rows)
    return int(changed)


def refresh(case_type_id: int, case_ids: Iterable[int]) -> int:
    """Recompute the copy for these cases of one type (one UPDATE; none for a type without it)."""
    ids = sorted(set(case_ids))
    model = ContentType.objects.get_for_id(case_type_id).model_class()
    if not ids or fields_of(model) is None:
        return 0
    assert model is not None
    return _update(model, case_type_id, model._base_manager.filter(pk__in=ids))


def refresh_case(case: models.Model) -> int:
    if fields_of(type(case)) is None:
        return 0
    return refresh(ContentType.objects.get_for_model(case).pk, [case.pk])


def cases_of(deadlines: QuerySet[Deadline]) -> dict[int, set[int]]:
    """{case type id: case ids} of the deadlines a write is about to change (read before it)."""
    found: dict[int, set[int]] = {}
    for type_id, case_id in deadlines.order_by().values_list("case_type_id", "case_id").distinct():
        found.setdefault(type_id, set()).add(case_id)
    return found


def refresh_many(cases: dict[int, set[int]]) -> int:
    return sum(refresh(type_id, ids) for type_id, ids in cases.items())


def refresh_all(model: type[models.Model]) -> int:
    """Recompute the copy for every case of ``model`` (after a bulk load or a repair)."""
    if fields_of(model) is None:
        return 0
    case_type_id = ContentType.objects.get_for_model(model).pk
    return _update(model, case_type_id, model._base_manager.all())
