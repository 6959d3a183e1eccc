"""Staff boards: everything overdue, and everything falling due soon, with working-day countdowns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.api.visibility import oversight_type_id
from oversight.models import Assignment, Commitment, Reply, Suggestion
from oversight.views import list_rows
from oversight.views.common import paginate, staff_required, url_prefix
from oversight.views.selectors import OPEN_DEADLINE
from oversight.views.staff import DUE_SOON_WORKING_DAYS
from tracker.calendar import add_working_days
from tracker.models import Deadline


@dataclass
class BoardRow:
    deadline: Deadline
    suggestion: Suggestion | None
    unit_name: str


def _rows(deadlines: list[Deadline]) -> list[BoardRow]:
    """Attach each deadline's suggestion and owing unit: one query per subject kind, not per row."""
    suggestions = Suggestion.objects.select_related("session").in_bulk({d.case_id for d in deadlines})
    by_model: dict[str, set[int]] = {}
    for d in deadlines:
        by_model.setdefault(d.subject_type.model, set()).add(d.subject_id)
    units: dict[tuple[str, int], str] = {}
    if by_model.get("assignment"):
        for a in Assignment.objects.filter(pk__in=by_model["assignment"]).select_related("unit"):
            units[("assignment", a.pk)] = a.unit.name
    if by_model.get("reply"):
        for r in Reply.objects.filter(pk__in=by_model["reply"]).select_related("assignment__unit"):
            units[("reply", r.pk)] = r.assignment.unit.name
    if by_model.get("commitment"):
        for c in Commitment.objects.filter(pk__in=by_model["commitment"]).select_related("assignment__unit"):
            units[("commitment", c.pk)] = c.assignment.unit.name
    return [
        BoardRow(
            deadline=d,
            suggestion=suggestions.get(d.case_id),
            unit_name=units.get((d.subject_type.model, d.subject_id), ""),
        )
        for d in deadlines
    ]


def _board(request: HttpRequest, qs: Any, context: dict[str, Any]) -> HttpResponse:
    # The suggestion's content type as a subquery, not a join: joined, PostgreSQL took it for one
    # type in 56 and read and sorted every open deadline past due (12,766 at 200,000 suggestions,
    # 20 ms) instead of walking them in due order until the page is full (docs/benchmarks.md).
    qs = qs.filter(case_type_id=oversight_type_id("suggestion")).select_related("subject_type")
    page, query = paginate(request, qs.order_by("due", "id"))
    rows = _rows(list(page.object_list))
    rows_html = list_rows.board_rows(rows, link=url_prefix("suggestion"), today=timezone.localdate())
    return render(
        request, "staff/board.html", {**context, "rows": rows, "rows_html": rows_html, "page_obj": page, "query": query}
    )


@staff_required
def overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _board(
        request,
        Deadline.objects.filter(status__in=OPEN_DEADLINE, due__lt=today),
        {"title": _("逾期事项"), "empty": _("没有逾期事项。")},
    )


def _days(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("days", DUE_SOON_WORKING_DAYS)), 60))
    except ValueError:
        return DUE_SOON_WORKING_DAYS


@staff_required
def due_soon(request: HttpRequest) -> HttpResponse:
    today: date = timezone.localdate()
    days = _days(request)
    until = add_working_days(today, days)
    return _board(
        request,
        Deadline.objects.filter(status__in=OPEN_DEADLINE, due__gte=today, due__lte=until),
        {
            "title": _("临期事项（%(n)s 个工作日内到期）") % {"n": days},
            "empty": _("近期没有到期事项。"),
            "days": days,
        },
    )
