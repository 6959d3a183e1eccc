"""Without a broker the tasks run eagerly, and ``run_embedded``'s loop body delivers reminders."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from config.celery import app as celery_app
from tracker import calendar, tasks
from tracker.management.commands.run_embedded import run_once
from tracker.models import Notification, Reminder

pytestmark = pytest.mark.django_db

DUE = date(2026, 6, 5)


def test_sweep_task_queues_delivery_and_the_inbox_fills(make_deadline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Broker-less mode (no REDIS_URL): set on the Celery app itself, which caches its configuration.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    day = calendar.add_working_days(DUE, -1)
    with time_machine.travel(f"{day.isoformat()} 09:00 +0800", tick=False):
        result = tasks.sweep_reminders.delay(day.isoformat()).get()
    assert result == {"considered": 1, "created": 2}
    assert not Reminder.objects.exclude(status="sent").exists()
    assert Notification.objects.filter(recipient_id=deadline.subject_id).count() == 1


@pytest.mark.django_db(transaction=True)  # run_once closes the thread's connections, as the loop must
def test_embedded_loop_round_sweeps_today_and_delivers(make_deadline: Any) -> None:
    deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    with time_machine.travel("2026-06-05 10:00 +0800", tick=False):
        run_once()
        run_once()
    note = Notification.objects.get(recipient_id=deadline.subject_id)
    assert note.title == "【测试事项】今日到期（截止 2026-06-05）"
