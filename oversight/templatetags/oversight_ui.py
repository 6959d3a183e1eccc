"""Small template helpers: working-day countdowns, the inbox badge, role links, timeline labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from django import template
from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tracker.calendar import working_days_between

register = template.Library()

# A deadline this close (in working days) is shown in amber on every board.
SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class Countdown:
    days: int
    css: str
    text: str


def countdown_for(due: date | None, today: date | None = None) -> Countdown | None:
    if due is None:
        return None
    today = today or timezone.localdate()
    days = working_days_between(today, due)
    if due < today:
        # working_days_between counts working days after ``due`` up to today: that is how late it is.
        late = max(-days, 1)
        return Countdown(days=-late, css="overdue", text=_("已逾期 %(n)s 个工作日") % {"n": late})
    if due == today:
        return Countdown(days=0, css="soon", text=_("今天到期"))
    css = "soon" if days <= SOON_WORKING_DAYS else "ok"
    return Countdown(days=days, css=css, text=_("还剩 %(n)s 个工作日") % {"n": days})


@register.simple_tag
def countdown(due: date | None) -> Countdown | None:
    return countdown_for(due)


@register.simple_tag(takes_context=True)
def unread_count(context: template.Context) -> int:
    """Unread inbox items for the header badge (tracker.Notification, when installed)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    known = getattr(user, "unread_inbox", None)  # read with the person's roles (views.common.load_roles)
    if known is not None:
        return int(known)
    try:
        notification = apps.get_model("tracker", "Notification")
    except LookupError:
        return 0
    return int(notification.objects.filter(recipient=user, read_at__isnull=True).count())


@register.simple_tag
def page_numbers(page: Any) -> list[int]:
    """Page numbers around the current one and at both ends; 0 stands for an ellipsis."""
    out: list[int] = []
    for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        out.append(n if isinstance(n, int) else 0)
    return out


@register.simple_tag
def todo_counts(user: Any) -> list[tuple[str, str, int]]:
    """(code, label, n) for the header: 待签发 3 · 待评价 2 … (cached; see ``oversight.todo.counts``)."""
    from oversight.todo import counts
    from oversight.views.common import load_roles

    # The first thing the header asks of the person: their roles and unread count in one query.
    return counts(load_roles(user))


# {(language, script prefix, urlconf, view name, role set): the navigation's links as rendered}.
_NAV_LINKS: dict[tuple[Any, ...], SafeString] = {}
_NAV_LINKS_MAX = 2_000


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> SafeString:
    """The navigation's links (includes/nav_links.html) for this person's roles on this page.

    They differ only by language, page and role set, yet cost fifteen ``{% url %}`` and a dozen
    translations on every page (≈ 0.6 ms, docs/benchmarks.md): each combination is rendered once
    per process and kept. Roles come from the request's person as every page reads them
    (``views.common.load_roles``), so a change of role shows on the next page."""
    from django.template.loader import render_to_string
    from django.urls import get_script_prefix, get_urlconf

    from oversight.views.home import workbenches_for

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    benches = workbenches_for(user) if signed_in else []
    staff = signed_in and bool(user.is_staff_member)  # type: ignore[union-attr]
    in_unit = signed_in and bool(user.unit_ids())  # type: ignore[union-attr]
    match = getattr(request, "resolver_match", None)
    key = (
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        match.view_name if match else None,
        tuple(name for name, _label in benches),
        staff,
        in_unit,
    )
    found = _NAV_LINKS.get(key)
    if found is None:
        if len(_NAV_LINKS) >= _NAV_LINKS_MAX:
            _NAV_LINKS.clear()
        html = render_to_string(
            "includes/nav_links.html", {"benches": benches, "staff": staff, "in_unit": in_unit}, request
        )
        found = _NAV_LINKS[key] = mark_safe(html)
    return found


@register.simple_tag
def workbenches(user: Any) -> list[tuple[str, str]]:
    """(url name, label) of every workbench this person may use; roles are not exclusive."""
    from oversight.views.home import workbenches_for

    return workbenches_for(user)


