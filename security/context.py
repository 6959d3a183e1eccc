"""The request being handled, for audit rows written by hooks that are not given one (group and
permission edits, admin log entries): they still name who did it and from where."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

current_request: ContextVar[Any] = ContextVar("current_request", default=None)
