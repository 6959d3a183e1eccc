"""From a number in a statistics table to the list of suggestions behind it.

Tables link to the staff suggestion list (``staff:suggestions``) with the table's scope and a
``stat`` parameter; the list keeps the suggestions that have an assignment in scope satisfying the
figure's condition (oversight/stats/conditions.py — the same definition the aggregate counts).
A number counts assignments, so where one suggestion has two assignments in scope (two 分办 units
without a unit filter) the list shows the suggestion once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from oversight.models import Suggestion
from oversight.models.suggestions import in_unit_order
from oversight.stats.conditions import DRILL_STATS, assignments_for
from oversight.stats.scope import Role, Scope

STAT_LABELS = {
    "assigned": _("交办"),
    "answered": _("已办复"),
    "unanswered": _("未办复"),
    "replied": _("已答复"),
    "on_time": _("按时答复"),
    "late": _("逾期答复"),
    "face": _("面复"),
    "overdue": _("办理逾期"),
    "category": _("答复类别"),
    "unsatisfied": _("代表不满意"),
    "commitments_overdue": _("承诺逾期"),
}


def stat_choices() -> list[tuple[str, Any]]:
    return [(key, STAT_LABELS[key]) for key in DRILL_STATS]


def suggestions_behind(queryset: QuerySet[Suggestion], data: dict[str, Any]) -> QuerySet[Suggestion]:
    """Narrow ``queryset`` to suggestions with an assignment of ``data['unit']`` / ``data['role']``
    that satisfies ``data['stat']`` (default: merely assigned)."""
    unit = data.get("unit")
    scope = Scope(unit_id=unit.pk if unit else None, role=data.get("role") or Role.ALL)
    stat = data.get("stat") or "assigned"
    if unit and scope.role == Role.ALL and stat == "assigned":
        # "The unit's suggestions" (the staff list's unit filter): its live assignments, one per
        # suggestion, read in the list's order (oversight.models.suggestions.in_unit_order).
        return in_unit_order(queryset, unit.pk, live_only=True)
    behind = assignments_for(scope, stat, data.get("cat") or "")
    return queryset.filter(pk__in=behind.values("suggestion_id"))


@lru_cache(maxsize=16)
def _list_path(_prefix: str, _urlconf: Any) -> str:
    # A dashboard links ~1,100 numbers to this one path: reverse it once per prefix and urlconf.
    return reverse("staff:suggestions")


def list_url(scope: Scope, stat: str, **extra: Any) -> str:
    """The staff list of the suggestions behind one number of ``scope`` (with extra scope keys)."""
    params = scope.query()
    for name, value in extra.items():
        if value is not None:
            params[name] = str(value)
    params["stat"] = stat
    return f"{_list_path(get_script_prefix(), get_urlconf())}?{urlencode(params)}"
