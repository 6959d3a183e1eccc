"""A unit's suggestion list read from its assignments' copy of the suggestion's list columns
(Assignment.list_*, oversight.models.suggestions.LIST_COPIES and in_unit_order): the same rows in
the same order as ``pk IN (the unit's suggestions)`` in the default order and in every order the
list offers on a copied column, each once, and the copy kept right by every write that changes a
suggestion's place in the list.

"now" in this file is the frozen clock of tests/conftest.py (the factories' submitted_at); the
assignment dates are fixed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.api.views.suggestions import SuggestionViewSet
from oversight.models import Assignment, Session, Suggestion
from oversight.models.suggestions import LIST_COPIES, UNIT_ORDERS, unit_order_copies
from oversight.paging import total_order
from oversight.services._base import refresh_suggestion_status
from oversight.services.assignments import suggestion_assign
from oversight.services.suggestions import suggestion_close_off, suggestion_register
from tests.factories import DeputyFactory, SessionFactory, SuggestionFactory
from tests.plans import plan_without_sorting

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)
RETURNED = Assignment.Status.RETURNED


def _assign(suggestion: Suggestion, unit: Any, status: str = Assignment.Status.ACCEPTED) -> Assignment:
    return Assignment.objects.create(
        suggestion=suggestion, unit=unit, role=Assignment.Role.LEAD, status=status, assigned_on=ON
    )


def _copies_match() -> None:
    rows = Assignment.objects.select_related("suggestion").order_by("pk")
    assert rows.exists()
    for a in rows:
        copy = [getattr(a, name) for name in LIST_COPIES.values()]
        assert copy == [getattr(a.suggestion, name) for name in LIST_COPIES], a


@pytest.fixture
def shelf(actors: Any) -> dict[str, Any]:
    """Suggestions of unit A over two sessions, numbers out of id order, one unnumbered, equal
    numbers in two sessions; unit A's returned assignments beside its live one (before it and after
    it), a suggestion it only returned (twice), and suggestions of unit B only or of both units."""
    older = SessionFactory.create(number=2, name="第二次会议", opens_on=date(2025, 1, 10), closes_on=date(2025, 1, 14))
    unit_a, unit_b = actors.unit_a, actors.unit_b
    made: dict[str, Suggestion] = {}
    for name, session, number in [
        ("new-7", actors.session, 7),
        ("new-2", actors.session, 2),
        ("new-none", actors.session, None),
        ("new-5", actors.session, 5),
        ("old-2", older, 2),
        ("old-1", older, 1),
        ("old-9", older, 9),
        ("new-3", actors.session, 3),
        ("b-only", actors.session, 4),
        ("both", older, 3),
        ("returned-only", actors.session, 6),
    ]:
        made[name] = SuggestionFactory.create(
            session=session, number=number, status=Suggestion.Status.ASSIGNED, title=name
        )
    for name in ("new-7", "new-none", "new-5", "old-1", "old-9", "new-3", "both"):
        _assign(made[name], unit_a)
    # returned by unit A, then assigned to it again: two rows of unit A for one suggestion
    _assign(made["new-2"], unit_a, RETURNED)
    _assign(made["new-2"], unit_a)
    _assign(made["old-2"], unit_a, Assignment.Status.CONCLUDED)
    _assign(made["both"], unit_b)
    _assign(made["b-only"], unit_b)
    _assign(made["returned-only"], unit_a, RETURNED)
    _assign(made["returned-only"], unit_a, RETURNED)
    # a returned assignment made after the unit's live one (a later id)
    _assign(made["new-5"], unit_a, RETURNED)
    return made


def _reference(unit_id: int, *, live_only: bool) -> list[int]:
    """The rule as it was: ``pk IN`` the unit's assignments, in Suggestion.Meta.ordering."""
    theirs = Assignment.objects.filter(unit_id=unit_id)
    if live_only:
        theirs = theirs.exclude(status=RETURNED)
    return list(Suggestion.objects.filter(pk__in=theirs.values("suggestion_id")).values_list("pk", flat=True))


