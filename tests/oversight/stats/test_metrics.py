"""Every figure against the hand-computed world of tests/oversight/stats/world.py, from the
per-assignment facts (what the pages show) and from the live reference queries alike."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from oversight.stats import freshness, metrics
from oversight.stats.metrics import Figures, compute
from oversight.stats.scope import Role, Scope
from tests.oversight.stats.world import AS_OF, World

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True, params=metrics.SOURCES)
def source(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test below runs once on the facts and once on the live queries."""
    real = metrics.compute
    globals()["compute"] = functools.partial(real, source=request.param)
    yield request.param
    globals()["compute"] = real


def _by(world: World, dimension: str, **scope: Any) -> dict[str, Figures]:
    return {f.label: f for f in compute(Scope(as_of=AS_OF, **scope)).by(dimension)}


def test_unit_a_figures_match_the_hand_count(world: World) -> None:
    a = _by(world, "unit")["市住房和城乡建设局"]
    # s1, s2, s5 主办 and s4 分办; the returned 协办 of s3 does not count.
    assert (a.assigned, a.answered, a.replied, a.first_replied, a.on_time, a.face, a.overdue) == (4, 2, 2, 2, 1, 1, 0)
    assert a.answer_rate == D("50.00")  # 办复率 2/4 (s5 signed but not accepted, s4 a draft)
    assert a.on_time_rate == D("50.00")  # s1 on time, s2's first reply late
    # Latest rating of each deputy: s1 满意 + 基本满意, s2 基本满意 after re-handling.
    assert (a.ratings, a.satisfied, a.basic, a.unsatisfied) == (3, 1, 2, 0)
    assert a.satisfied_rate == D("33.33")
    assert a.approval_rate == D("100.00")
    # First round only: s1 满意 + 基本满意, s2 不满意.
    assert (a.first_ratings, a.first_satisfied) == (3, 1)
    assert a.first_satisfied_rate == D("33.33")
    assert a.face_rate == D("50.00")  # s1 visited, s2 phoned
    # s2's re-handled reply (B) replaces its first one (C).
    assert a.category_shares == [("A", 0, D("0.00")), ("B", 2, D("100.00")), ("C", 0, D("0.00")), ("D", 0, D("0.00"))]
    # Due by 06-15: s1's fulfilled one and s2's overdue one; s1's December promise is not due yet.
    assert (a.commitments, a.commitments_due, a.commitments_fulfilled, a.commitments_overdue) == (3, 2, 1, 1)
    assert a.fulfilment_rate == D("50.00")


def test_unit_b_counts_a_co_handlers_opinion_as_answered(world: World) -> None:
    b = _by(world, "unit")["市教育局"]
    assert (b.assigned, b.answered, b.replied, b.on_time, b.face, b.overdue) == (3, 2, 1, 1, 1, 1)
    assert b.answer_rate == D("66.67")
    assert b.on_time_rate == D("100.00")
    assert b.satisfied_rate == D("100.00")
    assert b.fulfilment_rate is None  # no commitment due: nothing to divide, shown as "—"
    assert b.category_counts == [("A", 1), ("B", 0), ("C", 0), ("D", 0)]


def test_total_shares_sum_to_one_hundred_by_largest_remainder(world: World) -> None:
    total = compute(Scope(as_of=AS_OF)).total()
    assert (total.assigned, total.answered) == (7, 4)
    assert total.answer_rate == D("57.14")
    assert total.on_time_rate == D("66.67")
    assert total.satisfied_rate == D("50.00")
    assert total.first_satisfied_rate == D("50.00")
    assert total.face_rate == D("66.67")
    # A 1/3 = 33.333…, B 2/3 = 66.666…: the missing 0.01 goes to B (the larger remainder).
    assert [s for _c, _n, s in total.category_shares] == [D("33.33"), D("66.67"), D("0.00"), D("0.00")]


def test_lead_filter_leaves_out_co_handlers_and_co_filter_keeps_only_them(world: World) -> None:
    lead = _by(world, "unit", role=Role.LEAD)["市教育局"]
    assert (lead.assigned, lead.answered) == (2, 1)
    co = _by(world, "unit", role=Role.CO)
    assert list(co) == ["市教育局"]  # unit A's only 协办 was returned
    assert (co["市教育局"].assigned, co["市教育局"].answered, co["市教育局"].replied) == (1, 1, 0)


def test_grouping_by_session_year_and_category(world: World) -> None:
    years = _by(world, "year")
    assert list(years) == ["2025年", "2026年"]
    assert (years["2025年"].assigned, years["2025年"].answered) == (2, 1)
    assert (years["2026年"].assigned, years["2026年"].answered) == (5, 3)
    sessions = compute(Scope(as_of=AS_OF)).by("session")
    assert [f.key for f in sessions] == [world.s2025.pk, world.s2026.pk]  # oldest first: a trend
    cats = _by(world, "category")
    assert list(cats) == ["城建环资", "教科文卫"]
    assert cats["城建环资"].answer_rate == D("75.00")
    assert cats["教科文卫"].answer_rate == D("33.33")


def test_filters_by_session_year_unit_category_and_key(world: World) -> None:
    assert compute(Scope(as_of=AS_OF, session_id=world.s2025.pk)).total().assigned == 2
    assert compute(Scope(as_of=AS_OF, year=2026)).total().assigned == 5
    assert compute(Scope(as_of=AS_OF, unit_id=world.actors.unit_b.pk)).total().assigned == 3
    assert compute(Scope(as_of=AS_OF, category_id=world.cat_edu.pk)).total().assigned == 3
    key = compute(Scope(as_of=AS_OF, key_only=True)).total()
    assert (key.assigned, key.answered, key.overdue, key.answer_rate) == (1, 0, 1, D("0.00"))


def test_public_figures_leave_out_suggestions_with_a_reply_not_for_publication(world: World) -> None:
    units = _by(world, "unit", public_only=True)
    # s4 (B's 不公开 reply, and A's 分办 of the same suggestion) is gone.
    assert (units["市教育局"].assigned, units["市教育局"].answered) == (2, 1)
    assert (units["市住房和城乡建设局"].assigned, units["市住房和城乡建设局"].answered) == (3, 2)


def test_overdue_is_judged_on_the_given_day(world: World) -> None:
    later = compute(Scope(as_of=AS_OF.replace(month=7, day=2))).total()
    assert later.overdue == 2  # s3's reply deadline, and now s4's (due 07-01) too
    assert later.commitments_overdue == 1


def test_no_data_gives_no_rates(db: Any) -> None:
    total = compute(Scope(as_of=AS_OF)).total()
    assert total.assigned == 0
    assert total.answer_rate is None and total.satisfied_rate is None
    assert [s for _c, _n, s in total.category_shares] == [None, None, None, None]


def test_compute_runs_a_fixed_number_of_queries(world: World, source: str, django_assert_num_queries: Any) -> None:
    freshness.flush()  # the world's own writes (on commit in a real transaction)
    # facts: cells (with ratings and latest reply categories), overdue, commitments;
    # live: assignments (with their latest reply category), ratings, commitments;
    # both: units, sessions, categories
    with django_assert_num_queries(6):
        cells = compute(Scope(as_of=AS_OF))
        cells.by("unit"), cells.by("year"), cells.by("category"), cells.by("session")
