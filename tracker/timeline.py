"""Writing and reading the timeline. Services call ``record`` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from tracker.models import TimelineEntry


def record(
    *,
    case: models.Model,
    action: str,
    actor: Any = None,
    subject: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> TimelineEntry:
    subject_type = subject_id = None
    if subject is not None and subject is not case:
        subject_type = ContentType.objects.get_for_model(subject)
        subject_id = subject.pk
    return TimelineEntry.objects.create(
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
        subject_type=subject_type,
        subject_id=subject_id,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        note=note,
        data=data or {},
    )


def for_case(case: models.Model) -> QuerySet[TimelineEntry]:
    return TimelineEntry.objects.filter(
        case_type=ContentType.objects.get_for_model(case), case_id=case.pk
    ).select_related("actor")