# Timeline action codes written by the services → what a reader sees.
ACTION_LABELS = {
    "suggestion.submit": "提交建议",
    "suggestion.register": "立案",
    "suggestion.return": "退回建议",
    "suggestion.set_key": "列为重点督办",
    "suggestion.unset_key": "取消重点督办",
    "suggestion.link": "并案办理",
    "suggestion.assign": "交办",
    "suggestion.close_off": "销号",
    "suggestion.status": "建议状态更新",
    "assignment.create": "交办至承办单位",
    "assignment.accept": "签收",
    "assignment.request_return": "申请退办",
    "assignment.decide_return": "退办审批",
    "assignment.waive_contact": "免于沟通",
    "assignment.waive_co_opinion": "不等协办意见",
    "assignment.conclude": "办结",
    "assignment.rehandling": "重新办理",
    "extension.request": "申请延期",
    "extension.decide": "延期审批",
    "contact.log": "沟通联系",
    "co_opinion.submit": "提交协办意见",
    "co_opinion.waive": "不等协办意见",
    "contact.waive": "免于沟通",
    "reply.draft": "起草答复",
    "reply.update": "修改答复",
    "reply.sign": "签发答复",
    "reply.accept": "审核通过",
    "reply.send_back": "退回重办",
    "reply.send_back_to_liaison": "负责人退回草稿",
    "reply.publish": "公开答复",
    "reply.unpublish": "取消公开",
    "reply.set_published": "设置公开",
    "feedback.rate": "代表评价",
    "rehandling.open": "重新办理",
    "suggestion.handling_vote_pass": "办理满意度测评通过",
    "suggestion.handling_vote_fail": "办理满意度测评未通过",
    "commitment.progress": "报告落实进展",
    "commitment.fulfil": "承诺已落实",
    "commitment.close": "承诺说明后关闭",
    "supervision.record": "督办",
    "progress.schedule": "安排重点督办进展报告",
    "progress.file": "报送进展情况",
    "deadline.extend": "期限延长",
    "deadline.recompute": "期限重算",
}


# {language: {action code: translated label}}: a timeline of 50 steps asked the catalogue 50 times.
_TRANSLATED_ACTIONS: dict[str | None, dict[str, str]] = {}


@register.filter
def action_label(action: str) -> str:
    """Services name actions ``<entity>.<verb>``; an unknown code is shown as it is."""
    key = str(action)
    language = get_language()
    labels = _TRANSLATED_ACTIONS.get(language)
    if labels is None:
        labels = _TRANSLATED_ACTIONS[language] = {code: _(label) for code, label in ACTION_LABELS.items()}
    return labels.get(key, key)


