"""审议意见 in the staff admin: search and read; the one-click step (交办) goes through the service.
Everything else is done on the /deliberation/ pages or through the API."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.admin._base import ReadOnlyInlineMixin, WorkflowAdmin, acting_user, run_for_each
from oversight.models import DeliberationOpinion, Escalation, FollowUpReport, OpinionItem


class OpinionItemInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = OpinionItem
    fields = ("number", "unit", "status", "round", "failures", "needs_council")
    readonly_fields = fields


@admin.register(DeliberationOpinion)
class DeliberationOpinionAdmin(WorkflowAdmin):
    list_display = ("title", "meeting_name", "meeting_date", "report_type", "committee", "status", "published")
    list_filter = ("status", "report_type", "published")
    search_fields = ("title", "meeting_name", "report_title", "committee")
    date_hierarchy = "meeting_date"
    inlines = [OpinionItemInline]
    actions = ["issue"]

    @admin.action(description=gettext_lazy("交办所选审议意见"), permissions=["workflow"])
    def issue(self, request: HttpRequest, queryset: QuerySet[DeliberationOpinion]) -> None:
        from oversight.services.deliberation import opinion_issue

        actor = acting_user(request)
        run_for_each(self, request, queryset, lambda o: opinion_issue(opinion=o, actor=actor), done=_("交办"))


@admin.register(FollowUpReport)
class FollowUpReportAdmin(WorkflowAdmin):
    list_display = ("item", "round", "status", "on_time", "submitted_at", "signed_at")
    list_filter = ("status", "on_time", "item__opinion__report_type")
    search_fields = ("content", "item__opinion__title", "item__unit__name")
    list_select_related = ("item__opinion",)
    raw_id_fields = ("item", "submitted_by", "signed_by", "commented_by")


@admin.register(Escalation)
class EscalationAdmin(WorkflowAdmin):
    list_display = ("item", "kind", "decided_on", "recorded_at")
    list_filter = ("kind",)
    search_fields = ("note", "item__opinion__title", "item__unit__name")
    list_select_related = ("item__opinion",)
    raw_id_fields = ("item", "recorded_by")
