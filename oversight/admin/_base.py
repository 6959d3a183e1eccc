"""Shared admin pieces: who may use the admin, read-only inlines, and actions that call services.

The admin is a staff tool. Permission is the domain's notion of staff (``is_staff_member``), not
Django's per-model permission rows, so a newly created staff account works without extra set-up.
Every workflow change goes through a service; the admin only collects the selection and a note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_permission_codename
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight.errors import DomainError
from oversight.forms.strict import StrictForm
from oversight.models import User


def is_staff_request(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff_member)


def acting_user(request: HttpRequest) -> User:
    """The signed-in staff member an action runs as (the admin only lets staff in)."""
    return cast(User, request.user)


class NoteActionForm(StrictForm, ActionForm):
    """The action bar's note: the reason for a return or send-back, the close-off explanation, the
    leader in charge of key supervision. One fixed field keeps every action a single click."""

    note = forms.CharField(
        label=gettext_lazy("理由/说明"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 40, "placeholder": gettext_lazy("退回、退办、销号理由或督办领导")}),
    )


def action_note(request: HttpRequest) -> str:
    return str(request.POST.get("note", "")).strip()


def has_model_permission(request: HttpRequest, opts: Any, action: str) -> bool:
    """Django's per-model permission, held by the administrator roles (security/roles.py: system
    administrators configure reference data, security administrators manage accounts)."""
    user = request.user
    return bool(user.is_active and user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}"))


class StaffAdmin(admin.ModelAdmin):
    """Reference data (units, deputies, sessions…): staff may view, add and change; deleting is
    left to superusers because rows are referenced from the case files. An administrator role
    holding the model's permission may do what that permission allows."""

    list_per_page = 50

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "view")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "view")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_request(request) or has_model_permission(request, self.opts, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class WorkflowAdmin(StaffAdmin):
    """Workflow records (assignments, replies, commitments…) are shown, never edited: their state
    only moves through the services, reached here through the admin actions."""

    action_form = NoteActionForm

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_workflow_permission(self, request: HttpRequest) -> bool:
        """Checked for actions declared with ``allowed_permissions=("workflow",)``."""
        return is_staff_request(request)


class ReadOnlyInlineMixin:
    """Inlines that show related records without letting anyone add, edit or delete them here."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_request(request)


def run_for_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    objects: Iterable[models.Model],
    call: Callable[[Any], Any],
    *,
    done: str,
    label: Callable[[Any], str] = str,
) -> int:
    """Call a service once per selected object; each refusal is reported with the service's own
    Chinese message and leaves that object unchanged, the others still go through."""
    succeeded = 0
    for obj in objects:
        try:
            call(obj)
        except DomainError as error:
            modeladmin.message_user(request, f"{label(obj)}：{error.message}", level=messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(
            request, _("%(action)s：%(count)d 项成功。") % {"action": done, "count": succeeded}, messages.SUCCESS
        )
    return succeeded


def require_note(modeladmin: admin.ModelAdmin, request: HttpRequest, *, what: str) -> str | None:
    """Returns the note, or reports that it is missing (a reason is part of the record)."""
    note = action_note(request)
    if not note:
        modeladmin.message_user(
            request, _("请在“理由/说明”栏填写%(what)s后再执行。") % {"what": what}, level=messages.ERROR
        )
        return None
    return note
