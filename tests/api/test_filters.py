"""Filters, Chinese substring search, ordering and pagination on the list endpoints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api.conftest import FROZEN_AT
from tests.api.world import World


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def staff(world: World) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.actors.staff)
    return client


@pytest.mark.django_db
def test_search_finds_chinese_substrings_in_title_and_content(world: World, staff: APIClient) -> None:
    cases = world.advance("submitted")
    a, b = cases["A"].suggestion, cases["B"].suggestion
    url = reverse("api:suggestion-list")
    assert _ids(staff.get(url, {"q": "公交"})) == {a.pk, b.pk}  # "增开…公交线路" in both titles
    assert _ids(staff.get(url, {"q": "A区"})) == {a.pk}
    assert _ids(staff.get(url, {"q": "加密班次"})) == {a.pk, b.pk}  # only in the content
    assert _ids(staff.get(url, {"q": "养老"})) == set()


@pytest.mark.django_db
def test_status_unit_session_category_and_key_filters(world: World, staff: APIClient) -> None:
    cases = world.advance("assigned")
    a = cases["A"].suggestion
    url = reverse("api:suggestion-list")
    assert _ids(staff.get(url, {"unit": world.actors.unit_a.pk})) == {a.pk}
    assert _ids(staff.get(url, {"status": "assigned", "session": world.actors.session.pk})) == {
        a.pk,
        cases["B"].suggestion.pk,
    }
    assert _ids(staff.get(url, {"status": "submitted"})) == set()
    assert _ids(staff.get(url, {"category": world.actors.category.pk, "is_key": "true"})) == set()
    staff.post(reverse("api:suggestion-set-key", kwargs={"pk": a.pk}), {"is_key": True}, format="json")
    assert _ids(staff.get(url, {"is_key": "true"})) == {a.pk}
    assignments = reverse("api:assignment-list")
    assert _ids(staff.get(assignments, {"unit": world.actors.unit_b.pk})) == {cases["B"].assignment.pk}


@pytest.mark.django_db
def test_invalid_filter_value_is_a_400_field_error(world: World, staff: APIClient) -> None:
    response = staff.get(reverse("api:suggestion-list"), {"status": "nonsense"})
    assert response.status_code == 400
    assert "status" in response.json()["fields"]


@pytest.mark.django_db
def test_reply_category_and_rating_filters(world: World, staff: APIClient) -> None:
    cases = world.advance("rated")
    url = reverse("api:suggestion-list")
    both = {cases["A"].suggestion.pk, cases["B"].suggestion.pk}
    assert _ids(staff.get(url, {"reply_category": "B"})) == both
    assert _ids(staff.get(url, {"reply_category": "A"})) == set()
    assert _ids(staff.get(url, {"rating": "satisfied"})) == both
    assert _ids(staff.get(url, {"rating": "unsatisfied"})) == set()
    feedback = reverse("api:feedback-list")
    assert len(_ids(staff.get(feedback, {"rating": "satisfied", "unit": world.actors.unit_a.pk}))) == 2


@pytest.mark.django_db
def test_overdue_and_due_within_follow_tracker_deadlines(world: World, staff: APIClient) -> None:
    cases = world.advance("assigned")
    url = reverse("api:assignment-list")
    # 交办 on 2026-03-02: the 5-working-day return window is due within a week, the reply in 3 months.
    assert _ids(staff.get(url, {"due_within": 7})) == {c.assignment.pk for c in cases.values()}
    assert _ids(staff.get(url, {"overdue": "true"})) == set()
    with time_machine.travel(FROZEN_AT + timedelta(days=120), tick=False):
        assert _ids(staff.get(url, {"overdue": "true"})) == {c.assignment.pk for c in cases.values()}
        suggestions = reverse("api:suggestion-list")
        assert _ids(staff.get(suggestions, {"overdue": "true"})) == {c.suggestion.pk for c in cases.values()}
        deadlines = staff.get(reverse("api:deadline-list"), {"overdue": "true", "kind": "reply"}).json()
        assert deadlines["count"] == 2


@pytest.mark.django_db
def test_date_range_filters(world: World, staff: APIClient) -> None:
    world.advance("submitted")
    url = reverse("api:suggestion-list")
    assert len(_ids(staff.get(url, {"submitted_after": "2026-03-02", "submitted_before": "2026-03-02"}))) == 2
    assert _ids(staff.get(url, {"submitted_after": "2026-03-03"})) == set()


@pytest.mark.django_db
def test_ordering_and_page_size_cap(world: World, staff: APIClient) -> None:
    world.advance("registered")
    url = reverse("api:suggestion-list")
    numbers = [row["number"] for row in staff.get(url, {"ordering": "-number"}).json()["results"]]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) == 2
    page = staff.get(url, {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    from oversight.api.pagination import Pagination

    assert Pagination.max_page_size == 100
    assert staff.get(url, {"page_size": 1000}).status_code == 200


@pytest.mark.django_db
def test_lists_show_only_what_the_caller_may_see(world: World) -> None:
    cases = world.advance("delivered")
    expected = {
        "staff": {"A", "B"},
        "liaison_a": {"A"},
        "head_b": {"B"},
        "deputy": {"A"},
        "cosigner": {"A"},
        "reviewer": set(),
        "outsider": set(),
    }
    lists = {
        "suggestion-list": lambda c: c.suggestion.pk,
        "assignment-list": lambda c: c.assignment.pk,
        "reply-list": lambda c: c.reply.pk,
    }
    for role, labels in expected.items():
        client = APIClient()
        client.force_authenticate(getattr(world.actors, role))
        for name, pk in lists.items():
            got = _ids(client.get(reverse(f"api:{name}")))
            assert got == {pk(cases[label]) for label in labels}, (role, name)


@pytest.mark.django_db
def test_public_replies_need_no_login_and_hide_what_is_not_public(world: World) -> None:
    from oversight.services.replies import reply_set_published

    cases = world.advance("delivered")
    reply_set_published(reply=cases["B"].reply, actor=world.actors.staff, published=False)
    anonymous = APIClient()
    body = anonymous.get(reverse("api:public-reply-list"), {"q": "A区"}).json()
    assert [row["id"] for row in body["results"]] == [cases["A"].reply.pk]
    assert anonymous.get(reverse("api:public-reply-list"), {"q": "B区"}).json()["count"] == 0
    row = body["results"][0]
    assert row["unit_name"] == "市住房和城乡建设局"
    assert "deputy" not in str(row.keys()) and "review_note" not in row