def _listed(client: APIClient, params: dict[str, Any], page_size: int) -> tuple[list[int], int]:
    ids: list[int] = []
    page = 1
    while True:
        body = client.get(reverse("api:suggestion-list"), {**params, "page_size": page_size, "page": page}).json()
        ids += [row["id"] for row in body["results"]]
        if not body["next"]:
            return ids, body["count"]
        page += 1


@pytest.mark.parametrize("page_size", [2, 3, 50])
def test_staff_unit_filter_lists_the_same_rows_in_the_same_order(
    actors: Any, shelf: dict[str, Any], page_size: int
) -> None:
    client = APIClient()
    client.force_authenticate(actors.staff)
    for unit in (actors.unit_a, actors.unit_b):
        expected = _reference(unit.pk, live_only=True)
        assert _listed(client, {"unit": unit.pk}, page_size) == (expected, len(expected))
    a_ids = _reference(actors.unit_a.pk, live_only=True)
    assert shelf["returned-only"].pk not in a_ids and shelf["new-2"].pk in a_ids and shelf["b-only"].pk not in a_ids
    titles = [Suggestion.objects.get(pk=pk).title for pk in a_ids]
    assert titles == ["new-2", "new-3", "new-5", "new-7", "new-none", "old-1", "old-2", "both", "old-9"]


@pytest.mark.parametrize("page_size", [2, 3, 50])
def test_liaison_list_is_the_unit_s_suggestions_once_each_in_list_order(
    actors: Any, shelf: dict[str, Any], page_size: int
) -> None:
    client = APIClient()
    client.force_authenticate(actors.liaison_a)
    expected = _reference(actors.unit_a.pk, live_only=False)
    assert shelf["returned-only"].pk in expected and len(expected) == len(set(expected)) == 10
    assert _listed(client, {}, page_size) == (expected, len(expected))
    # The same rows under another order, and under other filters, as visible_to gives them.
    visible = Suggestion.objects.visible_to(actors.liaison_a)
    by_submitted = list(visible.order_by("-submitted_at", "-id").values_list("pk", flat=True))
    assert _listed(client, {"ordering": "-submitted_at"}, page_size)[0] == by_submitted
    older = list(visible.filter(session__number=2).values_list("pk", flat=True))
    session = Session.objects.get(number=2)
    assert _listed(client, {"session": session.pk}, page_size) == (older, len(older))
    # Their own unit as ?unit= too: live assignments only.
    live = _reference(actors.unit_a.pk, live_only=True)
    assert _listed(client, {"unit": actors.unit_a.pk}, page_size) == (live, len(live))


def test_staff_page_unit_filter_keeps_rows_and_order(client: Any, actors: Any, shelf: dict[str, Any]) -> None:
    client.force_login(actors.staff)
    response = client.get(f"/staff/suggestions/?unit={actors.unit_a.pk}")
    listed = [s["id"] for s in response.context["page_obj"].object_list]
    assert listed == _reference(actors.unit_a.pk, live_only=True)
    by_title = client.get(f"/staff/suggestions/?unit={actors.unit_a.pk}&sort=title")
    assert [s["title"] for s in by_title.context["page_obj"].object_list] == sorted(
        Suggestion.objects.filter(pk__in=listed).values_list("title", flat=True)
    )


def test_unit_list_query_counts_stay_pinned(actors: Any, shelf: dict[str, Any], django_assert_num_queries: Any) -> None:
    """The page and its capped count in one query (plus, for the liaison, their units and deputy
    profile: as many queries as ``visible_to`` made before)."""
    staff, liaison = APIClient(), APIClient()
    staff.force_authenticate(actors.staff)
    liaison.force_authenticate(actors.liaison_a)
    url = reverse("api:suggestion-list")
    with django_assert_num_queries(1):
        assert staff.get(url, {"unit": actors.unit_a.pk, "page_size": 3}).json()["count"] == 9
    with django_assert_num_queries(3):
        assert liaison.get(url, {"page_size": 3}).json()["count"] == 10


