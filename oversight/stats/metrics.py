"""The figures of DESIGN.md "Numbers that matter", by SQL aggregation.

Three aggregate queries over the derived statistics tables (the cells with their ratings and final
reply categories; overdue assignments; commitments), each grouped by the finest cell — (unit,
session, suggestion category) — plus three small reference look-ups for the labels: six queries
whatever the number of suggestions. The same counts computed live from the source tables (``source="live"``) are the
reference the tests hold the facts to. Every figure is a ratio of counts
that add up, so any grouping (by unit, session, year, category, or the total) is an exact roll-up
of the cells in Python. Definitions, numerators, denominators and edge cases: docs/statistics.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from oversight.models import (
    Feedback,
    Reply,
    Session,
    SuggestionCategory,
    Unit,
)
from oversight.stats import fast, sql
from oversight.stats.rounding import largest_remainder, percent
from oversight.stats.scope import Scope

ACCEPTED = Reply.Status.ACCEPTED
RATING = Feedback.Rating

Cell = tuple[int, int, int | None]  # (unit_id, session_id, category_id)

COUNT_FIELDS = (
    "assigned",
    "answered",
    "replied",
    "first_replied",
    "on_time",
    "face",
    "overdue",
    "ratings",
    "satisfied",
    "basic",
    "unsatisfied",
    "first_ratings",
    "first_satisfied",
    "first_basic",
    "commitments",
    "commitments_due",
    "commitments_fulfilled",
    "commitments_overdue",
)


def category_codes() -> list[str]:
    from oversight.policy_rules import reply_categories

    # The administrator's current set (A/B/C/D, A/B/C or 甲/乙/丙), not only the start-up setting.
    return [code for code, _label in reply_categories()]


def category_label(code: str) -> str:
    """ "A类", or "甲类" where the installation names its categories so (REPLY_CATEGORIES codes)."""
    return f"{code}类"


@dataclass
class Figures:
    """Counts for one group and the rates derived from them (None where there is nothing to divide)."""

    key: Any = None
    label: str = ""
    assigned: int = 0
    answered: int = 0  # 办复: an accepted reply (主办/分办) or a submitted opinion (协办)
    replied: int = 0  # with an accepted reply
    first_replied: int = 0  # with an accepted first-round reply
    on_time: int = 0  # whose first-round reply was accepted by its (possibly extended) deadline
    face: int = 0  # replied, with a face-to-face contact logged (走访、座谈面商、现场察看)
    overdue: int = 0  # an open reply / re-handling / co-opinion deadline is past
    ratings: int = 0  # each deputy's latest rating per assignment
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0
    first_ratings: int = 0  # ratings of first-round replies
    first_satisfied: int = 0
    first_basic: int = 0
    commitments: int = 0
    commitments_due: int = 0
    commitments_fulfilled: int = 0
    commitments_overdue: int = 0
    categories: dict[str, int] = field(default_factory=dict)

    def add(self, other: Figures) -> None:
        # Straight on the instance dicts: a dashboard adds ~20,000 cells into its groupings.
        mine, theirs = self.__dict__, other.__dict__
        for name in COUNT_FIELDS:
            mine[name] += theirs[name]
        for code, n in other.categories.items():
            self.categories[code] = self.categories.get(code, 0) + n

    # --- the published rates (percent, two decimals) ---
    @property
    def answer_rate(self) -> Decimal | None:
        """办复率"""
        return percent(self.answered, self.assigned)

    @property
    def on_time_rate(self) -> Decimal | None:
        """按时答复率"""
        return percent(self.on_time, self.first_replied)

    @property
    def satisfied_rate(self) -> Decimal | None:
        """满意率"""
        return percent(self.satisfied, self.ratings)

    @property
    def approval_rate(self) -> Decimal | None:
        """满意+基本满意率"""
        return percent(self.satisfied + self.basic, self.ratings)

    @property
    def first_satisfied_rate(self) -> Decimal | None:
        """初次满意率"""
        return percent(self.first_satisfied, self.first_ratings)

    @property
    def face_rate(self) -> Decimal | None:
        """面复率"""
        return percent(self.face, self.replied)

    @property
    def fulfilment_rate(self) -> Decimal | None:
        """落实率"""
        return percent(self.commitments_fulfilled, self.commitments_due)

    @property
    def category_counts(self) -> list[tuple[str, int]]:
        return [(code, self.categories.get(code, 0)) for code in category_codes()]

    @property
    def category_shares(self) -> list[tuple[str, int, Decimal | None]]:
        """(code, count, share) for every configured category; shares sum to exactly 100.00."""
        counts = self.category_counts
        shares = largest_remainder([n for _code, n in counts])
        return [(code, n, shares[i] if shares else None) for i, (code, n) in enumerate(counts)]


@dataclass
class Cells:
    """The cell counts of one scope and the labels needed to name any grouping of them."""

    scope: Scope
    cells: dict[Cell, Figures]
    units: dict[int, str]
    sessions: dict[int, Session]
    categories: dict[int, SuggestionCategory]
    # Roll-ups already made (a page asks for the units several times); the cells never change.
    _rolled: dict[str, list[Figures]] = field(default_factory=dict, repr=False, compare=False)

    def restrict(self, *, session_id: int | None = None, year: int | None = None) -> Cells:
        """The cells of one session or year: lets a page show a trend over all sessions and the
        tables of one session from a single computation."""
        keep = {
            key: cell
            for key, cell in self.cells.items()
            if (session_id is None or key[1] == session_id)
            and (year is None or self.sessions[key[1]].opens_on.year == year)
        }
        scope = self.scope.but(session_id=session_id or self.scope.session_id, year=year or self.scope.year)
        return Cells(scope, keep, self.units, self.sessions, self.categories)

    def total(self) -> Figures:
        if "total" not in self._rolled:
            figures = Figures(key=None, label=_("合计"))
            for cell in self.cells.values():
                figures.add(cell)
            self._rolled["total"] = [figures]
        return self._rolled["total"][0]

    def by(self, dimension: str) -> list[Figures]:
        """Roll the cells up by "unit", "session", "year" or "category", in the order reports use."""
        if dimension not in self._rolled:
            self._rolled[dimension] = self._by(dimension)
        return list(self._rolled[dimension])

    def _by(self, dimension: str) -> list[Figures]:
        key_of, label_of, sort_key = self._dimension(dimension)
        groups: dict[Any, Figures] = {}
        for cell_key, cell in self.cells.items():
            key = key_of(cell_key)
            if key not in groups:
                groups[key] = Figures(key=key, label=label_of(key))
            groups[key].add(cell)
        return sorted(groups.values(), key=lambda f: sort_key(f.key))

    def _dimension(self, dimension: str) -> tuple[Callable[[Cell], Any], Callable[[Any], str], Callable[[Any], Any]]:
        if dimension == "unit":
            return (lambda c: c[0], lambda k: self.units.get(k, ""), lambda k: self.units.get(k, ""))
        if dimension == "session":
            return (
                lambda c: c[1],
                lambda k: str(self.sessions[k]),
                lambda k: (self.sessions[k].opens_on, k),
            )
        if dimension == "year":
            return (lambda c: self.sessions[c[1]].opens_on.year, lambda k: _("%(year)s年") % {"year": k}, lambda k: k)
        if dimension == "category":
            none_label = _("未分类")
            return (
                lambda c: c[2],
                lambda k: self.categories[k].name if k in self.categories else none_label,
                lambda k: (k is None, self.categories[k].order if k in self.categories else 0, k or 0),
            )
        raise ValueError(dimension)


def _key(row: dict[str, Any]) -> Cell:
    return (row["u"], row["s"], row["c"])


# Where the counts come from: "facts" (oversight/stats/fast.py over oversight.AssignmentFacts, the
# default) or "live" (oversight/stats/sql.py over the source tables, the reference the tests
# compare the facts with).
SOURCES = ("facts", "live")


def _aggregates(scope: Scope, codes: list[str], source: str) -> list[list[dict[str, Any]]]:
    if source == "live":
        return [sql.assignment_counts(scope, codes), sql.rating_counts(scope), sql.commitment_counts(scope)]
    if source == "facts":
        return [fast.assignment_counts(scope, codes), fast.commitment_counts(scope)]
    raise ValueError(source)


def compute(scope: Scope, *, source: str = "facts") -> Cells:
    """All figures of ``scope`` by cell: 6 queries (3 aggregates in oversight/stats/fast.py — or in
    oversight/stats/sql.py live —, 3 label look-ups)."""
    cells: dict[Cell, Figures] = {}

    def cell(row: dict[str, Any]) -> Figures:
        key = _key(row)
        if key not in cells:
            cells[key] = Figures(key=key)
        return cells[key]

    codes = category_codes()
    cat_columns = [(f"cat{i}", code) for i, code in enumerate(codes)]
    for rows in _aggregates(scope, codes, source):
        for row in rows:
            target = cell(row)
            counts, categories = target.__dict__, target.categories
            for name in COUNT_FIELDS:
                if name in row:
                    counts[name] += int(row[name] or 0)
            for column, code in cat_columns:
                if column in row:
                    categories[code] = categories.get(code, 0) + int(row[column] or 0)
    unit_ids = {k[0] for k in cells}
    session_ids = {k[1] for k in cells}
    return Cells(
        scope=scope,
        cells=cells,
        units=dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")),
        sessions={s.pk: s for s in Session.objects.filter(pk__in=session_ids).select_related("term")},
        categories={c.pk: c for c in SuggestionCategory.objects.all()},
    )
