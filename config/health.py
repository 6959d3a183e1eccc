"""Health endpoints for the load balancer and monitoring, and the answer when the database is down.

``/healthz`` — liveness: the process answers; touches nothing (no database, no Redis), so a
database outage never makes the balancer restart healthy web processes.

``/readyz`` — readiness, as JSON with one entry per check. Only the database is critical (503):
without it no page can be served. Redis, calendar coverage, the beat heartbeat and the queue
length are reported as ``warn`` and keep the answer 200 — pages and the API work without Redis,
and a node should not leave the balancer because the broker is down (docs/operations.md).
``?strict=1`` turns every warning into 503, for monitoring that should page someone.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

# The beat sends the heartbeat every 60 s; three missed beats mean no beat or no worker.
HEARTBEAT_MAX_AGE = timedelta(seconds=180)
QUEUE_WARN_LENGTH = 1_000
REDIS_TIMEOUT = 0.5


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


def _check_redis() -> tuple[dict[str, Any], Any]:
    if not settings.REDIS_URL:
        return {"status": "ok", "detail": "not configured (tasks run in the web process)"}, None
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return {"status": "warn", "detail": f"unreachable: {error.__class__.__name__}"}, None
    return {"status": "ok"}, client


def _check_queue(client: Any) -> dict[str, Any]:
    if client is None:
        return {"status": "warn" if settings.REDIS_URL else "ok", "length": None}
    length = int(client.llen(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")))
    return {"status": "warn" if length > QUEUE_WARN_LENGTH else "ok", "length": length}


def _check_calendar() -> dict[str, Any]:
    from tracker.calendar import unpublished_years

    missing = unpublished_years(timezone.localdate())
    return {"status": "warn" if missing else "ok", "unpublished_years": missing}


def _check_heartbeat() -> dict[str, Any]:
    from tracker.models import Heartbeat

    if not settings.REDIS_URL:
        return {"status": "ok", "detail": "no beat without Redis (make run sweeps in-process)"}
    beat = Heartbeat.objects.filter(name="beat").values_list("at", flat=True).first()
    if beat is None:
        return {"status": "warn", "last": None}
    age = timezone.now() - beat
    return {
        "status": "warn" if age > HEARTBEAT_MAX_AGE else "ok",
        "last": beat.isoformat(),
        "age_seconds": int(age.total_seconds()),
    }


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, Any]] = {}
    try:
        checks["database"] = _check_database()
    except DatabaseError as error:
        checks["database"] = {"status": "fail", "detail": error.__class__.__name__}
    checks["redis"], client = _check_redis()
    checks["queue"] = _check_queue(client)
    if checks["database"]["status"] == "ok":
        checks["calendar"] = _check_calendar()
        checks["heartbeat"] = _check_heartbeat()
    states = {c["status"] for c in checks.values()}
    overall = "fail" if "fail" in states else "warn" if "warn" in states else "ok"
    strict = request.GET.get("strict") in {"1", "true"}
    failing = overall == "fail" or (strict and overall == "warn")
    return JsonResponse({"status": overall, "checks": checks}, status=503 if failing else 200)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database connection is a 503 with a Chinese message, not a traceback.

    Django calls the handler inside its ``except`` block, so the exception is still at hand.
    With ``CONN_HEALTH_CHECKS`` the next request opens a fresh connection: once PostgreSQL is
    back, requests succeed again without restarting any process.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return django_server_error(request)
    message = _("数据库暂时无法连接，请稍后再试。")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = _api_error(503, "database_unavailable", message)
    else:
        body = loader.get_template("503.html").render({"message": message})
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "10"
    return response


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    from oversight.api.errors import error_body

    body = error_body(status_code=status, code=code, message=message)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
