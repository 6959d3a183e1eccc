"""Small assertions shared by the service tests."""

from __future__ import annotations

from typing import Any

from django.db import models

from tracker.models import Deadline, TimelineEntry
from tracker.timeline import for_case


def last_entry(case: models.Model, action: str) -> TimelineEntry:
    entry = for_case(case).filter(action=action).last()
    assert entry is not None, f"no timeline entry {action!r}"
    return entry


def deadline(subject: models.Model, kind: str) -> Deadline:
    return Deadline.objects.for_subject(subject).filter(kind=kind).latest("id")


def actor(actors: Any, name: str) -> Any:
    return getattr(actors, name)
