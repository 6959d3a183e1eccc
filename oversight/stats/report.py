"""The 代表建议办理工作情况报告 draft for a session or a year, as .docx (the format congress offices
edit): headline figures in report prose, the per-unit table, key-supervision items, and the
unsatisfied cases with what became of them. Every figure comes from oversight/stats/metrics.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from oversight.models import Assignment, Feedback, Reply, Session, Suggestion
from oversight.stats.metrics import Figures, category_label, compute
from oversight.stats.scope import Role, Scope
from oversight.stats.tables import Builder

RATING_LABELS = dict(Feedback.Rating.choices)


def prose_rate(value: Decimal | None) -> str:
    """Rates in report prose drop trailing zeros, as reports print them: 100% · 95.7% · 58.07%."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def period_name(scope: Scope) -> str:
    if scope.session_id:
        return str(Session.objects.select_related("term").get(pk=scope.session_id))
    if scope.year:
        return _("%(year)s年") % {"year": scope.year}
    return _("历次会议")


def headline(total: Figures, suggestions: int, units: int, period: str, as_of: str) -> list[str]:
    """The opening paragraphs, in the words reports use ("办复率100%，满意率95.7%，A类54件，占58.07%")."""
    first = _(
        "%(period)s，共立案交办代表建议%(n)s件，由%(units)s个承办单位主办（含分办）%(lead)s件。"
        "截至%(as_of)s，已办复%(answered)s件，办复率%(answer)s；按时答复率%(on_time)s；"
        "代表满意率%(sat)s，满意和基本满意率%(approval)s，初次满意率%(first)s；面复率%(face)s。"
    ) % {
        "period": period,
        "n": suggestions,
        "units": units,
        "lead": total.assigned,
        "as_of": as_of,
        "answered": total.answered,
        "answer": prose_rate(total.answer_rate),
        "on_time": prose_rate(total.on_time_rate),
        "sat": prose_rate(total.satisfied_rate),
        "approval": prose_rate(total.approval_rate),
        "first": prose_rate(total.first_satisfied_rate),
        "face": prose_rate(total.face_rate),
    }
    parts = [
        _("%(cat)s%(n)s件，占%(share)s") % {"cat": category_label(code), "n": n, "share": prose_rate(share)}
        for code, n, share in total.category_shares
    ]
    second = _("按答复类别分：%(parts)s。") % {"parts": "，".join(parts)}
    third = _("承办单位承诺事项到期%(due)s项，已落实%(done)s项，落实率%(rate)s；办理逾期%(overdue)s件。") % {
        "due": total.commitments_due,
        "done": total.commitments_fulfilled,
        "rate": prose_rate(total.fulfilment_rate),
        "overdue": total.overdue,
    }
    return [first, second, third]


@dataclass
class UnsatisfiedCase:
    suggestion: Suggestion
    unit: str
    deputy: str
    round: int
    outcome: str


def unsatisfied_cases(scope: Scope) -> list[UnsatisfiedCase]:
    """Every 不满意 rating in scope, with the deputy's later rating or the case's present state."""
    rows = list(
        Feedback.objects.filter(
            scope.assignment_q("reply__assignment__"),
            reply__status=Reply.Status.ACCEPTED,
            rating=Feedback.Rating.UNSATISFIED,
        )
        .select_related("reply__assignment__suggestion", "reply__assignment__unit", "deputy")
        .order_by("reply__assignment__suggestion__number", "reply__round", "id")
    )
    later: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for assignment_id, deputy_id, rnd, rating in Feedback.objects.filter(
        reply__assignment__in={f.reply.assignment_id for f in rows}, reply__status=Reply.Status.ACCEPTED
    ).values_list("reply__assignment_id", "deputy_id", "reply__round", "rating"):
        later.setdefault((assignment_id, deputy_id), []).append((rnd, rating))
    cases = []
    for f in rows:
        assignment = f.reply.assignment
        after = sorted(r for r in later.get((assignment.pk, f.deputy_id), []) if r[0] > f.reply.round)
        if after:
            rnd, rating = after[-1]
            outcome = _("经第%(round)s轮重新办理，代表评价为%(rating)s") % {
                "round": rnd,
                "rating": RATING_LABELS[rating],
            }
        elif assignment.status == Assignment.Status.REHANDLING or assignment.round > f.reply.round:
            outcome = _("正在重新办理")
        else:
            outcome = _("%(status)s；%(reason)s") % {
                "status": assignment.get_status_display(),
                "reason": assignment.concluded_reason or _("尚未重新办理"),
            }
        unit, deputy = assignment.unit.name, f.deputy.name
        cases.append(UnsatisfiedCase(assignment.suggestion, unit, deputy, f.reply.round, outcome))
    return cases


