"""A unit's suggestion list in each order read from its assignments' copy, beside the same page
ordered by the suggestion's own column (how it was read before migration oversight 0016), on one
data set, interleaved query by query (docs/benchmarks.md "A unit's list in every order").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench_2000000 .venv/bin/python bench/unit_orders.py

For the liaison of unit 7 (their own list) and for staff with ``?unit=7`` (live assignments only),
each order both ways: the page query of 51 rows as the API builds it, by the copy and by the
suggestion's column, ``BENCH_ROUNDS`` (default 15) rounds after one warm-up each, p50 / p95 ms. The
same rows come back either way (checked on every round). Prints a Markdown table.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lists import UNIT, percentiles, timed
from oversight.models import Suggestion, User
from oversight.models.suggestions import UNIT_ORDERS, in_unit_order, unit_order_copies
from oversight.paging import total_order

PAGE = 51  # a page of 50 and the row that says whether there is another


def pages(term: str) -> dict[str, tuple[Callable[[], list[int]], Callable[[], list[int]]]]:
    """For each list, (by the copy, by the suggestion's column)."""
    liaison = User.objects.get(username=f"bench_liaison_{UNIT}")
    own = Suggestion.objects.listed_for(liaison)
    one_unit = in_unit_order(Suggestion.objects.all(), UNIT, live_only=True)

    def page(qs: Any, *, narrow: bool, copies: dict[str, str] | None) -> Callable[[], list[int]]:
        ordered = qs.order_by(*total_order(Suggestion, [term], narrow=narrow, copies=copies))
        return lambda: list(ordered.values_list("pk", flat=True)[:PAGE])

    return {
        "liaison, own list": (
            page(own, narrow=True, copies=unit_order_copies(own)),
            page(own, narrow=True, copies=None),
        ),
        f"staff, ?unit={UNIT}": (
            page(one_unit, narrow=False, copies=unit_order_copies(one_unit)),
            page(one_unit, narrow=False, copies=None),
        ),
    }


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    size = Suggestion.objects.count()
    print(f"{size:,} suggestions, {rounds} rounds, page of {PAGE} rows (p50 / p95 ms)\n")
    print("| list | ?ordering= | by the copy (ours) | by the suggestion's column (before) | before p95 ÷ ours p95 |")
    print("|---|---|---|---|---|")
    for name in UNIT_ORDERS:
        for term in (name, f"-{name}"):
            for label, (ours, before) in pages(term).items():
                assert ours() == before(), (label, term)  # also the warm-up
                times: dict[str, list[float]] = {"ours": [], "before": []}
                for _ in range(rounds):
                    times["ours"].append(timed(ours))
                    times["before"].append(timed(before))
                a, b = percentiles(times["ours"]), percentiles(times["before"])
                ratio = b["p95"] / a["p95"] if a["p95"] else float("inf")
                print(
                    f"| {label} | `{term}` | {a['p50']} / {a['p95']} | {b['p50']} / {b['p95']} | {ratio:.1f}× |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
