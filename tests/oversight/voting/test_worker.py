"""The automatic close with real Celery workers on the real Redis: a round past ``closes_at`` is
counted by the beat task, exactly once even when two workers sweep at the same time.

The workers are separate processes: they read the test database over PostgreSQL (the test's rows
are committed, ``transaction=True``), the test's ballot key directory and secrets, and the Redis
database of this run's ``REDIS_URL`` (never another run's), each on a queue of its own so the test
decides which worker gets which sweep. Their clock is the real one, later than the frozen test
day on which the round closed.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from django.conf import settings

from oversight import ballot_box
from oversight.models import VotingItem, VotingRound
from oversight.services import voting
from tests.oversight.voting.conftest import make_round
from tests.tracker.test_worker import CELERY, _database_url, wait_for
from tracker.timeline import for_case

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TASK = "oversight.tasks.close_due_rounds"


class Worker:
    def __init__(self, name: str, queue: str, env: dict[str, str], log: Path) -> None:
        self.name, self.queue, self.env, self.log = name, queue, env, log
        self.proc: Any = None

    def start(self) -> None:
        import subprocess

        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [
                    *(str(CELERY), "-A", "config", "worker", "-P", "solo", "-l", "INFO"),
                    *("-I", "tests.oversight.voting.slow_outcome", "-Q", self.queue, "-n", f"{self.name}@%h"),
                ],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def ready(self) -> bool:
        return self.log.exists() and b"ready." in self.log.read_bytes()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except Exception:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[Celery, list[Worker], Path]]:
    run = uuid.uuid4().hex[:8]
    hold = tmp_path / "hold"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,  # this run's own Redis database
        "SECRET_KEY": settings.SECRET_KEY,
        "BALLOT_KEY": settings.BALLOT_KEY,
        "BALLOT_KEY_DIR": str(settings.BALLOT_KEY_DIR),
        "BALLOT_TEST_HOLD": str(hold),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    pool = [Worker(f"w{n}-{run}", f"ballot-{run}-{n}", env, tmp_path / f"w{n}.log") for n in (1, 2)]
    app = Celery("ballot-test", broker=settings.REDIS_URL, backend=settings.REDIS_URL)
    try:
        for w in pool:
            w.start()
        wait_for(lambda: all(w.ready() for w in pool), timeout=60, what="two workers")
        yield app, pool, hold
    finally:
        for w in pool:
            w.stop()
        app.close()


def _due_round(actors: Any) -> VotingRound:
    setup = make_round(actors)
    for member in setup.reviewers:
        voting.ballot_cast(voting_round=setup.round, actor=member, choices={i.pk: "unsatisfied" for i in setup.items})
    return setup.round


def test_beat_schedules_the_automatic_close() -> None:
    from config.celery import app

    assert {"task": TASK, "schedule": 60.0} in app.conf.beat_schedule.values()


def test_two_workers_sweeping_at_once_count_the_round_exactly_once(
    workers: tuple[Celery, list[Worker], Path], actors: Any
) -> None:
    app, (first, second), hold = workers
    voting_round = _due_round(actors)
    hold.touch()  # the first worker will stop inside the count, holding the round's row lock
    pending = app.send_task(TASK, queue=first.queue)
    wait_for(hold.with_suffix(".started").exists, timeout=60, what="the first worker to be counting")
    # Meanwhile the second worker's sweep skips the locked round instead of counting it again.
    assert app.send_task(TASK, queue=second.queue).get(timeout=60) == {"closed": 0, "failed": 0, "keys_destroyed": 0}
    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.OPEN  # the first count is not committed yet
    hold.unlink()
    assert pending.get(timeout=60) == {"closed": 1, "failed": 0, "keys_destroyed": 0}

    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.CLOSED
    assert for_case(voting_round).filter(action="round.close").count() == 1
    assert for_case(actors.unit_a).filter(action="unit.accountability_flag").count() == 1
    report = VotingItem.objects.get(round=voting_round, position=1)
    assert (report.participants, report.unsatisfied, report.passed) == (3, 3, False)
    assert not ballot_box.key_exists(voting_round.pk)  # destroyed by the worker after its commit
    # A later sweep on either worker finds nothing more to do.
    again = [app.send_task(TASK, queue=w.queue) for w in (first, second)]
    assert [r.get(timeout=60)["closed"] for r in again] == [0, 0]


def test_two_workers_given_the_sweep_at_the_same_moment_count_once(
    workers: tuple[Celery, list[Worker], Path], actors: Any
) -> None:
    app, pool, _ = workers
    rounds = [_due_round(actors) for _ in range(2)]
    results = [app.send_task(TASK, queue=w.queue) for w in pool for _ in range(2)]
    closed = sum(r.get(timeout=60)["closed"] for r in results)
    assert closed == 2
    for voting_round in rounds:
        voting_round.refresh_from_db()
        assert voting_round.status == VotingRound.Status.CLOSED
        assert for_case(voting_round).filter(action="round.close").count() == 1
        assert not ballot_box.key_exists(voting_round.pk)
