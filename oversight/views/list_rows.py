"""The table rows of the busiest list pages — all suggestions, those awaiting registration and the
overdue and due-soon boards (staff), 我的建议 (deputy) and a unit's work list — and the items of
everyone's 待办, written in Python instead of a template loop.

Django's template engine spends ≈ 4 µs on each variable it prints: a 50-row list of some 20
variables a row cost 4.4 ms, a third of the whole page (docs/benchmarks.md, "The list pages'
rows"). These functions write the markup the templates wrote, element for element; everything
printed goes through ``html.escape``, as ``{{ }}`` did (Django's own ``escape`` is the same call).
The column labels are translated once per page, the status labels once per language, and each
countdown once per distinct due date of the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any, Protocol

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from oversight.models import Assignment, Suggestion
from oversight.models.suggestions import display_number
from oversight.templatetags.oversight_ui import Countdown, choice_labels, countdown_for, deadline_label, ymd, ymd_hm
from oversight.views.common import url_for

# The columns each page reads (``values(*FIELDS)``): no model instances for the
# suggestion, its deputy and its category (150 a page, ≈ 1 ms).
STAFF_FIELDS = (
    *("id", "kind", "number", "title", "is_key", "status", "next_due", "next_due_kind"),
    *("lead_deputy__name", "category__name"),
)
DEPUTY_FIELDS = ("id", "kind", "number", "title", "status", "submitted_at", "lead_deputy_id")


def staff_suggestion_rows(page: Iterable[Any], *, link: str, today: date) -> SafeString:
    """The rows of /staff/suggestions/ from ``STAFF_FIELDS``: number, title (and 重点), lead deputy,
    category, status and the nearest open deadline with its working-day countdown. ``link`` is the
    suggestion URL up to its id (``views.common.url_prefix``)."""
    l_number, l_title, l_lead, l_category, l_status, l_due = (
        escape(_(label)) for label in ("编号", "标题", "领衔代表", "分类", "状态", "最近期限")
    )
    key_badge = f' <span class="status overdue">{escape(_("重点"))}</span>'
    status = choice_labels(Suggestion, "status")
    countdowns = _Countdowns(today)
    kinds = _KindLabels()
    out: list[str] = []
    for s in page:
        due = s["next_due"]
        if due is None:
            css, due_cell = "", "—"
        else:
            cd = countdowns.of(due)
            css = cd.css
            label = kinds.of(s["next_due_kind"])
            day = due.isoformat()
            due_cell = (
                f'{label} <time datetime="{day}">{day}</time> <span class="countdown {css}">{escape(cd.text)}</span>'
            )
        number = escape(display_number(s["kind"], s["number"]))
        title = escape(s["title"])
        category = escape(s["category__name"]) if s["category__name"] else "—"
        code = s["status"]
        out.append(
            f'\n    <tr class="{css}">'
            f'\n      <td data-label="{l_number}">{number}</td>'
            f'\n      <td data-label="{l_title}"><a href="{link}{s["id"]}/">{title}</a>'
            f"{key_badge if s['is_key'] else ''}</td>"
            f'\n      <td data-label="{l_lead}">{escape(s["lead_deputy__name"])}</td>'
            f'\n      <td data-label="{l_category}">{category}</td>'
            f'\n      <td data-label="{l_status}"><span class="status status-{escape(code)}">'
            f"{escape(str(status.get(code, code)))}</span></td>"
            f'\n      <td data-label="{l_due}">{due_cell}</td>'
            "\n    </tr>"
        )
    return mark_safe("".join(out))  # every value above is escaped


def deputy_suggestion_rows(page: Iterable[Any], *, link: str, deputy_id: int | None) -> SafeString:
    """The rows of /deputy/ from ``DEPUTY_FIELDS``: title and number, the deputy's part in it
    (领衔 or 附议), status and the day it was submitted (in the current time zone)."""
    l_suggestion, l_role, l_status, l_submitted = (escape(_(label)) for label in ("建议", "身份", "状态", "提交时间"))
    lead, cosigned = escape(_("领衔")), escape(_("附议"))
    status = choice_labels(Suggestion, "status")
    out: list[str] = []
    for s in page:
        number = escape(display_number(s["kind"], s["number"]))
        part = lead if s["lead_deputy_id"] == deputy_id else cosigned
        shown = escape(str(status.get(s["status"], s["status"])))
        out.append(
            "\n    <tr>"
            f'\n      <td data-label="{l_suggestion}"><a href="{link}{s["id"]}/">{escape(s["title"])}</a>'
            f' <span class="muted small">{number}</span></td>'
            f'\n      <td data-label="{l_role}">{part}</td>'
            f'\n      <td data-label="{l_status}"><span class="status">{shown}</span></td>'
            f'\n      <td data-label="{l_submitted}">{ymd(s["submitted_at"])}</td>'
            "\n    </tr>"
        )
    return mark_safe("".join(out))  # every value above is escaped


def unit_work_rows(page: Iterable[Any], *, link: str, today: date) -> SafeString:
    """The rows of /unit/ (``selectors.unit_work_rows``: assignments with their suggestion and
    nearest open deadline): the suggestion, the unit's part in it, its status, the deadline with how
    it was computed, and the working-day countdown — some 20 template variables and translations a
    row before (docs/benchmarks.md "A unit's work list"). ``link`` is the assignment URL up to its id."""
    l_suggestion, l_role, l_status, l_due, l_countdown = (
        escape(_(label)) for label in ("建议", "办理方式", "状态", "最近期限", "倒计时")
    )
    roles = choice_labels(Assignment, "role")
    statuses = choice_labels(Assignment, "status")
    countdowns = _Countdowns(today)
    kinds = _KindLabels()
    out: list[str] = []
    for a in page:
        s = a.suggestion
        due = a.next_due
        if due is None:
            css, due_cell, countdown_cell = "", "—", "—"
        else:
            cd = countdowns.of(due)
            css = cd.css
            label = kinds.of(a.next_due_kind)
            day = ymd(due)
            explanation = escape(a.next_due_explanation) if a.next_due_explanation else ""
            due_cell = (
                f'{label} <time datetime="{day}">{day}</time>\n        <div class="small muted">{explanation}</div>'
            )
            countdown_cell = f'<span class="countdown {css}">{escape(cd.text)}</span>'
        out.append(
            f'\n    <tr class="{css}">'
            f'\n      <td data-label="{l_suggestion}">{_numbered(f"{link}{a.pk}/", s)}</td>'
            f'\n      <td class="nowrap" data-label="{l_role}">{escape(roles.get(a.role, a.role))}</td>'
            f'\n      <td class="nowrap" data-label="{l_status}"><span class="status">'
            f"{escape(statuses.get(a.status, a.status))}</span></td>"
            f'\n      <td data-label="{l_due}">{due_cell}</td>'
            f'\n      <td data-label="{l_countdown}">{countdown_cell}</td>'
            "\n    </tr>"
        )
    return mark_safe("".join(out))  # every value above is escaped


def submitted_rows(page: Iterable[Any], *, link: str, csrf_token: str) -> SafeString:
    """The rows of /staff/submitted/ (suggestions with their session and lead deputy): title, lead
    deputy, session, time submitted, and the 立案 form and 退回 link of each (a form a row: its
    CSRF field is the page's token, as ``{% csrf_token %}`` wrote it)."""
    l_title, l_lead, l_session, l_submitted = (escape(_(label)) for label in ("标题", "领衔代表", "会议", "提交时间"))
    register, give_back = escape(_("立案")), escape(_("退回"))
    token = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
    out: list[str] = []
    for s in page:
        title = escape(s.title)
        label = escape(_("立案：%(t)s") % {"t": s.title})
        out.append(
            "\n    <tr>"
            f'\n      <td data-label="{l_title}"><a href="{link}{s.pk}/">{title}</a></td>'
            f'\n      <td data-label="{l_lead}">{escape(str(s.lead_deputy))}</td>'
            f'\n      <td data-label="{l_session}">{escape(s.session.name)}</td>'
            f'\n      <td data-label="{l_submitted}">{ymd_hm(s.submitted_at)}</td>'
            '\n      <td><div class="actions">'
            f'\n        <form method="post" action="{url_for("staff:register", s.pk)}">{token}'
            f'<button type="submit" aria-label="{label}">{register}</button></form>'
            f'\n        <a class="button secondary" href="{url_for("staff:return", s.pk)}">{give_back}</a>'
            "\n      </div></td>"
            "\n    </tr>"
        )
    return mark_safe("".join(out))  # every value above is escaped


def board_rows(rows: Iterable[Any], *, link: str, today: date) -> SafeString:
    """The rows of the overdue and due-soon boards (``staff_boards.BoardRow``: a deadline, its
    suggestion and the unit owing it): suggestion, kind of deadline, unit, due date with how it was
    computed, and the working-day countdown. ``link`` is the suggestion URL up to its id."""
    l_suggestion, l_kind, l_unit, l_due, l_countdown = (
        escape(_(label)) for label in ("建议", "事项", "承办单位", "截止日", "倒计时")
    )
    countdowns = _Countdowns(today)
    kinds = _KindLabels()
    out: list[str] = []
    for row in rows:
        d = row.deadline
        cd = countdowns.of(d.due)
        s = row.suggestion
        shown = _numbered(f"{link}{s.pk}/", s) if s else ""
        label = kinds.of(d.kind)
        day = ymd(d.due)
        out.append(
            f'\n    <tr class="{cd.css}">'
            f'\n      <td data-label="{l_suggestion}">{shown}</td>'
            f'\n      <td class="nowrap" data-label="{l_kind}">{label}</td>'
            f'\n      <td class="nowrap" data-label="{l_unit}">{escape(row.unit_name) if row.unit_name else "—"}</td>'
            f'\n      <td data-label="{l_due}"><time datetime="{day}">{day}</time>'
            f'\n        <div class="small muted">{escape(d.explanation)}</div></td>'
            f'\n      <td data-label="{l_countdown}"><span class="countdown {cd.css}">{escape(cd.text)}</span></td>'
            "\n    </tr>"
        )
    return mark_safe("".join(out))  # every value above is escaped


def todo_items(items: Iterable[Any], *, link: str, today: date) -> SafeString:
    """The ``<li>`` of each item of /todo/ (``oversight.todo.Todo``): its kind and countdown, the
    suggestion's number and title, the unit and the deadline, the note (cut at 200 characters) and
    the button for the next step — the markup todo.html's loop wrote, 80 items of a dozen
    variables each on a staff member's page (docs/benchmarks.md "The to-do page's items").
    ``link`` is the suggestion URL up to its id."""
    until, no_deadline = escape(_("截止")), escape(_("无办理期限"))
    countdowns = _Countdowns(today)
    kinds = _KindLabels()
    out: list[str] = []
    for t in items:
        cd = countdowns.of(t.due) if t.due is not None else None
        css = cd.css if cd is not None else ""
        head = f'\n      <span class="chip chip-{escape(t.code)}">{escape(t.label)}</span>\n      '
        if cd is not None:
            head += f'<span class="countdown {css}">{escape(cd.text)}</span>'
        s = t.suggestion
        unit = f"{escape(t.unit)} · " if t.unit else ""
        if t.due:
            label = kinds.of(t.due_kind)
            day = ymd(t.due)
            when = f'{label} {until} <time datetime="{day}">{day}</time>'
        else:
            when = no_deadline
        note = f'\n    <p class="small pre">{escape(Truncator(t.note).chars(200))}</p>' if t.note else "\n    "
        out.append(
            f'\n  <li class="todo card {css}">'
            f'\n    <div class="todo-head">{head}\n    </div>'
            f'\n    <p class="todo-title">{_numbered(f"{link}{s.pk}/", s)}</p>'
            f'\n    <p class="small muted">{unit}{when}</p>{note}'
            f'\n    <p class="actions"><a class="button" href="{escape(t.url)}">{escape(str(t.button))}</a></p>'
            "\n  </li>"
        )
    return mark_safe("".join(out))  # every value above is escaped


class _Numbered(Protocol):
    """A suggestion, or what a to-do item keeps of one (``oversight.todo.SuggestionRef``)."""

    @property
    def display_number(self) -> str: ...

    @property
    def title(self) -> str: ...


def _numbered(href: str, suggestion: _Numbered) -> str:
    """A link showing the suggestion's number and title."""
    return f'<a href="{href}">{escape(suggestion.display_number)} {escape(suggestion.title)}</a>'


class _KindLabels:
    """Each deadline kind's label, translated and escaped once per page."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def of(self, kind: str) -> str:
        found = self.seen.get(kind)
        if found is None:
            found = self.seen[kind] = escape(deadline_label(kind))
        return found


class _Countdowns:
    """``countdown_for`` once per distinct due date of a page (rows often share one)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.seen: dict[date, Countdown] = {}

    def of(self, due: date) -> Countdown:
        found = self.seen.get(due)
        if found is None:
            found = countdown_for(due, self.today)
            assert found is not None
            self.seen[due] = found
        return found
