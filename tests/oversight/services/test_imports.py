from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from oversight.errors import NotAllowed
from oversight.models import Suggestion
from oversight.services import suggestions
from oversight.services.imports import RowError
from tests.factories import DeputyFactory
from tests.oversight.services.helpers import last_entry

pytestmark = pytest.mark.django_db

HEADER = ["标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"]


def good_row(**overrides: str) -> dict[str, str]:
    row = {
        "title": "关于加强老旧小区加装电梯的建议",
        "content": "建议简化审批流程，加大财政补贴力度。",
        "lead_deputy": "陈代表",
        "co_signers": "刘代表",
        "category": "城建环资",
        "period": "闭会期间",
    }
    row.update(overrides)
    return row


def workbook(path: Path, *rows: list[Any]) -> Path:
    """Save the rows as the only sheet of a new .xlsx file at ``path``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_rows_creates_submitted_suggestions(actors: Any) -> None:
    report = suggestions.suggestion_import(
        actor=actors.staff, session=actors.session, rows=[good_row(), good_row(title="关于增设口袋公园的建议")]
    )
    assert report.ok and len(report.created) == 2
    first = Suggestion.objects.get(title="关于加强老旧小区加装电梯的建议")
    assert (first.status, first.period, first.lead_deputy, first.category) == (
        "submitted",
        "interim",
        actors.deputy_profile,
        actors.category,
    )
    assert list(first.co_signers.all()) == [actors.cosigner_profile]
    assert last_entry(first, "suggestion.submit").note == "批量导入"


def test_one_bad_row_saves_nothing_and_reports_each_problem(actors: Any) -> None:
    rows = [
        good_row(),
        good_row(lead_deputy="不存在的人", co_signers="刘代表、查无此人"),
        good_row(title="", category="没有这个分类", period="随时"),
    ]
    report = suggestions.suggestion_import(actor=actors.staff, session=actors.session, rows=rows)
    assert not report.ok
    assert not Suggestion.objects.exists()
    assert report.errors == [
        RowError(2, "lead_deputy", "找不到代表“不存在的人”。"),
        RowError(2, "co_signers", "找不到代表“查无此人”。"),
        RowError(3, "title", "不能为空。"),
        RowError(3, "category", "没有名为“没有这个分类”的分类。"),
        RowError(3, "period", "只能填写“大会期间”或“闭会期间”。"),
    ]
    assert report.messages[0] == "第2行“领衔代表”：找不到代表“不存在的人”。"


def test_same_name_deputies_are_not_guessed(actors: Any) -> None:
    DeputyFactory(name="陈代表")
    report = suggestions.suggestion_import(actor=actors.staff, session=actors.session, rows=[good_row()])
    assert report.errors[0].field == "lead_deputy"
    assert "同名" in report.errors[0].message


def test_import_from_workbook_with_chinese_headers(actors: Any, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "建议.xlsx",
        HEADER,
        ["关于规范校外培训的建议", "建议加强监管。", "刘代表", "陈代表,刘代表", "", "大会期间"],
        [None] * 6,  # blank lines at the end of a sheet are ignored
    )
    report = suggestions.suggestion_import(actor=actors.staff, session=actors.session, rows=path)
    assert report.ok, report.messages
    (created,) = report.created
    assert (created.lead_deputy, created.category, created.period) == (actors.cosigner_profile, None, "session")
    assert list(created.co_signers.all()) == [actors.deputy_profile]


def test_workbook_errors_use_sheet_row_numbers(actors: Any, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "bad.xlsx",
        HEADER,
        ["标题一", "内容", "陈代表", "", "", ""],
        ["标题二", "", "陈代表", "", "", ""],
    )
    with path.open("rb") as handle:
        report = suggestions.suggestion_import(actor=actors.staff, session=actors.session, rows=handle)
    assert report.errors == [RowError(3, "content", "不能为空。")]
    assert not Suggestion.objects.exists()


def test_workbook_missing_required_column(actors: Any, tmp_path: Path) -> None:
    path = workbook(tmp_path / "short.xlsx", ["标题", "内容"])
    report = suggestions.suggestion_import(actor=actors.staff, session=actors.session, rows=path)
    assert report.messages == ["第1行：表头缺少列：领衔代表。"]


def test_not_a_workbook_is_reported(actors: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a spreadsheet")
    report = suggestions.suggestion_import(actor=actors.staff, session=actors.session, rows=path)
    assert not report.ok and "xlsx" in report.messages[0]


@pytest.mark.parametrize("who", ["deputy", "liaison_a", "outsider"])
def test_only_staff_import(actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        suggestions.suggestion_import(actor=getattr(actors, who), session=actors.session, rows=[good_row()])
