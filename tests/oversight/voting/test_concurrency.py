"""Fifty copies of the same ballot at once (a double-tapping phone, a retrying client) count once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from oversight.errors import DomainError
from oversight.models import Participation, SealedBallot
from oversight.services import voting
from tests.oversight.voting.conftest import make_round, sealed_counts

SUBMISSIONS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_ballots_by_one_reviewer_count_once(actors: Any) -> None:
    setup = make_round(actors)
    item = setup.items[0]
    barrier = threading.Barrier(SUBMISSIONS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit() -> None:
        try:
            barrier.wait(timeout=30)
            voting.ballot_cast(voting_round=setup.round, actor=actors.reviewer, choices={item.pk: "satisfied"})
            result = "ok"
        except DomainError as err:
            result = err.code
        except Exception as err:  # anything else is a failure the assertion below shows
            result = repr(err)
        finally:
            connection.close()  # each thread had its own connection; give it back
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert sorted(set(outcomes)) == ["already_voted", "ok"]
    assert outcomes.count("ok") == 1
    assert len(outcomes) == SUBMISSIONS
    assert Participation.objects.filter(item=item).count() == 1
    assert SealedBallot.objects.filter(item=item).count() == 1
    assert sealed_counts(item) == {"satisfied": 1, "basic": 0, "unsatisfied": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ballots_racing_the_close_are_either_counted_or_refused(actors: Any) -> None:
    """Twenty reviewers vote while staff close the round: every ballot that succeeded is in the
    result, every other one was refused, and participation matches the count exactly."""
    setup = make_round(actors, reviewers=20)
    item = setup.items[0]
    barrier = threading.Barrier(len(setup.reviewers) + 1)
    outcomes: dict[str, str] = {}
    lock = threading.Lock()

    def run(key: str, action: Any) -> None:
        try:
            barrier.wait(timeout=30)
            action()
            result = "ok"
        except DomainError as err:
            result = err.code
        except Exception as err:
            result = repr(err)
        finally:
            connection.close()
        with lock:
            outcomes[key] = result

    threads = [
        threading.Thread(
            target=run,
            args=(
                member.username,
                lambda m=member: voting.ballot_cast(voting_round=setup.round, actor=m, choices={item.pk: "basic"}),
            ),
        )
        for member in setup.reviewers
    ]
    threads.append(
        threading.Thread(
            target=run, args=("close", lambda: voting.round_close(voting_round=setup.round, actor=actors.staff))
        )
    )
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert outcomes.pop("close") == "ok"
    assert set(outcomes.values()) <= {"ok", "illegal_transition"}, outcomes
    counted = list(outcomes.values()).count("ok")
    item.refresh_from_db()
    assert item.participants == counted == Participation.objects.filter(item=item).count()
    # Every counted ballot chose 基本满意; fewer than three publish no figures (docs/voting.md).
    assert (item.basic, item.figures_withheld) == ((counted, False) if counted >= 3 else (None, True))
    assert not SealedBallot.objects.filter(item=item).exists()  # opened, counted and gone
