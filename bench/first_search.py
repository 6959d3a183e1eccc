"""A search word's first request against its later ones (docs/benchmarks.md "A new search word").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench .venv/bin/python bench/first_search.py

Past 1,000 matches the pager remembers a list as past the cap, with the planner's estimate, for
five minutes (oversight/paging.py); until then the first request counts up to 1,001 matches. Each
round forgets what the pager remembered, then times the first request and the next one, for two
API searches and the staff page's; ``BENCH_ROUNDS`` (default 15) rounds, p50 / p95 in ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lists import percentiles, prepare, timed
from oversight.models import Suggestion
from oversight.paging import forget_estimates

URLS = (
    ("staff", "/api/v1/suggestions/?q=公交&page_size=50"),
    ("staff", "/api/v1/suggestions/?q=老旧小区&page_size=50"),
    ("staff-page", "/staff/suggestions/?q=公交"),
)


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    clients, _pk = prepare(Suggestion.objects.count())
    for role, url in URLS:
        clients[role].get(url)  # warm-up
    first: dict[str, list[float]] = {url: [] for _role, url in URLS}
    then: dict[str, list[float]] = {url: [] for _role, url in URLS}
    for _ in range(rounds):
        for role, url in URLS:

            def get(role: str = role, url: str = url) -> None:
                assert clients[role].get(url).status_code == 200

            forget_estimates()
            first[url].append(timed(get))
            then[url].append(timed(get))
    print(f"{Suggestion.objects.count():,} suggestions, {rounds} rounds\n")
    print("| request | first p50 / p95 ms | then p50 / p95 ms |")
    print("|---|---|---|")
    for _role, url in URLS:
        a, b = percentiles(first[url]), percentiles(then[url])
        print(f"| `{url}` | {a['p50']} / {a['p95']} | {b['p50']} / {b['p95']} |")


if __name__ == "__main__":
    main()
