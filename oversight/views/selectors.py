"""Reads the pages share. Each returns a queryset (or a small list) with a fixed number of queries,
whatever the number of rows, so the pinned query counts in the view tests hold."""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from oversight.models import (
    Assignment,
    Commitment,
    ContactRecord,
    ExtensionRequest,
    Reply,
    Suggestion,
)
from tracker.models import Deadline, TimelineEntry

OPEN_DEADLINE = [Deadline.Status.OPEN, Deadline.Status.EXTENDED, Deadline.Status.PAUSED]


def open_deadlines_of(model: str) -> QuerySet[Deadline]:
    """Open deadlines whose subject is an oversight ``model`` (joined on content type: no extra query)."""
    return Deadline.objects.filter(
        subject_type__app_label="oversight", subject_type__model=model, status__in=OPEN_DEADLINE
    )


def with_next_deadline(qs: QuerySet[Any], model: str) -> QuerySet[Any]:
    """Annotate each row with its earliest open deadline: next_due, next_due_kind, next_due_explanation."""
    nearest = open_deadlines_of(model).filter(subject_id=OuterRef("pk")).order_by("due", "id")
    return qs.annotate(
        next_due=Subquery(nearest.values("due")[:1]),
        next_due_kind=Subquery(nearest.values("kind")[:1]),
        next_due_explanation=Subquery(nearest.values("explanation")[:1]),
    )


def unit_work(user: Any) -> QuerySet[Assignment]:
    """My unit's assignments still being handled, nearest deadline first (no deadline last)."""
    qs = (
        Assignment.objects.visible_to(user)
        .filter(unit_id__in=user.unit_ids())
        .exclude(status__in=[Assignment.Status.RETURNED, Assignment.Status.CONCLUDED])
        .select_related("suggestion", "suggestion__session", "unit")
    )
    return with_next_deadline(qs, "assignment").order_by(F("next_due").asc(nulls_last=True), "id")


def deputy_suggestions(user: Any) -> QuerySet[Suggestion]:
    """Suggestions the deputy leads or co-signed."""
    deputy_id = user.deputy_id
    return (
        Suggestion.objects.visible_to(user)
        .filter(Q(lead_deputy_id=deputy_id) | Q(co_signers__id=deputy_id))
        .distinct()
        .select_related("session", "category", "lead_deputy")
        .order_by("-submitted_at", "-id")
    )


def case_deadlines(suggestion: Suggestion, *, assignments: list[Assignment], replies: list[Reply]) -> list[Deadline]:
    """The suggestion's deadlines this reader may see (their own units' ones for a liaison)."""
    visible = Q(subject_type__model="suggestion", subject_id=suggestion.pk)
    visible |= Q(subject_type__model="assignment", subject_id__in=[a.pk for a in assignments])
    visible |= Q(subject_type__model="reply", subject_id__in=[r.pk for r in replies])
    visible |= Q(
        subject_type__model="commitment",
        subject_id__in=Commitment.objects.filter(assignment__in=[a.pk for a in assignments]).values("pk"),
    )
    return list(
        Deadline.objects.filter(case_type__app_label="oversight", case_type__model="suggestion", case_id=suggestion.pk)
        .filter(visible)
        .select_related("subject_type")
        .order_by("due", "id")
    )


def case_timeline(suggestion: Suggestion, *, user: Any, assignments: list[Assignment]) -> QuerySet[TimelineEntry]:
    """The whole 办理轨迹 for staff and the suggestion's deputies; a unit sees the steps about itself."""
    qs = TimelineEntry.objects.filter(
        case_type__app_label="oversight", case_type__model="suggestion", case_id=suggestion.pk
    ).select_related("actor")
    deputy_id = user.deputy_id
    is_deputy = deputy_id and (
        suggestion.lead_deputy_id == deputy_id or suggestion.co_signers.filter(pk=deputy_id).exists()
    )
    if user.is_staff_member or is_deputy:
        return qs.order_by("at", "id")
    ids = [a.pk for a in assignments]
    own = Q(subject_id__isnull=True) | Q(subject_type__model="suggestion")
    own |= Q(subject_type__model="assignment", subject_id__in=ids)
    own |= Q(subject_type__model="reply", subject_id__in=Reply.objects.filter(assignment__in=ids).values("pk"))
    own |= Q(
        subject_type__model="contactrecord",
        subject_id__in=ContactRecord.objects.filter(assignment__in=ids).values("pk"),
    )
    own |= Q(
        subject_type__model="extensionrequest",
        subject_id__in=ExtensionRequest.objects.filter(assignment__in=ids).values("pk"),
    )
    own |= Q(
        subject_type__model="commitment", subject_id__in=Commitment.objects.filter(assignment__in=ids).values("pk")
    )
    return qs.filter(own).order_by("at", "id")
