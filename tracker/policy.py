"""Local rules: named, typed settings an administrator can change (DESIGN.md "all configurable per
installation").

A rule's default comes from Django settings (config/policy.py, which reads the environment); a
``PolicySetting`` row edited in the admin overrides it at run time. Code reads a rule through
``get``/``period`` here and never ``settings.<NAME>`` directly, so both paths are honoured.

The overrides are held in the cache (one small dict, re-read at most every ``CACHE_SECONDS`` and
replaced whenever an override is saved), so reading a rule on a page costs no query.

Rules are registered by the app that owns their meaning (tracker: reminders; oversight: periods,
votes, reply categories), so tracker keeps knowing nothing of suggestions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

CACHE_KEY = "tracker:policy:overrides:v1"
# Several processes each cache the overrides; a change reaches the others within this time.
CACHE_SECONDS = 60

PERIOD_UNITS = {
    "d": "days",
    "天": "days",
    "日": "days",
    "wd": "working_days",
    "个工作日": "working_days",
    "工作日": "working_days",
    "m": "months",
    "个月": "months",
    "月": "months",
}
_PERIOD_RE = re.compile(r"^\s*(\d+)\s*(wd|d|m|个工作日|工作日|天|日|个月|月)\s*$", re.IGNORECASE)


class PolicyError(ValueError):
    """A value that does not fit its rule; the message is for the administrator (Chinese)."""


def parse_period(text: str) -> dict[str, int]:
    """ "15d"/"15天" → {"days": 15}; "20wd"/"20个工作日" → {"working_days": 20}; "1m"/"1个月" → {"months": 1}."""
    match = _PERIOD_RE.match(str(text))
    if not match or int(match.group(1)) <= 0:
        raise PolicyError("期限格式应为“15d”（日历日）、“20wd”（工作日）或“1m”（月），数字大于0。")
    return {PERIOD_UNITS[match.group(2).lower()]: int(match.group(1))}


def describe_period(rule: Mapping[str, object]) -> str:
    """ "15日", "20个工作日", "1个月" — for people to read (pages, admin), in their language."""
    from django.utils.translation import gettext as _

    labels = {"days": _("%(n)s日"), "working_days": _("%(n)s个工作日"), "months": _("%(n)s个月")}
    for unit, label in labels.items():
        if unit in rule:
            return label % {"n": rule[unit]}
    return ""


def parse_int(text: str) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise PolicyError("应为整数。") from None
    if value < 0:
        raise PolicyError("不能为负数。")
    return value


def parse_offsets(text: str) -> tuple[int, ...]:
    parts = [p for p in re.split(r"[,，、\s]+", str(text).strip()) if p]
    try:
        values = tuple(sorted({int(p) for p in parts}, reverse=True))
    except ValueError:
        raise PolicyError("应为以逗号分隔的工作日数，如“10,5,1”。") from None
    if not values or min(values) <= 0:
        raise PolicyError("应为以逗号分隔的正整数，如“10,5,1”。")
    return values


@dataclass(frozen=True)
class Rule:
    key: str  # also the name of the Django setting (and environment variable) holding the default
    label: str
    kind: str  # "period" | "int" | "offsets" | "choice"
    source: str = ""  # where the default comes from (law, practice)
    choices: tuple[tuple[str, str], ...] = field(default=())

    def parse(self, text: Any) -> Any:
        if self.kind == "period":
            return parse_period(str(text))
        if self.kind == "int":
            return parse_int(str(text))
        if self.kind == "offsets":
            return parse_offsets(text if isinstance(text, str) else ",".join(str(n) for n in text))
        allowed = [code for code, _label in self.choices]
        if str(text) not in allowed:
            raise PolicyError("可选值：" + "、".join(f"{c}（{label}）" for c, label in self.choices))
        return str(text)

    def default_text(self) -> str:
        raw = getattr(settings, self.key)
        if self.kind == "offsets" and not isinstance(raw, str):
            return ",".join(str(n) for n in raw)
        return str(raw)

    def show(self, text: str) -> str:
        """The value as an administrator reads it in the settings table."""
        try:
            value = self.parse(text)
        except PolicyError:
            return text
        if self.kind == "period":
            return describe_period(value)
        if self.kind == "choice":
            return dict(self.choices).get(value, value)
        if self.kind == "offsets":
            return "、".join(str(n) for n in value)
        return str(value)


_rules: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    _rules[rule.key] = rule
    return rule


def rules() -> list[Rule]:
    return list(_rules.values())


def rule(key: str) -> Rule:
    try:
        return _rules[key]
    except KeyError:
        raise PolicyError(f"未知的规则：{key}") from None


def _load() -> dict[str, str]:
    from tracker.models import PolicySetting

    return dict(PolicySetting.objects.values_list("key", "value"))


def overrides() -> dict[str, str]:
    cached = cache.get(CACHE_KEY)
    if cached is None:
        try:
            cached = _load()
        except DatabaseError:
            # Before `migrate` (system checks, schema generation at start-up) there is no table yet:
            # the defaults apply, and nothing is cached so the overrides count once it exists.
            return {}
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return dict(cached)


def reload() -> None:
    """Re-read the overrides now (after a change, and at the start of each test)."""
    cache.set(CACHE_KEY, _load(), CACHE_SECONDS)


def text(key: str) -> str:
    """The rule's current value as the text an administrator typed (or the default's text)."""
    return overrides().get(key) or rule(key).default_text()


def get(key: str) -> Any:
    """The rule's current parsed value: the administrator's override, else the configured default.

    An override that no longer parses (the rule's syntax changed) is ignored with a warning, so a
    bad row never stops deadlines from being computed.
    """
    r = rule(key)
    override = overrides().get(key)
    if override is not None:
        try:
            return r.parse(override)
        except PolicyError:
            logger.warning("policy override %s=%r is invalid; using the default", key, override)
    return r.parse(r.default_text())


def period(key: str) -> dict[str, object]:
    """A period rule as the deadline engine takes it: {"days"|"working_days"|"months": n}."""
    value = get(key)
    assert isinstance(value, dict)
    return dict(value)


def policy_set(*, key: str, value: str, actor: Any, note: str = "") -> Any:
    """Override ``key`` with ``value`` (validated); an empty value removes the override."""
    from tracker import timeline
    from tracker.models import PolicySetting

    if not getattr(actor, "is_superuser", False) and not actor.has_perm("tracker.change_policysetting"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有管理员可以修改本地规则。")
    r = rule(key)
    value = str(value).strip()
    with transaction.atomic():
        if not value:
            row = PolicySetting.objects.filter(key=key).first()
            if row is not None:
                timeline.record(case=row, action="policy.reset", actor=actor, note=f"{key}: {row.value} →")
                row.delete()
            _after_change()
            return None
        r.parse(value)  # raises PolicyError with the reason
        row, created = PolicySetting.objects.select_for_update().get_or_create(
            key=key, defaults={"value": value, "note": note, "updated_by": actor if actor.pk else None}
        )
        old = "" if created else row.value
        if not created:
            row.value, row.note = value, note or row.note
            row.updated_by = actor if actor.pk else None
            row.save(update_fields=["value", "note", "updated_by", "updated_at"])
        timeline.record(case=row, action="policy.set", actor=actor, note=f"{key}: {old} → {value}")
        _after_change()
    return row


def _after_change() -> None:
    reload()
    # Other processes and a rolled-back change: re-read once the outcome is final.
    transaction.on_commit(reload)


# Reminder rules belong to tracker (DESIGN.md "Reminders and notifications").
register(
    Rule(
        "REMIND_BEFORE_WORKING_DAYS",
        "到期前提醒（工作日，逗号分隔）",
        "offsets",
        "督办（催办）实践：到期前10、5、1个工作日提醒承办人",
    )
)
register(Rule("REMIND_OVERDUE_EVERY_WORKING_DAYS", "逾期后催办间隔（工作日）", "int", "逾期后每5个工作日催办一次"))
register(
    Rule(
        "ESCALATE_AFTER_OVERDUE_WORKING_DAYS",
        "逾期多少个工作日后报告单位负责人和工作人员",
        "int",
        "逾期上报：逾期10个工作日",
    )
)
