"""The dashboard, the public figures and the drill-down from a number to its list."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.oversight.stats.world import World

pytestmark = pytest.mark.django_db


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="table-{table}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    cell = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in cell.findall(r)] for r in rows]


def test_staff_dashboard_shows_the_league_table_with_links(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    html = client.get("/stats/").content.decode()
    units = _cells(html, "units")
    # 教育局 66.67% 办复 ranks above 住建局 50.00%.
    assert [r[:5] for r in units] == [
        ["1", "市教育局", "3", "2", "66.67%"],
        ["2", "市住房和城乡建设局", "4", "2", "50.00%"],
    ]
    # The charts are drawn in the page, nothing loaded from another host (a CDN). Not a search for
    # "cdn": the random CSRF token spells it now and then.
    assert "<svg" in html and re.search(r"""(src|href)=["']?(https?:)?//""", html) is None
    assert f"/staff/suggestions/?unit={world.actors.unit_b.pk}&amp;stat=answered" in html
    shares = _cells(html, "reply_categories")
    assert shares[:2] == [["A类", "1", "33.33%"], ["B类", "2", "66.67%"]]
    assert "最大余数法" in html


def test_every_number_leads_to_the_suggestions_behind_it(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    s1, s2, s3, s4, s5 = world.suggestions
    unit_a = world.actors.unit_a.pk

    def listed(query: str) -> set[str]:
        html = client.get(f"/staff/suggestions/?{query}").content.decode()
        return {s.title for s in world.suggestions if s.title in html}

    assert listed(f"unit={unit_a}&stat=answered") == {s1.title, s2.title}
    assert listed(f"unit={unit_a}&stat=assigned") == {s1.title, s2.title, s4.title, s5.title}
    assert listed(f"unit={unit_a}&stat=late") == {s2.title}
    assert listed("stat=overdue") == {s3.title}
    assert listed("stat=category&cat=A") == {s4.title}
    assert listed("stat=unanswered&role=lead") == {s3.title, s4.title, s5.title}
    assert listed(f"unit={unit_a}&stat=commitments_overdue") == {s2.title}


def test_dashboard_is_for_staff_only(client: Any, world: World) -> None:
    assert client.get("/stats/").status_code == 302  # to the login page
    client.force_login(world.actors.liaison_a)
    assert client.get("/stats/").status_code == 404


def test_public_figures_are_open_to_everyone_and_leave_out_unpublished(client: Any, world: World) -> None:
    html = client.get("/public/stats/").content.decode()
    units = {r[1]: r for r in _cells(html, "units")}
    assert units["市教育局"][2:5] == ["2", "1", "50.00%"]  # s4 (不公开) is left out
    assert "/staff/" not in html.split('id="table-units"', 1)[1]


def test_filters_narrow_the_dashboard(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    html = client.get(f"/stats/?session={world.s2025.pk}").content.decode()
    assert [r[1] for r in _cells(html, "units")] == ["市教育局", "市住房和城乡建设局"]
    assert _cells(html, "units")[0][2] == "1"
    # The trend still shows every session.
    assert len(_cells(html, "sessions")) == 3  # two sessions and the total


@pytest.mark.parametrize("extra", [0, 3])
def test_dashboard_query_count_does_not_grow(
    client: Any, world: World, extra: int, django_assert_num_queries: Any
) -> None:
    from tests.factories import SuggestionFactory

    for i in range(extra):
        SuggestionFactory.create(session=world.s2026, number=100 + i)
    client.force_login(world.actors.staff)
    client.get("/stats/")  # warm the content-type cache (and refresh the facts of the new suggestions)
    # the session with the person, their roles and badge (one query: security/sessions.py); form
    # choices: sessions, units, categories; stats (from the derived tables): cells (with ratings and
    # reply categories), overdue, commitments, units, sessions, suggestion categories
    with django_assert_num_queries(10):
        assert client.get("/stats/").status_code == 200
