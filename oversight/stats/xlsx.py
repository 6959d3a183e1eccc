"""Streaming .xlsx writing: constant memory for any number of rows.

openpyxl's write-only workbook keeps only the current row in memory (the sheet goes to a temporary
file as it is written); the finished workbook is saved to a temporary file that the response
streams in chunks and deletes when closed. Text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, or a tab / carriage return) is neutralised with a
leading apostrophe (CSV/formula injection, OWASP). Dates and times are written as local
(Asia/Shanghai) values, which Excel shows without a time zone.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.00%"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class Percent(Decimal):
    """A percentage (58.07) to be written as the number 0.5807 shown as "58.07%"."""


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=float(value) / 100)
        cell.number_format = PERCENT_FORMAT
        return cell
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(sheet, value=local.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, (int, float, Decimal)):
        return value
    return neutralise(str(value))


def write(target: IO[bytes] | str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> None:
    """Write (title, headers, rows) sheets to ``target``; rows may be a generator of any length."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        bold = []
        for h in headers:
            from openpyxl.cell import WriteOnlyCell

            c = WriteOnlyCell(sheet, value=neutralise(str(h)))
            c.font = Font(bold=True)
            bold.append(c)
        sheet.append(bold)
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    book.save(target)


def response(filename: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> FileResponse:
    """Build the workbook in a temporary file and stream it as a download named ``filename``."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    write(tmp, sheets)
    tmp.seek(0)
    resp = FileResponse(tmp, content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp
