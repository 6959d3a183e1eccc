"""Staff screens for the calendar, deadlines, the reminder ledger and the inbox.

Calendar edits go through ``tracker.services`` so open deadlines are recomputed and the change is
recorded on every case it moves; deadlines and the ledger are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker import calendar, services
from tracker.models import (
    CalendarOverride,
    CalendarYear,
    Deadline,
    Notification,
    NotificationPreference,
    Reminder,
)


def _warn_unpublished(request: HttpRequest) -> None:
    message = calendar.unpublished_message(calendar.unpublished_years(timezone.localdate()))
    if message:
        messages.warning(request, message)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "note", "created_at")
    list_filter = ("kind",)
    date_hierarchy = "day"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        _warn_unpublished(request)
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        saved, moved = services.calendar_override_set(
            actor=request.user, day=obj.day, kind=obj.kind, note=obj.note, override=obj if change else None
        )
        obj.pk = saved.pk
        messages.info(request, _("已重新计算期限：%(n)s 项截止日发生变化。") % {"n": moved})

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        moved = services.calendar_override_delete(actor=request.user, override=obj)
        messages.info(request, _("已重新计算期限：%(n)s 项截止日发生变化。") % {"n": moved})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "note", "created_at")

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        saved = services.calendar_year_mark(actor=request.user, year=obj.year, note=obj.note)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        services.calendar_year_unmark(actor=request.user, year=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("是否逾期")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("已逾期"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Deadline]) -> QuerySet[Deadline]:
        if self.value() == "yes":
            return queryset.overdue(on=timezone.localdate())  # type: ignore[attr-defined, no-any-return]
        return queryset


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "start", "due", "status", "is_overdue", "calendar_provisional")
    list_filter = ("status", OverdueFilter, "kind", "calendar_provisional")
    search_fields = ("explanation",)
    date_hierarchy = "due"
    readonly_fields = (
        "kind",
        "case_type",
        "case_id",
        "subject_type",
        "subject_id",
        "start",
        "due",
        "status",
        "explanation",
        "rule",
        "met_on",
        "paused_on",
        "calendar_provisional",
        "created_at",
        "updated_at",
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    @admin.display(boolean=True, description=gettext_lazy("逾期"))
    def is_overdue(self, obj: Deadline) -> bool:
        return obj.status in (Deadline.Status.OPEN, Deadline.Status.EXTENDED) and obj.due < timezone.localdate()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        _warn_unpublished(request)
        return super().changelist_view(request, extra_context)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "recipient", "channel", "rule", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "channel", "rule")
    search_fields = ("title", "recipient__username", "last_error")
    list_select_related = ("recipient",)
    actions = ["retry"]
    readonly_fields = (
        "deadline",
        "rule",
        "occurrence",
        "recipient",
        "channel",
        "status",
        "title",
        "body",
        "link",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "created_at",
    )

    @admin.action(description=gettext_lazy("重新发送所选失败提醒"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        n = sum(services.reminder_retry(reminder=r, actor=request.user) for r in queryset)
        messages.info(request, _("已重新排队 %(n)s 条提醒。") % {"n": n})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "created_at", "read_at")
    list_filter = ("read_at",)
    search_fields = ("title", "recipient__username")
    list_select_related = ("recipient",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "by_email", "by_sms", "daily_digest", "digest_hour")
    list_filter = ("daily_digest", "by_sms")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
    readonly_fields = ("last_digest_on",)
