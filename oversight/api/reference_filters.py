"""Filters of the reference lists a client picks ids from: units, deputies and (staff) users.

``?q=`` is a substring match on the names people know them by (see filters.py for why substring).
"""

from __future__ import annotations

from typing import Any

import django_filters as df
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from oversight.models import Deputy, Unit, User


class UnitFilter(df.FilterSet):
    q = df.CharFilter(method="search", label=_("名称或简称包含"))

    class Meta:
        model = Unit
        fields = ["kind", "is_active"]

    def search(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value)) if value else qs


class DeputyFilter(df.FilterSet):
    q = df.CharFilter(field_name="name", lookup_expr="icontains", label=_("姓名包含"))

    class Meta:
        model = Deputy
        fields = ["delegation", "is_active"]


class UserFilter(df.FilterSet):
    """``role`` names what a client needs the id for: reviewers for a voting round, staff, the
    liaisons or heads of units, the accounts of deputies."""

    ROLES = [
        ("staff", _("人大工作人员")),
        ("reviewer", _("常委会组成人员")),
        ("deputy", _("人大代表")),
        ("liaison", _("承办单位联络员")),
        ("head", _("承办单位负责人")),
    ]

    q = df.CharFilter(method="search", label=_("用户名或姓名包含"))
    role = df.ChoiceFilter(choices=ROLES, method="filter_role", label=_("角色"))
    unit = df.NumberFilter(field_name="unit_memberships__unit", label=_("所属承办单位"), distinct=True)

    class Meta:
        model = User
        fields = ["is_active"]

    def search(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(username__icontains=value) | Q(display_name__icontains=value)) if value else qs

    def filter_role(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "staff":
            return qs.filter(Q(is_congress_staff=True) | Q(is_superuser=True))
        if value == "reviewer":
            return qs.filter(is_reviewer=True)
        if value == "deputy":
            return qs.filter(deputy__isnull=False)
        if value in ("liaison", "head"):
            return qs.filter(unit_memberships__role=value).distinct()
        return qs
