"""POST /api/v1/suggestions/import/: an .xlsx in, all suggestions or none, with a row report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook
from rest_framework.test import APIClient

from oversight.models import Suggestion

URL = "/api/v1/suggestions/import/"


def _xlsx(*rows: list[Any]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer


@pytest.fixture
def staff(actors: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(actors.staff)
    return client


@pytest.mark.django_db
def test_import_creates_every_row(actors: Any, staff: APIClient) -> None:
    upload = _xlsx(
        ["关于加装电梯的建议", "老旧小区加装电梯进度慢。", "陈代表", "刘代表", "城建环资", "大会期间"],
        ["关于学校午餐的建议", "改善中小学午餐。", "刘代表", "", "城建环资", "闭会期间"],
    )
    response = staff.post(URL, {"session": actors.session.pk, "file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ok"] is True and body["rows"] == 2 and len(body["created"]) == 2
    assert Suggestion.objects.filter(status="submitted").count() == 2


@pytest.mark.django_db
def test_import_with_one_bad_row_imports_nothing_and_says_which_row(actors: Any, staff: APIClient) -> None:
    upload = _xlsx(
        ["关于加装电梯的建议", "老旧小区加装电梯进度慢。", "陈代表", "", "城建环资", "大会期间"],
        ["", "没有标题。", "查无此人", "", "城建环资", "大会期间"],
    )
    response = staff.post(URL, {"session": actors.session.pk, "file": upload}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    assert body["message"].startswith("导入失败")
    assert {error["row"] for error in body["errors"]} == {3}
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_import_of_a_file_that_is_not_a_workbook_is_a_400(actors: Any, staff: APIClient) -> None:
    junk = io.BytesIO(b"not a spreadsheet")
    junk.name = "x.xlsx"
    response = staff.post(URL, {"session": actors.session.pk, "file": junk}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "import_rejected"
