"""Writing and reading the timeline. Services call ``record`` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

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
    written()
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


# Every column of an entry, and of its actor only what names them (``User.__str__``): a timeline is
# read for its steps and who took them, not for 50 people's password hashes and login times.
ENTRY_COLUMNS = [f.name for f in TimelineEntry._meta.concrete_fields]
ACTOR_COLUMNS = ("actor__username", "actor__display_name")


def for_case(case: models.Model) -> QuerySet[TimelineEntry]:
    """The case's entries with their actors' names (one query)."""
    return (
        TimelineEntry.objects.filter(case_type=ContentType.objects.get_for_model(case), case_id=case.pk)
        .select_related("actor")
        .only(*ENTRY_COLUMNS, *ACTOR_COLUMNS)
    )


VERSION_KEY = "tracker:timeline-version"


def version() -> int:
    """A number that changes whenever any timeline entry is written (shared through the cache)."""
    return int(cache.get_or_set(VERSION_KEY, _fresh, None) or 0)


def _fresh() -> int:
    # Not a small constant: after an eviction the new series must not meet keys of the old one.
    return int(timezone.now().timestamp() * 1000)


def written() -> None:
    """Entries are being written (``record`` calls it; so must whoever writes entries in bulk).
    Readers that keep something derived from the state of cases (the to-do queues and counts) key
    it on ``version()``: moved now and again on commit, so no reader keeps a picture from before."""
    _touch()
    transaction.on_commit(_touch)


def _touch() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): any fresh value retires the old keys
        cache.set(VERSION_KEY, _fresh(), None)
