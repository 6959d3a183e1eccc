"""``make run``: the development server plus the reminder sweep in a background thread.

Without Redis there is no Celery worker or beat; this thread does their job every 60 seconds so a
laptop install still sends reminders — and runs the jobs other apps list in
``settings.EMBEDDED_SWEEP_JOBS`` (the automatic close of voting rounds). With ``REDIS_URL`` set,
run a worker and beat instead.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.module_loading import import_string

from tracker.reminders.delivery import deliver_pending
from tracker.reminders.digest import send_digests
from tracker.reminders.sweep import sweep

logger = logging.getLogger("tracker.embedded")


def run_once() -> None:
    close_old_connections()
    try:
        swept = sweep()
        delivered = deliver_pending()
        digests = send_digests()
        if swept.created or delivered.sent or digests:
            logger.info("reminders: created=%s sent=%s digests=%s", swept.created, delivered.sent, digests)
    except Exception:  # keep the loop alive; the next round retries
        logger.exception("reminder sweep failed")
    try:
        for path in getattr(settings, "EMBEDDED_SWEEP_JOBS", []):
            try:
                logger.debug("%s: %s", path, import_string(path)())
            except Exception:  # one failing job must not stop the others
                logger.exception("%s failed", path)
    finally:
        close_old_connections()


def _loop(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        run_once()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run the development server with the reminder sweep every 60 s (no broker needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        thread = threading.Thread(target=_loop, args=(stop, options["interval"]), name="reminders", daemon=True)
        thread.start()
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            stop.set()
