"""Benchmark: the reminder sweep over 100,000 open deadlines, 10,000 of them due for a reminder.

Runs on PostgreSQL in its own database (default ``ovs_bench``, created fresh from the models), so
it never touches development or test data:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ovs_bench_base .venv/bin/python bench/reminder_sweep.py

It prints a Markdown table (paste into docs/benchmarks.md): wall time, query count and peak memory
of the first sweep (creates the ledger rows) and of the second, no-op sweep — at two sizes, to
show that the query count does not follow the number of rows. Not a timed test.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings refuse to start without a key; a benchmark signs nothing that lives on.
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.child import run_child  # noqa: E402
from tracker import calendar  # noqa: E402
from tracker.models import Deadline, Reminder  # noqa: E402
from tracker.registry import Recipients, register_kind  # noqa: E402
from tracker.reminders.sweep import sweep  # noqa: E402

TODAY = date(2026, 5, 20)
KIND = "bench"
OWNERS = 2000


def _recipients_many(deadlines: Sequence[Deadline]) -> dict[int, Recipients]:
    user_model = get_user_model()
    owners = user_model.objects.in_bulk({d.subject_id for d in deadlines})
    bosses = list(user_model.objects.filter(is_superuser=True))
    return {d.pk: Recipients(primary=[owners[d.subject_id]], escalate=bosses) for d in deadlines}


register_kind(
    KIND,
    label="基准测试",
    recipients=lambda d: _recipients_many([d])[d.pk],
    recipients_many=_recipients_many,
)


def populate(total: int, due: int) -> None:
    """``due`` deadlines fall on days a rule fires today (10/5/1 days before, due, overdue 5/10);
    the rest are due months ahead, as most open deadlines are."""
    Reminder.objects.all().delete()
    Deadline.objects.all().delete()
    user_model = get_user_model()
    if not user_model.objects.filter(username="bench-0").exists():
        user_model.objects.bulk_create(
            [user_model(username=f"bench-{i}", email=f"bench-{i}@example.org") for i in range(OWNERS)]
            + [user_model(username=f"bench-boss-{i}", email="", is_superuser=True) for i in range(2)]
        )
    owners = user_model.objects.filter(username__startswith="bench-", is_superuser=False)
    owner_ids = list(owners.values_list("pk", flat=True))
    ct = ContentType.objects.get_for_model(user_model)
    firing_days = [calendar.add_working_days(TODAY, n) for n in (10, 5, 1, 0, -5, -10)]
    rows: list[Deadline] = []
    for i in range(total):
        owner = owner_ids[i % len(owner_ids)]
        due_day = firing_days[i % len(firing_days)] if i < due else TODAY + timedelta(days=60 + i % 120)
        rows.append(
            Deadline(
                kind=KIND,
                case_type=ct,
                case_id=owner,
                subject_type=ct,
                subject_id=owner,
                start=due_day - timedelta(days=90),
                rule={"months": 3},
                due=due_day,
                explanation="2026-02-20 交办，3 个月期满……",
            )
        )
        if len(rows) == 5000:
            Deadline.objects.bulk_create(rows)
            rows = []
    Deadline.objects.bulk_create(rows)
    connection.cursor().execute("ANALYZE")


def measure(fn: Callable[[], Any]) -> dict[str, Any]:
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "queries": len(ctx.captured_queries), "result": result}


def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ``ru_maxrss`` on Linux
    carries the parent's high-water mark over fork/exec, so it is only the fallback."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str) -> None:
    """One sweep in a fresh process, like a worker: time, queries and peak memory of that process."""
    calendar.is_workday(TODAY)  # warm the override cache, as a running worker has it
    if mode == "traced":
        tracemalloc.start()
    m = measure(lambda: sweep(today=TODAY))
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if mode == "traced" else 0.0
    res = m["result"]
    print(
        json.dumps(
            {
                "seconds": m["seconds"],
                "queries": m["queries"],
                "considered": res.considered,
                "created": res.created,
                "maxrss_mb": _peak_rss_mb(),
                "traced_mb": peak,
            }
        )
    )


def spawn(mode: str, name: str) -> dict[str, Any]:
    return run_child(__file__, ["--child", mode], name)


def reset_ledger() -> None:
    Reminder.objects.all().delete()
    Deadline.objects.update(reminder_mark="")


def run_size(total: int, due: int, name: str) -> list[str]:
    populate(total, due)
    first = spawn("timed", name)
    second = spawn("timed", name)
    reset_ledger()
    traced_first = spawn("traced", name)
    traced_second = spawn("traced", name)
    rows = []
    for label, m, traced in (("first", first, traced_first), ("second (no-op)", second, traced_second)):
        rows.append(
            f"| {total:,} | {due:,} | {label} | {m['considered']:,} | {m['created']:,} | {m['seconds']:.2f} s "
            f"| {m['queries']} | {traced['traced_mb']:.1f} MB | {m['maxrss_mb']:.0f} MB |"
        )
    return rows


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
        return
    name = os.environ.get("BENCH_DB", "ovs_bench")
    settings.DATABASES["default"]["TEST"].update({"NAME": name, "MIGRATE": False})
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        lines = [
            "| open deadlines | due for a reminder | sweep | deadlines read | ledger rows created | time "
            "| queries | peak Python allocations (tracemalloc) | worker process max RSS |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        lines += run_size(100_000, 10_000, name)
        lines += run_size(20_000, 10_000, name)
        lines += run_size(10_000, 1_000, name)
        print("\n".join(lines))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
