"""What the API lists no longer pay for on every request (issue 14, docs/benchmarks.md): the token,
its user and the user's roles come in one query; a page that ends the list is not counted; the
planner's estimate past the cap is remembered; no filterset is built when no filter is asked for."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.api import pagination
from oversight.api.pagination import ApiPaginator
from oversight.models import Suggestion, User
from security.models import ApiToken
from tests.api.world import World

# "Now" here is the frozen clock of tests/conftest.py (time_machine travels to FROZEN_NOW for every test).

LIST = "api:suggestion-list"


@pytest.fixture(autouse=True)
def _no_remembered_estimates() -> Any:
    pagination.forget_estimates()
    yield
    pagination.forget_estimates()


def _token_client(username: str) -> APIClient:
    _token, raw = ApiToken.objects.create(user=User.objects.get(username=username), name="test")
    return APIClient(HTTP_AUTHORIZATION=f"Token {raw}")


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["staff", "liaison_a", "deputy"])
def test_a_token_request_reads_token_user_and_roles_in_one_query(
    username: str, world: World, django_assert_num_queries: Any
) -> None:
    world.advance("delivered")
    expected = {row.pk for row in Suggestion.objects.visible_to(User.objects.get(username=username))}
    assert expected, "the caller must see something for the test to mean anything"
    client = _token_client(username)
    # the token ⋈ user, with the user's deputy id and unit roles (PostgreSQL; elsewhere the two role
    # look-ups follow when visibility needs them); the page, which ends the list, so no count
    roles = 0 if connection.vendor == "postgresql" or username == "staff" else 2
    with django_assert_num_queries(2 + roles):
        body = client.get(reverse(LIST), {"page_size": 50}).json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected) and body["next"] is None


@pytest.mark.django_db
def test_a_wrong_or_expired_token_is_refused(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    user = User.objects.get(username="liaison_a")
    token, raw = ApiToken.objects.create(user=user, name="test")
    assert APIClient(HTTP_AUTHORIZATION=f"Token {raw[:-1]}x").get(reverse(LIST)).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert APIClient(HTTP_AUTHORIZATION=f"Token {raw}").get(reverse(LIST)).status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()  # deleted, as knox does
    _other, fresh = ApiToken.objects.create(user=user, name="test")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert APIClient(HTTP_AUTHORIZATION=f"Token {fresh}").get(reverse(LIST)).status_code == 401


@pytest.mark.django_db
def test_the_pager_counts_only_when_the_list_goes_on(world: World, django_assert_num_queries: Any) -> None:
    world.advance("delivered")
    qs = Suggestion.objects.order_by("pk")
    total = qs.count()
    assert total >= 2
    with django_assert_num_queries(1):  # the page, which ends the list: its length is the total
        page = ApiPaginator(qs, total).page(1)
        assert page.paginator.count == total and not page.has_next()
    counted = 1 if connection.vendor == "postgresql" else 2  # the capped count: in the page query, or after it
    with django_assert_num_queries(counted):  # the page (one row more than shown) [; the capped count]
        page = ApiPaginator(qs, 1).page(1)
        assert page.paginator.count == total and page.has_next()
    newest = qs.last()
    with django_assert_num_queries(1):
        last = ApiPaginator(qs, 1).page(total)
        assert last.paginator.count == total and not last.has_next()
    assert newest is not None and last.object_list[0].pk == newest.pk
    with pytest.raises(EmptyPage):
        ApiPaginator(qs, 1).page(total + 1)
    assert APIClient().get(reverse(LIST)).status_code == 401


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_the_estimate_past_the_cap_is_remembered_not_the_exact_count(
    world: World, django_assert_num_queries: Any
) -> None:
    world.advance("delivered")
    qs = Suggestion.objects.order_by("pk")
    tiny: Any = type("Tiny", (ApiPaginator,), {"count_cap": 1})
    with django_assert_num_queries(2):  # the page with its capped count; the planner's estimate
        first = tiny(qs, 1).page(1).paginator.count
    with django_assert_num_queries(1) as seen:  # the page alone: past the cap lately, not counted again
        again = tiny(qs, 1).page(1).paginator.count
    assert again == first >= 2
    assert "COUNT(" not in seen.captured_queries[0]["sql"].upper()
    total = qs.count()
    with django_assert_num_queries(1):  # under the cap nothing is remembered: exact from the page
        assert ApiPaginator(qs, 100).page(1).paginator.count == total


@pytest.mark.django_db
def test_lists_without_filter_parameters_match_the_filtered_path(world: World) -> None:
    world.advance("delivered")
    client = APIClient()
    client.force_authenticate(User.objects.get(username="staff"))
    plain = client.get(reverse(LIST), {"page_size": "50", "ordering": "-submitted_at"}).json()
    # An empty filter value goes through django-filter, which filters nothing either.
    filtered = client.get(reverse(LIST), {"page_size": "50", "ordering": "-submitted_at", "q": ""}).json()
    assert plain == filtered and plain["count"] >= 2
    assert client.get(reverse(LIST), {"unit": "abc"}).status_code == 400  # still validated


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "公交"},
        {"status": ["submitted", "registered"], "is_key": "false"},
        {"submitted_after": "2026-01-01", "submitted_before": "2026-12-31", "overdue": "true"},
        {"unit": "abc", "due_within": "-1", "status": "nonsense"},
        {"q": "", "kind": "", "typo": "1"},
    ],
)
def test_a_filtered_request_builds_only_the_filters_it_names(world: World, params: dict[str, Any]) -> None:
    from django.http import QueryDict
    from django_filters.utils import translate_validation
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from oversight.api.filters import SuggestionFilter
    from oversight.forms.filters import narrowed

    world.advance("delivered")
    user = User.objects.get(username="staff")
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    filters_named = narrowed(SuggestionFilter, frozenset(data.keys()))
    assert set(filters_named.base_filters) == {name for name in data if name in SuggestionFilter.base_filters}
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    qs = Suggestion.objects.visible_to(user)
    whole, few = SuggestionFilter(data, qs, request=request), filters_named(data, qs, request=request)
    assert whole.is_valid() == few.is_valid()
    if whole.is_valid():
        assert list(whole.qs.values_list("pk", flat=True)) == list(few.qs.values_list("pk", flat=True))
    else:  # the same errors
        assert translate_validation(whole.errors).detail == translate_validation(few.errors).detail
