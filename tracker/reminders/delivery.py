"""Delivering ledger rows: claim under a row lock, send, record — each row once.

Inbox rows are delivered in batches inside one transaction: the ``Notification`` rows and the
"sent" mark commit together, so the inbox gets each reminder exactly once even if the worker dies.
Email and SMS rows go one per transaction: the row stays locked (``SELECT … FOR UPDATE SKIP
LOCKED``, so a second worker takes the next row instead of waiting) while the message is handed to
the gateway, and "sent" commits right after. A worker killed mid-send leaves the row pending (its
transaction dies with its connection) and the next run sends it; a gateway error pushes the row
forward with backoff and, after ``REMINDER_MAX_ATTEMPTS``, marks it failed for staff to see.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tracker.channels import send_email, send_sms
from tracker.models import Notification, Reminder

logger = logging.getLogger("tracker.reminders")

INBOX_BATCH = 500


@dataclass
class DeliveryResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)

    def add(self, channel: str, n: int = 1) -> None:
        self.sent += n
        self.by_channel[channel] = self.by_channel.get(channel, 0) + n


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failure, capped at six hours."""
    base = int(settings.REMINDER_RETRY_BASE_SECONDS)
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def deliver_inbox_step(*, now: datetime, result: DeliveryResult, limit: int = INBOX_BATCH) -> bool:
    """Deliver one batch of inbox rows; returns whether there may be more."""
    with transaction.atomic():
        rows = list(
            Reminder.objects.deliverable(now=now)
            .filter(channel=Reminder.Channel.INBOX)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .only("id", "recipient_id", "title", "body", "link", "tone")[:limit]
        )
        if not rows:
            return False
        ids = [r.pk for r in rows]
        # Compare-and-set as well as the lock: on SQLite (no row locks) a row another process
        # already marked is not counted twice.
        claimed = Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(
            status=Reminder.Status.SENT, sent_at=now, attempts=F("attempts") + 1
        )
        if claimed != len(ids):
            transaction.set_rollback(True)
            return True
        Notification.objects.bulk_create(
            [
                Notification(recipient_id=r.recipient_id, title=r.title, body=r.body, link=r.link, tone=r.tone)
                for r in rows
            ]
        )
    result.add(Reminder.Channel.INBOX, len(rows))
    return len(rows) == limit


def deliver_external_step(*, now: datetime, result: DeliveryResult) -> bool:
    """Deliver one email or SMS row; returns whether there may be more."""
    with transaction.atomic():
        row = (
            Reminder.objects.deliverable(now=now)
            .filter(channel__in=[Reminder.Channel.EMAIL, Reminder.Channel.SMS])
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return False
        attempts = row.attempts + 1
        if not Reminder.objects.filter(pk=row.pk, status=Reminder.Status.PENDING, attempts=row.attempts).update(
            attempts=attempts
        ):
            return True
        try:
            _send(row)
        except Exception as exc:  # any gateway error: push the row forward, never retry in a tight loop
            logger.warning("reminder %s via %s failed (attempt %s): %s", row.pk, row.channel, attempts, exc)
            final = attempts >= int(settings.REMINDER_MAX_ATTEMPTS)
            Reminder.objects.filter(pk=row.pk).update(
                status=Reminder.Status.FAILED if final else Reminder.Status.PENDING,
                next_attempt_at=now + backoff(attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            if final:
                result.failed += 1
            else:
                result.retried += 1
            return True
        Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.SENT, sent_at=timezone.now(), last_error="")
    result.add(row.channel)
    return True


def _send(row: Reminder) -> None:
    if row.channel == Reminder.Channel.EMAIL:
        send_email(user=row.recipient, title=row.title, body=row.body, link=row.link)
    else:
        send_sms(user=row.recipient, title=row.title, key=f"reminder-{row.pk}")


def deliver_pending(*, now: datetime | None = None, max_rows: int = 10_000) -> DeliveryResult:
    """Deliver what is due now: inbox batches first (cheap), then email/SMS one by one."""
    now = now or timezone.now()
    result = DeliveryResult()
    while deliver_inbox_step(now=now, result=result) and result.sent < max_rows:
        pass
    handled = 0
    while handled < max_rows and deliver_external_step(now=now, result=result):
        handled += 1
    return result
