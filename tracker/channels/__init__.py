"""Delivery channels for reminders: the in-app inbox (a row), email (Django mail) and SMS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from tracker.channels.sms import get_backend


def send_email(*, user: Any, title: str, body: str, link: str = "") -> None:
    text = body + (f"\n\n{link}" if link else "")
    send_mail(title, text, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


def send_sms(*, user: Any, title: str, key: str) -> None:
    get_backend().send(phone=str(getattr(user, "phone", "") or ""), text=title, key=key)
