"""Template tags for figures shown beside other pages (the voting round): a reviewer voting on a
unit's 年度办理情况 sees that unit's figures for the year, computed by oversight/stats."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType

from oversight.models import Unit, VotingItem
from oversight.stats.metrics import Cells, Figures, compute
from oversight.stats.scope import Role, Scope

register = template.Library()

UNIT_KINDS = {VotingItem.Kind.UNIT_SUGGESTIONS: False, VotingItem.Kind.UNIT_KEY_SUGGESTIONS: True}


def _cells(context: template.Context, year: int, key_only: bool) -> Cells:
    """One computation per (year, key supervision) per page, however many unit items it lists."""
    render_context: Any = context.render_context
    cache: dict[tuple[int, bool], Cells] = render_context.setdefault("unit_year_cells", {})
    if (year, key_only) not in cache:
        cache[(year, key_only)] = compute(Scope(year=year, key_only=key_only, role=Role.LEAD))
    return cache[(year, key_only)]


def figures_for(context: template.Context, item: Any) -> Figures | None:
    if item.kind not in UNIT_KINDS or not item.year or not item.subject_id:
        return None
    if item.subject_type_id != ContentType.objects.get_for_model(Unit).pk:
        return None
    cells = _cells(context, item.year, UNIT_KINDS[item.kind])
    for figures in cells.by("unit"):
        if figures.key == item.subject_id:
            return figures
    return Figures(key=item.subject_id)  # a unit with nothing assigned that year


@register.inclusion_tag("stats/_unit_year.html", takes_context=True)
def unit_year_figures(context: template.Context, item: Any) -> dict[str, Any]:
    """The unit's figures for the item's year (lead units; key-supervision items only for a
    重点督办 vote), or nothing for other kinds of item."""
    return {"item": item, "figures": figures_for(context, item)}
