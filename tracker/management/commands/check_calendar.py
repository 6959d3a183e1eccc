"""Exit 1 when a year the deadlines need has no published holiday schedule; for monitoring (cron, Nagios)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tracker import calendar


class Command(BaseCommand):
    help = "Check that the holiday schedule is installed for every year deadlines need (exit 1 if not)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="check as of YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        missing = calendar.unpublished_years(today)
        if missing:
            self.stderr.write(calendar.unpublished_message(missing))
            raise SystemExit(1)
        self.stdout.write(f"calendar OK as of {today.isoformat()}")
