"""Benchmark: sealing ballots and counting a round (docs/voting.md, the sealed ballot box).

Runs on PostgreSQL in its own database (default ``ovs_bench_ballot``, created fresh from the
models and dropped afterwards), with its own temporary ballot key directory:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/ballot_count.py

It prints a Markdown table (paste into docs/benchmarks.md): for each size, the mean time of one
reviewer's ballot over all items (seal + store, one transaction) and the count of the round (open
every sealed ballot, tally, store, delete), with the count's query number — which must not grow with
the number of ballots. Not a timed test.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from oversight.models import User, VotingItem  # noqa: E402
from oversight.services import voting  # noqa: E402

CHOICES = ["satisfied", "basic", "unsatisfied"]


def run_size(reviewers: int, items: int, tag: str) -> str:
    staff = User.objects.create(username=f"staff-{tag}", is_congress_staff=True)
    members = User.objects.bulk_create(User(username=f"m{n}-{tag}", is_reviewer=True) for n in range(reviewers))
    now = timezone.now()
    voting_round = voting.round_create(
        actor=staff,
        title=tag,
        meeting_name="基准测试",
        meeting_date=now.date(),
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(hours=1),
    )
    item_ids = [
        voting.round_add_item(voting_round=voting_round, actor=staff, kind="report", title=f"事项{i}").pk
        for i in range(items)
    ]
    voting.round_set_reviewers(voting_round=voting_round, actor=staff, reviewers=members)
    voting.round_open(voting_round=voting_round, actor=staff)
    started = time.perf_counter()
    for n, member in enumerate(members):
        choices = {pk: CHOICES[(n + i) % 3] for i, pk in enumerate(item_ids)}
        voting.ballot_cast(voting_round=voting_round, actor=member, choices=choices)
    per_ballot = (time.perf_counter() - started) / reviewers
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with transaction.atomic():
            voting.round_close(voting_round=voting_round, actor=staff)
        count_time = time.perf_counter() - started
    assert VotingItem.objects.filter(round=voting_round, participants=reviewers).count() == items
    return (
        f"| {reviewers} | {items} | {reviewers * items:,} | {per_ballot * 1000:.1f} ms "
        f"| {count_time:.2f} s | {len(queries)} |"
    )


def main() -> None:
    name = os.environ.get("BENCH_DB", "ovs_bench_ballot")
    settings.DATABASES["default"]["TEST"].update({"NAME": name, "MIGRATE": False})
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    settings.DEBUG = False
    try:
        with tempfile.TemporaryDirectory() as keys:
            settings.BALLOT_KEY_DIR = Path(keys)
            lines = [
                "| reviewers | items | sealed ballots | one ballot (all items) | count | count queries |",
                "|---|---|---|---|---|---|",
                run_size(60, 5, "small"),
                run_size(200, 20, "large"),
            ]
        print("\n".join(lines))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
