"""The audit log (read and export only) and API tokens (see and revoke) in the admin."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from security.models import ApiToken, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Only those holding ``security.view_auditevent`` (the audit administrator) see it; nobody adds,
    edits or deletes a row here."""

    list_display = ("at", "kind", "username", "ip_address", "target", "detail")
    list_filter = ("kind", ("at", admin.DateFieldListFilter))
    search_fields = ("username", "ip_address", "target", "detail")
    date_hierarchy = "at"
    list_per_page = 100
    actions = ["export_csv"]
    readonly_fields = ("at", "kind", "actor", "username", "ip_address", "target", "detail")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    @admin.action(description=gettext_lazy("导出所选审计日志（CSV）"), permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        response.write("\ufeff")  # so Excel opens the Chinese text as UTF-8
        writer = csv.writer(response)
        writer.writerow(["时间", "类型", "用户名", "来源地址", "对象", "详情"])
        for event in queryset.order_by("at", "id").iterator():
            writer.writerow(
                [
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    event.get_kind_display(),
                    event.username,
                    event.ip_address or "",
                    _csv_safe(event.target),
                    _csv_safe(event.detail),
                ]
            )
        return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in a spreadsheet: user-typed text must not.
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issued tokens: who, what name, when they expire. Deleting one revokes it."""

    list_display = ("user", "name", "token_key", "created", "expiry")
    list_filter = (("expiry", admin.DateFieldListFilter),)
    search_fields = ("user__username", "user__display_name", "name")
    list_select_related = ("user",)
    fields = ("user", "name", "token_key", "created", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A superuser's tokens are revoked only by a superuser.
        if obj is not None and obj.user.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
