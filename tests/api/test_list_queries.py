"""Query counts of every list endpoint, pinned at two page sizes so an N+1 cannot come back.

Each list runs: [auth] the caller's roles where visibility needs them, then 1 SELECT of the page
(related rows joined; one row more than the page shows), one query per prefetched relation, and
1 COUNT only when that extra row says the list goes on past the page: a page that ends the list
knows its own total (oversight/api/pagination.py). On PostgreSQL the capped count is a subquery of
the page query, never a query of its own.
"""

from __future__ import annotations

# "Today" here is the frozen clock of tests/conftest.py (time_machine travels to FROZEN_NOW for every test).
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from oversight.models import ExtensionRequest, SupervisionAction, User
from tests.api.world import World
from tracker.models import Notification

# For a non-staff caller, visibility first reads the caller's deputy id and unit memberships
# (cached on the user for the rest of the request).
ROLE_QUERIES = 2

# list url name → (queries for staff, comment naming each query)
LISTS: dict[str, tuple[int, str]] = {
    "session-list": (2, "count; sessions ⋈ term"),
    "category-list": (2, "count; categories"),
    "unit-list": (2, "count; units"),
    "deputy-list": (2, "count; deputies ⋈ delegation"),
    "suggestion-list": (4, "count; suggestions ⋈ session, category, lead deputy; co-signers; assignments ⋈ unit"),
    "assignment-list": (2, "count; assignments ⋈ suggestion, unit"),
    "extension-list": (2, "count; extension requests ⋈ assignment"),
    "reply-list": (3, "count; replies ⋈ assignment; their attachments"),
    "feedback-list": (2, "count; feedback ⋈ deputy"),
    "commitment-list": (2, "count; commitments ⋈ assignment"),
    "supervision-list": (2, "count; supervision actions"),
    "deadline-list": (2, "count; deadlines ⋈ case type, subject type"),
    "inbox-list": (2, "count; the caller's notifications"),
    "public-reply-list": (3, "count; published replies ⋈ assignment, unit, suggestion, session; attachments"),
}
# Lists whose visibility does not depend on the caller's roles (reference data, own inbox), and
# extension requests, which only units see (memberships only, no deputy lookup).
ROLE_LOOKUPS = {"session-list": 0, "category-list": 0, "unit-list": 0, "deputy-list": 0, "inbox-list": 0}
ROLE_LOOKUPS["public-reply-list"] = 0
ROLE_LOOKUPS["extension-list"] = 1


@pytest.fixture
def busy(world: World) -> World:
    """Six suggestions (three for unit A), each delivered and rated, plus extension requests,
    supervision records and notifications: more rows than the larger page size."""
    from oversight.services import replies as r

    for _ in range(3):
        for case in world.advance("delivered").values():
            for user in case.deputy_users:
                r.feedback_rate(reply=case.reply, actor=User.objects.get(pk=user.pk), rating="basic", comment="")
            ExtensionRequest.objects.create(
                assignment=case.assignment,
                months=1,
                reason="协调中",
                status="refused",
                requested_by=case.liaison,
                requested_at=timezone.now(),
            )
            SupervisionAction.objects.create(
                suggestion=case.suggestion,
                assignment=case.assignment,
                kind="notice",
                happened_on=timezone.localdate() - timedelta(days=1),
                note="催办",
                recorded_by=world.actors.staff,
                recorded_at=timezone.now(),
            )
    from oversight.models import Reply

    Reply.objects.filter(status="accepted").update(published=True)  # test data for the public list
    for user in (world.actors.staff, world.actors.liaison_a):
        Notification.objects.bulk_create(Notification(recipient=user, title=f"提醒{i}") for i in range(6))
    return world


