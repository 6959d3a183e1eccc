"""Two sweeps and two deliveries racing on PostgreSQL still send each reminder exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from tests.tracker import sms
from tracker import calendar
from tracker.models import Notification, NotificationPreference, Reminder
from tracker.reminders.delivery import deliver_pending
from tracker.reminders.sweep import sweep

DUE = date(2026, 6, 5)


def race(worker: Callable[[], Any], n: int = 2) -> list[Any]:
    """Run ``worker`` in ``n`` threads released together; each thread has its own DB connection."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(worker())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_and_deliveries_send_each_reminder_once(
    make_user: Any, make_deadline: Any, settings: Any
) -> None:
    settings.SMS_BACKEND = "tests.tracker.sms.RecordingSmsBackend"
    sms.SENT.clear()
    owners = [make_user(phone=f"1390000{i:04d}") for i in range(30)]
    for owner in owners:
        NotificationPreference.objects.create(user=owner, by_email=True, by_sms=True)
        for _ in range(3):
            make_deadline(owner=owner, start=date(2026, 3, 5), rule={"months": 3})
    day = calendar.add_working_days(DUE, -5)
    now = datetime(2026, 5, 29, 9, tzinfo=ZoneInfo("Asia/Shanghai"))

    created = race(lambda: sweep(today=day, now=now).created)
    delivered = race(lambda: deliver_pending(now=now).sent)

    rows = Reminder.objects.all()
    assert rows.count() == 90 * 3  # 90 deadlines × inbox, email, SMS
    assert sum(created) == 270
    assert sum(delivered) == 270
    assert not rows.exclude(status=Reminder.Status.SENT).exists()
    assert Notification.objects.count() == 90
    assert len(mail.outbox) == 90
    keys = Counter(key for _phone, _text, key in sms.SENT)
    assert len(keys) == 90 and set(keys.values()) == {1}
