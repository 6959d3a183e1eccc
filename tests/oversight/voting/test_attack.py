"""The attack test of issue 10, on PostgreSQL: read every voting table with its system columns
after each ballot and try to match reviewers to choices (the attacker: tests/oversight/voting/
attack.py). It must do no better than chance; the same attack against ciphertexts whose length
gives the choice away reads every victim's choice, so the attack is not toothless. After the
count only totals remain, and the ciphertexts left in dead row versions no longer open.

Figures (docs/voting.md "How each promise is tested") are printed with ``pytest -s``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from nacl.public import PublicKey, SealedBox

from oversight import ballot_box
from oversight.models import Participation, SealedBallot, VoteChoice, VotingItem, VotingRound
from oversight.services import voting
from tests.oversight.voting import attack
from tests.oversight.voting.conftest import RoundSetup, make_round
from tracker.models import Notification, TimelineEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VOTERS = 15  # five of each choice on the item under attack
KNOWN = 6  # the attacker knows the first six voters' choices (accomplices, or their own)
TABLES = [
    VotingRound._meta.db_table,
    VotingRound.reviewers.through._meta.db_table,
    VotingItem._meta.db_table,
    Participation._meta.db_table,
    SealedBallot._meta.db_table,
    TimelineEntry._meta.db_table,
    Notification._meta.db_table,
]


def _leaky_seal(*, round_id: int, public_key_hex: str, mac: str, item_id: int, choice: str) -> bytes:
    """The mistake the fixed-length plaintext avoids: "basic" seals shorter than "unsatisfied"."""
    return bytes(SealedBox(PublicKey(bytes.fromhex(public_key_hex))).encrypt(choice.encode()))


@pytest.fixture
def election(actors: Any) -> Iterator[tuple[RoundSetup, dict[int, str], list[int]]]:
    setup = make_round(actors, reviewers=VOTERS)
    rng = random.Random(10)  # the number: a fixed, reproducible election
    choices = [VoteChoice.SATISFIED, VoteChoice.BASIC, VoteChoice.UNSATISFIED] * (VOTERS // 3)
    rng.shuffle(choices)
    truth = {member.pk: str(choice) for member, choice in zip(setup.reviewers, choices, strict=True)}
    order = [member.pk for member in setup.reviewers]
    rng.shuffle(order)
    yield setup, truth, order


def _run(setup: RoundSetup, truth: dict[int, str], order: list[int]) -> list[attack.Snapshot]:
    """Every reviewer votes on both items (the second item's choice independent of the first),
    one committed transaction each; a snapshot before the first ballot and after each one."""
    rng = random.Random(2026)
    members = {m.pk: m for m in setup.reviewers}
    first, second = setup.items
    snapshots = [attack.snapshot(TABLES)]
    for pk in order:
        other = rng.choice(VoteChoice.values)
        voting.ballot_cast(voting_round=setup.round, actor=members[pk], choices={first.pk: truth[pk], second.pk: other})
        snapshots.append(attack.snapshot(TABLES))
    return snapshots


def _attack(
    snapshots: list[attack.Snapshot], setup: RoundSetup, truth: dict[int, str], order: list[int]
) -> tuple[dict[str, attack.Score], attack.Evidence]:
    evidence = attack.gather(
        snapshots,
        order,
        participation=Participation._meta.db_table,
        ballots=SealedBallot._meta.db_table,
        item_id=setup.items[0].pk,
    )
    known = {pk: truth[pk] for pk in order[:KNOWN]}
    scores: dict[str, attack.Score] = {}
    combined: dict[int, set[Any]] = {pk: set() for pk in order}
    for method, features in evidence.by_method.items():
        scores[method] = attack.score(attack.guess(features, known, order), truth)
        for pk, found in features.items():
            combined[pk] |= {(method, *f) for f in found}
    scores["all"] = attack.score(attack.guess(combined, known, order), truth)
    return scores, evidence


def test_reading_the_database_after_each_ballot_does_no_better_than_chance(
    election: tuple[RoundSetup, dict[int, str], list[int]],
) -> None:
    setup, truth, order = election
    scores, evidence = _attack(_run(setup, truth, order), setup, truth, order)
    print(f"\nattack on sealed ballots, {VOTERS} voters, {KNOWN} known:")
    print(f"  voters tied to some row: {dict(evidence.linked)}")
    for method, result in scores.items():
        print(f"  {method:5}: {result}")
    # The transaction id does tie each voter to their ciphertext (accepted: docs/voting.md) …
    assert evidence.linked["xmin"] == VOTERS
    # … and yet no method reads a single choice: each guesses no better than the best constant.
    assert set(scores) == {"xmin", "diff", "order", "all"}
    for method, result in scores.items():
        assert result.total == VOTERS - KNOWN
        assert result.accuracy <= result.chance, f"{method}: {result}"


def test_the_same_attack_reads_every_choice_off_length_leaking_ciphertexts(
    election: tuple[RoundSetup, dict[int, str], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: were the plaintext not of fixed length, the attack would win outright."""
    setup, truth, order = election
    monkeypatch.setattr(ballot_box, "seal", _leaky_seal)
    scores, _ = _attack(_run(setup, truth, order), setup, truth, order)
    print(f"\ncontrol (length-leaking seal): { {m: str(s) for m, s in scores.items()} }")
    for method in ("xmin", "diff", "order", "all"):
        assert scores[method].accuracy == 1.0, f"{method}: {scores[method]}"


def _dead_boxes(table: str) -> list[bytes]:
    """Ciphertexts still lying in the table's heap pages — live or dead row versions — read
    byte by byte with pageinspect, as someone with a copy of the data files could."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        pages = cursor.fetchone()[0]
        boxes: list[bytes] = []
        for page in range(pages):
            cursor.execute(
                "SELECT t_attrs FROM heap_page_item_attrs(get_raw_page(%s, %s), %s::regclass)"
                " WHERE t_attrs IS NOT NULL",
                [table, page, table],
            )
            for (attrs,) in cursor.fetchall():
                raw = bytes(attrs[-1])  # box is the last column; a short varlena: 1-byte header
                boxes.append(raw[-ballot_box.SEALED_LENGTH :])
    return boxes


def test_after_the_count_only_totals_remain(election: tuple[RoundSetup, dict[int, str], list[int]]) -> None:
    setup, truth, order = election
    _run(setup, truth, order)
    copied = list(SealedBallot.objects.values_list("item_id", "box"))  # a backup taken before the count
    staff = setup.round.created_by
    voting.round_close(voting_round=setup.round, actor=staff)

    after = attack.snapshot(TABLES)
    assert after[SealedBallot._meta.db_table] == []
    assert not ballot_box.key_exists(setup.round.pk) and ballot_box.stored_round_ids() == []
    # No row anywhere carries a choice: the only trace is each item's totals.
    words = set(VoteChoice.values)
    for table, rows in after.items():
        for row in rows:
            assert not words & {str(v) for v in row.values()}, (table, row)
    first = VotingItem.objects.get(pk=setup.items[0].pk)
    assert (first.participants, first.satisfied, first.basic, first.unsatisfied) == (15, 5, 5, 5)
    # The totals were written once, by one transaction: nothing orders them by ballot.
    assert len({row["_xmin"] for row in after[VotingItem._meta.db_table]}) == 1
    # Ciphertexts survive in the pre-count copy and, until vacuum, in dead row versions: neither opens.
    dead = _dead_boxes(SealedBallot._meta.db_table)
    print(f"\nafter the count: {len(dead)} ciphertexts recovered from dead row versions, {len(copied)} in the copy")
    assert len(dead) <= 2 * VOTERS
    for boxes in (copied, [(setup.items[0].pk, box) for box in dead]):
        if boxes:
            with pytest.raises(ballot_box.BallotKeyError):
                ballot_box.open_all(round_id=setup.round.pk, boxes=boxes)
    assert copied
