from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("期限与提醒")

    def ready(self) -> None:
        from celery.signals import task_prerun
        from django.core.signals import request_started

        from tracker import (
            calendar,
            checks,  # noqa: F401  (registers the calendar check)
        )

        # Each request and each task starts from the shared cache's calendar, not a copy kept
        # from before (calendar.forget_local).
        request_started.connect(calendar.forget_local, dispatch_uid="tracker.calendar.request")
        task_prerun.connect(calendar.forget_local, dispatch_uid="tracker.calendar.task")
