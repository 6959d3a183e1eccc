"""Celery tasks of the oversight app: thin wrappers around services (beat schedule in settings)."""

from __future__ import annotations

from celery import shared_task

from oversight.services.voting_count import close_due_rounds as _close_due_rounds


@shared_task(name="oversight.tasks.close_due_rounds")
def close_due_rounds() -> dict[str, int]:
    """Count every voting round past its ``closes_at`` (each exactly once, however many workers)."""
    return _close_due_rounds()


@shared_task(name="oversight.tasks.refresh_stats")
def refresh_stats() -> int:
    """Rebuild the statistics' per-assignment facts: a safety net under the per-write refresh."""
    from oversight.stats.facts import rebuild

    return rebuild()