@register.simple_tag(takes_context=True)
def current(context: template.Context, *names: str) -> SafeString:
    """aria-current for the nav link of the page being shown."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match and match.view_name in names:
        return mark_safe('aria-current="page"')
    return mark_safe("")


@register.filter
def deadline_label(kind: str) -> str:
    from tracker.registry import get_kind

    registered = get_kind(str(kind))
    return _(registered.label) if registered else str(kind)


# {(model, field name, language): {value: label}}: a field's choice labels, translated once.
_CHOICE_LABELS: dict[tuple[type, str, str | None], dict[Any, str]] = {}


def choice_labels(model: type[Any], field_name: str) -> dict[Any, str]:
    """``{value: label}`` of a field's choices in the active language, translated once."""
    key = (model, field_name, get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        field = model._meta.get_field(field_name)
        labels = _CHOICE_LABELS[key] = {choice: str(label) for choice, label in field.flatchoices}
    return labels


@register.filter
def display(obj: Any, field_name: str) -> Any:
    """``{{ s|display:"status" }}`` shows what ``{{ s.get_status_display }}`` shows.

    Django's ``get_FOO_display`` rebuilds the field's whole choice dictionary on every call,
    hashing (and so translating) each lazy label: 27 µs a call, a fifth of a 50-row list's
    rows (docs/benchmarks.md). Here the labels are translated once per field and language."""
    value = getattr(obj, field_name)
    labels = choice_labels(type(obj), field_name)
    try:
        return labels.get(value, value)
    except TypeError:  # an unhashable value, as Django's make_hashable would have allowed
        return getattr(obj, f"get_{field_name}_display")()


@register.filter
def ymd(value: Any) -> str:
    """``{{ value|ymd }}`` shows what ``{{ value|date:"Y-m-d" }}`` shows — a datetime in the current
    time zone — for a fraction of its cost (Django's date formatting is ≈ 20 µs a call; a list
    of 50 rows paid a millisecond for one date column)."""
    if isinstance(value, datetime):
        value = _local(value)
    elif not isinstance(value, date):
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def ymd_hm(value: datetime | None) -> str:
    """What ``{{ value|date:"Y-m-d H:i" }}`` shows of a datetime (in the current time zone)."""
    return "" if value is None else _ymd_hm(_local(value))


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if settings.USE_TZ and timezone.is_aware(value) else value


def _ymd_hm(value: datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def readable_timeline(entries: Any) -> list[Any]:
    """The timeline as a reader wants it: one 交办 entry naming every unit with its role (the
    service also writes one entry per assignment, just before it, for the units' own timelines),
    and a status update that says from what to what."""
    from datetime import timedelta

    from oversight.models import Suggestion

    labels = dict(Suggestion.Status.choices)
    out: list[Any] = []
    for entry in entries:
        if entry.action == "suggestion.assign":
            merged: list[str] = []
            while (
                out
                and out[-1].action == "assignment.create"
                and out[-1].actor_id == entry.actor_id
                and abs(entry.at - out[-1].at) < timedelta(seconds=5)
            ):
                merged.insert(0, out.pop().note)
            if merged:
                entry.display_note = "、".join(merged)
        elif entry.action == "suggestion.status" and entry.to_state:
            entry.display_note = (
                f"{labels.get(entry.from_state, entry.from_state)} → {labels.get(entry.to_state, entry.to_state)}"
            )
        out.append(entry)
    for entry in out:
        _prepare_for_display(entry)
    return out


@register.filter
def timeline_items(entries: Any) -> SafeString:
    """The ``<li>`` of each step of a timeline prepared by ``readable_timeline``, written in Python:
    the markup the template loop of includes/timeline.html wrote, every value through
    ``html.escape`` as ``{{ }}`` did. A 50-step timeline printed some 250 template variables
    (≈ 4 µs each, docs/benchmarks.md "The suggestion page's timeline")."""
    out: list[str] = []
    for entry in entries:
        actor = entry.actor
        note = entry.shown_note
        out.append(
            f'<li><time datetime="{escape(entry.at_iso)}">{escape(entry.at_text)}</time>\n'
            f"      <strong>{escape(str(entry.heading))}</strong>\n"
            + (f'      <span class="muted">· {escape(str(actor))}</span>\n' if actor else "")
            + (f'      <div class="small pre">{escape(str(note))}</div>\n' if note else "")
            + "    </li>"
        )
    return mark_safe("\n    ".join(out))


def _prepare_for_display(entry: Any) -> None:
    """What includes/timeline.html shows of an entry, worked out here once rather than through
    template filters per entry (two ``|date`` of an aware datetime cost 60 µs an entry, most of a
    50-step timeline's rendering: docs/benchmarks.md). The same text as before:
    ``at|date:'c'`` (``at_iso``), ``at|date:"Y-m-d H:i"`` (``at_text``), both in the current time
    zone; ``{% firstof entry.label entry.action|action_label %}`` (``heading``) and
    ``{% firstof entry.display_note entry.note %}`` (``shown_note``)."""
    at = entry.at
    if isinstance(at, datetime):
        at = _local(at)
        entry.at_iso = at.isoformat()
        entry.at_text = _ymd_hm(at)
    else:
        entry.at_iso = entry.at_text = ""
    entry.heading = getattr(entry, "label", None) or action_label(entry.action)
    entry.shown_note = getattr(entry, "display_note", None) or entry.note
