"""/api/v1/stats/… and /api/v1/exports/…"""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.oversight.stats.world import World

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_staff_get_the_figures_by_unit(world: World) -> None:
    body = _client(world.actors.staff).get("/api/v1/stats/", {"by": "unit"}).json()
    rows = {r["name"]: r for r in body["rows"]}
    a = rows["市住房和城乡建设局"]
    assert (a["assigned"], a["answered"], a["answer_rate"], a["satisfied_rate"]) == (4, 2, "50.00", "33.33")
    assert a["fulfilment_rate"] == "50.00"
    assert rows["市教育局"]["fulfilment_rate"] is None
    total = body["total"]
    assert [(c["name"], c["count"], c["share"]) for c in total["categories"]] == [
        ("A类", 1, "33.33"),
        ("B类", 2, "66.67"),
        ("C类", 0, "0.00"),
        ("D类", 0, "0.00"),
    ]


def test_figures_by_year_and_filtered_by_role(world: World) -> None:
    body = _client(world.actors.staff).get("/api/v1/stats/", {"by": "year", "role": "lead"}).json()
    assert [(r["name"], r["assigned"]) for r in body["rows"]] == [("2025年", 2), ("2026年", 4)]


def test_bad_parameters_are_refused_in_chinese(world: World) -> None:
    client = _client(world.actors.staff)
    response = client.get("/api/v1/stats/", {"by": "colour"})
    assert response.status_code == 400 and "分组" in response.json()["fields"]["by"]
    assert client.get("/api/v1/stats/", {"year": "1"}).status_code == 400
    assert client.get("/api/v1/exports/assignments.xlsx", {"unit": "abc"}).status_code == 400


def test_public_figures_need_no_login_and_leave_out_unpublished(world: World) -> None:
    body = _client().get("/api/v1/stats/public/", {"by": "unit"}).json()
    assert {r["name"]: r["assigned"] for r in body["rows"]} == {"市住房和城乡建设局": 3, "市教育局": 2}
    assert _client(world.actors.liaison_a).get("/api/v1/stats/").status_code == 403


def test_api_exports_follow_visibility(world: World) -> None:
    response = _client(world.actors.liaison_b).get("/api/v1/exports/suggestions.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(_body(response)))
    numbers = sorted(r[1] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert numbers == ["第0001号", "第0003号", "第0004号"]
    table = _client(world.actors.staff).get("/api/v1/stats/export/", {"table": "reply_categories"})
    book = load_workbook(io.BytesIO(_body(table)))
    first_column = [r[0] for r in book.worksheets[0].iter_rows(values_only=True)]
    assert first_column == ["类别", "A类", "B类", "C类", "D类", "合计"]
