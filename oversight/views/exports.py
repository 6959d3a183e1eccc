"""Downloads of .xlsx: the filtered lists (for whoever may see them) and the statistics tables."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from oversight.errors import InvalidInput
from oversight.stats import xlsx
from oversight.stats.exports import LISTS
from oversight.stats.tables import PCT, TABLES, Builder, Cell, Table
from oversight.views.common import staff_required
from oversight.views.stats import compute_pair, scope_from


def table_sheet(table: Table) -> tuple[str, list[str], list[list[Any]]]:
    def value(cell: Cell) -> Any:
        return xlsx.Percent(cell.value) if cell.kind == PCT and cell.value is not None else cell.value

    rows = [[value(c) for c in r] for r in table.rows]
    return table.title, table.headers, rows


def stats_table(request: HttpRequest, name: str) -> Table:
    _form, scope = scope_from(request)
    everything, cells = compute_pair(scope)
    if name not in TABLES:
        raise Http404
    if name in ("sessions", "years"):
        return getattr(Builder(everything), name)()
    return getattr(Builder(cells), name)()


@staff_required  # type: ignore[type-var]  # streams a FileResponse, not an HttpResponse
def export_table(request: HttpRequest, name: str) -> HttpResponseBase:
    table = stats_table(request, name)
    stamp = timezone.localdate().isoformat()
    return xlsx.response(f"{table.title}-{stamp}.xlsx", [table_sheet(table)])


@login_required
def export_list(request: HttpRequest, kind: str) -> HttpResponseBase:
    export = LISTS.get(kind)
    if export is None:
        raise Http404
    stamp = timezone.localdate().isoformat()
    try:
        sheet = export.sheet(request.user, request.GET)
    except InvalidInput as error:
        return HttpResponseBadRequest(error.message)
    return xlsx.response(f"{export.title}-{stamp}.xlsx", [sheet])


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@staff_required
def annual_report(request: HttpRequest) -> HttpResponse:
    """The 办理工作情况报告 draft of the chosen session or year (this year when neither is chosen)."""
    import io
    from urllib.parse import quote

    from oversight.stats import report

    _form, scope = scope_from(request)
    if not scope.session_id and not scope.year:
        scope = scope.but(year=timezone.localdate().year)
    buffer = io.BytesIO()
    report.build(scope, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX)
    name = f"{report.period_name(scope)}代表建议办理工作情况报告.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