def test_the_copy_follows_every_write(actors: Any) -> None:
    suggestion = SuggestionFactory.create(session=actors.session)
    suggestion_register(suggestion=suggestion, actor=actors.staff)
    suggestion.refresh_from_db()
    # 交办 through the service (the suggestion at hand), and an assignment made from an id alone.
    suggestion_assign(suggestion=suggestion, actor=actors.staff, units=[(actors.unit_a, Assignment.Role.LEAD)])
    Assignment.objects.create(suggestion_id=suggestion.pk, unit=actors.unit_b, role="separate", assigned_on=ON)
    _copies_match()
    assert Assignment.objects.filter(list_number=suggestion.number).count() == 2
    assert set(Assignment.objects.values_list("list_status", flat=True)) == {"assigned"}
    # 交办 opened the reply deadline: tracker.nearest rewrote next_due, and the copy followed
    next_due = Suggestion.objects.get(pk=suggestion.pk).next_due
    assert next_due is not None and set(Assignment.objects.values_list("list_next_due", flat=True)) == {next_due}

    # the status the units' handling gives it (through the service's locked copy), then 销号
    Assignment.objects.filter(suggestion=suggestion).update(status=Assignment.Status.CONCLUDED)
    with transaction.atomic():
        refresh_suggestion_status(Suggestion.objects.get(pk=suggestion.pk), actor=actors.staff)
    _copies_match()
    assert set(Assignment.objects.values_list("list_status", flat=True)) == {"concluded"}
    suggestion_close_off(suggestion=Suggestion.objects.get(pk=suggestion.pk), actor=actors.staff)
    _copies_match()
    assert set(Assignment.objects.values_list("list_status", flat=True)) == {"closed_off"}
    # an edit of the title and the lead deputy (named as the field, copied as its id)
    edited = Suggestion.objects.get(pk=suggestion.pk)
    edited.title, edited.lead_deputy = "关于公交站台的建议", DeputyFactory.create()
    edited.save(update_fields=["title", "lead_deputy"])
    _copies_match()
    assert set(Assignment.objects.values_list("list_title", "list_lead_deputy_id")) == {
        ("关于公交站台的建议", edited.lead_deputy_id)
    }

    # renumbered (update_fields, then a full save), moved to another session, the session's date moved
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    suggestion.number = 99
    suggestion.save(update_fields=["number"])
    _copies_match()
    suggestion.number = None
    suggestion.save()
    _copies_match()
    other = SessionFactory.create(number=9, name="第九次会议", opens_on=date(2024, 1, 10), closes_on=date(2024, 1, 14))
    suggestion.session = other
    suggestion.save(update_fields=["session"])
    _copies_match()
    assert set(Assignment.objects.values_list("list_opens_on", flat=True)) == {date(2024, 1, 10)}
    other.opens_on = date(2024, 2, 20)
    other.save()
    _copies_match()
    assert set(Assignment.objects.values_list("list_opens_on", flat=True)) == {date(2024, 2, 20)}

    # An assignment loaded before a renumbering and a new lead deputy, saved in full afterwards,
    # keeps the new copy.
    stale = Assignment.objects.get(unit=actors.unit_a)
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    suggestion.number = 12
    suggestion.lead_deputy = DeputyFactory.create()
    suggestion.save()
    stale.concluded_reason = "已办结"
    stale.save()
    _copies_match()
    assert Assignment.objects.get(pk=stale.pk).concluded_reason == "已办结"


def test_saves_that_leave_the_list_order_alone_cost_no_extra_query(
    actors: Any, shelf: dict[str, Any], django_assert_num_queries: Any
) -> None:
    suggestion = Suggestion.objects.select_related("session").get(pk=shelf["new-7"].pk)
    with django_assert_num_queries(1):
        suggestion.is_key = True
        suggestion.save(update_fields=["is_key"])
    with django_assert_num_queries(1):
        suggestion.save()  # a full save, number and session unchanged
    with django_assert_num_queries(2):
        suggestion.number = 70
        suggestion.save()  # the suggestion, then its assignments' copy
    with django_assert_num_queries(2):
        suggestion.status = Suggestion.Status.REPLIED
        suggestion.save(update_fields=["status"])  # the same for a status change
    with django_assert_num_queries(1):
        suggestion.save(update_fields=["status", "title"])  # the status as copied already
    assignment = Assignment.objects.get(suggestion=suggestion)
    with django_assert_num_queries(1):
        assignment.save()
    _copies_match()


