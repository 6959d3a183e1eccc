from __future__ import annotations

from celery import shared_task

from security.audit import audit_purge


@shared_task(name="security.tasks.purge_audit_log")
def purge_audit_log() -> int:
    return audit_purge()
