from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tracker.reminders.delivery import deliver_pending
from tracker.reminders.sweep import sweep


class Command(BaseCommand):
    help = "Run one reminder sweep and deliver what is due, without a broker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="sweep as of YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        swept = sweep(today=options["date"])
        delivered = deliver_pending()
        self.stdout.write(
            f"considered={swept.considered} created={swept.created} sent={delivered.sent} "
            f"retried={delivered.retried} failed={delivered.failed}"
        )
