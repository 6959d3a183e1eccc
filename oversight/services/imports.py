"""Bulk entry of suggestions from a spreadsheet (or rows already read), all or nothing.

Every row is checked first; if any row has a problem nothing is saved and the report lists each
problem by row and column, in Chinese, so staff can fix the sheet and upload it again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from oversight.models import Deputy, Session, Suggestion, SuggestionCategory, User
from oversight.services._base import require_staff
from oversight.services.suggestions import create_submitted_many

# Column headers of the import sheet (first row of the first sheet) → row keys.
HEADERS = {
    "标题": "title",
    "内容": "content",
    "领衔代表": "lead_deputy",
    "附议代表": "co_signers",
    "分类": "category",
    "提出时间": "period",
}
LABELS = {key: header for header, key in HEADERS.items()}
REQUIRED = ("title", "content", "lead_deputy")
PERIODS = {
    "": Suggestion.Period.SESSION,
    "大会期间": Suggestion.Period.SESSION,
    "session": Suggestion.Period.SESSION,
    "闭会期间": Suggestion.Period.INTERIM,
    "interim": Suggestion.Period.INTERIM,
}
NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"“{LABELS.get(self.field, self.field)}”" if self.field else ""
        return f"第{self.row}行{where}：{self.message}"


@dataclass
class ImportReport:
    created: list[Suggestion] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


def read_workbook(source: str | Path | IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet as (sheet row number, {key: value}); blank rows are skipped.

    Raises ``ValueError`` (with a Chinese message) when the header row lacks a required column.
    """
    from openpyxl import load_workbook

    book = load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(lines, ())]
        keys = [HEADERS.get(h, "") for h in header]
        missing = [LABELS[k] for k in REQUIRED if k not in keys]
        if missing:
            raise ValueError(_("表头缺少列：%(cols)s。") % {"cols": "、".join(missing)})
        rows = []
        for number, values in enumerate(lines, start=2):
            row = {k: v for k, v in zip(keys, values, strict=False) if k}
            if any(str(v or "").strip() for v in row.values()):
                rows.append((number, row))
        return rows
    finally:
        book.close()


# Our own exports neutralise text a spreadsheet would run as a formula with a leading apostrophe
# (oversight/stats/xlsx.py); an exported sheet imported again gets the original text back.
NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        value = row.get(LABELS[key])  # rows may carry the Chinese headers as keys
    return NEUTRALISED.sub("", str(value if value is not None else "")).strip()


class _Lookup:
    """Names to objects, read once per import (deputies are matched by exact name)."""

    def __init__(self) -> None:
        self.deputies: dict[str, list[Deputy]] = {}
        for deputy in Deputy.objects.filter(is_active=True):
            self.deputies.setdefault(deputy.name, []).append(deputy)
        self.categories = {c.name: c for c in SuggestionCategory.objects.filter(is_active=True)}

    def deputy(self, name: str) -> tuple[Deputy | None, str]:
        found = self.deputies.get(name, [])
        if not found:
            return None, _("找不到代表“%(name)s”。") % {"name": name}
        if len(found) > 1:
            return None, _("有%(n)s名代表同名“%(name)s”，请手工录入。") % {"n": len(found), "name": name}
        return found[0], ""


def _check_row(number: int, row: Mapping[str, Any], lookup: _Lookup) -> tuple[dict[str, Any], list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def fail(key: str, message: str) -> None:
        errors.append(RowError(number, key, message))

    for key in REQUIRED:
        if not _text(row, key):
            fail(key, _("不能为空。"))
    title = _text(row, "title")
    if len(title) > 200:
        fail("title", _("不能超过200字。"))
    values["title"], values["content"] = title, _text(row, "content")
    if lead_name := _text(row, "lead_deputy"):
        values["lead_deputy"], problem = lookup.deputy(lead_name)
        if problem:
            fail("lead_deputy", problem)
    cosigners = []
    for name in filter(None, NAME_SEPARATORS.split(_text(row, "co_signers"))):
        deputy, problem = lookup.deputy(name)
        if problem:
            fail("co_signers", problem)
        elif deputy is not None:
            cosigners.append(deputy)
    values["co_signers"] = cosigners
    category_name = _text(row, "category")
    values["category"] = lookup.categories.get(category_name) if category_name else None
    if category_name and values["category"] is None:
        fail("category", _("没有名为“%(name)s”的分类。") % {"name": category_name})
    period = _text(row, "period")
    if period not in PERIODS:
        fail("period", _("只能填写“大会期间”或“闭会期间”。"))
    values["period"] = PERIODS.get(period, Suggestion.Period.SESSION)
    return values, errors


def suggestion_import(
    *,
    actor: User,
    session: Session,
    rows: Iterable[Mapping[str, Any]] | str | Path | IO[bytes],
    progress: Callable[[str, int], None] | None = None,
) -> ImportReport:
    """Import suggestions as submitted. ``rows``: dicts (row numbers count from 1), or an .xlsx
    file/path whose first sheet has the headers 标题, 内容, 领衔代表, 附议代表, 分类, 提出时间.
    ``progress(phase, total)`` is called once per row checked ("check") and per row saved ("save")."""
    tick = progress or (lambda phase, total: None)
    require_staff(actor, action=_("批量导入建议"))
    report = ImportReport()
    if isinstance(rows, str | Path) or hasattr(rows, "read"):
        try:
            numbered = read_workbook(rows)  # type: ignore[arg-type]
        except ValueError as exc:
            report.errors.append(RowError(1, "", str(exc)))
            return report
        except Exception:  # openpyxl raises several types for a file that is not a workbook
            report.errors.append(RowError(1, "", _("无法读取该文件，请上传 .xlsx 格式的表格。")))
            return report
    else:
        numbered = list(enumerate(rows, start=1))  # type: ignore[arg-type]
    report.rows = len(numbered)
    if not numbered:
        report.errors.append(RowError(1, "", _("表格中没有数据。")))
        return report
    lookup = _Lookup()
    checked = []
    for number, row in numbered:
        values, errors = _check_row(number, row, lookup)
        report.errors.extend(errors)
        checked.append(values)
        tick("check", len(numbered))
    if report.errors:
        return report

    def saved(n: int) -> None:
        for _row in range(n):
            tick("save", len(checked))

    with transaction.atomic():
        report.created = create_submitted_many(
            actor=actor,
            session=session,
            rows=checked,
            note=_("批量导入"),
            progress=saved,
        )
    return report
