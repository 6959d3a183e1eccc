"""Coarse, role-level permissions. Object-level visibility is the queryset (``visible_to``): an
object a person may not see answers 404, never 403, so its existence does not leak. Whether a
person may take a particular step on an object they can see is decided by the service."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


def is_staff_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff_member", False))


class IsStaffMember(BasePermission):
    """人大工作人员 only (register, assign, review, supervise, decide requests, revoke tokens)."""

    message = _("只有人大工作人员可以执行此操作。")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_member(request.user)


class IsUnitMember(BasePermission):
    """A liaison or head of some unit; which unit is the service's check."""

    message = _("只有承办单位人员可以执行此操作。")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(getattr(user, "is_authenticated", False) and user.unit_ids())  # type: ignore[union-attr]


class IsDeputy(BasePermission):
    message = _("只有人大代表可以执行此操作。")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(getattr(user, "is_authenticated", False) and user.deputy_id)  # type: ignore[union-attr]
