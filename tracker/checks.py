"""System check: warn when the holiday schedule a deadline needs has not been installed.

A missing schedule is an operational condition (the State Council publishes next year's
holidays each November; ``chinesecalendar`` or the local overrides must then be updated), so it
is reported at run time — here, on the staff banner and by ``check_calendar`` — never by a test.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register
from django.db import DatabaseError
from django.utils import timezone

from tracker import calendar


@register("calendar")
def check_calendar_published(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        missing = calendar.unpublished_years(timezone.localdate())
    except DatabaseError:
        # Before `migrate` the tables do not exist yet; nothing to say about open deadlines.
        missing = [y for y in calendar.required_years(timezone.localdate()) if not calendar.package_covers(y)]
    if not missing:
        return []
    return [
        Warning(
            calendar.unpublished_message(missing),
            hint="Upgrade chinesecalendar, or enter the schedule as calendar overrides and mark the year.",
            id="tracker.W001",
        )
    ]
