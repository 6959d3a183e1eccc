"""Run one measurement in a fresh process on another database of the same server: memory and
caches start cold, and the parent's connection is not shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from django.conf import settings


def run_child(script: str, args: list[str], database: str) -> dict[str, Any]:
    """``python script *args`` with DATABASE_URL pointing at ``database``; the child prints its
    result as JSON on its last line."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    out = subprocess.run(
        [sys.executable, script, *args],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data
