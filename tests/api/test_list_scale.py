"""What the fast suggestion list (values + capped count + bigram search) must keep: the same JSON
as the serializer, the same search results as a substring match, and a truthful pager."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.api.serializers.suggestions import SuggestionSerializer
from oversight.models import Suggestion
from oversight.paging import CappedCountPaginator
from tests.api.world import World


@pytest.fixture
def staff(world: World) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.actors.staff)
    return client


@pytest.mark.django_db
def test_list_rows_are_exactly_what_the_serializer_renders(world: World, staff: APIClient) -> None:
    world.advance("delivered")
    Suggestion.objects.order_by("pk").first().co_signers.add(world.actors.cosigner_profile)  # type: ignore[union-attr]
    listed = staff.get(reverse("api:suggestion-list"), {"page_size": 50}).json()["results"]
    qs = Suggestion.objects.select_related("session", "category", "lead_deputy").prefetch_related(
        "co_signers", "assignments__unit"
    )
    expected = SuggestionSerializer(list(qs), many=True).data
    assert listed == [dict(row) for row in expected]
    assert any(row["assignments"] for row in listed) and any(row["co_signers"] for row in listed)


SEARCHES = [
    "公交",
    "公交线路",
    "A区",
    "加密班次",
    "养老",
    "交",
    "a区",
    "线路 ",
    "%",
    "_",
    "Straße",
    "ss",
    "老旧小区改造",
]


@pytest.mark.django_db
@pytest.mark.parametrize("q", SEARCHES)
def test_search_returns_exactly_the_substring_matches(q: str, world: World, staff: APIClient) -> None:
    """On PostgreSQL the bigram index narrows first; the answer must still be icontains's."""
    world.advance("submitted")
    from oversight.services.suggestions import suggestion_submit

    for title, content in [
        ("老旧小区加装电梯", "老旧小区改造 公交"),
        ("公 交", "公\u3000交线路"),
        ("a区路灯", "A区%_"),
    ]:
        suggestion_submit(
            actor=world.actors.staff,
            session=world.actors.session,
            title=title,
            content=content,
            lead_deputy=world.actors.deputy_profile,
        )
    titles = Suggestion.objects.filter(title__icontains=q.strip()).values_list("pk", flat=True)
    contents = Suggestion.objects.filter(content__icontains=q.strip()).values_list("pk", flat=True)
    expected = set(titles) | set(contents)
    body = staff.get(reverse("api:suggestion-list"), {"q": q, "page_size": "100"}).json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.django_db
def test_bigram_column_exists_on_postgresql_only(world: World) -> None:
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "oversight_suggestion")]
    assert ("search_bigrams" in columns) == (connection.vendor == "postgresql")


@pytest.mark.django_db
def test_pager_counts_exactly_up_to_the_cap_and_always_knows_the_next_page(world: World) -> None:
    cases = world.advance("submitted")
    qs = Suggestion.objects.order_by("pk")
    total = qs.count()
    assert total >= 2
    exact = CappedCountPaginator(qs, 1)
    assert exact.count == total and exact.count_is_exact
    assert exact.page(1).has_next() and not exact.page(total).has_next()
    capped: Any = type("Tiny", (CappedCountPaginator,), {"count_cap": 1})(qs, 1)
    # Past the cap: at least cap + 1, an estimate on PostgreSQL, exact elsewhere.
    assert capped.count >= 2
    assert capped.page(2).object_list[0].pk == qs[1].pk
    assert not capped.page(total).has_next()
    assert len(cases) >= 2


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_list_pages_remember_a_list_past_the_cap_and_skip_its_count(
    world: World, django_assert_num_queries: Any
) -> None:
    world.advance("submitted")
    qs = Suggestion.objects.order_by("pk")
    tiny: Any = type("Tiny", (CappedCountPaginator,), {"count_cap": 1})
    with django_assert_num_queries(2):  # the capped count; the planner's estimate
        first = tiny(qs, 1).count
    with django_assert_num_queries(0):  # within the minute: neither again
        again = tiny(qs, 1).count
    assert again == first >= 2
    total = qs.count()
    exact = CappedCountPaginator(Suggestion.objects.order_by("-pk"), 100)
    with django_assert_num_queries(1):  # the same list under the usual cap: counted, exactly
        assert exact.count == total


@pytest.mark.django_db
def test_staff_board_tiles_count_as_the_pager_does(world: World, django_assert_num_queries: Any) -> None:
    from oversight.paging import capped_total

    world.advance("submitted")
    qs = Suggestion.objects.all()
    total = qs.count()
    with django_assert_num_queries(1):  # under the cap: one capped count, exact
        assert capped_total(qs) == total
    past = capped_total(qs, cap=1)  # past the cap: PostgreSQL's estimate (never below cap + 1), else exact
    assert past >= 2 if connection.vendor == "postgresql" else past == total
    if connection.vendor == "postgresql":
        with django_assert_num_queries(0):  # remembered: the board does not count that backlog again
            assert capped_total(qs, cap=1) == past
