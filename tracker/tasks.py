"""Celery tasks: thin wrappers that call the reminder services (the beat schedule is in settings)."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.utils import timezone

from tracker.reminders import delivery, digest, sweep

log = logging.getLogger(__name__)


@shared_task(name="tracker.tasks.sweep_reminders")
def sweep_reminders(day: str | None = None) -> dict[str, int]:
    """Write today's reminders into the ledger, then queue their delivery."""
    result = sweep.sweep(today=date.fromisoformat(day) if day else None)
    if result.created:
        try:
            deliver_pending.delay()
        except Exception:
            # and the beat's deliver-pending sweep (every minute) sends them once it is back.
            log.warning("broker unavailable: delivery left to the next deliver-pending sweep")
    return {"considered": result.considered, "created": result.created}


@shared_task(name="tracker.tasks.deliver_pending")
def deliver_pending() -> dict[str, int]:
    result = delivery.deliver_pending()
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}


@shared_task(name="tracker.tasks.send_digests")
def send_digests() -> int:
    return digest.send_digests()


@shared_task(name="tracker.tasks.heartbeat")
def heartbeat() -> str:
    """Scheduled by beat every minute; /readyz warns when the stamp grows old (no beat or no worker)."""
    from tracker.models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.update_or_create(name="beat", defaults={"at": now})
    return now.isoformat()
