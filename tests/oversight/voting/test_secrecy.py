"""The secret ballot, checked against the database itself: every table a ballot writes, every column
of those tables, and the rows two different ballots leave behind."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from oversight.models import Participation, User, VoteTally
from oversight.services import voting
from tests.oversight.voting.conftest import RoundSetup

pytestmark = pytest.mark.django_db

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _written_tables(queries: list[dict[str, Any]]) -> set[str]:
    return {m.group(1) for q in queries if (m := WRITE.match(q["sql"]))}


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {col.name for col in connection.introspection.get_table_description(cursor, table)}


def test_a_ballot_writes_only_participation_and_tally(ready: RoundSetup, actors: Any) -> None:
    with CaptureQueriesContext(connection) as ctx:
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "basic"})
    # Nothing else — in particular no timeline entry, which would carry the voter and a timestamp.
    assert _written_tables(ctx.captured_queries) == {Participation._meta.db_table, VoteTally._meta.db_table}


def test_no_column_links_a_reviewer_to_a_choice(ready: RoundSetup, actors: Any) -> None:
    # The participation side: who, on which item — no choice, no time, a random key.
    assert _columns(Participation._meta.db_table) == {"id", "item_id", "reviewer_id"}
    # The tally side: which item, which choice, how many — no voter, no time, a random key.
    assert _columns(VoteTally._meta.db_table) == {"id", "item_id", "choice", "count"}
    for model in (Participation, VoteTally):
        assert isinstance(model._meta.pk, models.UUIDField), f"{model.__name__}: sequential ids would order ballots"
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateField), f"{model.__name__}.{field.name} is a timestamp"
    assert not any(getattr(f, "related_model", None) is User for f in VoteTally._meta.get_fields()), (
        "the tally must not point at a voter"
    )
    assert not any(getattr(f, "choices", None) for f in Participation._meta.get_fields() if f.concrete)


def test_two_different_ballots_leave_indistinguishable_rows(ready: RoundSetup, actors: Any) -> None:
    first, second = ready.reviewers[0], ready.reviewers[1]
    item = ready.items[0]
    voting.ballot_cast(voting_round=ready.round, actor=first, choices={item.pk: "satisfied"})
    voting.ballot_cast(voting_round=ready.round, actor=second, choices={item.pk: "unsatisfied"})
    # Everything stored about each voter, minus their own id and the random key, is the same.
    rows = list(Participation.objects.filter(item=item).values("item_id", "reviewer_id"))
    assert sorted(r["reviewer_id"] for r in rows) == sorted([first.pk, second.pk])
    assert {r["item_id"] for r in rows} == {item.pk}
    # The only trace of the choices is the aggregate; it cannot say which of the two chose which.
    tally = dict(VoteTally.objects.filter(item=item).values_list("choice", "count"))
    assert tally == {"satisfied": 1, "basic": 0, "unsatisfied": 1}
