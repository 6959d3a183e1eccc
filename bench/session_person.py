"""The HTML pages with the session that brings its person along (security/sessions.py) beside
Django's own session, person and roles reads (three queries), interleaved request by request in one
process on one data set (docs/benchmarks.md "Pages: session and person in one query").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench .venv/bin/python bench/session_person.py

Each page is fetched by two clients signed in as the same person: one through this project's
session engine and authentication middleware (``ours``), one through Django's database session
engine, ``AuthenticationMiddleware`` and ``ModelBackend`` (``before``). Both answer 200 with the
same page; ``BENCH_ROUNDS`` (default 30) rounds after a warm-up, p50 / p95 ms and the queries of
one steady-state request. Prints a Markdown table.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.lists import DEPUTY, UNIT, percentiles, timed
from oversight.models import User

DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"
PAGES = [
    ("staff", "bench_staff", "/staff/suggestions/"),
    ("staff", "bench_staff", "/staff/suggestions/?sort=due"),
    ("staff", "bench_staff", "/staff/"),
    ("staff", "bench_staff", "/inbox/"),
    ("liaison", f"bench_liaison_{UNIT}", "/unit/signoff/"),
    ("deputy", f"bench_deputy_{DEPUTY}", "/deputy/"),
]


def before_settings() -> override_settings:
    ours, django = (
        "security.sessions.AuthenticationMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    )
    middleware = [django if m == ours else m for m in settings.MIDDLEWARE]
    return override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db", MIDDLEWARE=middleware)


def clients(username: str) -> tuple[Client, Client]:
    user = User.objects.get(username=username)
    ours = Client()
    ours.force_login(user)
    ours.get("/healthz")  # builds its handler (the middleware chain) under the project's settings
    before = Client()
    with before_settings():
        before.force_login(user, backend=DJANGO_BACKEND)
        before.get("/healthz")
    return ours, before


def main() -> None:
    # Django's backend stays allowed for the ``before`` client's sessions (get_user checks the list).
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, DJANGO_BACKEND]
    rounds = int(os.environ.get("BENCH_ROUNDS", "30"))
    print(f"{rounds} rounds, interleaved (p50 / p95 ms; queries of one steady-state request)\n")
    print("| who | page | ours | queries | before | queries | before p50 − ours p50 |")
    print("|---|---|---|---|---|---|---|")
    for who, username, url in PAGES:
        ours, before = clients(username)
        counts = []
        for client in (ours, before):
            for _ in range(3):
                assert client.get(url).status_code == 200
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries.captured_queries))
        times: dict[str, list[float]] = {"ours": [], "before": []}
        for _ in range(rounds):
            for name, client in (("ours", ours), ("before", before)):
                times[name].append(timed(lambda c=client, u=url: c.get(u).content))  # type: ignore[misc]
        a, b = percentiles(times["ours"]), percentiles(times["before"])
        print(
            f"| {who} | `{url}` | {a['p50']} / {a['p95']} | {counts[0]} | {b['p50']} / {b['p95']} | {counts[1]} "
            f"| {b['p50'] - a['p50']:.1f} |"
        )


if __name__ == "__main__":
    main()
