"""Deadline kinds registered by the apps that own them, with who must be reminded.

tracker calls ``recipients(deadline)`` when it sends a reminder; it never imports the owning app.
A kind may also register ``recipients_many(deadlines) -> {deadline.pk: Recipients}`` that answers
for a whole batch in a few queries; the reminder sweep uses it so that its query count does not
grow with the number of deadlines. Without it the sweep falls back to calling ``recipients`` once
per deadline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
    recipients_many: Callable[[Sequence[Deadline]], dict[int, Recipients]] | None = None

    def resolve_many(self, deadlines: Sequence[Deadline]) -> dict[int, Recipients]:
        """Recipients for every deadline of this kind in ``deadlines`` (batch hook or a loop)."""
        if self.recipients_many is not None:
            return self.recipients_many(deadlines)
        return {d.pk: self.recipients(d) for d in deadlines}


_KINDS: dict[str, DeadlineKind] = {}


def register_kind(
    code: str,
    *,
    label: str,
    recipients: Callable[[Deadline], Recipients],
    link: Callable[[Deadline], str] | None = None,
    recipients_many: Callable[[Sequence[Deadline]], dict[int, Recipients]] | None = None,
) -> None:
    _KINDS[code] = DeadlineKind(
        code=code, label=label, recipients=recipients, link=link, recipients_many=recipients_many
    )


def unregister_kind(code: str) -> None:
    """Tests register throw-away kinds; this removes one again."""
    _KINDS.pop(code, None)


def get_kind(code: str) -> DeadlineKind | None:
    return _KINDS.get(code)


def all_kinds() -> dict[str, DeadlineKind]:
    return dict(_KINDS)


# How an owning app names its cases in a message ("第0032号《…》"), by model label
# ("oversight.suggestion"): ``namer(ids) -> {id: name}`` answers for a batch in one query.
_CASE_NAMERS: dict[str, Callable[[Sequence[int]], dict[int, str]]] = {}


def register_case_namer(model_label: str, namer: Callable[[Sequence[int]], dict[int, str]]) -> None:
    _CASE_NAMERS[model_label.lower()] = namer


def case_names(model_label: str, ids: Sequence[int]) -> dict[int, str]:
    namer = _CASE_NAMERS.get(model_label.lower())
    return namer(ids) if namer is not None and ids else {}
