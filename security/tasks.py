from __future__ import annotations

from celery import shared_task

from security.audit import audit_purge
from security.sessions import sessions_clear_expired


@shared_task(name="security.tasks.purge_audit_log")
def purge_audit_log() -> int:
    return audit_purge()


@shared_task(name="security.tasks.clear_expired_sessions")
def clear_expired_sessions() -> None:
    sessions_clear_expired()
