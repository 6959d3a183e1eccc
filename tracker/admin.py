"""Staff screens for the calendar, deadlines, the reminder ledger and the inbox.

Calendar edits go through ``tracker.services`` so open deadlines are recomputed and the change is
recorded on every case it moves; deadlines and the ledger are read-only here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker import calendar, policy, services
from tracker.models import (
    CalendarOverride,
    CalendarYear,
    Deadline,
    Notification,
    NotificationPreference,
    PolicySetting,
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


class PolicySettingForm(forms.ModelForm):
    key = forms.ChoiceField(label=gettext_lazy("规则"))

    class Meta:
        model = PolicySetting
        fields = ["key", "value", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (r.key, f"{r.label}（{r.key}，现为 {r.show(policy.text(r.key))}）") for r in policy.rules()
        ]
        self.fields["value"].help_text = _(
            "期限写作“15d”（日历日）、“20wd”（工作日）或“1m”（月）；提醒写作“10,5,1”；选项填写代码。"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key, value = data.get("key"), data.get("value")
        if key and value:
            try:
                policy.rule(key).parse(value)
            except policy.PolicyError as error:
                self.add_error("value", str(error))
        return data


@admin.register(PolicySetting)
class PolicySettingAdmin(admin.ModelAdmin):
    """本地规则: each row overrides one default of config/policy.py (docs/settings.md). Saving and
    deleting go through ``tracker.policy.policy_set`` so the change is validated and recorded."""

    form = PolicySettingForm
    list_display = ["key", "label", "value", "meaning", "default", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    @admin.display(description=gettext_lazy("说明"))
    def label(self, obj: PolicySetting) -> str:
        try:
            return str(policy.rule(obj.key).label)
        except policy.PolicyError:
            return ""

    @admin.display(description=gettext_lazy("含义"))
    def meaning(self, obj: PolicySetting) -> str:
        try:
            return policy.rule(obj.key).show(obj.value)
        except policy.PolicyError:
            return ""

    @admin.display(description=gettext_lazy("默认值（环境变量或配置）"))
    def default(self, obj: PolicySetting) -> str:
        try:
            r = policy.rule(obj.key)
        except policy.PolicyError:
            return ""
        return r.show(r.default_text())

    def save_model(self, request: HttpRequest, obj: PolicySetting, form: Any, change: bool) -> None:
        saved = policy.policy_set(key=obj.key, value=obj.value, note=obj.note, actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: PolicySetting) -> None:
        policy.policy_set(key=obj.key, value="", actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PolicySetting]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
