"""What a locked-out client sees, and the check the API's token login makes itself.

Pages (login form, admin login) get the Chinese lockout page with status 429; the API gets its usual
error shape with code ``locked_out``.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from oversight.api.errors import error_body

LOCKED_STATUS = 429


def lockout_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0


def lockout_message() -> str:
    return str(settings.AXES_COOLOFF_MESSAGE)


def is_locked_out(request: Any, username: str) -> bool:
    """Whether this client address or this account is locked out right now."""
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def lockout_body() -> dict[str, Any]:
    return error_body(status_code=LOCKED_STATUS, code="locked_out", message=lockout_message())


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the answer to any login attempt while locked out."""
    retry_after = str(lockout_minutes() * 60)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(lockout_body(), status=LOCKED_STATUS)
    else:
        context = {"message": lockout_message(), "minutes": lockout_minutes()}
        response = render(request, "registration/locked_out.html", context, status=LOCKED_STATUS)
    response["Retry-After"] = retry_after
    return response
