"""The broker (Redis) gone during a sweep: reminders wait in the database ledger and go out later."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from tracker import calendar
from tracker.models import Notification, Reminder

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.redis  # without REDIS_URL tasks run eagerly: there is no broker to lose
@pytest.mark.django_db
def test_reminders_written_while_the_broker_is_down_go_out_once_it_is_back(make_user: Any, make_deadline: Any) -> None:
    from tracker.reminders.delivery import deliver_pending
    from tracker.tasks import sweep_reminders

    owner = make_user()
    make_deadline(owner=owner, start=date(2026, 3, 5), rule={"months": 3})
    day = calendar.add_working_days(date(2026, 6, 5), -10).isoformat()
    with override_settings(CELERY_BROKER_URL=DEAD_REDIS, REDIS_URL=DEAD_REDIS):
        from config.celery import app

        app.conf.broker_url = DEAD_REDIS
        app.conf.broker_connection_retry = False
        app.conf.broker_connection_max_retries = 0
        app.conf.broker_transport_options = {"max_retries": 0}
        try:
            result = sweep_reminders(day)  # the beat's sweep, run while the broker is gone
        finally:
            app.conf.broker_url = None
    assert result["created"] >= 1
    waiting = Reminder.objects.exclude(status=Reminder.Status.SENT)
    assert waiting.count() == result["created"]  # in the database ledger, not in Redis
    deliver_pending()  # the next deliver-pending sweep after Redis returns
    assert not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()
    assert Notification.objects.filter(recipient=owner).count() == 1
    assert len(mail.outbox) == 1
