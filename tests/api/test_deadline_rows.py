"""The deadline list builds its rows from values (oversight/api/deadline_rows.py): for every role of
the canary world and the orderings the list offers, the same JSON as ``DeadlineSerializer``
renders for the deadlines the role may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from oversight.api.serializers.tracking import DeadlineSerializer
from oversight.api.visibility import deadlines_visible_to
from tests.api.canary_world import build, listed_as
from tests.api.world import World

URL = reverse("api:deadline-list")


def _by_id(rows: Any) -> list[dict[str, Any]]:
    return sorted((dict(row) for row in rows), key=lambda row: row["id"])


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["", "-due", "status"])
def test_deadline_rows_are_exactly_what_the_serializer_renders(world: World, ordering: str) -> None:
    case = build(world)
    world.advance("delivered")  # cases A and B of the world too
    kinds: set[str] = set()
    met: set[bool] = set()
    for role, user in case.users.items():
        if user is None:
            continue
        listed = listed_as(user, URL, ordering)
        qs = deadlines_visible_to(user).select_related("case_type", "subject_type")
        expected = DeadlineSerializer(list(qs), many=True).data
        assert _by_id(listed) == _by_id(expected), role
        kinds |= {row["subject_kind"] for row in listed}
        met |= {row["met_on"] is not None for row in listed}
        if not ordering:  # the default order, unchanged: nearest due first
            assert [row["due"] for row in listed] == sorted(row["due"] for row in listed), role
    # Not vacuous: deadlines of several kinds of subject, some met and some still owed.
    assert {"assignment", "reply"} <= kinds and met == {True, False}, (kinds, met)
