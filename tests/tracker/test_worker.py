"""A real Celery worker on the real Redis: reminders delivered through the broker, and exactly once
even when the worker is SIGKILLed in the middle of sending.

The worker is a separate process, so it reads the pytest-django test database over PostgreSQL
(``transaction=True`` commits the test's rows) and uses Redis DB 2 as broker and result store.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection

from tracker import calendar
from tracker.models import Notification, NotificationPreference, Reminder

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

DUE = date(2026, 6, 5)
REDIS_DB = 2
CELERY = Path(sys.executable).with_name("celery")


def _redis_url() -> str:
    parsed = urlparse(settings.REDIS_URL)
    return f"redis://{parsed.hostname or '127.0.0.1'}:{parsed.port or 6379}/{REDIS_DB}"


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [str(CELERY), "-A", "config", "worker", "-P", "solo", "-I", "tests.tracker.kinds", "-l", "INFO"],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(lambda: b"ready." in self.log.read_bytes()[offset:], timeout=30, what="worker start")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.proc = None


def wait_for(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def broker() -> Iterator[Celery]:
    redis.Redis.from_url(_redis_url()).flushdb()  # our own DB number: drop stale messages
    app = Celery("trk-test", broker=_redis_url(), backend=_redis_url())
    yield app
    app.close()


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": _redis_url(),
        "SMS_BACKEND": "tests.tracker.sms.RecordingSmsBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TRK_SMS_FILE": str(tmp_path / "sms.log"),
        "TRK_SMS_HANG": str(tmp_path / "hang"),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    w = Worker(env, tmp_path / "worker.log")
    try:
        yield w
    finally:
        w.kill(signal.SIGTERM)


def _owners_with_deadlines(make_user: Any, make_deadline: Any, *, n: int, sms_too: bool) -> None:
    for i in range(n):
        owner = make_user(phone=f"1380000{i:04d}")
        NotificationPreference.objects.create(user=owner, by_email=False, by_sms=sms_too)
        make_deadline(owner=owner, start=date(2026, 3, 5), rule={"months": 3})


def _all_sent() -> bool:
    return Reminder.objects.exists() and not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()


def test_worker_sweeps_and_delivers_through_the_broker(
    broker: Celery, worker: Worker, make_user: Any, make_deadline: Any, tmp_path: Path
) -> None:
    _owners_with_deadlines(make_user, make_deadline, n=3, sms_too=True)
    worker.start()

    day = calendar.add_working_days(DUE, -10).isoformat()
    result = broker.send_task("tracker.tasks.sweep_reminders", args=[day]).get(timeout=30)

    assert result == {"considered": 3, "created": 6}
    wait_for(_all_sent, timeout=30, what="delivery")
    assert Notification.objects.count() == 3
    sent = (tmp_path / "sms.log").read_text().split()
    sms_rows = Reminder.objects.filter(channel="sms").values_list("pk", flat=True)
    assert sorted(sent) == sorted(f"reminder-{pk}" for pk in sms_rows)


def test_worker_killed_mid_send_delivers_everything_exactly_once_after_restart(
    broker: Celery, worker: Worker, make_user: Any, make_deadline: Any, tmp_path: Path
) -> None:
    _owners_with_deadlines(make_user, make_deadline, n=4, sms_too=True)
    hang = tmp_path / "hang"
    hang.touch()  # the first SMS send blocks until this file goes away
    worker.start()

    broker.send_task("tracker.tasks.sweep_reminders", args=[calendar.add_working_days(DUE, -10).isoformat()])
    wait_for((tmp_path / "hang.started").exists, timeout=30, what="the worker to start sending")
    worker.kill(signal.SIGKILL)
    assert Reminder.objects.filter(channel="sms", status=Reminder.Status.PENDING).count() == 4
    assert not (tmp_path / "sms.log").exists()

    hang.unlink()
    worker.start()
    broker.send_task("tracker.tasks.deliver_pending").get(timeout=30)

    wait_for(_all_sent, timeout=30, what="delivery after restart")
    sms_keys = Counter((tmp_path / "sms.log").read_text().split())
    assert len(sms_keys) == 4 and set(sms_keys.values()) == {1}
    assert Notification.objects.count() == 4  # inbox: once each, not again after the restart
    assert Reminder.objects.count() == 8
