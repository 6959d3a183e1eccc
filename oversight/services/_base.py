"""Shared guards for services: locking, state checks and role checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from oversight.errors import IllegalTransition, NotAllowed
from oversight.models import User

M = TypeVar("M", bound=models.Model)


def lock(obj: M) -> M:
    """Re-read ``obj`` under a row lock (PostgreSQL ``SELECT … FOR UPDATE``).

    Two concurrent transitions of the same object serialise here: the second waits, then sees the
    state the first left and is refused by ``require_state``. SQLite serialises writers itself.
    """
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def require_state(obj: Any, allowed: Iterable[str], *, action: str, field: str = "status") -> str:
    current = getattr(obj, field)
    allowed = list(allowed)
    if current not in allowed:
        display = getattr(obj, f"get_{field}_display", lambda: current)()
        raise IllegalTransition(
            f"当前状态为“{display}”，不能{action}。",
            code="illegal_transition",
        )
    return str(current)


def require_staff(actor: User, *, action: str) -> None:
    if not actor.is_staff_member:
        raise NotAllowed(f"只有人大工作人员可以{action}。")


def require_unit_role(actor: User, unit_id: int, role: str | None, *, action: str) -> None:
    """A liaison of unit A can never act on unit B's work; some steps need the head."""
    if unit_id not in actor.unit_ids(role):
        who = "该承办单位负责人" if role == "head" else "该承办单位人员"
        raise NotAllowed(f"只有{who}可以{action}。")


def now() -> Any:
    return timezone.now()


def today() -> Any:
    return timezone.localdate()
