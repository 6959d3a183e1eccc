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


SEARCHES = ["公交", "老旧小区", "王五", "王", "交通出行", "%", "_", "gONG", " 公交 ", "电梯加装"]


def test_search_finds_what_a_substring_match_or_the_lead_deputys_name_finds(client: Any, actors: Any) -> None:
    """Same rows as ``title/content icontains q OR lead deputy's name == q`` (the rule before the
    search went through the bigram index), whatever the query."""
    from django.db.models import Q

    from oversight.models import Suggestion
    from tests.factories import DeputyFactory, SuggestionFactory

    wang = DeputyFactory.create(name="王五")
    make = SuggestionFactory.create
    make(session=actors.session, title="关于老旧小区加装电梯的建议", content="居民出行不便。", lead_deputy=wang)
    make(session=actors.session, title="推进垃圾分类", content="建议优化城乡公交线路。")
    make(session=actors.session, title="Gong交 50%_off", content="英文与通配符")
    make(session=actors.session, title="王家巷路灯", content="夜间照明不足。")
    SuggestionFactory.create_batch(3, session=actors.session)
    client.force_login(actors.staff)
    for q in SEARCHES:
        value = q.strip()
        expected = set(
            Suggestion.objects.filter(
                Q(title__icontains=value) | Q(content__icontains=value) | Q(lead_deputy__name=value)
            ).values_list("title", flat=True)
        )
        html = client.get("/staff/suggestions/", {"q": q}).content.decode()
        assert set(titles(html)) == expected, q
    assert "关于老旧小区加装电梯的建议" in titles(client.get("/staff/suggestions/", {"q": "王五"}).content.decode())


@pytest.mark.parametrize("size", [1, 4])
def test_search_and_sort_by_deadline_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.assigned(actors, title=f"公交建议{i}")
    client.force_login(actors.staff)
    # session, user, the deputies named q, count, rows, filter choices: session + category + unit,
    # nav: unit roles, deputy, badge. No subquery per row for the deadline column or its order.
    response = pinned("/staff/suggestions/?q=公交&sort=due", 11)
    assert titles(response.content.decode()) == [f"公交建议{i}" for i in range(size)]
