from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from tracker import calendar
from tracker.recompute import recompute_open_deadlines


class Command(BaseCommand):
    help = "Recompute every open deadline against the current calendar (run after upgrading chinesecalendar)."

    def handle(self, *args: Any, **options: Any) -> None:
        calendar.clear_cache()
        with transaction.atomic():
            changed = recompute_open_deadlines()
        self.stdout.write(f"changed={changed}")
