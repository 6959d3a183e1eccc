"""The annual report: opened with python-docx and read back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from oversight.models import Suggestion
from oversight.stats.report import prose_rate
from tests.oversight.stats.world import World

pytestmark = pytest.mark.django_db


def _open(response: Any) -> tuple[str, list[list[list[str]]]]:
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables


def test_prose_rates_drop_trailing_zeros() -> None:
    from decimal import Decimal

    assert [prose_rate(Decimal(v)) for v in ("100.00", "95.70", "58.07", "0.00")] == ["100%", "95.7%", "58.07%", "0%"]


def test_report_for_a_year_reads_back_with_its_figures(client: Any, world: World) -> None:
    Suggestion.objects.filter(pk=world.suggestions[2].pk).update(key_leader="张副主任")
    client.force_login(world.actors.staff)
    text, tables = _open(client.get("/stats/report.docx?year=2026"))
    assert "关于2026年代表建议办理工作情况的报告（草稿）" in text
    # Lead units in 2026: s1, s2, s5 (住建局) and s3 (教育局): 2 of 4 answered.
    assert "共立案交办代表建议4件，由2个承办单位主办（含分办）4件" in text
    assert "截至2026年6月15日，已办复2件，办复率50%；按时答复率50%" in text
    assert "代表满意率33.33%，满意和基本满意率100%" in text
    assert "A类0件，占0%，B类2件，占100%，C类0件，占0%，D类0件，占0%" in text
    assert "落实率50%" in text
    units, key, unsatisfied = tables
    assert units[0][:5] == ["排名", "承办单位", "交办件", "已办复", "办复率"]
    assert units[1][:5] == ["1", "市住房和城乡建设局", "3", "2", "66.67%"]
    assert key[1] == ["第0003号", world.suggestions[2].title, "张副主任", "市教育局", "办理中"]
    # s2's deputy was unsatisfied with the first reply and basically satisfied after re-handling.
    assert unsatisfied[1][0] == "第0002号"
    assert unsatisfied[1][3:] == ["陈代表", "1", "经第2轮重新办理，代表评价为基本满意"]


def test_report_for_a_session_and_without_unsatisfied_cases(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    text, tables = _open(client.get(f"/stats/report.docx?session={world.s2025.pk}"))
    assert tables[0][1][1] == "市教育局"  # s4 (分办) answered; unit A's 分办 only a draft
    assert "第十七届第一次会议" in text
    assert "办复率50%" in text
    assert "本期无重点督办建议。" in text
    assert "本期代表对答复均表示满意或基本满意。" in text
    client.force_login(world.actors.liaison_a)
    assert client.get("/stats/report.docx").status_code == 404
