"""Builders that walk a suggestion through the real services to the state a test starts from.

Dates are frozen on a working Monday (2026-03-02) so every computed deadline is known.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from oversight.models import Assignment, ContactRecord, Reply, Suggestion
from oversight.services import assignments, replies, suggestions
from tests.factories import Actors

START = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def submit(actors: Actors, **kwargs: Any) -> Suggestion:
    defaults: dict[str, Any] = {
        "actor": actors.deputy,
        "session": actors.session,
        "title": "关于增设城东片区公交线路的建议",
        "content": "城东片区早晚高峰公交运力不足，建议增设线路并优化发车间隔。",
        "lead_deputy": actors.deputy_profile,
        "co_signers": [actors.cosigner_profile],
        "category": actors.category,
    }
    defaults.update(kwargs)
    return suggestions.suggestion_submit(**defaults)


def registered(actors: Actors, **kwargs: Any) -> Suggestion:
    return suggestions.suggestion_register(suggestion=submit(actors, **kwargs), actor=actors.staff)


def assigned(actors: Actors, roles: tuple[str, ...] = ("lead",)) -> list[Assignment]:
    """Assign to unit A (first role) and unit B (second role, if any)."""
    suggestion = registered(actors)
    units = list(zip([actors.unit_a, actors.unit_b], roles, strict=False))
    return assignments.suggestion_assign(suggestion=suggestion, actor=actors.staff, units=units)


def accepted(actors: Actors, roles: tuple[str, ...] = ("lead",)) -> list[Assignment]:
    result = []
    for assignment in assigned(actors, roles):
        liaison = actors.liaison_a if assignment.unit_id == actors.unit_a.pk else actors.liaison_b
        result.append(assignments.assignment_accept(assignment=assignment, actor=liaison))
    return result


def contact(actors: Actors, assignment: Assignment, on: date | None = None) -> ContactRecord:
    liaison = actors.liaison_a if assignment.unit_id == actors.unit_a.pk else actors.liaison_b
    return assignments.contact_log(
        assignment=assignment,
        actor=liaison,
        method=ContactRecord.Method.VISIT,
        contacted_on=on or date(2026, 3, 2),
        summary="上门走访陈代表，听取意见。",
        deputy=actors.deputy_profile,
    )


def draft(actors: Actors, assignment: Assignment, category: str = "A", **kwargs: Any) -> Reply:
    liaison = actors.liaison_a if assignment.unit_id == actors.unit_a.pk else actors.liaison_b
    return replies.reply_draft(
        assignment=assignment,
        actor=liaison,
        category=category,
        content="已增设两条公交线路，高峰发车间隔缩短至五分钟。",
        **kwargs,
    )


def signed(actors: Actors, assignment: Assignment, category: str = "A", **kwargs: Any) -> Reply:
    head = actors.head_a if assignment.unit_id == actors.unit_a.pk else actors.head_b
    return replies.reply_sign(reply=draft(actors, assignment, category, **kwargs), actor=head)


def delivered(actors: Actors, assignment: Assignment, category: str = "A", **kwargs: Any) -> Reply:
    """A reply through draft, sign-off and staff review (reaches the deputies)."""
    return replies.reply_accept(reply=signed(actors, assignment, category, **kwargs), actor=actors.staff)


def lead_with_reply(actors: Actors, category: str = "A", **kwargs: Any) -> tuple[Assignment, Reply]:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = delivered(actors, lead, category, **kwargs)
    lead.refresh_from_db()
    return lead, reply