# The orders the API offers that a unit's list reads from the copy (the staff list offers all).
API_TERMS = [term for term in UNIT_ORDERS if term in SuggestionViewSet.ordering_fields]


def test_a_save_copies_only_what_it_wrote(actors: Any, shelf: dict[str, Any]) -> None:
    """An instance loaded before another write (an edit of the title, the nearest deadline
    rewritten by tracker.nearest) that then saves its status copies its status, not its older
    title or deadline."""
    stale = Suggestion.objects.get(pk=shelf["new-7"].pk)
    fresh = Suggestion.objects.get(pk=stale.pk)
    fresh.title = "关于公交站台的建议"
    fresh.save(update_fields=["title"])
    Suggestion.objects.filter(pk=stale.pk).update(next_due=date(2026, 9, 1))
    Suggestion.nearest_deadline_copied(Suggestion.objects.filter(pk=stale.pk))
    stale.status = Suggestion.Status.REPLIED
    stale.save(update_fields=["status"])
    _copies_match()
    assert Assignment.objects.filter(suggestion=stale).values_list(
        "list_title", "list_next_due", "list_status"
    ).get() == (
        "关于公交站台的建议",
        date(2026, 9, 1),
        "replied",
    )


def _spread(shelf: dict[str, Any]) -> None:
    """Give the shelf's suggestions statuses, dates, empty dates, titles and lead deputies that
    order them in several ways, ties included, through save() (which keeps the assignments' copy)."""
    S = Suggestion.Status
    values = [S.REPLIED, S.ASSIGNED, S.CONCLUDED, S.ASSIGNED, S.REHANDLING, S.REPLIED]
    leads = [DeputyFactory.create(name=name) for name in ("张三", "李四", "王五")]
    for i, suggestion in enumerate(sorted(shelf.values(), key=lambda s: s.pk)):
        suggestion.refresh_from_db()
        suggestion.status = values[i % len(values)]
        suggestion.title = ("关于公交线路的建议", "关于老旧小区改造的建议", "关于学校周边交通的建议")[i * 5 % 3]
        suggestion.lead_deputy = leads[i * 2 % 3]
        suggestion.submitted_at = suggestion.submitted_at.replace(day=1 + (i * 7) % 5)
        suggestion.registered_at = None if i % 3 == 0 else suggestion.submitted_at.replace(hour=i % 2)
        suggestion.assigned_on = None if i % 4 == 1 else date(2026, 3, 1 + i % 3)
        suggestion.save()
        # the nearest deadline, as tracker.nearest writes it (an UPDATE, then the copy)
        due = None if i % 3 == 2 else date(2026, 7, 1 + i % 4)
        Suggestion.objects.filter(pk=suggestion.pk).update(next_due=due)
    Suggestion.nearest_deadline_copied(Suggestion.objects.all())


