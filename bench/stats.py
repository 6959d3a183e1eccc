"""Benchmark: the statistics dashboard over 200,000 suggestions, the import of 5,000 rows, and the
export of 200,000 rows to .xlsx in constant memory — on PostgreSQL, in a database of its own
(default ``ovs_bench_numbers``, created from the models and dropped afterwards):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/stats.py [N] [--dashboard-only]

The data is written with COPY (no signals), so the per-assignment facts are then filled by the
same rebuild as ``manage.py refresh_stats`` (timed), checked equal to the live reference queries,
and the refresh of single suggestions (what follows each write) is timed too.

Prints a Markdown table for docs/benchmarks.md. Not a timed test: numbers depend on the machine.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.setdefault("SECRET_KEY", "bench")  # the documented command needs no other setting

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import stats_data  # noqa: E402
from bench.child import run_child  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def page(client: Client, url: str, runs: int = 10) -> dict[str, Any]:
    client.get(url)  # warm caches (content types, templates), as a running server has them
    times, cpu, sql = [], [], []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started, used = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries))
    # On a shared machine the wall time includes waiting for a core: the Django process's own CPU
    # time and the time spent waiting on PostgreSQL show what the request itself costs.
    return {
        "median": statistics.median(times),
        "best": min(times),
        "queries": queries,
        "cpu": statistics.median(cpu),
        "sql": statistics.median(sql),
    }


def child_export(params: str) -> None:
    """One export in a fresh process (like a web worker): rows written, time, peak RSS."""
    from oversight.models import User
    from oversight.stats.exports import LISTS
    from oversight.stats.xlsx import write

    user = User.objects.get(username="bench-staff")
    query = dict(p.split("=") for p in params.split("&") if p)
    title, headers, rows = LISTS["suggestions"].sheet(user, query)
    counted: list[int] = []

    def counting() -> Any:
        for n, row in enumerate(rows, start=1):
            counted[:] = [n]
            yield row

    started = time.perf_counter()
    with tempfile.TemporaryFile() as tmp:
        write(tmp, [(title, headers, counting())])
        size = tmp.tell()
    print(
        json.dumps(
            {
                "rows": counted[0] if counted else 0,
                "seconds": time.perf_counter() - started,
                "maxrss_mb": _peak_rss_mb(),
                "size_mb": size / 2**20,
            }
        )
    )


def spawn_export(name: str, params: str) -> dict[str, Any]:
    return run_child(__file__, ["--child-export", params], name)


def bench_import(rows: int) -> dict[str, Any]:
    from openpyxl import Workbook

    from oversight.models import Session, User
    from oversight.services.imports import suggestion_import

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"])
    for i in range(rows):
        sheet.append(
            [f"导入建议{i}", "建议内容。" * 10, f"代表{i % 600:03d}", f"代表{(i + 7) % 600:03d}", "城建环资", ""]
        )
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        book.save(tmp.name)
        session = Session.objects.order_by("-opens_on").first()
        staff = User.objects.get(username="bench-staff")
        started = time.perf_counter()
        report = suggestion_import(actor=staff, session=session, rows=tmp.name)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
    assert report.ok, report.messages[:3]
    return {"rows": len(report.created), "seconds": elapsed}


def bench_facts(lines: list[str]) -> None:
    """Rebuild time, per-suggestion refresh cost, and facts == live at full size."""
    import random

    from oversight.models import Suggestion
    from oversight.stats import facts
    from oversight.stats.metrics import COUNT_FIELDS, compute
    from oversight.stats.scope import Scope

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        rows = facts.rebuild()
        took = time.perf_counter() - started
    label = f"rebuild of the statistics tables (`manage.py refresh_stats`): {rows:,} assignment rows"
    lines.append(f"| {label} | {took:.1f} s | | {len(ctx.captured_queries)} | | |")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE oversight_assignmentfacts, oversight_statscell, oversight_commitmentfacts")
    ids = list(Suggestion.objects.values_list("pk", flat=True))
    sample = random.Random(12).sample(ids, 200)
    times = []
    for pk in sample:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            facts.refresh([pk])
            times.append(time.perf_counter() - started)
    lines.append(
        f"| refresh of one suggestion's facts (after a write; 200 samples) | {statistics.median(times) * 1000:.1f} ms "
        f"| {min(times) * 1000:.1f} ms | {len(ctx.captured_queries)} | | |"
    )
    timed: dict[str, float] = {}
    for scope in (Scope(), Scope(year=2026), Scope(public_only=True), Scope(key_only=True, role="lead")):
        for source in ("facts", "live"):
            started = time.perf_counter()
            compute(scope, source=source)
            timed.setdefault(source, time.perf_counter() - started)  # the first scope: all years
        fast, live = compute(scope), compute(scope, source="live")
        for key in set(fast.cells) | set(live.cells):
            a, b = fast.cells.get(key), live.cells.get(key)
            assert a and b, key
            assert [getattr(a, n) for n in COUNT_FIELDS] == [getattr(b, n) for n in COUNT_FIELDS], key
            assert a.categories == b.categories, key
    print("facts == live for 4 scopes, every cell", file=sys.stderr)
    for source, label in (("live", "live reference (`sql.py`, as before)"), ("facts", "statistics tables")):
        lines.append(f"| `compute(Scope())`, {label} | {timed[source] * 1000:.0f} ms | | | | one run |")


class _Lines(list[str]):
    """Rows printed as soon as they are measured, so a long run shows its progress."""

    def append(self, line: str) -> None:
        super().append(line)
        print(line, flush=True)


def main() -> None:
    if sys.argv[1:2] == ["--child-export"]:
        child_export(sys.argv[2])
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dashboard_only = "--dashboard-only" in sys.argv
    total = int(args[0]) if args else 200_000
    name = os.environ.get("BENCH_DB", "ovs_bench_numbers")
    settings.DATABASES["default"]["TEST"].update({"NAME": name, "MIGRATE": False})
    # BENCH_KEEP=1 keeps the database for a look with EXPLAIN; BENCH_REUSE=1 measures it again.
    reuse = os.environ.get("BENCH_REUSE") == "1"
    connection.creation.create_test_db(verbosity=0, autoclobber=not reuse, keepdb=reuse, serialize=False)
    try:
        if not reuse:
            started = time.perf_counter()
            counts = stats_data.populate(total)
            print(f"populated in {time.perf_counter() - started:.1f} s: {counts}", file=sys.stderr)
        from oversight.models import Session, User

        client = Client()
        client.force_login(User.objects.get(username="bench-staff"))
        latest = Session.objects.order_by("-opens_on").first()
        assert latest is not None
        lines = _Lines()
        lines.append(f"| measurement ({total:,} suggestions) | median | best | queries | peak RSS | medians of |")
        lines.append("|---|---|---|---|---|---|")
        bench_facts(lines)
        for label, url in (
            ("dashboard `/stats/`, all years", "/stats/"),
            ("dashboard `/stats/?year=2026`", "/stats/?year=2026"),
            ("public figures `/public/stats/`", "/public/stats/"),
            ("`GET /api/v1/stats/?by=unit`", "/api/v1/stats/?by=unit"),
        ):
            m = page(client, url)
            lines.append(
                f"| {label} | {m['median'] * 1000:.0f} ms | {m['best'] * 1000:.0f} ms | {m['queries']} | "
                f"| Python CPU {m['cpu'] * 1000:.0f} ms, SQL {m['sql'] * 1000:.0f} ms |"
            )
        if dashboard_only:
            return
        for label, params in (
            (f"export suggestions, one session ({total // 5:,} rows)", f"session={latest.pk}"),
            (f"export suggestions, all ({total:,} rows)", ""),
        ):
            e = spawn_export(name, params)
            lines.append(
                f"| {label}: {e['rows']:,} rows, {e['size_mb']:.1f} MB file | {e['seconds']:.1f} s | | "
                f"| {e['maxrss_mb']:.0f} MB | |"
            )
        imp = bench_import(5000)
        label = f"import {imp['rows']:,} rows (`suggestion_import`, all or nothing)"
        lines.append(f"| {label} | {imp['seconds']:.1f} s | | | | |")
    finally:
        connection.close()
        if os.environ.get("BENCH_KEEP") != "1":
            connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
