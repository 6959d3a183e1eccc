"""The SMS gateway interface. ``settings.SMS_BACKEND`` names the class; the default writes to the log.

A real provider gets the HTTP backend (``SMS_API_URL``, ``SMS_API_KEY``, ``SMS_SIGN_NAME``) or a
subclass of ``BaseSmsBackend``. ``key`` is the ledger key of the reminder: providers that accept a
client message id use it to drop a repeat caused by a worker dying between send and record.
"""

from __future__ import annotations

import abc
import json
import logging
import urllib.request
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("tracker.sms")


class SmsError(Exception):
    pass


class BaseSmsBackend(abc.ABC):
    """A gateway; ``key`` is the ledger key, so a provider can de-duplicate on its side too."""

    @abc.abstractmethod
    def send(self, *, phone: str, text: str, key: str) -> None: ...


class LogSmsBackend(BaseSmsBackend):
    """Development default: the message goes to the log instead of a phone."""

    def send(self, *, phone: str, text: str, key: str) -> None:
        logger.info("SMS to %s [%s]: %s", phone, key, text)


class HttpSmsBackend(BaseSmsBackend):
    """POSTs JSON {phone, sign, text, id} to ``SMS_API_URL`` with ``Authorization: Bearer SMS_API_KEY``."""

    timeout = 10

    def send(self, *, phone: str, text: str, key: str) -> None:
        if not settings.SMS_API_URL:
            raise SmsError("SMS_API_URL is not set")
        payload = json.dumps({"phone": phone, "sign": settings.SMS_SIGN_NAME, "text": text, "id": key}).encode()
        request = urllib.request.Request(
            settings.SMS_API_URL,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_API_KEY}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if not 200 <= response.status < 300:
                    raise SmsError(f"gateway answered {response.status}")
        except OSError as exc:
            raise SmsError(str(exc)) from exc


@cache
def _backend(path: str) -> BaseSmsBackend:
    backend: BaseSmsBackend = import_string(path)()
    return backend


def get_backend() -> BaseSmsBackend:
    return _backend(settings.SMS_BACKEND)
