"""Every list endpoint and list page, as the person who uses it, on one data set (issue 14's
"every list endpoint and every list page").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench .venv/bin/python bench/endpoints.py
    … bench/endpoints.py --only /todo/ --only deadlines   # just the rows whose "who GET" has one of these
    … bench/endpoints.py --orderings     # instead: every ?ordering= of every list, both directions,
                                         # and every ?sort= of the staff list

bench/lists.py compares the suggestion lists with their raw-SQL floor and a plain ModelViewSet;
this sweep covers the rest — the API's other lists (assignments, replies, deadlines, inbox, …) and
each role's list pages (work queues, boards, public pages) — with the same people and the same
timing: after one warm-up request, ``BENCH_ROUNDS`` (default 15) interleaved rounds, p50 / p95,
and the queries of one steady-state request. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.lists import UNIT, percentiles, prepare, timed
from oversight.models import Suggestion

API_LISTS = (
    "sessions",
    "categories",
    "units",
    "deputies",
    "users",
    "suggestions",
    "assignments",
    "extensions",
    "replies",
    "feedback",
    "commitments",
    "supervision",
    "progress-reports",
    "deadlines",
    "inbox",
    "opinions",
    "opinion-items",
    "followup-reports",
    "voting-rounds",
    "vote-decisions",
)
PAGES = {
    "staff-page": (
        "/staff/",
        "/staff/submitted/",
        "/staff/suggestions/",
        "/staff/suggestions/?sort=due",
        f"/staff/suggestions/?unit={UNIT}",
        "/staff/overdue/",
        "/staff/due-soon/",
        "/staff/replies/",
        "/staff/requests/",
        "/todo/",
        "/inbox/",
        "/deliberation/",
        "/voting/",
        "/voting/decisions/",
    ),
    "liaison-page": ("/unit/", "/unit/signoff/", "/unit/commitments/", "/todo/"),
    "deputy-page": ("/deputy/", "/todo/"),
    "anonymous": ("/public/replies/", "/public/opinions/", "/public/voting/"),
}


# The staff 代表建议 list's sort keys (oversight.forms.filters.SuggestionFilter.sort).
STAFF_SORTS = ("number", "title", "lead", "status", "due", "submitted")


def ordering_cases() -> list[tuple[str, str]]:
    """Every order a person can choose, in both directions: each list endpoint's ``ordering_fields``
    (read from the router, so a field added later is measured too) as staff, the suggestions also
    as a liaison, a deputy and staff narrowed to one unit (``?unit=``), and the staff list's
    ``?sort=``, also within one unit."""
    from oversight.api.urls import router

    cases: list[tuple[str, str]] = []
    for prefix, viewset, _basename in router.registry:
        for field in getattr(viewset, "ordering_fields", None) or ():
            for sign in ("", "-"):
                roles = ("staff", "liaison", "deputy") if prefix == "suggestions" else ("staff",)
                cases += [(role, f"/api/v1/{prefix}/?page_size=50&ordering={sign}{field}") for role in roles]
                if prefix == "suggestions":
                    cases.append(("staff", f"/api/v1/{prefix}/?page_size=50&unit={UNIT}&ordering={sign}{field}"))
    for unit in ("", f"unit={UNIT}&"):
        cases += [
            ("staff-page", f"/staff/suggestions/?{unit}sort={sign}{key}") for key in STAFF_SORTS for sign in ("", "-")
        ]
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description="Time every list endpoint and list page.")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="keep only the rows whose 'who GET' contains TEXT (repeatable: any of them)",
    )
    parser.add_argument("--orderings", action="store_true", help="every ordering of every list instead")
    args = parser.parse_args()
    only = args.only
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    clients, _pk = prepare(Suggestion.objects.count())
    from django.test import Client

    clients["anonymous"] = Client()
    cases: list[tuple[str, str]] = []
    for role in ("staff", "liaison", "deputy"):
        cases += [(role, f"/api/v1/{name}/?page_size=50") for name in API_LISTS]
    cases += [(role, url) for role, urls in PAGES.items() for url in urls]
    cases.append(("anonymous", "/api/v1/public/replies/?page_size=50"))
    if args.orderings:
        cases = ordering_cases()
    if only:
        cases = [(role, url) for role, url in cases if any(text in f"{role} {url}" for text in only)]

    def get(role: str, url: str) -> None:
        response = clients[role].get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        response.content  # noqa: B018

    # Lists a role may not open (403) are not that role's: left out.
    cases = [(role, url) for role, url in cases if clients[role].get(url).status_code != 403]
    queries: dict[tuple[str, str], int] = {}
    for role, url in cases:
        get(role, url)  # warm-up (the once-a-minute estimate, caches)
        with CaptureQueriesContext(connection) as ctx:
            get(role, url)
        queries[(role, url)] = len(ctx.captured_queries)
    samples: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
    for r in range(rounds):
        for i in range(len(cases)):
            role, url = cases[(i + r) % len(cases)]
            samples[(role, url)].append(timed(lambda role=role, url=url: get(role, url)))  # type: ignore[misc]
    print(f"{Suggestion.objects.count():,} suggestions, {rounds} rounds\n")
    print("| who | GET | p50 ms | p95 ms | queries |")
    print("|---|---|---|---|---|")
    for role, url in cases:
        p = percentiles(samples[(role, url)])
        print(f"| {role.removesuffix('-page')} | `{url}` | {p['p50']} | {p['p95']} | {queries[(role, url)]} |")


if __name__ == "__main__":
    main()
