"""Staff lists scale: sortable columns, a unit filter, a deadline column, page numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine

from oversight.models import Assignment
from oversight.services import assignments as a_svc
from tests.oversight.views import flow

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/suggestions/\d+/">([^<]+)</a>', html)


def test_sort_by_deadline_filter_by_unit_and_deadline_column(client: Any, actors: Any) -> None:
    flow.registered(actors, title="乙未交办")
    early = flow.registered(actors, title="甲先交办")
    with time_machine.travel("2026-05-04 10:00 +0800", tick=False):
        a_svc.suggestion_assign(suggestion=early, actor=actors.staff, units=[(actors.unit_a, Assignment.Role.LEAD)])
    flow.assigned(actors, unit=actors.unit_b, title="丙后交办")
    client.force_login(actors.staff)
    by_due = client.get("/staff/suggestions/?sort=due").content.decode()
    assert titles(by_due) == ["甲先交办", "丙后交办", "乙未交办"]  # no deadline last
    assert 'aria-sort="ascending"' in by_due and "退办申请期" in by_due and "还剩" in by_due
    assert titles(client.get("/staff/suggestions/?sort=-due").content.decode())[:2] == ["丙后交办", "甲先交办"]
    only_a = client.get(f"/staff/suggestions/?unit={actors.unit_a.pk}").content.decode()
    assert titles(only_a) == ["甲先交办"]
    assert 'class="status status-registered"' in by_due


def test_page_numbers(client: Any, actors: Any) -> None:
    from oversight.views.common import PAGE_SIZE
    from tests.factories import SuggestionFactory

    SuggestionFactory.create_batch(PAGE_SIZE * 3 + 1, session=actors.session, lead_deputy=actors.deputy_profile)
    client.force_login(actors.staff)
    html = client.get("/staff/suggestions/?page=2").content.decode()
    assert '<span class="page-current" aria-current="page">2</span>' in html
    assert 'href="?page=4"' in html and 'href="?page=1"' in html


def test_overdue_count_stands_out_on_the_workbench(client: Any, actors: Any) -> None:
    flow.assigned(actors)
    client.force_login(actors.staff)
    assert "stat-alert" not in client.get("/staff/").content.decode()
    with time_machine.travel("2026-11-02 10:00 +0800", tick=False):
        client.force_login(actors.staff)
        html = client.get("/staff/").content.decode()
    assert "stat-alert" in html and "请督促办理" in html
