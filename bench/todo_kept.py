"""Staff's to-do page read from the kept queue against read right after a change (docs/benchmarks.md
"To-do queues kept until the next change").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench .venv/bin/python bench/todo_kept.py

Staff's kinds are the same for every member of staff and kept in the cache until the next timeline
entry (oversight/todo.py ``_staff_work``). Each round times the page right after a change (the
timeline's version moved, as any state change moves it: the queue is read again, eight queries)
and then once more (kept: the session's query only), for staff ``/todo/`` and its 评价期已过 view, and a unit
liaison's and a deputy's ``/todo/``; ``BENCH_ROUNDS`` (default 15) rounds, p50 / p95 in ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.lists import percentiles, prepare, timed
from oversight.models import Suggestion
from tracker import timeline

URLS = (
    ("staff-page", "/todo/"),
    ("staff-page", "/todo/?only=outcome"),
    ("liaison-page", "/todo/"),
    ("deputy-page", "/todo/"),
)


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    clients, _pk = prepare(Suggestion.objects.count())
    queries: dict[tuple[str, str], tuple[int, int]] = {}
    for role, url in URLS:
        client = clients[role]
        client.get(url)  # warm-up
        timeline.written()
        with CaptureQueriesContext(connection) as changed:
            client.get(url)
        with CaptureQueriesContext(connection) as kept:
            client.get(url)
        queries[role, url] = (len(changed), len(kept))
    after: dict[tuple[str, str], list[float]] = {key: [] for key in URLS}
    then: dict[tuple[str, str], list[float]] = {key: [] for key in URLS}
    for _ in range(rounds):
        for role, url in URLS:

            def get(client: Client = clients[role], url: str = url) -> None:
                assert client.get(url).status_code == 200

            timeline.written()
            after[role, url].append(timed(get))
            then[role, url].append(timed(get))
    print(f"{Suggestion.objects.count():,} suggestions, {rounds} rounds\n")
    print("| who | GET | right after a change p50 / p95 ms | queries | kept p50 / p95 ms | queries |")
    print("|---|---|---|---|---|---|")
    for role, url in URLS:
        a, b = percentiles(after[role, url]), percentiles(then[role, url])
        n_after, n_kept = queries[role, url]
        who = role.removesuffix("-page")
        print(f"| {who} | `{url}` | {a['p50']} / {a['p95']} | {n_after} | {b['p50']} / {b['p95']} | {n_kept} |")


if __name__ == "__main__":
    main()
