"""Exports of the filtered lists to .xlsx, through the same visibility as the pages and the API
(``visible_to(user)`` and its siblings in oversight/api/visibility.py): an export never holds a
row its reader could not open on a page.

Each list has Chinese headers and a row function; rows are read with ``iterator(chunk_size)`` so
memory stays constant however many rows there are (prefetches run per chunk).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from oversight.api.visibility import feedback_visible_to
from oversight.errors import InvalidInput
from oversight.models import (
    Assignment,
    Commitment,
    DeliberationOpinion,
    Feedback,
    Reply,
    Suggestion,
    VotingItem,
    VotingRound,
)
from oversight.stats.xlsx import Percent

CHUNK = 2000


def _pct(value: Any) -> Percent | None:
    return None if value is None else Percent(value)


# Ids and years a filter may name; anything else is refused (400) before it reaches the database.
LIMITS = {"year": (1949, 2100)}
MAX_ID = 2**31 - 1


def _int(params: Mapping[str, Any], name: str) -> int | None:
    value = str(params.get(name) or "").strip()
    if not value:
        return None
    low, high = LIMITS.get(name, (1, MAX_ID))
    if not value.isdigit() or not low <= int(value) <= high:
        message = _("“%(name)s”须为%(low)s至%(high)s之间的整数。") % {"name": name, "low": low, "high": high}
        raise InvalidInput(str(message), code="invalid_filter", fields={name: str(message)})
    return int(value)


def _common(qs: QuerySet[Any], params: Mapping[str, Any], paths: Mapping[str, str]) -> QuerySet[Any]:
    """Filters every list shares: session, year, unit, status (where the list has them)."""
    for name, path in paths.items():
        if name == "status":
            if status := str(params.get("status") or "").strip():
                qs = qs.filter(**{path: status})
        elif (value := _int(params, name)) is not None:
            qs = qs.filter(**{path: value})
    return qs


def _suggestions(user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
    from oversight.forms.filters import SuggestionFilter

    qs = Suggestion.objects.visible_to(user).select_related("session__term", "category", "lead_deputy")
    filterset = SuggestionFilter(params or None, queryset=qs)
    if filterset.is_bound and not filterset.is_valid():
        fields = {name: str(errors[0]) for name, errors in filterset.errors.items()}
        raise InvalidInput(next(iter(fields.values())), code="invalid_filter", fields=fields)
    qs = filterset.qs
    units = Prefetch(
        "assignments", queryset=Assignment.objects.exclude(status=Assignment.Status.RETURNED).select_related("unit")
    )
    return qs.prefetch_related("co_signers", units).order_by("session__opens_on", "session_id", "number", "id")


def _suggestion_row(s: Suggestion) -> list[Any]:
    units = list(s.assignments.all())
    return [
        str(s.session),
        s.display_number,
        s.title,
        s.content,
        s.lead_deputy.name,
        "、".join(d.name for d in s.co_signers.all()),
        s.category.name if s.category else "",
        s.get_period_display(),
        s.get_status_display(),
        s.is_key,
        "、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in units),
        s.submitted_at,
        s.assigned_on,
    ]


def _assignments(user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
    qs: QuerySet[Any] = Assignment.objects.visible_to(user).select_related("suggestion__session__term", "unit")
    qs = _common(
        qs,
        params,
        {
            "session": "suggestion__session_id",
            "year": "suggestion__session__opens_on__year",
            "unit": "unit_id",
            "status": "status",
        },
    )
    return qs.order_by("suggestion__session__opens_on", "suggestion__number", "id")


def _assignment_row(a: Assignment) -> list[Any]:
    s = a.suggestion
    return [
        str(s.session),
        s.display_number,
        s.title,
        a.unit.name,
        a.get_role_display(),
        a.get_status_display(),
        a.assigned_on,
        a.accepted_at,
        a.round,
        a.extension_months,
    ]


_CASE = {"session": "assignment__suggestion__session_id", "year": "assignment__suggestion__session__opens_on__year"}


def _replies(user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
    qs: QuerySet[Any] = Reply.objects.visible_to(user).select_related(
        "assignment__suggestion__session__term", "assignment__unit"
    )
    qs = _common(qs, params, {**_CASE, "unit": "assignment__unit_id", "status": "status"})
    if category := str(params.get("category") or "").strip():
        qs = qs.filter(category=category)
    return qs.order_by("assignment__suggestion__session__opens_on", "assignment__suggestion__number", "round", "id")


def _reply_row(r: Reply) -> list[Any]:
    s = r.assignment.suggestion
    return [
        s.display_number,
        s.title,
        r.assignment.unit.name,
        r.round,
        f"{r.category}类",
        r.get_status_display(),
        r.on_time,
        r.sent_on,
        r.is_public,
        r.content,
    ]


def _ratings(user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
    qs = feedback_visible_to(user).select_related("reply__assignment__suggestion", "reply__assignment__unit", "deputy")
    qs = _common(qs, params, {"session": f"reply__{_CASE['session']}", "unit": "reply__assignment__unit_id"})
    if rating := str(params.get("rating") or "").strip():
        qs = qs.filter(rating=rating)
    return qs.order_by("reply__assignment__suggestion__number", "reply__round", "id")


def _rating_row(f: Feedback) -> list[Any]:
    s = f.reply.assignment.suggestion
    return [
        s.display_number,
        s.title,
        f.reply.assignment.unit.name,
        f.reply.round,
        f.deputy.name,
        f.get_rating_display(),
        f.comment,
        f.rated_at,
    ]


def _commitments(user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
    qs: QuerySet[Any] = Commitment.objects.visible_to(user).select_related("assignment__suggestion", "assignment__unit")
    qs = _common(qs, params, {**_CASE, "unit": "assignment__unit_id", "status": "status"})
    return qs.order_by("due_on", "id")


def _commitment_row(c: Commitment) -> list[Any]:
    s = c.assignment.suggestion
    return [
        s.display_number,
        s.title,
        c.assignment.unit.name,
        c.description,
        c.due_on,
        c.get_status_display(),
        c.fulfilled_at,
        c.close_explanation,
    ]


def _opinions(user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
    qs: QuerySet[Any] = DeliberationOpinion.objects.visible_to(user)
    qs = _common(qs, params, {"year": "meeting_date__year", "status": "status"})
    return qs.order_by("meeting_date", "id")


def _opinion_row(o: DeliberationOpinion) -> list[Any]:
    return [
        o.title,
        o.meeting_name,
        o.meeting_date,
        o.get_report_type_display(),
        o.report_title,
        o.committee,
        o.get_status_display(),
        o.issued_on,
        o.published,
    ]


def _votes(user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
    """Results only where the round page shows them: published rounds, and closed ones for staff."""
    S = VotingRound.Status
    shown = Q(round__status=S.PUBLISHED)
    if getattr(user, "is_staff_member", False):
        shown |= Q(round__status=S.CLOSED)
    rounds = VotingRound.objects.visible_to(user).values("pk")
    qs = VotingItem.objects.filter(shown, round__in=rounds).select_related("round")
    qs = _common(qs, params, {"year": "round__meeting_date__year", "round": "round_id"})
    return qs.order_by("round__meeting_date", "round_id", "position", "id")


def _vote_row(i: VotingItem) -> list[Any]:
    return [
        i.round.title,
        i.round.meeting_name,
        i.round.meeting_date,
        i.position,
        i.title,
        i.get_kind_display(),
        i.participants,
        i.figures_withheld,
        i.satisfied,
        i.basic,
        i.unsatisfied,
        _pct(i.approval_rate),
        i.quorum_met,
        i.passed,
    ]


@dataclass(frozen=True)
class ListExport:
    title: Any
    headers: Sequence[Any]
    queryset: Callable[[Any, Mapping[str, Any]], QuerySet[Any]]
    row: Callable[[Any], list[Any]]

    def rows(self, qs: QuerySet[Any]) -> Iterator[list[Any]]:
        for obj in qs.iterator(chunk_size=CHUNK):
            yield self.row(obj)

    def sheet(self, user: Any, params: Mapping[str, Any]) -> tuple[str, list[str], Iterator[list[Any]]]:
        """Raises InvalidInput (400) for a malformed filter, before anything is written."""
        qs = self.queryset(user, params)
        return str(self.title), [str(h) for h in self.headers], self.rows(qs)


# The suggestion sheet carries the import template's columns (标题, 内容, 领衔代表, 附议代表, 分类,
# 提出时间) under the same headers, so an export can be imported again (manage.py import_suggestions).
LISTS: dict[str, ListExport] = {
    "suggestions": ListExport(
        _("代表建议"),
        [
            _("会议"),
            _("编号"),
            "标题",
            "内容",
            "领衔代表",
            "附议代表",
            "分类",
            "提出时间",
            _("状态"),
            _("重点督办"),
            _("承办单位"),
            _("提交时间"),
            _("交办日期"),
        ],
        _suggestions,
        _suggestion_row,
    ),
    "assignments": ListExport(
        _("交办"),
        [
            _("会议"),
            _("建议编号"),
            _("建议标题"),
            _("承办单位"),
            _("办理方式"),
            _("状态"),
            _("交办日期"),
            _("签收时间"),
            _("办理轮次"),
            _("已延期月数"),
        ],
        _assignments,
        _assignment_row,
    ),
    "replies": ListExport(
        _("答复"),
        [
            _("建议编号"),
            _("建议标题"),
            _("承办单位"),
            _("办理轮次"),
            _("答复类别"),
            _("状态"),
            _("按时答复"),
            _("送达日期"),
            _("可公开"),
            _("答复内容"),
        ],
        _replies,
        _reply_row,
    ),
    "ratings": ListExport(
        _("代表评价"),
        [_("建议编号"), _("建议标题"), _("承办单位"), _("办理轮次"), _("代表"), _("评价"), _("意见"), _("评价时间")],
        _ratings,
        _rating_row,
    ),
    "commitments": ListExport(
        _("承诺事项"),
        [
            _("建议编号"),
            _("建议标题"),
            _("承办单位"),
            _("承诺内容"),
            _("承诺完成日期"),
            _("状态"),
            _("确认时间"),
            _("关闭说明"),
        ],
        _commitments,
        _commitment_row,
    ),
    "opinions": ListExport(
        _("审议意见"),
        [
            _("标题"),
            _("常委会会议"),
            _("会议日期"),
            _("报告类型"),
            _("审议的报告"),
            _("起草委员会"),
            _("状态"),
            _("交办日期"),
            _("已公开"),
        ],
        _opinions,
        _opinion_row,
    ),
    "votes": ListExport(
        _("测评结果"),
        [
            _("测评名称"),
            _("常委会会议"),
            _("会议日期"),
            _("序号"),
            _("测评事项"),
            _("类别"),
            _("参加人数"),
            _("票数过少不公布分项"),
            _("满意"),
            _("基本满意"),
            _("不满意"),
            _("满意+基本满意率"),
            _("达到法定人数"),
            _("通过"),
        ],
        _votes,
        _vote_row,
    ),
}


def import_template(target: Any) -> None:
    """The blank import sheet (staff page download, ``import_suggestions --template``): the
    importer's headers and one example row to overwrite."""
    from oversight.services.imports import HEADERS
    from oversight.stats.xlsx import write

    example = [
        "关于增设城东片区公交线路的建议",
        "城东片区人口增长较快，早晚高峰公交运力不足，建议增设线路并优化站点。",
        "张三",
        "李四、王五",
        "城建环资",
        "大会期间",
    ]
    write(target, [(str(_("代表建议导入模板")), list(HEADERS), [example])])
