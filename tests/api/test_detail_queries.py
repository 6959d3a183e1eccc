"""A suggestion with a 200-entry timeline: its API detail, timeline page and HTML page read a fixed
number of queries, whatever the length of the timeline (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.models import Suggestion, User
from oversight.views.suggestions import TIMELINE_RECENT
from tests.api.world import World
from tracker.models import TimelineEntry

# API detail: the suggestion (visibility in the same query) ⋈ session, category, lead deputy;
# co-signers; assignments ⋈ unit.
API_DETAIL = 3
# API timeline page (one selector decides what the caller reads): count; the page ⋈ actor.
API_TIMELINE = 2
# The page, for staff: the session with the caller, their unit memberships, deputy id and unread
# inbox count (one query: security/sessions.py); suggestion ⋈ session, term, category, lead deputy;
# assignments ⋈ unit; replies ⋈ assignment, unit; attachments; commitments; feedback ⋈ deputy;
# co-signers; deadlines; the newest timeline entries ⋈ actor; supervision. (The
# similar-suggestions panel loads afterwards from its own URL: SIMILAR.)
PAGE = 11
# The panel as a fragment (no navigation): the session with the caller; suggestion; savepoint, SET
# LOCAL threshold, trigram candidates ⋈ lead deputy, release; exact duplicates; the 并案 links.
SIMILAR = 8


def _grow_timeline(suggestion: Suggestion, to: int) -> int:
    entries = TimelineEntry.objects.filter(
        case_type=ContentType.objects.get_for_model(Suggestion), case_id=suggestion.pk
    )
    first = entries.first()
    assert first is not None
    added = to - entries.count()
    TimelineEntry.objects.bulk_create(
        TimelineEntry(case_type_id=first.case_type_id, case_id=suggestion.pk, action="note", note=f"第{i}条补充记录")
        for i in range(added)
    )
    assert entries.count() == to
    return added


@pytest.mark.django_db
@pytest.mark.parametrize("entries", [20, 200])
def test_detail_queries_do_not_grow_with_the_timeline(
    entries: int, world: World, django_assert_num_queries: Any
) -> None:
    case = world.advance("delivered")["A"]
    added = _grow_timeline(case.suggestion, entries)
    ContentType.objects.get_for_model(Suggestion)  # content types are cached per process
    staff = User.objects.get(username="staff")
    api = APIClient()
    api.force_authenticate(staff)
    with django_assert_num_queries(API_DETAIL):
        assert api.get(reverse("api:suggestion-detail", kwargs={"pk": case.suggestion.pk})).status_code == 200
    with django_assert_num_queries(API_TIMELINE):
        url = reverse("api:suggestion-timeline", kwargs={"pk": case.suggestion.pk})
        body = api.get(url, {"page_size": 100}).json()
    assert body["count"] == entries
    page = Client()
    page.force_login(staff)
    url = reverse("suggestion", kwargs={"pk": case.suggestion.pk})
    similar = reverse("staff:similar", kwargs={"pk": case.suggestion.pk})
    # Warm-up: the navigation counts (cached until the next timeline entry) and the once-per-process
    # pg_trgm probe of the similar-suggestions panel are paid by the first page view only.
    page.get(url)
    page.get(similar, {"fragment": "1"})
    with django_assert_num_queries(PAGE):
        response = page.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The newest TIMELINE_RECENT steps, and a link to all of them when there are more.
    shown = [i for i in range(added) if f"第{i}条补充记录<" in html]
    assert shown == list(range(max(0, added - TIMELINE_RECENT), added))
    assert ('href="?timeline=all#timeline"' in html) == (entries > TIMELINE_RECENT)
    with django_assert_num_queries(PAGE):
        html = page.get(url, {"timeline": "all"}).content.decode()
    assert all(f"第{i}条补充记录<" in html for i in range(added))  # the whole timeline on request
    with django_assert_num_queries(SIMILAR):
        assert page.get(similar, {"fragment": "1"}).status_code == 200
