"""Staff's to-do page read from the kept queue against read right after a change (docs/benchmarks.md
"Staff's to-do kept until the next change").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench .venv/bin/python bench/todo_kept.py

Staff's kinds are the same for every member of staff and kept in the cache until the next timeline
entry (oversight/todo.py ``_staff_work``). Each round times the page right after a change (the
timeline's version moved, as any state change moves it: the queue is read again, eight queries)
and then once more (kept: the session's query only), for staff ``/todo/`` and its 评价期已过 view;
``BENCH_ROUNDS`` (default 15) rounds, p50 / p95 in ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.lists import percentiles, prepare, timed
from oversight.models import Suggestion
from tracker import timeline

URLS = ("/todo/", "/todo/?only=outcome")


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    clients, _pk = prepare(Suggestion.objects.count())
    client = clients["staff-page"]
    queries: dict[str, tuple[int, int]] = {}
    for url in URLS:
        client.get(url)  # warm-up
        timeline._touch()
        with CaptureQueriesContext(connection) as changed:
            client.get(url)
        with CaptureQueriesContext(connection) as kept:
            client.get(url)
        queries[url] = (len(changed), len(kept))
    after: dict[str, list[float]] = {url: [] for url in URLS}
    then: dict[str, list[float]] = {url: [] for url in URLS}
    for _ in range(rounds):
        for url in URLS:

            def get(url: str = url) -> None:
                assert client.get(url).status_code == 200

            timeline._touch()
            after[url].append(timed(get))
            then[url].append(timed(get))
    print(f"{Suggestion.objects.count():,} suggestions, {rounds} rounds\n")
    print("| staff GET | right after a change p50 / p95 ms | queries | kept p50 / p95 ms | queries |")
    print("|---|---|---|---|---|")
    for url in URLS:
        a, b = percentiles(after[url]), percentiles(then[url])
        n_after, n_kept = queries[url]
        print(f"| `{url}` | {a['p50']} / {a['p95']} | {n_after} | {b['p50']} / {b['p95']} | {n_kept} |")


if __name__ == "__main__":
    main()