@pytest.mark.parametrize("term", [f"{sign}{name}" for name in API_TERMS for sign in ("", "-")])
@pytest.mark.parametrize("page_size", [3, 50])
def test_a_unit_s_list_in_each_copied_order_is_the_suggestions_own_order(
    actors: Any, shelf: dict[str, Any], term: str, page_size: int
) -> None:
    """Ordered by a column the assignments copy, a unit's list (the liaison's own, and ?unit= for
    staff) is read from the copy: the rows and the order of the suggestions' own column, ties by
    id in its direction, empty values last either way; page after page, each row once."""
    _spread(shelf)
    _copies_match()
    order = total_order(Suggestion, [term])
    liaison, staff = APIClient(), APIClient()
    liaison.force_authenticate(actors.liaison_a)
    staff.force_authenticate(actors.staff)
    theirs = Suggestion.objects.filter(pk__in=_reference(actors.unit_a.pk, live_only=False))
    expected = list(theirs.order_by(*order).values_list("pk", flat=True))
    assert len(set(Suggestion.objects.filter(pk__in=expected).values_list(term.lstrip("-"), flat=True))) > 2
    assert _listed(liaison, {"ordering": term}, page_size) == (expected, len(expected))
    live = Suggestion.objects.filter(pk__in=_reference(actors.unit_a.pk, live_only=True))
    expected_live = list(live.order_by(*order).values_list("pk", flat=True))
    assert _listed(staff, {"ordering": term, "unit": actors.unit_a.pk}, page_size) == (
        expected_live,
        len(expected_live),
    )


def test_the_staff_page_sorted_within_a_unit_reads_the_copy(client: Any, actors: Any, shelf: dict[str, Any]) -> None:
    _spread(shelf)
    client.force_login(actors.staff)
    live = Suggestion.objects.filter(pk__in=_reference(actors.unit_a.pk, live_only=True))
    sorts = {
        "number": "number",
        "status": "status",
        "submitted": "submitted_at",
        "title": "title",
        "lead": "lead_deputy__name",
        "due": "next_due",
    }
    assert set(sorts.values()) | set(API_TERMS) == set(UNIT_ORDERS)
    for sort, term in sorts.items():
        for sign in ("", "-"):
            response = client.get(f"/staff/suggestions/?unit={actors.unit_a.pk}&sort={sign}{sort}")
            listed = [s["id"] for s in response.context["page_obj"].object_list]
            expected = live.order_by(*total_order(Suggestion, [f"{sign}{term}"])).values_list("pk", flat=True)
            assert listed == list(expected), sign + sort
    response = client.get(f"/staff/suggestions/?unit={actors.unit_a.pk}&sort=-lead")
    names = [s["lead_deputy__name"] for s in response.context["page_obj"].object_list]
    assert names == sorted(names, reverse=True) and len(set(names)) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the empty-last indexes are PostgreSQL's")
@pytest.mark.parametrize("term", [f"{sign}{name}" for name in UNIT_ORDERS for sign in ("", "-")])
def test_a_unit_s_list_in_each_copied_order_is_an_index_walk(actors: Any, term: str) -> None:
    """With sorting made as costly as PostgreSQL allows, a page of the liaison's list in that order
    has no Sort node: the unit's index on the copy gives the rows in order (at 2,000,000
    suggestions the suggestion's own index walked the whole table, or all of a unit's rows were
    sorted: 80–236 ms, docs/benchmarks.md "A unit's list in every order")."""
    rows = Suggestion.objects.listed_for(actors.liaison_a)
    copies = unit_order_copies(rows)
    assert set(copies) == set(UNIT_ORDERS)
    page = rows.order_by(*total_order(Suggestion, [term], narrow=True, copies=copies))[:51]
    by_name = term.lstrip("-") == "lead_deputy__name"
    plan = plan_without_sorting(page, incremental_sort=by_name)
    if by_name:
        # The deputies in name order (their index), each one's rows of the unit, and only a tie of
        # two deputies' equal names sorted by id. (With a unit of a few rows PostgreSQL reads them
        # all first; at 200,000 suggestions it reads each deputy's from assignment_unit_lead_deputy,
        # docs/benchmarks.md "A unit's list in every order".)
        assert re.search(r"(^|->  )Sort  \(", plan, re.M) is None, plan
        assert "Presorted Key: oversight_deputy.name" in plan, plan
        return
    assert "Sort" not in plan, plan
    assert f"using assignment_unit_{term.lstrip('-').split('_')[0]}" in plan, plan


def test_other_lists_have_no_copies(actors: Any) -> None:
    assert unit_order_copies(Suggestion.objects.all()) == {}
    assert unit_order_copies(Suggestion.objects.visible_to(actors.deputy)) == {}
