"""An attacker who can read the database: every voting table with PostgreSQL's system columns
(``xmin``, ``xmax``, ``ctid``) and its physical row order, after each ballot. What the attacker
does not have is the application's secrets or the ballot key directory.

Given snapshots and the choices of a few "known" voters (accomplices, or the attacker's own
ballots), it guesses everyone else's choice. Three ways of tying a voter to other rows:

* ``xmin``: per table, the rows whose transaction id is nearest the voter's participation row —
  the outside report's attack on the old live counter;
* ``diff``: rows that appeared or changed between the snapshot before and after the ballot;
* ``order``: the row at the same physical position (``ctid``/scan order) as the voter's
  participation row.

Each tied row is reduced to features that do not depend on chance (a column's value; for bytes,
the length; random UUID keys and ``ctid`` dropped); rows of other items are left aside. A feature
seen among the known voters always with the same choice is a *tell*; a voter whose tells agree gets that choice, every
other voter the known voters' most common choice. That is enough to read choices off a live
counter or off ciphertexts whose length depends on the choice.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

Row = dict[str, Any]
Snapshot = dict[str, list[Row]]
SYSTEM = ("_xmin", "_xmax", "_ctid", "_pos")


def snapshot(tables: Iterable[str]) -> Snapshot:
    """Every row of ``tables`` with its system columns, in the order a plain scan returns them."""
    taken: Snapshot = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT xmin::text::bigint, xmax::text::bigint, ctid::text, * FROM "{table}"')
            names = ["_xmin", "_xmax", "_ctid", *[c.name for c in cursor.description[3:]]]
            taken[table] = [
                {**dict(zip(names, row, strict=True)), "_pos": i} for i, row in enumerate(cursor.fetchall())
            ]
    return taken


def _features(table: str, row: Row) -> set[tuple[Any, ...]]:
    """Each column's value, and each pair of them (so "item 7 and 57 bytes" or "item 7 and
    choice satisfied" is one feature even when the voter's other items' rows are tied too)."""
    single: list[tuple[Any, ...]] = []
    for column, value in row.items():
        if column in SYSTEM or column == "id" or isinstance(value, uuid.UUID):
            continue
        if isinstance(value, bytes | memoryview):
            single.append((column, "len", len(bytes(value))))
        elif isinstance(value, int | str | bool) or value is None:
            single.append((column, value))
        elif isinstance(value, dict | list):
            single.append((column, json.dumps(value, sort_keys=True, default=str)))
    found = {(table, *f) for f in single}
    found |= {(table, a, b) for i, a in enumerate(single) for b in single[i + 1 :]}
    return found


def _identity(row: Row) -> tuple[Any, ...]:
    return (row["_ctid"], row["_xmin"], row["_xmax"])


@dataclass
class Evidence:
    """Per voter (reviewer id): features of the rows each method ties to them."""

    by_method: dict[str, dict[int, set[tuple[Any, ...]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    linked: Counter[str] = field(default_factory=Counter)  # voters with ≥1 row tied, per method


def gather(snapshots: list[Snapshot], voters: list[int], *, participation: str, ballots: str, item_id: int) -> Evidence:
    """``snapshots[k]`` was taken after ``voters[k-1]`` voted (``snapshots[0]`` before anyone)."""
    evidence = Evidence()
    for k, voter in enumerate(voters, start=1):
        before, after = snapshots[k - 1], snapshots[k]
        own = [r for r in after[participation] if r["reviewer_id"] == voter and r["item_id"] == item_id]
        assert len(own) == 1, "the attacker always knows who took part"
        mine = own[0]
        seen = {table: {_identity(r) for r in rows} for table, rows in before.items()}
        for table, rows in after.items():
            if table == participation or not rows:
                continue
            # The rows written by the transaction nearest the voter's (its savepoint has its own,
            # later id, and other sessions take ids in between: nearest, not equal).
            rows = [r for r in rows if r.get("item_id", item_id) == item_id]  # the item under attack
            if not rows:
                continue
            nearest = min(abs(r["_xmin"] - mine["_xmin"]) for r in rows)
            for row in rows:
                features = _features(table, row)
                if abs(row["_xmin"] - mine["_xmin"]) == nearest:
                    evidence.by_method["xmin"][voter] |= features
                if _identity(row) not in seen[table]:
                    evidence.by_method["diff"][voter] |= features
        mine_and_others = [r for r in after[participation] if r["item_id"] == item_id]
        position = sorted(mine_and_others, key=lambda r: r["_pos"]).index(mine)
        same_place = sorted((r for r in after[ballots] if r["item_id"] == item_id), key=lambda r: r["_pos"])
        if position < len(same_place):
            evidence.by_method["order"][voter] |= _features(ballots, same_place[position])
        for method, tied in evidence.by_method.items():
            if tied.get(voter):
                evidence.linked[method] += 1
    return evidence


def guess(
    features: Mapping[int, set[tuple[Any, ...]]], known: Mapping[int, str], voters: Iterable[int]
) -> dict[int, str]:
    """The attacker's guess for every voter not in ``known``."""
    seen_with: dict[tuple[Any, ...], Counter[str]] = defaultdict(Counter)
    for voter, choice in known.items():
        for feature in features.get(voter, set()):
            seen_with[feature][choice] += 1
    tells = {f: next(iter(c)) for f, c in seen_with.items() if len(c) == 1}
    fallback = sorted(Counter(known.values()).most_common(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    guesses: dict[int, str] = {}
    for voter in voters:
        if voter in known:
            continue
        pointed = {tells[f] for f in features.get(voter, set()) if f in tells}
        guesses[voter] = pointed.pop() if len(pointed) == 1 else fallback
    return guesses


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    chance: float  # the best constant guess: the share of the most common choice among the victims

    @property
    def accuracy(self) -> float:
        return self.correct / self.total

    def __str__(self) -> str:
        return f"{self.correct}/{self.total} = {self.accuracy:.2f} (chance {self.chance:.2f})"


def score(guesses: Mapping[int, str], truth: Mapping[int, str]) -> Score:
    victims = list(guesses)
    correct = sum(guesses[v] == truth[v] for v in victims)
    most_common = Counter(truth[v] for v in victims).most_common(1)[0][1]
    return Score(correct, len(victims), most_common / len(victims))
