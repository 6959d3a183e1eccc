"""The .xlsx exports: opened with openpyxl and read back as a user would see them."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from oversight.models import Suggestion
from tests.oversight.stats.world import World

pytestmark = pytest.mark.django_db


def _sheet(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.streaming  # sent in chunks from a temporary file, never built in memory as one string
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_suggestion_export_has_chinese_headers_local_dates_and_neutralised_formulas(client: Any, world: World) -> None:
    s1 = world.suggestions[0]
    Suggestion.objects.filter(pk=s1.pk).update(title='=HYPERLINK("http://evil")', content="@SUM(A1)")
    client.force_login(world.actors.staff)
    rows = _sheet(client.get("/exports/suggestions.xlsx"))
    header = rows[0]
    assert header[:8] == ["会议", "编号", "标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"]
    by_number = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    first = by_number["第0001号"]
    assert first["标题"] == '\'=HYPERLINK("http://evil")'
    assert first["内容"] == "'@SUM(A1)"
    assert first["附议代表"] == "刘代表"
    assert "市住房和城乡建设局（主办）" in first["承办单位"]
    # Submitted 2026-06-15 10:00 Shanghai time: written as local time, without a zone.
    assert isinstance(first["提交时间"], datetime) and first["提交时间"].hour == 10
    assert len(rows) == 6


def test_export_uses_the_same_visibility_as_the_pages(client: Any, world: World) -> None:
    client.force_login(world.actors.liaison_b)
    rows = _sheet(client.get("/exports/suggestions.xlsx"))
    # Unit B handles s1 (协办), s3 and s4 — never unit A's s2 and s5.
    assert sorted(r[1] for r in rows[1:]) == ["第0001号", "第0003号", "第0004号"]
    replies = _sheet(client.get("/exports/replies.xlsx"))
    # Only B's own replies (as on the pages): not A's reply to s1, where B is the co-handler.
    assert [(r[0], r[2]) for r in replies[1:]] == [("第0004号", "市教育局")]
    client.force_login(world.actors.outsider)
    assert len(_sheet(client.get("/exports/suggestions.xlsx"))) == 1  # headers only
    client.logout()
    assert client.get("/exports/suggestions.xlsx").status_code == 302


def test_filters_apply_to_the_export(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    rows = _sheet(client.get(f"/exports/suggestions.xlsx?session={world.s2025.pk}"))
    assert [r[1] for r in rows[1:]] == ["第0004号"]
    rows = _sheet(client.get(f"/exports/assignments.xlsx?unit={world.actors.unit_b.pk}"))
    assert sorted(r[1] for r in rows[1:]) == ["第0001号", "第0003号", "第0004号"]
    rows = _sheet(client.get("/exports/ratings.xlsx?rating=unsatisfied"))
    assert [(r[0], r[5]) for r in rows[1:]] == [("第0002号", "不满意")]
    rows = _sheet(client.get("/exports/commitments.xlsx"))
    assert rows[0][:5] == ["建议编号", "建议标题", "承办单位", "承诺内容", "承诺完成日期"]
    assert date(2026, 5, 1) in [r[4].date() for r in rows[1:]]


@pytest.mark.parametrize("kind", ["opinions", "votes"])
def test_opinion_and_vote_exports_open(client: Any, world: World, kind: str) -> None:
    client.force_login(world.actors.staff)
    rows = _sheet(client.get(f"/exports/{kind}.xlsx"))
    assert rows[0][0] in ("标题", "测评名称")


def test_dashboard_table_export_matches_the_page(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    rows = _sheet(client.get("/stats/export/units.xlsx"))
    assert rows[0][:5] == ["排名", "承办单位", "交办件", "已办复", "办复率"]
    assert rows[1][:4] == [1, "市教育局", 3, 2]
    assert rows[1][4] == pytest.approx(0.6667)  # shown as 66.67% (number format 0.00%)
    assert client.get("/stats/export/nonsense.xlsx").status_code == 404
    client.force_login(world.actors.liaison_a)
    assert client.get("/stats/export/units.xlsx").status_code == 404


def test_unknown_list_is_not_found(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    assert client.get("/exports/passwords.xlsx").status_code == 404
