"""The oversight kinds' batch recipient hook answers like the one-by-one rule, in a fixed number of
queries — what keeps the reminder sweep flat with real 代表建议 deadlines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight import deadline_kinds
from oversight.models import Assignment
from tests.factories import SuggestionFactory
from tracker.deadlines import open_deadline
from tracker.registry import get_kind

pytestmark = pytest.mark.django_db


def _ids(users: Any) -> set[int]:
    return {u.pk for u in users}


@pytest.mark.parametrize("count", [1, 6])
def test_reply_kind_batch_matches_single_lookups_in_fixed_queries(
    actors: Any, count: int, django_assert_num_queries: Any
) -> None:
    deadlines = []
    for i in range(count):
        suggestion: Any = SuggestionFactory(session=actors.session, category=actors.category)
        unit = actors.unit_a if i % 2 == 0 else actors.unit_b
        assignment = Assignment.objects.create(
            suggestion=suggestion, unit=unit, role=Assignment.Role.LEAD, assigned_on=date(2026, 3, 5)
        )
        deadlines.append(
            open_deadline(
                case=suggestion,
                subject=assignment,
                kind=deadline_kinds.REPLY,
                start=date(2026, 3, 5),
                rule={"months": 3},
            )
        )
    kind = get_kind(deadline_kinds.REPLY)
    assert kind is not None and kind.recipients_many is not None

    # assignments → units · unit members with their users · staff
    with django_assert_num_queries(3):
        batch = kind.resolve_many(deadlines)

    for deadline in deadlines:
        single = kind.recipients(deadline)
        assert _ids(batch[deadline.pk].primary) == _ids(single.primary)
        assert _ids(batch[deadline.pk].escalate) == _ids(single.escalate)
    first = batch[deadlines[0].pk]
    assert _ids(first.primary) == {actors.liaison_a.pk}
    assert _ids(first.escalate) == {actors.head_a.pk, actors.staff.pk}
