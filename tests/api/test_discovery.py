"""A client can find every id it must send: users (staff), deputies and units by name, and the new
assignment a decided return created."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.models import Assignment, User
from tests.api.world import World

pytestmark = pytest.mark.django_db


def _names(response: Any, key: str = "username") -> list[str]:
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


def test_staff_find_reviewers_by_role_and_name(world: World, client_for: Any) -> None:
    User.objects.create(username="reviewer2", display_name="孙二委员", is_reviewer=True)
    staff = client_for(world.actors.staff)
    url = reverse("api:user-list")
    assert _names(staff.get(url, {"role": "reviewer"})) == ["reviewer", "reviewer2"]
    assert _names(staff.get(url, {"role": "reviewer", "q": "孙二"})) == ["reviewer2"]
    assert _names(staff.get(url, {"role": "head"})) == ["head_a", "head_b"]
    assert _names(staff.get(url, {"role": "liaison", "unit": world.actors.unit_a.pk})) == ["liaison_a"]
    row = staff.get(url, {"q": "liaison_a"}).json()["results"][0]
    assert row["units"] == [{"unit": world.actors.unit_a.pk, "unit_name": "市住房和城乡建设局", "role": "liaison"}]
    assert "phone" not in row and "email" not in row
    deputy = staff.get(url, {"role": "deputy", "q": "cosigner"}).json()["results"][0]
    assert deputy["deputy"] == world.actors.cosigner_profile.pk


def test_users_are_listed_to_staff_only(world: World, client_for: Any) -> None:
    for who in ("liaison_a", "deputy", "reviewer"):
        assert client_for(getattr(world.actors, who)).get(reverse("api:user-list")).status_code == 403


def test_user_list_query_count_does_not_grow_with_page_size(
    world: World, client_for: Any, django_assert_num_queries: Any
) -> None:
    staff = client_for(world.actors.staff)
    for page_size in (2, 6):
        # users ⋈ deputy (with the capped count on PostgreSQL; a COUNT of its own elsewhere, as the
        # list goes on past the page); their unit memberships ⋈ unit
        with django_assert_num_queries(2 if connection.vendor == "postgresql" else 3):
            body = staff.get(reverse("api:user-list"), {"page_size": page_size}).json()
        assert len(body["results"]) == page_size < body["count"]


def test_deputies_and_units_are_searched_by_name(world: World, client_for: Any) -> None:
    liaison = client_for(world.actors.liaison_a)
    assert _names(liaison.get(reverse("api:deputy-list"), {"q": "钱"}), "name") == ["钱代表"]
    assert _names(liaison.get(reverse("api:unit-list"), {"q": "教育"}), "name") == ["市教育局"]
    assert _names(liaison.get(reverse("api:unit-list"), {"q": "交通局"}), "name") == ["市交通运输局"]


def test_a_decided_return_answers_with_the_new_assignment(world: World, client_for: Any) -> None:
    from oversight.services.assignments import assignment_request_return

    case = world.advance("assigned")["A"]
    assignment_request_return(assignment=case.assignment, actor=case.liaison, reason="不属于本单位职责。")
    url = reverse("api:assignment-decide-return", kwargs={"pk": case.assignment.pk})
    payload = {"approve": True, "note": "改交交通局", "reassign_to": [world.unit_c.pk]}
    body = client_for(world.actors.staff).post(url, payload, format="json").json()
    new = Assignment.objects.get(suggestion=case.suggestion, unit=world.unit_c)
    assert body["status"] == "returned"
    assert [(a["id"], a["unit"], a["role"], a["status"]) for a in body["reassigned"]] == [
        (new.pk, world.unit_c.pk, "lead", "assigned")
    ]


def test_a_refused_return_has_no_new_assignment(world: World, client_for: Any) -> None:
    from oversight.services.assignments import assignment_request_return

    case = world.advance("assigned")["A"]
    assignment_request_return(assignment=case.assignment, actor=case.liaison, reason="不属于本单位职责。")
    url = reverse("api:assignment-decide-return", kwargs={"pk": case.assignment.pk})
    body = client_for(world.actors.staff).post(url, {"approve": False}, format="json").json()
    assert (body["status"], body["reassigned"]) == ("accepted", [])


def test_paginated_sub_lists(world: World, client_for: Any) -> None:
    case = world.advance("delivered")["A"]
    staff: APIClient = client_for(world.actors.staff)
    for url in (
        reverse("api:assignment-contacts", kwargs={"pk": case.assignment.pk}),
        reverse("api:suggestion-co-opinions", kwargs={"pk": case.suggestion.pk}),
        reverse("api:commitment-progress", kwargs={"pk": case.assignment.commitments.get().pk}),
    ):
        body = staff.get(url, {"page_size": 1}).json()
        assert set(body) == {"count", "next", "previous", "results"}, url
