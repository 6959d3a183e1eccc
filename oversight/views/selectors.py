"""Reads the pages share. Each returns a queryset (or a small list) with a fixed number of queries,
whatever the number of rows, so the pinned query counts in the view tests hold."""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery

from oversight.api.visibility import deadlines_visible_to, oversight_type_id
from oversight.models import Assignment, Suggestion
from tracker.models import Deadline

OPEN_DEADLINE = [Deadline.Status.OPEN, Deadline.Status.EXTENDED, Deadline.Status.PAUSED]
# An assignment still being handled: every state but 已退办 and 办结.
HANDLING = [s for s in Assignment.Status.values if s not in (Assignment.Status.RETURNED, Assignment.Status.CONCLUDED)]


def open_deadlines_of(model: str) -> QuerySet[Deadline]:
    """Open deadlines whose subject is an oversight ``model``.

    The content type is an uncorrelated subquery (no extra query): PostgreSQL evaluates it once per
    statement, so a per-row subquery on these deadlines is one probe of (subject_type, subject_id),
    not also a scan of django_content_type per row as with a join (docs/benchmarks.md)."""
    return Deadline.objects.filter(subject_type_id=oversight_type_id(model), status__in=OPEN_DEADLINE)


def with_next_deadline(qs: QuerySet[Any], model: str) -> QuerySet[Any]:
    """Annotate each row with its earliest open deadline: next_due, next_due_kind, next_due_explanation."""
    nearest = open_deadlines_of(model).filter(subject_id=OuterRef("pk")).order_by("due", "id")
    return qs.annotate(
        next_due=Subquery(nearest.values("due")[:1]),
        next_due_kind=Subquery(nearest.values("kind")[:1]),
        next_due_explanation=Subquery(nearest.values("explanation")[:1]),
    )


def nearest_first_ids(kind: QuerySet[Assignment], start: int, stop: int) -> list[int]:
    """Ids of ``kind``'s assignments that owe an open deadline, positions ``start``–``stop`` in
    the order (nearest due, id) — without computing the nearest deadline of every assignment of the
    kind to sort them.

    PostgreSQL walks the open assignment deadlines in that order (the partial index
    ``deadline_open_subject_due``: subject type, due, subject) and keeps each deadline that is its
    assignment's nearest and whose assignment is of ``kind`` — each a scalar subquery, one index
    probe per deadline walked, never a hash of the whole queue — stopping at ``stop``: about
    ``stop`` × (share of the open deadlines that are this person's)⁻¹ rows, whatever the length of
    the queue (docs/benchmarks.md "Work queues")."""
    owed = open_deadlines_of("assignment")
    of_kind = kind.filter(pk=OuterRef("subject_id")).order_by().values("pk")[:1]
    nearest = owed.filter(subject_id=OuterRef("subject_id")).order_by("due", "id").values("id")[:1]
    walk = owed.filter(subject_id=Subquery(of_kind)).filter(id=Subquery(nearest)).order_by("due", "subject_id")
    return list(walk.values_list("subject_id", flat=True)[start:stop])


def unit_work_base(user: Any) -> QuerySet[Assignment]:
    """My unit's assignments still being handled (unordered, no joins: what ``unit_work`` lists)."""
    return (
        Assignment.objects.visible_to(user)
        # The open states named (not "all but returned/concluded"): an IN list reads the few open
        # rows through the (unit, status) index instead of every assignment the unit ever had.
        .filter(unit_id__in=user.unit_ids(), status__in=HANDLING)
    )


def unit_work_rows(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """``qs`` as the unit's work list shows it: with its suggestion and nearest deadline, nearest
    deadline first (no deadline last)."""
    qs = qs.select_related("suggestion", "suggestion__session", "unit")
    return with_next_deadline(qs, "assignment").order_by(F("next_due").asc(nulls_last=True), "id")


def unit_work(user: Any) -> QuerySet[Assignment]:
    """My unit's assignments still being handled, nearest deadline first (no deadline last)."""
    return unit_work_rows(unit_work_base(user))


def deputy_own_ids(deputy_id: int) -> QuerySet[Any]:
    """Ids of the suggestions a deputy leads or co-signed, as a UNION of two index lookups (for
    ``pk__in``): the same rows as ``Q(lead_deputy_id=…) | Q(co_signers__id=…)``, without the OR
    over a join that PostgreSQL answers by scanning every suggestion (docs/benchmarks.md)."""
    led = Suggestion.objects.filter(lead_deputy_id=deputy_id).order_by().values("pk")
    cosigned = Suggestion.co_signers.through.objects.filter(deputy_id=deputy_id).order_by().values("suggestion_id")
    return led.union(cosigned)


def deputy_suggestions(user: Any) -> QuerySet[Suggestion]:
    """Suggestions the deputy leads or co-signed, newest first: ``visible_to``'s own way in for a
    deputy (``SuggestionQuerySet.ways``), which that deputy may always see. Intersecting it with the
    whole of ``visible_to`` as well read the same rows twice (docs/benchmarks.md)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Suggestion.objects.none()
    way = Suggestion.objects.ways(user).deputy
    if way is None:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(way).order_by("-submitted_at", "-id")


def case_deadlines(suggestion: Suggestion, *, user: Any) -> list[Deadline]:
    """The suggestion's deadlines this reader may see (oversight.api.visibility.deadlines_visible_to)."""
    return list(
        deadlines_visible_to(user)
        .filter(case_type__app_label="oversight", case_type__model="suggestion", case_id=suggestion.pk)
        .select_related("subject_type")
        .order_by("due", "id")
    )