def _count(
    client: APIClient,
    url: str,
    page_size: int,
    django_assert_num_queries: Any,
    expected: int,
    *,
    username: str = "",
    counts: bool = True,
) -> Any:
    """``expected`` counts the COUNT query; it is left out when the page ends the list, and on
    PostgreSQL always, where the capped count is a subquery of the page query. Whether
    it does is read from a first request, so the measured one is still pinned exactly (signed in
    again as a fresh instance of ``username``, so that role look-ups are counted)."""
    total = client.get(url, {"page_size": page_size}).json()["count"]
    if counts and (total <= page_size or connection.vendor == "postgresql"):
        expected -= 1
    if username:
        client.force_authenticate(User.objects.get(username=username))
    with django_assert_num_queries(expected):
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("role", ["staff", "liaison_a"])
def test_list_query_count_does_not_grow_with_page_size(
    name: str, role: str, busy: World, django_assert_num_queries: Any
) -> None:
    queries, _comment = LISTS[name]
    if name == "suggestion-list" and connection.vendor == "postgresql":
        queries -= 2  # co-signers and assignments come as arrays in the page query
    if role != "staff":
        queries += ROLE_LOOKUPS.get(name, ROLE_QUERIES)
    user = User.objects.get(username=role)  # a fresh instance: role lookups are counted
    client = APIClient()
    client.force_authenticate(user)
    url = reverse(f"api:{name}")
    small = _count(client, url, 2, django_assert_num_queries, queries, username=role)
    large = _count(client, url, 5, django_assert_num_queries, queries, username=role)
    assert len(small["results"]) == min(2, small["count"])
    assert len(large["results"]) == min(5, large["count"])
    if name not in ("session-list", "category-list"):
        assert large["count"] > 2, f"{name}: too little data to show the page size does not matter"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "deputy"])
def test_timeline_query_count_does_not_grow_with_page_size(
    role: str, world: World, django_assert_num_queries: Any
) -> None:
    from django.contrib.contenttypes.models import ContentType

    from oversight.models import Suggestion

    case = world.advance("delivered")["A"]  # submit … accept: a dozen timeline entries
    ContentType.objects.get_for_model(Suggestion)  # Django caches content types per process
    # the suggestion (visibility checked in the same query); the entries this reader may see ⋈ actor
    # (filtered by subject visibility in the same query, then paged in memory)
    queries = 2 if role == "staff" else 2 + ROLE_QUERIES
    url = reverse("api:suggestion-timeline", kwargs={"pk": case.suggestion.pk})
    for page_size in (2, 10):
        client = APIClient()
        client.force_authenticate(User.objects.get(username=role))
        # A timeline is paged in memory: its total is the length of the list, never a query.
        body = _count(client, url, page_size, django_assert_num_queries, queries, username=role, counts=False)
        assert len(body["results"]) == min(page_size, body["count"]) and body["count"] > 2


@pytest.mark.django_db
def test_contact_and_progress_lists_do_not_grow_with_rows(world: World, django_assert_num_queries: Any) -> None:
    from oversight.services.assignments import contact_log
    from oversight.services.commitments import commitment_report_progress

    case = world.advance("delivered")["A"]
    commitment = case.assignment.commitments.get()
    staff = APIClient()
    staff.force_authenticate(world.actors.staff)
    contacts = reverse("api:assignment-contacts", kwargs={"pk": case.assignment.pk})
    progress = reverse("api:commitment-progress", kwargs={"pk": commitment.pk})
    for extra in (0, 3):
        for _ in range(extra):
            contact_log(
                assignment=case.assignment,
                actor=case.liaison,
                method="phone",
                contacted_on=timezone.localdate(),
                summary="电话沟通",
            )
            commitment_report_progress(commitment=commitment, actor=case.liaison, note="进展")
        # the assignment ⋈ suggestion, unit; the page of its contact records (no count: the page
        # holds the whole list)
        with django_assert_num_queries(2):
            assert staff.get(contacts).json()["count"] == 1 + extra
        # the commitment ⋈ assignment; the page of its progress reports
        with django_assert_num_queries(2):
            assert staff.get(progress).json()["count"] == extra
