"""The statistics dashboard in a real browser: charts beside tables, a number leading to its list,
a phone's width, and the public figures without logging in."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.oversight.stats.world import build

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_dashboard_number_leads_to_its_list_and_reads_on_a_phone(login: Any, actors: Any, shoot: Any) -> None:
    world = build(actors)
    staff = login("staff")
    staff.goto("/stats/")
    expect(staff.get_by_role("heading", name="统计分析")).to_be_visible()
    expect(staff.locator("svg.chart")).to_have_count(6)
    units = staff.locator("#table-units")
    expect(units.locator("caption")).to_have_text("承办单位办理情况")
    expect(staff.get_by_text("最大余数法").first).to_be_visible()

    # 市教育局's 已办复 (2): s1 as co-handler, s4 as separate unit.
    row = units.locator("tr", has_text="市教育局")
    row.locator("td").nth(2).get_by_role("link").click()
    expect(staff).to_have_url(f"{staff.url.split('?')[0]}?unit={actors.unit_b.pk}&stat=answered")
    listed = staff.locator("tbody tr")
    expect(listed).to_have_count(2)
    expect(listed.first).to_contain_text(world.suggestions[0].title)

    from bench.stats_data import populate

    populate(600)  # more units and sessions, so the charts and the trend have something to show
    staff.goto("/stats/")
    expect(staff.locator("#table-units tbody tr")).to_have_count(62)
    shoot(staff, "30-staff-dashboard", full_page=False)
    staff.locator("#h-trend").scroll_into_view_if_needed()
    staff.evaluate("document.getElementById('h-trend').scrollIntoView()")
    shoot(staff, "31-staff-dashboard-trend", full_page=False)
    # Filter to one session: the trend still shows every session.
    staff.goto(f"/stats/?session={world.s2025.pk}")
    expect(staff.locator("#table-sessions tbody tr")).to_have_count(6)  # five sessions and the total

    phone = login("staff", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto("/stats/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width  # tables scroll inside their box; the page itself never scrolls sideways
    expect(phone.locator("svg.chart").first).to_be_visible()
    shoot(phone, "33-phone-dashboard", full_page=False)


def test_public_figures_without_login(page: Any, live_server: Any, actors: Any, shoot: Any) -> None:
    build(actors)
    page.goto(f"{live_server.url}/public/stats/")
    expect(page.get_by_role("heading", name="代表建议办理情况统计")).to_be_visible()
    expect(page.locator("#table-units tbody tr")).to_have_count(2)
    expect(page.get_by_text("不含涉密、不公开的事项")).to_be_visible()
    shoot(page, "32-public-stats", full_page=False)
