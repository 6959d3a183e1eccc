"""Which items a figure covers: session or year, unit, suggestion category, handling role, key
supervision, and whether only the published part counts. Pages, API and exports parse the same
query parameters through ``ScopeForm``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.forms.strict import StrictForm
from oversight.models import Assignment, Reply, Session, SuggestionCategory, Unit


class Role:
    """Handling-role filter. 主办 and 分办 both answer the deputies themselves, so "lead" takes both;
    协办 units send an opinion to the lead unit instead of a reply."""

    ALL = "all"
    LEAD = "lead"
    CO = "co"
    CHOICES = ((ALL, _("全部")), (LEAD, _("主办（含分办）")), (CO, _("协办")))
    ROLES = {LEAD: (Assignment.Role.LEAD, Assignment.Role.SEPARATE), CO: (Assignment.Role.CO,)}


@dataclass(frozen=True)
class Scope:
    session_id: int | None = None
    year: int | None = None
    unit_id: int | None = None
    category_id: int | None = None
    role: str = Role.ALL
    key_only: bool = False
    # The public figures leave out every suggestion with a reply marked 不公开 (涉密).
    public_only: bool = False
    as_of: date | None = None

    @property
    def day(self) -> date:
        """The day overdue counts and due commitments are judged on (today unless given)."""
        return self.as_of or timezone.localdate()

    def but(self, **changes: Any) -> Scope:
        return replace(self, **changes)

    def assignment_q(self, prefix: str = "") -> Q:
        """The assignments in scope, as a filter on a model reached through ``prefix``
        (``""`` for Assignment, ``"assignment__"`` for Reply, …). Returned assignments (退办) never
        count: the unit the suggestion was reassigned to answers for it."""
        p = prefix
        q = ~Q(**{f"{p}status": Assignment.Status.RETURNED})
        if self.session_id:
            q &= Q(**{f"{p}suggestion__session_id": self.session_id})
        if self.year:
            q &= Q(**{f"{p}suggestion__session__opens_on__year": self.year})
        if self.unit_id:
            q &= Q(**{f"{p}unit_id": self.unit_id})
        if self.category_id:
            q &= Q(**{f"{p}suggestion__category_id": self.category_id})
        if self.role in Role.ROLES:
            q &= Q(**{f"{p}role__in": Role.ROLES[self.role]})
        if self.key_only:
            q &= Q(**{f"{p}suggestion__is_key": True})
        if self.public_only:
            hidden = Reply.objects.filter(is_public=False).values("assignment__suggestion_id")
            q &= ~Q(**{f"{p}suggestion_id__in": hidden})
        return q

    def query(self) -> dict[str, str]:
        """The scope as query parameters (for links to the lists behind a number and to exports)."""
        params: dict[str, str] = {}
        for name, value in (
            ("session", self.session_id),
            ("year", self.year),
            ("unit", self.unit_id),
            ("category", self.category_id),
        ):
            if value:
                params[name] = str(value)
        if self.role != Role.ALL:
            params["role"] = self.role
        if self.key_only:
            params["is_key"] = "true"
        return params


class ScopeForm(StrictForm):
    """The filter bar of the statistics pages and the query parameters of /api/v1/stats/…"""

    session = forms.ModelChoiceField(
        label=_("会议"), queryset=Session.objects.select_related("term"), required=False, empty_label=_("全部会议")
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1949, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=Unit.objects.all(), required=False, empty_label=_("全部单位")
    )
    category = forms.ModelChoiceField(
        label=_("建议分类"), queryset=SuggestionCategory.objects.all(), required=False, empty_label=_("全部分类")
    )
    role = forms.ChoiceField(label=_("办理方式"), choices=Role.CHOICES, required=False)
    is_key = forms.BooleanField(label=_("仅重点督办"), required=False)

    def scope(self, **extra: Any) -> Scope:
        """The validated scope (call after ``is_valid()``)."""
        data = self.cleaned_data
        return Scope(
            session_id=data["session"].pk if data.get("session") else None,
            year=data.get("year") or None,
            unit_id=data["unit"].pk if data.get("unit") else None,
            category_id=data["category"].pk if data.get("category") else None,
            role=data.get("role") or Role.ALL,
            key_only=bool(data.get("is_key")),
            **extra,
        )
