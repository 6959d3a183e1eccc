"""Count voting rounds past their closing time, without a broker (cron, or ``make run``'s loop)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from oversight.services.voting_count import close_due_rounds


class Command(BaseCommand):
    help = "Count every open voting round whose closing time has passed; destroy keys of closed rounds."

    def handle(self, *args: Any, **options: Any) -> None:
        result = close_due_rounds()
        self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))
