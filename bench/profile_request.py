"""One API request, profiled: its queries, its time in a loop, and (PROF=1) where the time goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_api_20000 .venv/bin/python bench/profile_request.py staff
    … bench/profile_request.py liaison "/api/v1/suggestions/?page_size=50"
    PROF=1 SORT=tottime N=100 … bench/profile_request.py deputy
    EXPLAIN=1 … bench/profile_request.py staff-page /suggestions/199996/
    … bench/profile_request.py staff-page "/staff/suggestions/?q=公交"

Signs in with a fresh API token of the benchmark's staff member, liaison of unit 7 or deputy 42
(bench/data.py) — or, for ``staff-page`` / ``liaison-page`` / ``deputy-page``, with a session as a
browser does (the HTML pages) — warms up, prints each query of one request with its time, then the
median and best of ``N`` requests; with ``PROF=1`` a cProfile of ``N`` more, sorted by ``SORT``
(default cumulative; ``DUMP=file`` also writes the raw profile; ``EXPLAIN=1`` prints each query's
EXPLAIN ANALYZE on PostgreSQL). The token or session is deleted
at the end. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import bench.lists  # noqa: F401  (sets Django up exactly as the list benchmark does)
from oversight.models import User
from security.models import ApiToken

PEOPLE = {"staff": "bench_staff", "liaison": "bench_liaison_7", "deputy": "bench_deputy_42"}


def main() -> None:
    who = sys.argv[1] if len(sys.argv) > 1 else "staff"
    page = who.endswith("-page")
    role = who.removesuffix("-page")
    default_url = {"staff": "/staff/suggestions/", "liaison": "/unit/", "deputy": "/deputy/"}[role] if page else None
    url = sys.argv[2] if len(sys.argv) > 2 else default_url or "/api/v1/suggestions/?page_size=50"
    rounds = int(os.environ.get("N", "50"))
    user = User.objects.get(username=PEOPLE[role])
    token = None
    if page:
        client = Client()
        client.force_login(user)
    else:
        token, raw = ApiToken.objects.create(user=user, name="bench.profile")
        client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    try:
        for _ in range(5):
            client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        count = len(queries.captured_queries)
        for query in queries.captured_queries:
            print(query["time"], query["sql"][:200])
            if os.environ.get("EXPLAIN"):  # each query's plan with its planning and execution time
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    print("\n".join("    " + row[0] for row in cursor.fetchall()))
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get(url).content  # noqa: B018  (rendered in full)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"{count} queries; median {times[len(times) // 2]:.1f} ms, best {times[0]:.1f} ms")
        if os.environ.get("PROF"):
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(rounds):
                client.get(url).content  # noqa: B018
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("TOP", "60")))
            if os.environ.get("DUMP"):  # for pstats or snakeviz
                profile.dump_stats(os.environ["DUMP"])
            print(out.getvalue())
    finally:
        if token is not None:
            token.delete()
        else:
            client.logout()


if __name__ == "__main__":
    main()
