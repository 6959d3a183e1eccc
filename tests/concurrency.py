"""Run jobs at the same moment on real, separate database connections (PostgreSQL race tests).

Each thread gets its own connection (Django's connections are per thread) and closes it at the
end, so the test database can be dropped afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def race(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs at the same moment, one thread (and connection) each; return result or error."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except Exception as exc:  # the loser's domain error is the result under test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results
