"""Outcome rules (quorum, tie, "more than half of all members") and what a result does to its subject."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from oversight import voting_outcomes
from oversight.errors import IllegalTransition
from oversight.models import VotingItem, VotingRound
from oversight.services import voting
from tests.oversight.voting.conftest import RoundSetup, make_round
from tracker.timeline import for_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deputies_as_report_subjects() -> Iterator[None]:
    # These tests exercise the registry with a model no real kind votes on: declare it for them.
    voting_outcomes.register_subjects("report", "oversight.deputy")
    yield
    voting_outcomes.unregister_subjects("report", "oversight.deputy")


def _outcome(eligible: int, sat: int, basic: int, unsat: int, **rules: str) -> voting.Outcome:
    return voting.compute_outcome(
        eligible=eligible,
        satisfied=sat,
        basic=basic,
        unsatisfied=unsat,
        quorum_rule=rules.get("quorum", "more_than_half_of_members"),
        pass_rule=rules.get("pass_rule", "more_than_half_of_cast"),
    )


def test_quorum_missed_fails_even_when_everyone_present_was_satisfied() -> None:
    result = _outcome(10, 5, 0, 0)  # 5 of 10 is exactly half: not "more than half"
    assert (result.quorum_met, result.passed) == (False, False)
    assert _outcome(10, 6, 0, 0).passed is True


def test_tie_does_not_pass() -> None:
    result = _outcome(5, 1, 1, 2)  # approving 2 of 4 cast: exactly half
    assert (result.quorum_met, result.passed) == (True, False)
    assert _outcome(5, 2, 1, 2).passed is True  # 3 of 5


def test_more_than_half_of_all_members_variant_counts_absentees_against() -> None:
    # 9 members, 5 took part, 4 approve: 4 > 5/2 passes by default, but 4 is not > 9/2.
    assert _outcome(9, 2, 2, 1).passed is True
    assert _outcome(9, 2, 2, 1, pass_rule="more_than_half_of_members").passed is False
    assert _outcome(9, 3, 2, 0, pass_rule="more_than_half_of_members").passed is True


def test_two_thirds_quorum_and_no_quorum_rules() -> None:
    assert _outcome(9, 5, 0, 0, quorum="two_thirds_of_members").quorum_met is False
    assert _outcome(9, 6, 0, 0, quorum="two_thirds_of_members").quorum_met is True
    assert _outcome(9, 3, 0, 0, quorum="none").passed is True
    assert _outcome(9, 0, 0, 0, quorum="none").passed is False


def test_fewer_ballots_than_the_minimum_count_as_a_missed_quorum(settings: Any) -> None:
    # With one or two ballots a pass or fail would tell how those one or two voted.
    assert settings.VOTING_MIN_BALLOTS == 3
    assert _outcome(3, 2, 0, 0, quorum="none") == voting.Outcome(2, 2, 0, 0, quorum_met=False, passed=False)
    assert _outcome(3, 2, 0, 0).quorum_met is False  # 2 of 3 is more than half, but too few to publish
    assert _outcome(3, 3, 0, 0).passed is True
    settings.VOTING_MIN_BALLOTS = 1
    assert _outcome(9, 1, 0, 0, quorum="none").passed is True


def _vote(setup: RoundSetup, *choices: str, item: int = 0) -> None:
    for member, choice in zip(setup.reviewers, choices, strict=False):
        voting.ballot_cast(voting_round=setup.round, actor=member, choices={setup.items[item].pk: choice})


def test_close_stores_counts_and_rates_to_two_decimals(ready: RoundSetup, actors: Any) -> None:
    _vote(ready, "satisfied", "basic", "unsatisfied")
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    item = VotingItem.objects.get(pk=ready.items[0].pk)
    assert (item.participants, item.satisfied, item.basic, item.unsatisfied) == (3, 1, 1, 1)
    assert item.satisfied_rate == Decimal("33.33")
    assert item.approval_rate == Decimal("66.67")
    assert (item.quorum_met, item.passed) == (True, True)
    untouched = VotingItem.objects.get(pk=ready.items[1].pk)
    assert (untouched.participants, untouched.quorum_met, untouched.passed, untouched.approval_rate) == (
        0,
        False,
        False,
        None,
    )


def test_close_with_a_tie_among_voters_fails(actors: Any) -> None:
    setup = make_round(actors, reviewers=4)
    _vote(setup, "satisfied", "basic", "unsatisfied", "unsatisfied")
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    item = VotingItem.objects.get(pk=setup.items[0].pk)
    assert (item.quorum_met, item.passed) == (True, False)


def test_round_variant_more_than_half_of_all_members(actors: Any) -> None:
    setup = make_round(actors, reviewers=5, pass_rule="more_than_half_of_members")
    _vote(setup, "satisfied", "basic", "unsatisfied")  # 2 approving of 5 members
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    item = VotingItem.objects.get(pk=setup.items[0].pk)
    assert (item.participants, item.quorum_met, item.passed) == (3, True, False)


def test_quorum_missed_in_a_real_round(actors: Any) -> None:
    setup = make_round(actors, reviewers=4)
    _vote(setup, "satisfied", "satisfied")  # 2 of 4: not more than half
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    item = VotingItem.objects.get(pk=setup.items[0].pk)
    assert (item.participants, item.quorum_met, item.passed) == (2, False, False)


# --- the outcome registry -----------------------------------------------------------------------


@pytest.fixture
def calls() -> Iterator[list[tuple[Any, bool, int, Any]]]:
    """A handler for Deputy subjects (a model no real handler uses), removed afterwards."""
    seen: list[tuple[Any, bool, int, Any]] = []
    voting_outcomes.register_outcome_handler(
        "oversight.deputy", lambda subject, passed, item, actor: seen.append((subject, passed, item.pk, actor))
    )
    yield seen
    voting_outcomes.unregister_outcome_handler("oversight.deputy")


def _round_about_deputies(actors: Any) -> tuple[RoundSetup, VotingItem, VotingItem]:
    setup = make_round(actors, open_it=False)
    good = voting.round_add_item(
        voting_round=setup.round, actor=actors.staff, kind="report", subject=actors.deputy_profile
    )
    bad = voting.round_add_item(
        voting_round=setup.round, actor=actors.staff, kind="report", subject=actors.cosigner_profile
    )
    voting.round_open(voting_round=setup.round, actor=actors.staff)
    for member in setup.reviewers:
        voting.ballot_cast(
            voting_round=setup.round, actor=member, choices={good.pk: "satisfied", bad.pk: "unsatisfied"}
        )
    return setup, good, bad


def test_handler_is_called_with_passed_true_and_false(actors: Any, calls: list[Any]) -> None:
    setup, good, bad = _round_about_deputies(actors)
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    assert sorted(calls, key=lambda c: c[2]) == [
        (actors.deputy_profile, True, good.pk, actors.staff),
        (actors.cosigner_profile, False, bad.pk, actors.staff),
    ]


def test_a_handler_that_refuses_keeps_the_round_open(actors: Any) -> None:
    def refuse(subject: Any, passed: bool, item: VotingItem, actor: Any) -> None:
        raise IllegalTransition("报告状态不允许记录测评结果。")

    voting_outcomes.register_outcome_handler("oversight.deputy", refuse)
    try:
        setup, good, _bad = _round_about_deputies(actors)
        with pytest.raises(IllegalTransition):
            voting.round_close(voting_round=setup.round, actor=actors.staff)
    finally:
        voting_outcomes.unregister_outcome_handler("oversight.deputy")
    setup.round.refresh_from_db()
    good.refresh_from_db()
    assert setup.round.status == VotingRound.Status.OPEN
    assert good.passed is None


def test_item_added_hook_sees_the_subject(actors: Any) -> None:
    added: list[tuple[Any, int]] = []
    voting_outcomes.register_item_added_handler("oversight.deputy", lambda s, item, actor: added.append((s, item.pk)))
    try:
        setup = make_round(actors, open_it=False)
        item = voting.round_add_item(
            voting_round=setup.round, actor=actors.staff, kind="report", subject=actors.deputy_profile
        )
    finally:
        voting_outcomes.unregister_outcome_handler("oversight.deputy")
    assert added == [(actors.deputy_profile, item.pk)]


def test_unit_that_fails_its_year_end_vote_is_flagged_for_accountability(ready: RoundSetup, actors: Any) -> None:
    _vote(ready, "unsatisfied", "unsatisfied", "basic", item=1)
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    unit_item = VotingItem.objects.get(pk=ready.items[1].pk)
    assert (unit_item.passed, unit_item.accountability_flagged) == (False, True)
    entry = for_case(actors.unit_a).get()
    assert entry.action == "unit.accountability_flag"
    assert "列入问责" in entry.note


def test_unit_that_passes_is_listed_for_commendation_not_flagged(ready: RoundSetup, actors: Any) -> None:
    from oversight.models import VoteDecision

    _vote(ready, "satisfied", "basic", "unsatisfied", item=1)
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    unit_item = VotingItem.objects.get(pk=ready.items[1].pk)
    assert (unit_item.passed, unit_item.accountability_flagged) == (True, False)
    assert for_case(actors.unit_a).get().action == "unit.year_end_vote_pass"
    decision = VoteDecision.objects.get()
    assert (decision.unit, decision.year, decision.decision) == (actors.unit_a, 2026, "commendation")
