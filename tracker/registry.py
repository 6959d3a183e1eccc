"""Deadline kinds registered by the apps that own them, with who must be reminded.

tracker calls ``recipients(deadline)`` when it sends a reminder; it never imports the owning app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tracker.models import Deadline


@dataclass(frozen=True)
class Recipients:
    """Who owes the step (``primary``) and who hears of it once it is long overdue (``escalate``)."""

    primary: Iterable[Any] = field(default_factory=tuple)
    escalate: Iterable[Any] = field(default_factory=tuple)


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str
    recipients: Callable[[Deadline], Recipients]
    link: Callable[[Deadline], str] | None = None


_KINDS: dict[str, DeadlineKind] = {}


def register_kind(
    code: str,
    *,
    label: str,
    recipients: Callable[[Deadline], Recipients],
    link: Callable[[Deadline], str] | None = None,
) -> None:
    _KINDS[code] = DeadlineKind(code=code, label=label, recipients=recipients, link=link)


def get_kind(code: str) -> DeadlineKind | None:
    return _KINDS.get(code)


def all_kinds() -> dict[str, DeadlineKind]:
    return dict(_KINDS)
