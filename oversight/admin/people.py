"""Accounts, deputies and units. A person's roles show together on the user page: staff and
reviewer flags, unit memberships (liaison/head), and the deputy profile linked to the account."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from oversight.admin._base import StaffAdmin, has_model_permission, is_staff_request
from oversight.models import Delegation, Deputy, Unit, UnitMember, User


class UnitMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = UnitMember
    extra = 0
    autocomplete_fields = ("unit", "user")

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitMember]:
        return super().get_queryset(request).select_related("unit", "user")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "view")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "delete")


def is_security_admin(request: HttpRequest) -> bool:
    """Holds the security administrator's right to assign roles (security/roles.py)."""
    return has_model_permission(request, User._meta, "change") and request.user.has_perm("auth.view_group")


@admin.register(User)
class UserAdmin(StaffAdmin, DjangoUserAdmin):  # type: ignore[misc]
    list_display = (
        "username",
        "display_name",
        "is_congress_staff",
        "is_reviewer",
        "unit_list",
        "is_staff",
        "is_active",
        "last_login",
    )
    list_filter = ("is_congress_staff", "is_reviewer", "is_staff", "is_active", "unit_memberships__unit")
    search_fields = ("username", "display_name", "phone", "email")
    ordering = ("username",)
    inlines = (UnitMemberInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("个人信息"), {"fields": ("display_name", "phone", "email")}),
        (
            gettext_lazy("角色"),
            {"fields": ("is_congress_staff", "is_reviewer", "is_active", "is_staff", "is_superuser")},
        ),
        (gettext_lazy("权限"), {"classes": ("collapse",), "fields": ("groups", "user_permissions")}),
        (gettext_lazy("登录记录"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "password1", "password2", "is_congress_staff", "is_reviewer"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("unit_memberships__unit")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Staff manage accounts, but a superuser account is changed only by a superuser.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Only a superuser may hand out superuser rights. Roles (groups) and raw permissions are the
        # security administrator's to assign — never on their own account, so no one widens their
        # own powers.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
            own_account = obj is not None and obj.pk == request.user.pk
            if own_account:
                fields += ["is_congress_staff", "is_reviewer", "is_staff", "is_active"]
            if own_account or not is_security_admin(request):
                fields += ["groups", "user_permissions"]
        return fields

    @admin.display(description=gettext_lazy("所在单位"))
    def unit_list(self, obj: User) -> str:
        memberships = obj.unit_memberships.all()
        return "、".join(f"{m.unit.short_name or m.unit.name}{m.get_role_display()}" for m in memberships)


@admin.register(Delegation)
class DelegationAdmin(StaffAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Deputy)
class DeputyAdmin(StaffAdmin):
    list_display = ("name", "delegation", "occupation", "phone", "user", "is_active")
    list_filter = ("delegation", "is_active")
    search_fields = ("name", "occupation", "phone")
    list_select_related = ("delegation", "user")
    autocomplete_fields = ("delegation", "user")


class UnitMemberOfUnitInline(UnitMemberInline):
    fk_name = "unit"


@admin.register(Unit)
class UnitAdmin(StaffAdmin):
    list_display = ("name", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")
    inlines = (UnitMemberOfUnitInline,)


@admin.register(UnitMember)
class UnitMemberAdmin(StaffAdmin):
    list_display = ("unit", "user", "role")
    list_filter = ("role", "unit")
    search_fields = ("unit__name", "user__username", "user__display_name")
    list_select_related = ("unit", "user")
    autocomplete_fields = ("unit", "user")
