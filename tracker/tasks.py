"""Celery tasks: thin wrappers that call the reminder services (the beat schedule is in settings)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from tracker.reminders import delivery, digest, sweep


@shared_task(name="tracker.tasks.sweep_reminders")
def sweep_reminders(day: str | None = None) -> dict[str, int]:
    """Write today's reminders into the ledger, then queue their delivery."""
    result = sweep.sweep(today=date.fromisoformat(day) if day else None)
    if result.created:
        deliver_pending.delay()
    return {"considered": result.considered, "created": result.created}


@shared_task(name="tracker.tasks.deliver_pending")
def deliver_pending() -> dict[str, int]:
    result = delivery.deliver_pending()
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}


@shared_task(name="tracker.tasks.send_digests")
def send_digests() -> int:
    return digest.send_digests()
