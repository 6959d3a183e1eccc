"""Run the list/search/detail benchmarks and print the tables of docs/benchmarks.md.

    make bench                                          # 200,000 suggestions
    .venv/bin/python -m bench.run --sizes 20000,200000,2000000   # and the flatness table

Each size has its own database (``ov_bench`` for 200,000, ``ov_bench_<size>`` otherwise) on the
server of ``DATABASE_URL``; a database that is missing or holds another number of suggestions is
(re)built by bench/data.py first. Each size is measured in a fresh process (bench/lists.py).
``BENCH_ROUNDS`` (default 30) sets the number of interleaved rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from bench.data import database_url

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def db_name(size: int) -> str:
    return "ov_bench" if size == 200_000 else f"ov_bench_{size}"


def _schema_current(url: str) -> bool:
    """A data set built before a later migration is rebuilt rather than migrated in place (the
    generator writes ids itself, so data migrations could collide with them)."""
    env = os.environ | {"DATABASE_URL": url, "DEBUG": "1"}
    check = [sys.executable, "manage.py", "migrate", "--check"]
    return subprocess.run(check, cwd=ROOT, env=env, capture_output=True).returncode == 0


def ensure(size: int) -> str:
    name = db_name(size)
    url = database_url(BASE, name)
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM oversight_suggestion").fetchone()
            if row and row[0] == size and _schema_current(url):
                return url
    except psycopg.Error:
        pass
    subprocess.run([sys.executable, "-m", "bench.data", "--size", str(size), "--db", name], cwd=ROOT, check=True)
    return url


def measure(url: str) -> dict[str, Any]:
    env = os.environ | {"DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, "bench/lists.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _cell(row: dict[str, Any], kind: str, both: bool = False) -> str:
    if kind not in row:
        return "—"
    p = row[kind]
    return f"{p['p50']:.1f} / {p['p95']:.1f}" if both else f"{p['p50']:.1f}"


def table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['size']:,} suggestions, {result['rounds']} interleaved rounds, {date.today()}, "
        f"{os.cpu_count()} cores, PostgreSQL, Python {platform.python_version()}",
        "",
        "| scenario (page of 50) | ours p50 / p95 ms | raw SQL floor p50 / p95 | plain ModelViewSet p50 / p95 "
        "| ours p95 ÷ floor p95 | plain p50 ÷ ours p50 | queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        ratio_floor = ratio_plain = "—"
        if "floor" in row:
            ratio_floor = f"{row['ours']['p95'] / max(row['floor']['p95'], 0.1):.1f}×"
        if "plain" in row:
            ratio_plain = f"{row['plain']['p50'] / max(row['ours']['p50'], 0.1):.1f}×"
        lines.append(
            f"| {row['scenario']} | {_cell(row, 'ours', True)} | {_cell(row, 'floor', True)} | "
            f"{_cell(row, 'plain', True)} | {ratio_floor} | {ratio_plain} | {row['queries']} |"
        )
    return "\n".join(lines)


def flatness(results: list[dict[str, Any]]) -> str:
    small, large = results[0], results[-1]
    lines = [
        f"| scenario | p95 at {small['size']:,} | p95 at {large['size']:,} | ratio |",
        "|---|---|---|---|",
    ]
    for a, b in zip(small["rows"], large["rows"], strict=True):
        lines.append(
            f"| {a['scenario']} | {a['ours']['p95']:.1f} | {b['ours']['p95']:.1f} | "
            f"{b['ours']['p95'] / max(a['ours']['p95'], 0.1):.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    for size in sizes:
        url = ensure(size)
        result = measure(url)
        results.append(result)
        print(table(result), end="\n\n", flush=True)
    if len(results) > 1:
        print(flatness(results))


if __name__ == "__main__":
    main()
