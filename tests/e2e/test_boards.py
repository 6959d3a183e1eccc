"""The overdue and due-soon boards, and a unit's list, with work that has run late."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.oversight.views import flow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_late_work_shows_red_on_the_boards(login: Any, actors: Any, shoot: Any) -> None:
    # Work assigned four months ago is past its 3-month reply deadline today.
    with time_machine.travel(timezone.now() - timedelta(days=120), tick=False):
        late = flow.accepted(actors, title="关于整治城区内涝点的建议")
        flow.accepted(actors, title="关于老旧小区加装电梯的建议")
    fresh = flow.assigned(actors, title="关于增设社区养老服务站的建议")

    staff = login("staff")
    staff.goto("/staff/overdue/")
    rows = staff.locator("tbody tr.overdue")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("已逾期")
    expect(rows.first).to_contain_text("个月期满日为")
    shoot(staff, "13-staff-overdue")

    staff.goto("/staff/due-soon/")
    expect(staff.get_by_role("link", name=fresh.suggestion.title, exact=False)).to_be_visible()
    expect(staff.get_by_text(late.suggestion.title)).to_have_count(0)

    liaison = login("liaison_a")
    liaison.goto("/unit/")
    first = liaison.locator("tbody tr").first
    expect(first).to_have_class("overdue")
    expect(first).to_contain_text("已逾期")
    shoot(liaison, "14-unit-work-overdue")
