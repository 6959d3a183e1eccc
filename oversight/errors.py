"""Domain errors raised by services. Each carries a stable ``code``, a Chinese ``message`` and the
HTTP status the API answers with; pages show the message."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 409
    default_code = "illegal_transition"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}


class IllegalTransition(DomainError):
    """The object is not in a state that allows this step (HTTP 409)."""

    status = 409
    default_code = "illegal_transition"


class ConcurrentChange(DomainError):
    """Someone else changed the object first (HTTP 409)."""

    status = 409
    default_code = "concurrent_change"


class NotAllowed(DomainError):
    """The actor may see the object but may not take this step (HTTP 403)."""

    status = 403
    default_code = "permission_denied"


class InvalidInput(DomainError):
    """The request's data is wrong (HTTP 400); ``fields`` maps field names to messages."""

    status = 400
    default_code = "invalid"
