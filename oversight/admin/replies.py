"""答复 and what follows: staff review (accept, send back, publish), deputies' ratings (shown
only), and commitments (fulfilled or closed with an explanation here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
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
from oversight.models import Attachment, Commitment, CommitmentProgress, Feedback, Reply
from oversight.policy_rules import reply_categories
from oversight.services import commitments as commitment_services
from oversight.services import replies as reply_services


class CategoryFilter(admin.SimpleListFilter):
    title = gettext_lazy("答复类别")
    parameter_name = "category"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, f"{code}类（{label}）") for code, label in reply_categories()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(category=self.value()) if self.value() else queryset


class FeedbackInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = Feedback
    fields = ("deputy", "rating", "comment", "rated_at")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Feedback]:
        return super().get_queryset(request).select_related("deputy")


class CommitmentInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = Commitment
    fk_name = "reply"
    fields = ("description", "due_on", "status", "fulfilled_at")
    readonly_fields = fields


def _reply_label(reply: Reply) -> str:
    return f"{reply.assignment.suggestion.display_number} {reply.assignment.unit}"


@admin.register(Reply)
class ReplyAdmin(WorkflowAdmin):
    list_display = (
        "suggestion_number",
        "suggestion_title",
        "unit",
        "round",
        "category",
        "status",
        "sent_on",
        "on_time",
        "is_public",
        "published",
    )
    list_filter = (
        "status",
        CategoryFilter,
        "assignment__unit",
        "on_time",
        "published",
        "assignment__suggestion__session",
    )
    search_fields = ("content", "assignment__suggestion__title", "=assignment__suggestion__number")
    list_select_related = ("assignment__suggestion", "assignment__unit")
    raw_id_fields = ("assignment", "drafted_by", "signed_by", "reviewed_by")
    inlines = (FeedbackInline, CommitmentInline)
    actions = ("accept", "send_back", "publish", "unpublish")

    @admin.display(description=gettext_lazy("编号"), ordering="assignment__suggestion__number")
    def suggestion_number(self, obj: Reply) -> str:
        return obj.assignment.suggestion.display_number

    @admin.display(description=gettext_lazy("建议标题"))
    def suggestion_title(self, obj: Reply) -> str:
        return obj.assignment.suggestion.title

    @admin.display(description=gettext_lazy("承办单位"), ordering="assignment__unit__name")
    def unit(self, obj: Reply) -> str:
        return str(obj.assignment.unit)

    @admin.action(description=gettext_lazy("审核通过并送达代表"), permissions=["workflow"])
    def accept(self, request: HttpRequest, queryset: QuerySet[Reply]) -> None:
        note = action_note(request)
        run_for_each(
            self,
            request,
            queryset.select_related("assignment__suggestion", "assignment__unit"),
            lambda r: reply_services.reply_accept(reply=r, actor=acting_user(request), note=note),
            done=_("审核通过"),
            label=_reply_label,
        )

    @admin.action(description=gettext_lazy("退回重办（填写理由）"), permissions=["workflow"])
    def send_back(self, request: HttpRequest, queryset: QuerySet[Reply]) -> None:
        reason = require_note(self, request, what=_("退回理由"))
        if reason is None:
            return
        run_for_each(
            self,
            request,
            queryset.select_related("assignment__suggestion", "assignment__unit"),
            lambda r: reply_services.reply_send_back(reply=r, actor=acting_user(request), reason=reason),
            done=_("退回重办"),
            label=_reply_label,
        )

    @admin.action(description=gettext_lazy("向社会公开"), permissions=["workflow"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Reply]) -> None:
        run_for_each(
            self,
            request,
            queryset.select_related("assignment__suggestion", "assignment__unit"),
            lambda r: reply_services.reply_set_published(reply=r, actor=acting_user(request), published=True),
            done=_("公开"),
            label=_reply_label,
        )

    @admin.action(description=gettext_lazy("撤回公开"), permissions=["workflow"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Reply]) -> None:
        run_for_each(
            self,
            request,
            queryset.select_related("assignment__suggestion", "assignment__unit"),
            lambda r: reply_services.reply_set_published(reply=r, actor=acting_user(request), published=False),
            done=_("撤回公开"),
            label=_reply_label,
        )


@admin.register(Feedback)
class FeedbackAdmin(WorkflowAdmin):
    list_display = ("reply", "deputy", "rating", "rated_at")
    list_filter = ("rating", "reply__assignment__unit", "reply__round")
    search_fields = ("comment", "deputy__name", "reply__assignment__suggestion__title")
    list_select_related = ("reply__assignment__suggestion", "reply__assignment__unit", "deputy")
    raw_id_fields = ("reply", "deputy", "rated_by")


def _commitment_label(commitment: Commitment) -> str:
    return f"{commitment.assignment.suggestion.display_number} {commitment.description[:30]}"


class CommitmentProgressInline(ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[misc]
    model = CommitmentProgress
    fields = ("note", "reported_by", "reported_at")
    readonly_fields = fields
    show_change_link = False


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("是否逾期")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("已逾期未落实"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
        from django.utils import timezone

        if self.value() == "yes":
            return queryset.filter(status=Commitment.Status.OPEN, due_on__lt=timezone.localdate())
        return queryset


@admin.register(Commitment)
class CommitmentAdmin(WorkflowAdmin):
    list_display = ("suggestion_number", "unit", "description", "due_on", "status", "deputy_confirmed")
    list_filter = ("status", OverdueFilter, "assignment__unit")
    search_fields = ("description", "assignment__suggestion__title", "=assignment__suggestion__number")
    list_select_related = ("assignment__suggestion", "assignment__unit")
    raw_id_fields = ("assignment", "reply", "fulfilled_by")
    date_hierarchy = "due_on"
    inlines = (CommitmentProgressInline,)
    actions = ("fulfil", "close")

    @admin.display(description=gettext_lazy("编号"), ordering="assignment__suggestion__number")
    def suggestion_number(self, obj: Commitment) -> str:
        return obj.assignment.suggestion.display_number

    @admin.display(description=gettext_lazy("承办单位"))
    def unit(self, obj: Commitment) -> str:
        return str(obj.assignment.unit)

    @admin.action(description=gettext_lazy("确认已落实"), permissions=["workflow"])
    def fulfil(self, request: HttpRequest, queryset: QuerySet[Commitment]) -> None:
        run_for_each(
            self,
            request,
            queryset.select_related("assignment__suggestion"),
            lambda c: commitment_services.commitment_fulfil(commitment=c, actor=acting_user(request)),
            done=_("确认落实"),
            label=_commitment_label,
        )

    @admin.action(description=gettext_lazy("说明后关闭（填写说明）"), permissions=["workflow"])
    def close(self, request: HttpRequest, queryset: QuerySet[Commitment]) -> None:
        explanation = require_note(self, request, what=_("关闭说明"))
        if explanation is None:
            return
        run_for_each(
            self,
            request,
            queryset.select_related("assignment__suggestion"),
            lambda c: commitment_services.commitment_close(
                commitment=c, actor=acting_user(request), explanation=explanation
            ),
            done=_("关闭承诺事项"),
            label=_commitment_label,
        )


@admin.register(CommitmentProgress)
class CommitmentProgressAdmin(WorkflowAdmin):
    list_display = ("commitment_label", "note", "reported_by", "reported_at")
    search_fields = ("note", "commitment__description")
    list_select_related = ("commitment__assignment__suggestion", "reported_by")
    raw_id_fields = ("commitment", "reported_by")

    @admin.display(description=gettext_lazy("承诺事项"))
    def commitment_label(self, obj: CommitmentProgress) -> str:
        return _commitment_label(obj.commitment)


@admin.register(Attachment)
class AttachmentAdmin(WorkflowAdmin):
    list_display = ("name", "reply", "content_type", "size", "uploaded_by", "uploaded_at", "download")
    search_fields = ("name",)
    list_select_related = ("reply__assignment__suggestion", "reply__assignment__unit", "uploaded_by")
    raw_id_fields = ("reply", "uploaded_by")

    @admin.display(description=gettext_lazy("下载"))
    def download(self, obj: Attachment) -> str:
        # Files are served only through the permission-checked view, never from MEDIA_URL.
        url = reverse("api:attachment-download", kwargs={"pk": obj.pk})
        return format_html('<a href="{}" download>{}</a>', url, _("下载"))
