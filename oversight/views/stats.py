"""统计 pages: the staff dashboard and the public figures (oversight/stats does the counting)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from oversight.stats import charts
from oversight.stats.drill import list_url
from oversight.stats.metrics import Cells, compute
from oversight.stats.scope import Scope, ScopeForm
from oversight.stats.tables import Builder, Table
from oversight.views.common import staff_required


def staff_link(scope: Scope, stat: str, extra: dict[str, Any]) -> str:
    return list_url(scope, stat, **extra)


def public_link(scope: Scope, stat: str, extra: dict[str, Any]) -> str:
    """The public can follow a count to the published replies behind it (by unit and category)."""
    if stat not in ("replied", "category"):
        return ""
    params = {}
    if extra.get("unit") or scope.unit_id:
        params["unit"] = str(extra.get("unit") or scope.unit_id)
    if stat == "category":
        params["category"] = str(extra["cat"])
    return f"{reverse('public:replies')}?{urlencode(params)}"


def scope_from(request: HttpRequest, **extra: Any) -> tuple[ScopeForm, Scope]:
    form = ScopeForm(request.GET or None)
    scope = form.scope(**extra) if form.is_valid() else Scope(**extra)
    return form, scope


def compute_pair(scope: Scope) -> tuple[Cells, Cells]:
    """(all sessions for the trend, the chosen session or year): one computation, 7 queries."""
    everything = compute(scope.but(session_id=None, year=None))
    return everything, everything.restrict(session_id=scope.session_id, year=scope.year)


def _unit_charts(units: Table) -> dict[str, Any]:
    rows = units.rows
    # Column positions in Builder.units(): 0 rank, 1 unit, 2 assigned, 3 answered, 4 办复率 … 7 满意+基本满意率.
    return {
        "answer": charts.hbars([charts.Bar(r[1].text, r[4].value, r[4].url) for r in rows], title=_("办复率")),  # type: ignore[arg-type]
        "approval": charts.hbars(
            [charts.Bar(r[1].text, r[7].value, r[7].url) for r in rows],  # type: ignore[arg-type]
            title=_("满意+基本满意率"),
        ),
    }


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, scope = scope_from(request)
    everything, cells = compute_pair(scope)
    builder = Builder(cells, linker=staff_link)
    tables = builder.all()
    trend_cells = everything.by("session")
    trend = charts.lines(
        [f.label for f in trend_cells],
        [
            charts.Series(_("办复率"), [f.answer_rate for f in trend_cells]),
            charts.Series(_("按时答复率"), [f.on_time_rate for f in trend_cells]),
            charts.Series(_("满意率"), [f.satisfied_rate for f in trend_cells]),
            charts.Series(_("满意+基本满意率"), [f.approval_rate for f in trend_cells]),
        ],
        title=_("历次会议办理情况"),
    )
    total = cells.total()
    units = cells.by("unit")
    shares = [(f.label, [(f"{c}类", s) for c, _n, s in f.category_shares]) for f in [total, *units]]
    context = {
        "form": form,
        "query": urlencode(scope.query()),
        "total": total,
        "tables": tables,
        "trend_table": Builder(everything, linker=staff_link).sessions(),
        "charts": {
            **_unit_charts(tables["units"]),
            "trend": trend,
            "shares": charts.stacked(shares, title=_("答复类别占比")),
            "categories": charts.hbars(
                [charts.Bar(r[0].text, r[1].value, r[1].url) for r in tables["categories"].rows],  # type: ignore[arg-type]
                title=_("各类建议交办件数"),
                unit="",
            ),
            "overdue": charts.hbars(
                [charts.Bar(r[0].text, r[1].value, r[1].url) for r in tables["overdue"].rows],  # type: ignore[arg-type]
                title=_("办理逾期件数"),
                unit="",
            ),
        },
    }
    return render(request, "stats/dashboard.html", context)


def public_figures(request: HttpRequest) -> HttpResponse:
    """The published part for everyone: suggestions with a 不公开 reply are left out entirely."""
    form, scope = scope_from(request, public_only=True)
    _everything, cells = compute_pair(scope)
    builder = Builder(cells, linker=public_link)
    units = builder.units()
    context = {
        "form": form,
        "total": cells.total(),
        "tables": {"units": units, "reply_categories": builder.reply_categories(), "categories": builder.categories()},
        "charts": _unit_charts(units),
    }
    return render(request, "stats/public.html", context)
