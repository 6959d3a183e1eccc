"""Read-only tables of what tracker keeps for a case: its timeline (办理轨迹) and its deadlines."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from oversight.models import Assignment, Commitment, Feedback, Reply, Suggestion
from oversight.templatetags.oversight_ui import action_label
from tracker.models import Deadline, TimelineEntry
from tracker.registry import get_kind
from tracker.timeline import for_case


def timeline_table(case: Any) -> SafeString:
    """Every step of the case (办理轨迹): when, what, from → to, who, and the note, in words."""
    if case is None or case.pk is None:
        return mark_safe("")
    rows = [
        (
            localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
            action_label(entry.action),
            state_label(entry, entry.from_state),
            state_label(entry, entry.to_state),
            str(entry.actor) if entry.actor else "—",
            entry.note,
        )
        for entry in for_case(case).order_by("at", "id")
    ]
    if not rows:
        return mark_safe(_("暂无办理记录。"))
    head = format_html_join(
        "", "<th>{}</th>", ((h,) for h in (_("时间"), _("环节"), _("原状态"), _("新状态"), _("操作人"), _("说明")))
    )
    body = format_html_join("", "<tr>" + "<td>{}</td>" * 6 + "</tr>", rows)
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def state_label(entry: TimelineEntry, code: str) -> str:
    """A state code in words. Codes repeat across models ("accepted" is 办理中 for an assignment and
    已审核送达 for a reply), so the subject's own choices are tried first."""
    if not code:
        return ""
    type_id = entry.subject_type_id or entry.case_type_id
    model = ContentType.objects.get_for_id(type_id).model_class()
    for attr in ("Status", "Rating"):
        choices = getattr(model, attr, None)
        if choices is not None and code in choices.values:
            return str(choices(code).label)
    return str(_all_labels().get(code, code))


def _all_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for choices in (Feedback.Rating, Commitment.Status, Reply.Status, Assignment.Status, Suggestion.Status):
        labels.update({value: str(label) for value, label in choices.choices})
    return labels


def deadlines_table(case: Any) -> SafeString:
    """The case's deadlines with the plain explanation of how each date was computed."""
    if case is None or case.pk is None:
        return mark_safe("")
    case_type = ContentType.objects.get_for_model(case)
    rows = Deadline.objects.filter(case_type=case_type, case_id=case.pk).order_by("due", "id")
    if not rows:
        return mark_safe(_("暂无期限"))
    body = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        ((_kind_label(d.kind), d.due.isoformat(), d.get_status_display(), d.explanation) for d in rows),
    )
    head = format_html_join("", "<th>{}</th>", ((h,) for h in (_("事项"), _("截止日"), _("状态"), _("计算说明"))))
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def _kind_label(code: str) -> str:
    kind = get_kind(code)
    return _(str(kind.label)) if kind else code
