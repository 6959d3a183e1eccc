"""manage.py import_suggestions: all or nothing, a progress bar on a terminal, and an export of
the suggestions imported into an emptied database gives the same suggestions back."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from oversight.models import Suggestion
from tests.oversight.stats.world import World

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _fields(qs: Any) -> list[tuple[Any, ...]]:
    def fields(s: Suggestion) -> tuple[Any, ...]:
        co_signers = tuple(sorted(d.name for d in s.co_signers.all()))
        return (s.title, s.content, s.lead_deputy.name, co_signers, s.category, s.period)

    return sorted(fields(s) for s in qs)


def test_export_then_import_into_an_empty_database_gives_the_suggestions_back(
    client: Any, world: World, tmp_path: Path
) -> None:
    Suggestion.objects.filter(pk=world.suggestions[1].pk).update(content="-30%的路段需要改造", period="interim")
    client.force_login(world.actors.staff)
    response = client.get(f"/exports/suggestions.xlsx?session={world.s2026.pk}")
    sheet = tmp_path / "export.xlsx"
    sheet.write_bytes(b"".join(response.streaming_content))
    before = _fields(Suggestion.objects.filter(session=world.s2026))
    Suggestion.objects.all().delete()

    call_command("import_suggestions", str(sheet), session=world.s2026.pk, user="staff", stdout=io.StringIO())

    after = Suggestion.objects.filter(session=world.s2026)
    assert _fields(after) == before
    assert len(before) == 4
    assert all(s.status == Suggestion.Status.SUBMITTED for s in after)  # imported as submitted, for 立案


def test_a_bad_row_imports_nothing_and_names_the_row(world: World, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"])
    book.active.append(["关于路灯的建议", "建议增设路灯。", "陈代表", "", "城建环资", "大会期间"])
    book.active.append(["关于公园的建议", "建议增设公园。", "查无此人", "", "", ""])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    count = Suggestion.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何建议"):
        call_command("import_suggestions", str(path), session=world.s2026.pk, user="staff", stderr=err)
    assert "第3行“领衔代表”：找不到代表“查无此人”。" in err.getvalue()
    assert Suggestion.objects.count() == count


def test_progress_bar_only_on_a_terminal(world: World, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    call_command("import_suggestions", template=str(path), stdout=io.StringIO())
    header = next(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert list(header) == ["标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"]
    book = load_workbook(path)
    book.worksheets[0]["C2"] = "陈代表"
    book.worksheets[0]["D2"] = "刘代表"
    book.save(path)
    piped = io.StringIO()
    call_command("import_suggestions", str(path), session=world.s2026.pk, user="staff", stdout=piped)
    assert "校验" not in piped.getvalue() and "已导入 1 件建议" in piped.getvalue()
    terminal = Terminal()
    call_command("import_suggestions", str(path), session=world.s2026.pk, user="staff", stdout=terminal)
    assert "校验" in terminal.getvalue() and "保存" in terminal.getvalue()


def test_template_download_for_staff(client: Any, world: World) -> None:
    client.force_login(world.actors.staff)
    response = client.get("/staff/import/template.xlsx")
    header = next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert header[0] == "标题"
    client.force_login(world.actors.liaison_a)
    assert client.get("/staff/import/template.xlsx").status_code == 404
