"""Hand-over notices: "your turn" messages through the same ledger and channels as reminders.

The owning app decides who must act next and calls :func:`notify` (after its transaction
commits); tracker writes one ledger row per person and channel, honouring each person's choice
of email/SMS or daily digest. The caller's ``key`` names the event ("reply.sign:42"), and the
ledger's unique key on (key, recipient, channel) makes a replayed hand-off a no-op, so each person
hears of each event once. Delivery is the reminders' delivery (``tracker.reminders.delivery``, every minute by beat).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from tracker.models import NotificationPreference, Reminder
from tracker.reminders.sweep import channels_for


def notify(
    *,
    recipients: Iterable[Any],
    key: str,
    title: str,
    body: str = "",
    link: str = "",
    tone: str = Reminder.Tone.INFO,
) -> int:
    """Queue one notice for each active recipient; returns how many ledger rows were new."""
    people: dict[int, Any] = {}
    for user in recipients:
        if user is not None and getattr(user, "is_active", True):
            people.setdefault(user.pk, user)
    if not people:
        return 0
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=list(people))}
    now = timezone.now()
    token = uuid.uuid4().hex
    rows = [
        Reminder(
            deadline=None,
            key=key[:120],
            rule=Reminder.Rule.NOTICE,
            occurrence="",
            recipient_id=user.pk,
            channel=channel,
            title=title[:200],
            body=body,
            link=link[:300],
            tone=tone,
            next_attempt_at=now,
            batch=token,
        )
        for user in people.values()
        for channel in channels_for(user, prefs.get(user.pk))
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    # Rows that were already there keep their old batch: counting ours says what was new.
    return Reminder.objects.filter(batch=token).count()