def key_items(scope: Scope) -> list[Suggestion]:
    lead_units = Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(scope.but(key_only=False).assignment_q()).select_related("unit"),
        to_attr="in_scope",
    )
    ids = Assignment.objects.filter(scope.but(key_only=True).assignment_q()).values("suggestion_id")
    return list(Suggestion.objects.filter(pk__in=ids).prefetch_related(lead_units).order_by("number", "id"))


def _table(doc: Any, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def build(scope: Scope, target: IO[bytes] | str) -> None:
    """Write the report of ``scope`` (a session or a year; lead units, as reports count) to ``target``."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    scope = scope.but(role=Role.LEAD)
    cells = compute(scope)
    total = cells.total()
    period = period_name(scope)
    as_of = f"{scope.day.year}年{scope.day.month}月{scope.day.day}日"
    suggestions = Assignment.objects.filter(scope.assignment_q()).values("suggestion_id").distinct().count()

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")  # CJK text needs the East Asian font set
    doc.add_heading(_("关于%(period)s代表建议办理工作情况的报告（草稿）") % {"period": period}, level=0)
    doc.add_heading(_("一、总体情况"), level=1)
    for text in headline(total, suggestions, len(cells.units), period, as_of):
        doc.add_paragraph(text)

    doc.add_heading(_("二、各承办单位办理情况"), level=1)
    units = Builder(cells).units()
    keep = [0, 1, 2, 3, 4, 5, 6, 7, *range(11, 11 + len(total.category_counts))]
    _table(doc, [units.headers[i] for i in keep], [[row[i].text for i in keep] for row in units.rows])
    doc.add_paragraph(units.note)

    doc.add_heading(_("三、重点督办建议"), level=1)
    items = key_items(scope)
    if items:
        _table(
            doc,
            [_("编号"), _("标题"), _("督办领导"), _("承办单位"), _("状态")],
            [
                [
                    s.display_number,
                    s.title,
                    s.key_leader or "—",
                    "、".join(a.unit.name for a in s.in_scope),  # type: ignore[attr-defined]
                    s.get_status_display(),
                ]
                for s in items
            ],
        )
    else:
        doc.add_paragraph(_("本期无重点督办建议。"))

    doc.add_heading(_("四、代表不满意件及重新办理情况"), level=1)
    cases = unsatisfied_cases(scope)
    if cases:
        doc.add_paragraph(_("代表对%(n)s件次答复表示不满意，后续办理情况如下：") % {"n": len(cases)})
        _table(
            doc,
            [_("编号"), _("标题"), _("承办单位"), _("代表"), _("不满意轮次"), _("后续情况")],
            [
                [c.suggestion.display_number, c.suggestion.title, c.unit, c.deputy, str(c.round), c.outcome]
                for c in cases
            ],
        )
    else:
        doc.add_paragraph(_("本期代表对答复均表示满意或基本满意。"))
    doc.add_paragraph(_("（本报告草稿由系统根据办理数据生成，统计口径见系统文档“统计”一章。）"))
    doc.save(target)
