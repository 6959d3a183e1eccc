"""The daily digest: people who chose it get one inbox message (and one email) a day listing every
reminder collected since the last one, instead of single messages."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.channels import send_email
from tracker.models import Notification, NotificationPreference, Reminder

logger = logging.getLogger("tracker.reminders")


def send_digests(*, now: datetime | None = None) -> int:
    """Send today's digest to everyone whose hour has come; returns how many digests went out."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    user_ids = list(
        NotificationPreference.objects.filter(daily_digest=True, digest_hour__lte=local.hour)
        .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
        .filter(
            user_id__in=Reminder.objects.filter(channel=Reminder.Channel.DIGEST, status=Reminder.Status.PENDING).values(
                "recipient_id"
            )
        )
        .values_list("user_id", flat=True)
    )
    sent = 0
    for user_id in user_ids:
        try:
            sent += digest_send_one(user_id=user_id, now=now)
        except Exception:  # one person's mail failure must not stop the others; retried next hour
            logger.exception("digest for user %s failed", user_id)
    return sent


def digest_send_one(*, user_id: int, now: datetime) -> int:
    today = timezone.localtime(now).date()
    with transaction.atomic():
        # Claim today's digest for this person (compare-and-set): a second worker gets 0 rows.
        claimed = (
            NotificationPreference.objects.filter(user_id=user_id, daily_digest=True)
            .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
            .update(last_digest_on=today)
        )
        if not claimed:
            return 0
        rows = list(
            Reminder.objects.filter(
                recipient_id=user_id, channel=Reminder.Channel.DIGEST, status=Reminder.Status.PENDING
            )
            # Only the ledger rows are locked: hand-over notices have no deadline (an outer join).
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("deadline__due", "id")
        )
        if not rows:
            return 0
        title = _("今日提醒汇总（%(n)s 条）") % {"n": len(rows)}
        body = "\n".join(f"· {r.title}" + (f"  {r.link}" if r.link else "") for r in rows)
        Notification.objects.create(recipient_id=user_id, title=title, body=body, link="")
        Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=Reminder.Status.SENT, sent_at=now, attempts=F("attempts") + 1
        )
        user = rows[0].recipient
        pref = NotificationPreference.objects.get(user_id=user_id)
        if pref.by_email and getattr(user, "email", None):
            # Inside the transaction: if the mail server refuses, nothing is marked and the digest
            # is tried again at the next hourly run.
            send_email(user=user, title=title, body=body)
    return 1
