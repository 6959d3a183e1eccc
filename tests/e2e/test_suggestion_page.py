"""A suggestion's page for staff: the similar-suggestions panel arrives after the page, and a long
办理轨迹 shows its newest steps with a link to all of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from oversight.models import Suggestion
from oversight.views.suggestions import TIMELINE_RECENT
from tests.oversight.views import flow
from tracker.models import TimelineEntry

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_similar_panel_loads_after_the_page_and_the_whole_timeline_is_one_click_away(login: Any, actors: Any) -> None:
    base = flow.registered(actors, title="关于提升城东区城市防汛排涝能力的建议")
    flow.registered(actors, title="建议提升城东城市防汛排涝能力")
    TimelineEntry.objects.bulk_create(
        TimelineEntry(case_type=ContentType.objects.get_for_model(Suggestion), case_id=base.pk, note=f"补充记录{i}")
        for i in range(TIMELINE_RECENT + 5)
    )
    page = login("staff")
    page.goto(f"/suggestions/{base.pk}/")
    panel = page.locator("section.similar")
    # The placeholder's link is replaced by the panel itself, with its 并案 button.
    expect(panel.get_by_text("建议提升城东城市防汛排涝能力")).to_be_visible()
    expect(panel.get_by_role("button", name="并案")).to_be_visible()
    expect(panel.get_by_role("link", name="查找相似建议")).to_have_count(0)
    timeline = page.locator(".timeline")
    expect(timeline.locator("li")).to_have_count(TIMELINE_RECENT)
    page.get_by_role("link", name="显示全部办理轨迹").click()
    expect(page.locator(".timeline li")).to_have_count(
        TIMELINE_RECENT
        + 5
        + TimelineEntry.objects.filter(case_id=base.pk, case_type__model="suggestion")
        .exclude(note__startswith="补充记录")
        .count()
    )
