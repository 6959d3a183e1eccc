"""代表建议 in the admin: searchable, filterable list; a read-only case file with its assignments,
replies, deadlines and timeline; actions that register, return, mark key and close off."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.admin._base import ReadOnlyInlineMixin, WorkflowAdmin, acting_user, require_note, run_for_each
from oversight.admin.timeline import deadlines_table, timeline_table
from oversight.models import Assignment, Reply, Session, Suggestion, Unit
from oversight.policy_rules import reply_categories
from oversight.services import suggestions as suggestion_services


class SessionFilter(admin.SimpleListFilter):
    title = gettext_lazy("会议")
    parameter_name = "session"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        # With the term joined: a session's name includes its term's (第十七届…).
        return [(s.pk, str(s)) for s in Session.objects.select_related("term")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
        value = self.value()
        return queryset.filter(session_id=int(value)) if value else queryset


class UnitFilter(admin.SimpleListFilter):
    title = gettext_lazy("承办单位")
    parameter_name = "unit"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        return list(Unit.objects.values_list("pk", "name"))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
        value = self.value()
        if not value:
            return queryset
        # A subquery instead of a join: a suggestion with several units stays one row.
        assigned = Assignment.objects.filter(unit_id=int(value)).exclude(status=Assignment.Status.RETURNED)
        return queryset.filter(pk__in=assigned.values("suggestion_id"))


class ReplyCategoryFilter(admin.SimpleListFilter):
    title = gettext_lazy("答复类别")
    parameter_name = "reply_category"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, f"{code}类（{label}）") for code, label in reply_categories()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
        if not self.value():
            return queryset
        replies = Reply.objects.filter(status=Reply.Status.ACCEPTED, category=self.value())
        return queryset.filter(pk__in=replies.values("assignment__suggestion_id"))


class AssignmentInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = Assignment
    fields = ("unit", "role", "status", "assigned_on", "accepted_at", "round", "extension_months")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("交办情况")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return super().get_queryset(request).select_related("unit", "suggestion")


@admin.register(Suggestion)
class SuggestionAdmin(WorkflowAdmin):
    list_display = (
        "display_number",
        "title",
        "category",
        "lead_deputy",
        "unit_names",
        "status",
        "is_key",
        "period",
        "submitted_at",
    )
    list_display_links = ("display_number", "title")
    list_filter = ("status", SessionFilter, "category", UnitFilter, "is_key", ReplyCategoryFilter, "period")
    search_fields = ("title", "content", "=number", "lead_deputy__name", "co_signers__name")
    list_select_related = ("session__term", "category", "lead_deputy")
    date_hierarchy = "submitted_at"
    ordering = ("-session_opens_on", "number", "id")
    inlines = (AssignmentInline,)
    readonly_fields = ("replies_table", "deadlines", "timeline")
    fieldsets = (
        (None, {"fields": ("session", "number", "title", "content", "category", "period")}),
        (gettext_lazy("代表"), {"fields": ("lead_deputy", "co_signers")}),
        (
            gettext_lazy("办理"),
            {
                "fields": (
                    "status",
                    "return_reason",
                    "is_key",
                    "key_leader",
                    "handled_with",
                    "closed_reason",
                    "submitted_at",
                    "registered_at",
                    "assigned_on",
                    "closed_at",
                    "created_by",
                )
            },
        ),
        (gettext_lazy("答复与期限"), {"fields": ("replies_table", "deadlines")}),
        (gettext_lazy("办理轨迹"), {"fields": ("timeline",)}),
    )
    actions = ("register", "return_with_reason", "mark_key", "unmark_key", "close_off")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Suggestion]:
        units = Assignment.objects.exclude(status=Assignment.Status.RETURNED).select_related("unit")
        return super().get_queryset(request).prefetch_related(Prefetch("assignments", queryset=units))

    @admin.display(description=gettext_lazy("编号"), ordering="number")
    def display_number(self, obj: Suggestion) -> str:
        return obj.display_number

    @admin.display(description=gettext_lazy("承办单位"))
    def unit_names(self, obj: Suggestion) -> str:
        # The lead (or separate) units first; co-handlers after them, marked.
        ordered = sorted(obj.assignments.all(), key=lambda a: (a.role == Assignment.Role.CO, a.pk))
        return "、".join(
            f"{a.unit.short_name or a.unit.name}{_('（协办）') if a.role == Assignment.Role.CO else ''}"
            for a in ordered
        )

    @admin.display(description=gettext_lazy("答复"))
    def replies_table(self, obj: Suggestion) -> SafeString:
        replies = Reply.objects.filter(assignment__suggestion=obj).select_related("assignment__unit")
        rows = [
            (
                r.assignment.unit.name,
                r.round,
                r.category,
                r.get_status_display(),
                r.sent_on.isoformat() if r.sent_on else "—",
                r.content[:120],
            )
            for r in replies.order_by("assignment_id", "round", "id")
        ]
        if not rows:
            return mark_safe(_("暂无答复"))
        head = format_html_join(
            "",
            "<th>{}</th>",
            ((h,) for h in (_("承办单位"), _("轮次"), _("类别"), _("状态"), _("送达日期"), _("内容"))),
        )
        body = format_html_join("", "<tr>" + "<td>{}</td>" * 6 + "</tr>", rows)
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)

    @admin.display(description=gettext_lazy("办理轨迹"))
    def timeline(self, obj: Suggestion) -> SafeString:
        return timeline_table(obj)

    @admin.display(description=gettext_lazy("期限"))
    def deadlines(self, obj: Suggestion) -> SafeString:
        return deadlines_table(obj)

    @admin.action(description=gettext_lazy("立案所选建议"), permissions=["workflow"])
    def register(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        run_for_each(
            self,
            request,
            queryset,
            lambda s: suggestion_services.suggestion_register(suggestion=s, actor=acting_user(request)),
            done=_("立案"),
        )

    @admin.action(description=gettext_lazy("退回所选建议（填写理由）"), permissions=["workflow"])
    def return_with_reason(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        reason = require_note(self, request, what=_("退回理由"))
        if reason is None:
            return
        run_for_each(
            self,
            request,
            queryset,
            lambda s: suggestion_services.suggestion_return(suggestion=s, actor=acting_user(request), reason=reason),
            done=_("退回"),
        )

    @admin.action(description=gettext_lazy("列为重点督办（说明栏填督办领导）"), permissions=["workflow"])
    def mark_key(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        leader = require_note(self, request, what=_("督办领导"))
        if leader is None:
            return
        run_for_each(
            self,
            request,
            queryset,
            lambda s: suggestion_services.suggestion_set_key(
                suggestion=s, actor=acting_user(request), is_key=True, leader=leader
            ),
            done=_("列为重点督办"),
        )

    @admin.action(description=gettext_lazy("取消重点督办"), permissions=["workflow"])
    def unmark_key(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        run_for_each(
            self,
            request,
            queryset,
            lambda s: suggestion_services.suggestion_set_key(suggestion=s, actor=acting_user(request), is_key=False),
            done=_("取消重点督办"),
        )

    @admin.action(description=gettext_lazy("销号（可填写说明）"), permissions=["workflow"])
    def close_off(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        note = str(request.POST.get("note", "")).strip()
        run_for_each(
            self,
            request,
            queryset,
            lambda s: suggestion_services.suggestion_close_off(suggestion=s, actor=acting_user(request), reason=note),
            done=_("销号"),
        )
