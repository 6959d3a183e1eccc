"""三员分立: three administrator roles, each with only its own powers (等保 2.0 level 2).

- 系统管理员 (system): configuration — sessions, categories, units, delegations, the working-day
  calendar. Cannot manage accounts and cannot see the audit log.
- 安全管理员 (security): accounts, unit memberships, roles and API tokens. Cannot read business data
  (suggestions, replies…) and cannot see or delete audit records.
- 审计管理员 (audit): reads and exports the audit log. Cannot change anything.

Nobody, superusers included, edits or deletes an audit record in the application; only the retention
job removes rows older than AUDIT_RETENTION_DAYS. Each group is rebuilt from this table after every
``migrate``, so the database cannot drift from what is documented in docs/security.md.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

SYSTEM_ADMIN = "系统管理员"
SECURITY_ADMIN = "安全管理员"
AUDIT_ADMIN = "审计管理员"

_CONFIG = ["view", "add", "change"]

ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    SYSTEM_ADMIN: {
        "oversight.term": _CONFIG,
        "oversight.session": _CONFIG,
        "oversight.suggestioncategory": _CONFIG,
        "oversight.unit": _CONFIG,
        "oversight.delegation": _CONFIG,
        "tracker.calendaroverride": _CONFIG,
        "tracker.calendaryear": _CONFIG,
    },
    SECURITY_ADMIN: {
        "oversight.user": ["view", "add", "change"],
        "oversight.unitmember": ["view", "add", "change", "delete"],
        "auth.group": ["view"],
        "auth.permission": ["view"],
        "security.apitoken": ["view", "delete"],
        # Unlocking an account locked out by login failures (database lockout store).
        "axes.accessattempt": ["view", "delete"],
    },
    AUDIT_ADMIN: {
        "security.auditevent": ["view"],
    },
}


def role_permissions(role: str) -> list[Permission]:
    query = Q(pk__in=[])
    for label, actions in ROLE_PERMISSIONS[role].items():
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        query |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=codenames)
    return list(Permission.objects.filter(query))


def ensure_admin_roles(**kwargs: Any) -> None:
    """post_migrate: create the three groups and give each exactly its permissions."""
    for role in ROLE_PERMISSIONS:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
