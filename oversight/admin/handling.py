"""交办 and what units do with it: assignments (return requests decided here), extension requests
(approved or refused here), contact records and co-handler opinions (shown only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.admin._base import (
    ReadOnlyInlineMixin,
    WorkflowAdmin,
    acting_user,
    action_note,
    require_note,
    run_for_each,
)
from oversight.models import Assignment, ContactRecord, CoOpinion, ExtensionRequest, Reply
from oversight.services import assignments as assignment_services


class ReplyInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = Reply
    fields = ("round", "category", "status", "signed_at", "reviewed_at", "sent_on", "on_time")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("答复")


class ContactInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = ContactRecord
    fields = ("contacted_on", "method", "deputy", "summary", "recorded_by")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContactRecord]:
        return super().get_queryset(request).select_related("deputy", "recorded_by")


class ExtensionInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = ExtensionRequest
    fields = ("months", "reason", "status", "requested_at", "decided_at", "decision_note")
    readonly_fields = fields


@admin.register(Assignment)
class AssignmentAdmin(WorkflowAdmin):
    list_display = ("suggestion_number", "suggestion_title", "unit", "role", "status", "assigned_on", "round")
    list_filter = ("status", "role", "unit", "suggestion__session", "suggestion__is_key")
    search_fields = ("suggestion__title", "=suggestion__number", "unit__name")
    list_select_related = ("suggestion", "unit")
    raw_id_fields = ("suggestion", "assigned_by")
    date_hierarchy = "assigned_on"
    inlines = (ReplyInline, ContactInline, ExtensionInline)
    actions = ("approve_return", "refuse_return", "conclude")

    @admin.display(description=gettext_lazy("编号"), ordering="suggestion__number")
    def suggestion_number(self, obj: Assignment) -> str:
        return obj.suggestion.display_number

    @admin.display(description=gettext_lazy("建议标题"), ordering="suggestion__title")
    def suggestion_title(self, obj: Assignment) -> str:
        return obj.suggestion.title

    @admin.action(description=gettext_lazy("同意退办"), permissions=["workflow"])
    def approve_return(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        _decide(
            self,
            request,
            queryset,
            assignment_services.assignment_decide_return,
            "assignment",
            approve=True,
            done=_("同意退办"),
        )

    @admin.action(description=gettext_lazy("不同意退办（维持交办）"), permissions=["workflow"])
    def refuse_return(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        _decide(
            self,
            request,
            queryset,
            assignment_services.assignment_decide_return,
            "assignment",
            approve=False,
            done=_("维持交办"),
        )

    @admin.action(description=gettext_lazy("办结（填写说明）"), permissions=["workflow"])
    def conclude(self, request: HttpRequest, queryset: QuerySet[Assignment]) -> None:
        reason = require_note(self, request, what=_("办结说明"))
        if reason is None:
            return
        run_for_each(
            self,
            request,
            queryset,
            lambda a: assignment_services.assignment_conclude(assignment=a, actor=acting_user(request), reason=reason),
            done=_("办结"),
        )


def _decide(
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    queryset: QuerySet[Any],
    service: Callable[..., object],
    field: str,
    *,
    approve: bool,
    done: str,
) -> None:
    """Approve or refuse each selected request through its decision service."""
    note = action_note(request)
    run_for_each(
        model_admin,
        request,
        queryset,
        lambda obj: service(**{field: obj}, actor=acting_user(request), approve=approve, note=note),
        done=done,
    )


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(WorkflowAdmin):
    list_display = ("assignment", "months", "reason", "status", "requested_at", "decided_at")
    list_filter = ("status", "assignment__unit")
    search_fields = ("assignment__suggestion__title", "=assignment__suggestion__number", "assignment__unit__name")
    list_select_related = ("assignment__suggestion", "assignment__unit")
    raw_id_fields = ("assignment", "requested_by", "decided_by")
    actions = ("approve", "refuse")

    @admin.action(description=gettext_lazy("批准延期"), permissions=["workflow"])
    def approve(self, request: HttpRequest, queryset: QuerySet[ExtensionRequest]) -> None:
        _decide(
            self, request, queryset, assignment_services.extension_decide, "extension", approve=True, done=_("批准延期")
        )

    @admin.action(description=gettext_lazy("不批准延期"), permissions=["workflow"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[ExtensionRequest]) -> None:
        _decide(
            self,
            request,
            queryset,
            assignment_services.extension_decide,
            "extension",
            approve=False,
            done=_("不批准延期"),
        )


@admin.register(ContactRecord)
class ContactRecordAdmin(WorkflowAdmin):
    list_display = ("assignment", "method", "deputy", "contacted_on", "recorded_by")
    list_filter = ("method", "assignment__unit")
    search_fields = ("summary", "deputy__name", "assignment__suggestion__title", "=assignment__suggestion__number")
    list_select_related = ("assignment__suggestion", "assignment__unit", "deputy", "recorded_by")
    raw_id_fields = ("assignment", "deputy", "recorded_by")
    date_hierarchy = "contacted_on"


@admin.register(CoOpinion)
class CoOpinionAdmin(WorkflowAdmin):
    list_display = ("assignment", "round", "submitted_by", "submitted_at")
    list_filter = ("assignment__unit",)
    search_fields = ("content", "assignment__suggestion__title", "=assignment__suggestion__number")
    list_select_related = ("assignment__suggestion", "assignment__unit", "submitted_by")
    raw_id_fields = ("assignment", "submitted_by")
