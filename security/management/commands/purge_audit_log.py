from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from security.audit import audit_purge


class Command(BaseCommand):
    help = "Delete audit events older than AUDIT_RETENTION_DAYS (Celery beat runs this daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"deleted {audit_purge()} audit events")
