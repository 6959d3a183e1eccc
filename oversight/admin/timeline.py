"""Read-only views of what tracker keeps for a case: its timeline (办理轨迹) and its deadlines."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.admin._base import ReadOnlyInlineMixin
from oversight.models import Assignment, Commitment, Feedback, Reply, Suggestion
from oversight.templatetags.oversight_ui import action_label
from tracker.models import Deadline, TimelineEntry
from tracker.registry import get_kind


class TimelineInline(ReadOnlyInlineMixin, GenericTabularInline):  # type: ignore[misc]
    """Every step of the case: who, when, from → to, and the note, in the reader's words."""

    model = TimelineEntry
    ct_field = "case_type"
    ct_fk_field = "case_id"
    fields = ("at", "step", "from_label", "to_label", "actor", "note")
    readonly_fields = fields
    ordering = ("at", "id")
    show_change_link = False
    verbose_name = gettext_lazy("办理轨迹")
    verbose_name_plural = gettext_lazy("办理轨迹")

    def get_queryset(self, request: HttpRequest) -> QuerySet[TimelineEntry]:
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=gettext_lazy("环节"))
    def step(self, entry: TimelineEntry) -> str:
        return action_label(entry.action)

    @admin.display(description=gettext_lazy("原状态"))
    def from_label(self, entry: TimelineEntry) -> str:
        return state_label(entry, entry.from_state)

    @admin.display(description=gettext_lazy("新状态"))
    def to_label(self, entry: TimelineEntry) -> str:
        return state_label(entry, entry.to_state)


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
    return str(kind.label) if kind else code
