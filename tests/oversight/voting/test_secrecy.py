"""The secret ballot, checked against the schema and the rows: every table a ballot writes, every
column of those tables, and what two different ballots leave behind. (The attack on PostgreSQL's
own row metadata is in test_attack.py; the key's lifetime in test_count.py.)"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from oversight import ballot_box
from oversight.models import Participation, SealedBallot, User, VotingRound
from oversight.services import voting
from tests.oversight.voting.conftest import RoundSetup

pytestmark = pytest.mark.django_db

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _written_tables(queries: list[dict[str, Any]]) -> set[str]:
    return {m.group(1) for q in queries if (m := WRITE.match(q["sql"]))}


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {col.name for col in connection.introspection.get_table_description(cursor, table)}


def test_a_ballot_writes_only_participation_and_a_sealed_ballot(ready: RoundSetup, actors: Any) -> None:
    with CaptureQueriesContext(connection) as ctx:
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "basic"})
    # Nothing else — no counter, no timeline entry (which would carry the voter and a timestamp).
    assert _written_tables(ctx.captured_queries) == {Participation._meta.db_table, SealedBallot._meta.db_table}


def test_no_column_links_a_reviewer_to_a_choice(ready: RoundSetup, actors: Any) -> None:
    # The participation side: who, on which item — no choice, no time, a random key.
    assert _columns(Participation._meta.db_table) == {"id", "item_id", "reviewer_id"}
    # The ballot side: which item and a ciphertext — no voter, no time, no choice in clear.
    assert _columns(SealedBallot._meta.db_table) == {"id", "item_id", "box"}
    for model in (Participation, SealedBallot):
        assert isinstance(model._meta.pk, models.UUIDField), f"{model.__name__}: sequential ids would order ballots"
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateField), f"{model.__name__}.{field.name} is a timestamp"
    assert not any(getattr(f, "related_model", None) is User for f in SealedBallot._meta.get_fields())
    assert not any(getattr(f, "choices", None) for f in Participation._meta.get_fields() if f.concrete)


def test_sealed_ballots_of_different_choices_look_alike(ready: RoundSetup, actors: Any) -> None:
    item = ready.items[0]
    for member, choice in zip(ready.reviewers, ["satisfied", "basic", "unsatisfied"], strict=True):
        voting.ballot_cast(voting_round=ready.round, actor=member, choices={item.pk: choice})
    boxes = [bytes(b) for b in SealedBallot.objects.filter(item=item).values_list("box", flat=True)]
    # Same length whatever the choice ("basic" is shorter than "unsatisfied" in clear), all distinct
    # (sealing is randomised: equal choices do not give equal ciphertexts), and no choice in clear.
    assert {len(b) for b in boxes} == {ballot_box.SEALED_LENGTH}
    assert len(set(boxes)) == 3
    assert not any(word in b for b in boxes for word in (b"satisfied", b"basic", b"unsatisfied"))


def test_the_private_key_is_nowhere_in_the_database(ready: RoundSetup, actors: Any) -> None:
    voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "basic"})
    private = bytes(ballot_box._private_key(ready.round.pk))
    row = VotingRound.objects.filter(pk=ready.round.pk).values().get()
    stored = " ".join(str(v) for v in row.values()).encode()
    assert private.hex().encode() not in stored and private not in stored
    assert ballot_box.key_path(ready.round.pk).read_bytes().find(private) == -1  # the file is encrypted too


def test_a_swapped_public_key_is_refused(ready: RoundSetup, actors: Any) -> None:
    """Someone who can write to the database puts in a key of their own: ballots are refused
    rather than sealed to it."""
    from nacl.public import PrivateKey

    VotingRound.objects.filter(pk=ready.round.pk).update(
        ballot_public_key=bytes(PrivateKey.generate().public_key).hex()
    )
    with pytest.raises(voting.IllegalTransition) as err:
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "basic"})
    assert err.value.code == "ballot_key_unusable"
    assert not Participation.objects.exists()


def test_checks_flag_an_unwritable_key_dir_and_a_default_secret(settings: Any, tmp_path: Any) -> None:
    from oversight import checks

    assert checks.check_ballot_key_dir() == []
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    settings.BALLOT_KEY_DIR = locked / "keys"
    if os.access(locked, os.W_OK):  # root ignores the mode bits: use a path under a file instead
        (tmp_path / "file").touch()
        settings.BALLOT_KEY_DIR = tmp_path / "file" / "keys"
    assert [m.id for m in checks.check_ballot_key_dir()] == ["oversight.E001"]
    settings.BALLOT_KEY, settings.SECRET_KEY = "", "dev-only-insecure-key-change-me"
    assert [m.id for m in checks.check_ballot_secret()] == ["oversight.W001"]
    settings.BALLOT_KEY = "a-long-random-ballot-secret"
    assert checks.check_ballot_secret() == []
