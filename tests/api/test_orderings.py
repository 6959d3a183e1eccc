"""The orders a person can choose (``?ordering=`` of every list endpoint, ``?sort=`` of the staff
list) are total, keep empty values last, and — on PostgreSQL — are each read from an index."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.api.urls import router
from oversight.models import Assignment, Reply, Suggestion, User
from oversight.paging import total_order, with_tiebreak
from tests.factories import SuggestionFactory
from tests.plans import plan_without_sorting
from tracker.models import Deadline


def test_the_tiebreak_follows_the_last_term_and_never_repeats_the_key() -> None:
    assert with_tiebreak(["status"]) == ["status", "id"]
    assert with_tiebreak(["-sent_on"]) == ["-sent_on", "-id"]
    assert with_tiebreak(["status", "-round"]) == ["status", "-round", "-id"]
    assert with_tiebreak(["-id"]) == ["-id"]
    assert with_tiebreak(["pk", "status"]) == ["pk", "status"]
    assert with_tiebreak([]) == []


def test_empty_values_sort_last_in_both_directions() -> None:
    asc, tie = total_order(Suggestion, ["assigned_on"])
    desc, desc_tie = total_order(Suggestion, ["-assigned_on"])
    assert (asc.nulls_last, asc.descending, tie) == (True, False, "id")  # type: ignore[union-attr]
    assert (desc.nulls_last, desc.descending, desc_tie) == (True, True, "-id")  # type: ignore[union-attr]
    # A column that is never empty stays a plain name, so a backward index walk serves "-status".
    assert total_order(Suggestion, ["-status"]) == ["-status", "-id"]
    assert total_order(Suggestion, ["lead_deputy__name"]) == ["lead_deputy__name", "id"]
    # A foreign key groups by the related row's key (one index walk), not by its model's ordering.
    assert total_order(Assignment, ["-unit"]) == ["-unit_id", "-id"]
    # Unique and never empty: already total, nothing appended.
    assert total_order(User, ["-username"]) == ["-username"]


def test_a_persons_share_is_sorted_not_walked_by_a_column_of_few_values() -> None:
    (status, tie) = total_order(Suggestion, ["-status"], narrow=True)
    assert "Coalesce" in repr(status.expression) and status.descending and tie == "-id"  # type: ignore[union-attr]
    # Columns of many values keep their index walk; staff's lists (not narrow) keep every walk.
    assert total_order(Suggestion, ["-submitted_at"], narrow=True) == ["-submitted_at", "-id"]
    assert total_order(Suggestion, ["-status"]) == ["-status", "-id"]


@pytest.mark.django_db
def test_a_deputys_list_by_status_is_in_status_order(actors: Any, client_for: Any) -> None:
    statuses = ["registered", "assigned", "submitted", "assigned"]
    made = []
    for status in statuses:
        row = SuggestionFactory.create(
            session=actors.session, category=actors.category, lead_deputy=actors.deputy_profile
        )
        Suggestion.objects.filter(pk=row.pk).update(status=status)
        made.append((status, row.pk))
    deputy = client_for(actors.deputy)
    for sign, reverse_order in (("", False), ("-", True)):
        body = deputy.get(reverse("api:suggestion-list"), {"ordering": f"{sign}status", "page_size": 50}).json()
        assert [row["id"] for row in body["results"]] == [pk for _, pk in sorted(made, reverse=reverse_order)]


@pytest.fixture
def staff(actors: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(actors.staff)
    return client


def _ids(client: APIClient, params: dict[str, Any]) -> list[int]:
    ids: list[int] = []
    for page in (1, 2, 3, 4):
        body = client.get(reverse("api:suggestion-list"), {**params, "page": page, "page_size": 3}).json()
        ids += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
    return ids


@pytest.mark.django_db
def test_pages_of_a_tie_neither_repeat_nor_skip(actors: Any, staff: APIClient) -> None:
    made = [SuggestionFactory.create(session=actors.session, category=actors.category).pk for _ in range(8)]
    assert _ids(staff, {"ordering": "status"}) == sorted(made)  # one status for all: by id
    assert _ids(staff, {"ordering": "-status"}) == sorted(made, reverse=True)


@pytest.mark.django_db
def test_the_api_lists_unassigned_suggestions_last_either_way(actors: Any, staff: APIClient) -> None:
    rows = [SuggestionFactory.create(session=actors.session, category=actors.category) for _ in range(4)]
    for days, row in zip((3, 1, 2), rows, strict=False):
        Suggestion.objects.filter(pk=row.pk).update(assigned_on=date(2026, 3, days))
    unassigned = rows[3].pk
    assert _ids(staff, {"ordering": "assigned_on"}) == [rows[1].pk, rows[2].pk, rows[0].pk, unassigned]
    assert _ids(staff, {"ordering": "-assigned_on"}) == [rows[0].pk, rows[2].pk, rows[1].pk, unassigned]


@pytest.mark.django_db
def test_the_staff_list_sorts_totally_and_ignores_an_unknown_sort(actors: Any, client: Any) -> None:
    rows = [SuggestionFactory.create(session=actors.session, category=actors.category) for _ in range(3)]
    client.force_login(actors.staff)
    url = reverse("staff:suggestions")
    for sort, expected in (("status", rows), ("-status", rows[::-1])):
        page = client.get(url, {"sort": sort}).content.decode()
        positions = [page.index(row.title) for row in expected]
        assert positions == sorted(positions), sort
    # An unknown sort is the default order (by number), not an order by nothing in particular.
    page = client.get(url, {"sort": "bogus"}).content.decode()
    positions = [page.index(row.title) for row in sorted(rows, key=lambda row: row.number or 0)]
    assert positions == sorted(positions)


# The lists with hundreds of thousands of rows at province scale (docs/benchmarks.md).
LARGE = {"suggestion": Suggestion, "assignment": Assignment, "reply": Reply, "deadline": Deadline, "user": User}
STAFF_SORTS = ["number", "title", "status", "next_due", "submitted_at"]


def _orders() -> list[tuple[str, type[Model], str]]:
    cases = [
        (basename, LARGE[basename], f"{sign}{field}")
        for _, viewset, basename in router.registry
        if basename in LARGE
        for field in getattr(viewset, "ordering_fields", None) or ()
        if field != "id"
        for sign in ("", "-")
    ]
    return cases + [("staff-suggestions", Suggestion, f"{sign}{field}") for field in STAFF_SORTS for sign in ("", "-")]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the empty-last indexes are PostgreSQL's")
@pytest.mark.parametrize(("surface", "model", "term"), _orders(), ids=lambda v: getattr(v, "__name__", str(v)))
def test_every_offered_order_is_an_index_walk(surface: str, model: type[Model], term: str) -> None:
    """With sorting made as costly as PostgreSQL allows, the plan of a page in that order has no
    Sort node: an index gives the rows in order and the page stops after 51 of them."""
    page = model._default_manager.order_by(*total_order(model, [term]))[:51]  # type: ignore[attr-defined]
    plan = plan_without_sorting(page)
    assert "Sort" not in plan, plan
