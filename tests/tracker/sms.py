"""SMS backends for tests: one that records to a file (and can hang on a marker), one that fails."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tracker.channels.sms import BaseSmsBackend, SmsError

SENT: list[tuple[str, str, str]] = []


class RecordingSmsBackend(BaseSmsBackend):
    """Keeps messages in ``SENT``; with ``TRK_SMS_FILE`` set also appends ``key`` lines to that file.

    While the file named by ``TRK_SMS_HANG`` exists it sleeps before sending, so a test can kill
    the worker in the middle of a send.
    """

    def send(self, *, phone: str, text: str, key: str) -> None:
        hang = os.environ.get("TRK_SMS_HANG")
        while hang and Path(hang).exists():
            started = Path(hang + ".started")
            started.touch()
            time.sleep(0.1)
        delay = float(os.environ.get("TRK_SMS_DELAY") or 0)
        if delay:  # a slow gateway, so a drill's random kill lands in the middle of sending
            time.sleep(delay)
        SENT.append((phone, text, key))
        out = os.environ.get("TRK_SMS_FILE")
        if out:
            with open(out, "a", encoding="utf-8") as fh:
                fh.write(key + "\n")


class FailingSmsBackend(BaseSmsBackend):
    def send(self, *, phone: str, text: str, key: str) -> None:
        raise SmsError("gateway down")
