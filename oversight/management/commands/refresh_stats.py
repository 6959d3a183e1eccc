"""Rebuild the statistics' per-assignment facts (oversight.AssignmentFacts) from the source tables."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from oversight.stats import facts


class Command(BaseCommand):
    help = "Recompute the per-assignment facts the statistics read (all, or the given suggestions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--suggestion", type=int, action="append", default=[], help="only this suggestion id")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["suggestion"]:
            n = facts.refresh(options["suggestion"])
            what = f"{n} suggestion(s)"
        else:
            n = facts.rebuild()
            what = f"{n} assignment rows"
        self.stdout.write(f"refreshed {what} in {time.perf_counter() - started:.1f} s")
