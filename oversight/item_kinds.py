"""Other oversight items on the suggestion's path (DESIGN.md "Other oversight items on the same
path"): 视察意见, 专题询问 questions and 信访督办件 are kinds of ``Suggestion``, so they share the
assignment, reply, deadline, reminder, timeline and evaluation machinery instead of copying it.

Each kind has its own number series per session (视察第0001号 …), its own required fields (kept in
``Suggestion.details``) and its own reply period (a local rule, docs/settings.md). docs/workflow1.md
explains the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    SUGGESTION = "suggestion", _("代表建议")
    INSPECTION = "inspection", _("视察意见")
    INQUIRY = "inquiry", _("专题询问问题")
    PETITION = "petition", _("信访督办件")


@dataclass(frozen=True)
class KindSpec:
    prefix: str  # before the number: "视察第0001号"
    fields: tuple[tuple[str, Any], ...]  # (key in details, label) — all required
    reply_rule: str  # the policy rule giving the reply period ("" = REPLY_PERIOD_MONTHS)


SPECS: dict[str, KindSpec] = {
    ItemKind.SUGGESTION: KindSpec("", (), ""),
    # 视察 ("六个结合"): which inspection found it, and when.
    ItemKind.INSPECTION: KindSpec(
        "视察", (("inspection", _("视察活动")), ("found_on", _("视察日期"))), "INSPECTION_REPLY_PERIOD"
    ),
    # 专题询问 ("五阶推进"): the question put at a meeting and the official who answered it.
    ItemKind.INQUIRY: KindSpec(
        "询问", (("meeting", _("询问会议")), ("answering_official", _("应询人"))), "INQUIRY_REPLY_PERIOD"
    ),
    # 信访督办件 ("三个一批"): who petitioned and which leader leads the supervision.
    ItemKind.PETITION: KindSpec(
        "信访", (("petitioner", _("信访人")), ("led_by", _("督办领导"))), "PETITION_REPLY_PERIOD"
    ),
}


def spec(kind: str) -> KindSpec:
    return SPECS[kind]


def details_errors(kind: str, details: dict[str, Any]) -> dict[str, str]:
    """Missing kind-specific fields as {field: message}; unknown keys are refused too."""
    if kind not in SPECS:
        return {"kind": str(_("事项类别无效。"))}
    wanted = dict(SPECS[kind].fields)
    errors: dict[str, str] = {}
    for key, label in wanted.items():
        if not str(details.get(key, "") or "").strip():
            errors[f"details.{key}"] = str(_("请填写%(label)s。") % {"label": label})
    extra = sorted(set(details) - set(wanted))
    if extra:
        errors["details"] = str(_("该类事项没有这些字段：%(keys)s") % {"keys": "、".join(extra)})
    return errors
