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
    # the session with the person, their unit roles, deputy id and badge (one query), the deputies
    # named q, rows with their capped count.
    # No subquery per row for the deadline column or its order; the filter form's choice lists
    # (session, category, unit) come with the form rendered by the warm-up request (reference_lists).
    response = pinned("/staff/suggestions/?q=公交&sort=due", 3)
    assert titles(response.content.decode()) == [f"公交建议{i}" for i in range(size)]


def test_the_filter_form_is_kept_until_a_reference_list_changes(client: Any, actors: Any) -> None:
    """The rendered filter form (its session, category and unit options) is kept between page views
    (oversight/forms/reference_lists.py); saving or deleting a unit, session, term or category shows
    at once, and the values typed are the request's own."""
    from oversight.models import Session, SuggestionCategory, Unit

    client.force_login(actors.staff)

    def options(html: str, name: str) -> list[str]:
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
        assert select is not None
        return re.findall(r">([^<]*)</option>", select.group(0))

    def form(html: str) -> str:
        found = re.search(r'<form method="get".*?</form>', html, re.S)
        assert found is not None
        return found.group(0)

    first = client.get("/staff/suggestions/").content.decode()
    assert actors.unit_a.name in options(first, "unit")
    assert form(client.get("/staff/suggestions/").content.decode()) == form(first)  # kept: the same again
    unit = Unit.objects.create(name="新设的市数据局")
    assert "新设的市数据局" in options(client.get("/staff/suggestions/").content.decode(), "unit")
    unit.name = "市数据管理局"
    unit.save()
    shown = options(client.get("/staff/suggestions/").content.decode(), "unit")
    assert "市数据管理局" in shown and "新设的市数据局" not in shown
    unit.delete()
    assert "市数据管理局" not in options(client.get("/staff/suggestions/").content.decode(), "unit")
    SuggestionCategory.objects.create(name="数字政府")
    assert "数字政府" in options(client.get("/staff/suggestions/").content.decode(), "category")
    session = Session.objects.select_related("term").first()
    assert session is not None and session.term is not None
    session.term.name = "第九届"
    session.term.save()
    assert f"第九届{session.name}" in options(client.get("/staff/suggestions/").content.decode(), "session")
    # The form shows what this request typed (and its errors), whatever was kept for another.
    typed = client.get("/staff/suggestions/", {"q": "电梯", "year": "abc"}).content.decode()
    assert 'name="q" value="电梯"' in typed and "errorlist" in typed
    assert 'value="电梯"' not in client.get("/staff/suggestions/", {"q": "公交"}).content.decode()
    assert "errorlist" not in client.get("/staff/suggestions/", {"page": "1"}).content.decode()
