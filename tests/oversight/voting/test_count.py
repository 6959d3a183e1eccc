"""The count: right totals for any ballots and rules, the key destroyed afterwards (no recount, no
opening of old copies), and the automatic close at ``closes_at`` — once, however many sweepers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from oversight import ballot_box, voting_outcomes
from oversight.errors import IllegalTransition
from oversight.models import SealedBallot, VoteChoice, VotingItem, VotingRound
from oversight.services import voting
from oversight.services.voting_count import close_due_round
from tests.concurrency import race
from tests.factories import UserFactory
from tests.oversight.voting.conftest import RoundSetup, make_round
from tracker.timeline import for_case

S = VotingRound.Status
CHOICES = [str(c) for c in VoteChoice.values]


# --- the totals -------------------------------------------------------------------------------


def _plain_result(ballots: list[str], *, eligible: int, quorum: str, pass_rule: str, minimum: int) -> dict[str, Any]:
    """The rule as a person applies it with a tally sheet, written apart from the product's."""
    n = len(ballots)
    tally = Counter(ballots)
    if n < minimum:
        return {"participants": n, "figures": None, "quorum_met": False, "passed": False}
    quorum_met = {
        "none": n >= 1,
        "more_than_half_of_members": n > eligible / 2,
        "two_thirds_of_members": n >= 1 and n >= eligible * 2 / 3,
    }[quorum]
    approving = tally["satisfied"] + tally["basic"]
    base = eligible if pass_rule == "more_than_half_of_members" else n
    figures = (tally["satisfied"], tally["basic"], tally["unsatisfied"])
    return {
        "participants": n,
        "figures": figures,
        "quorum_met": quorum_met,
        "passed": quorum_met and approving > base / 2,
    }


@pytest.fixture
def members(db: Any) -> list[Any]:
    return [UserFactory(username=f"prop{n}", display_name=f"委员{n}", is_reviewer=True) for n in range(9)]


@pytest.mark.django_db
@hyp_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    eligible=st.integers(min_value=1, max_value=9),
    votes=st.lists(st.lists(st.sampled_from([None, *CHOICES]), min_size=2, max_size=2), min_size=9, max_size=9),
    quorum=st.sampled_from(["none", "more_than_half_of_members", "two_thirds_of_members"]),
    pass_rule=st.sampled_from(["more_than_half_of_cast", "more_than_half_of_members"]),
    minimum=st.integers(min_value=1, max_value=4),
)
def test_the_count_agrees_with_a_plain_count(
    actors: Any,
    members: list[Any],
    eligible: int,
    votes: list[list[str | None]],
    quorum: str,
    pass_rule: str,
    minimum: int,
) -> None:
    with override_settings(VOTING_MIN_BALLOTS=minimum):
        now = timezone.now()
        voting_round = voting.round_create(
            actor=actors.staff,
            title="性质测试",
            meeting_name="会议",
            meeting_date=now.date(),
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(hours=1),
            quorum_rule=quorum,
            pass_rule=pass_rule,
        )
        items = [
            voting.round_add_item(voting_round=voting_round, actor=actors.staff, kind="report", title=f"事项{i}")
            for i in range(2)
        ]
        voters = members[:eligible]
        voting.round_set_reviewers(voting_round=voting_round, actor=actors.staff, reviewers=voters)
        voting.round_open(voting_round=voting_round, actor=actors.staff)
        for member, row in zip(voters, votes, strict=False):
            choices = {item.pk: choice for item, choice in zip(items, row, strict=True) if choice is not None}
            if choices:
                voting.ballot_cast(voting_round=voting_round, actor=member, choices=choices)
        voting.round_close(voting_round=voting_round, actor=actors.staff)
        for index, item in enumerate(VotingItem.objects.filter(round=voting_round).order_by("position")):
            cast = [choice for row in votes[:eligible] if (choice := row[index]) is not None]
            expected = _plain_result(cast, eligible=eligible, quorum=quorum, pass_rule=pass_rule, minimum=minimum)
            figures = None if item.figures_withheld else (item.satisfied, item.basic, item.unsatisfied)
            got = {"participants": item.participants, "figures": figures, "quorum_met": item.quorum_met}
            assert got | {"passed": item.passed} == expected
        assert not SealedBallot.objects.filter(item__round=voting_round).exists()


# --- the key ----------------------------------------------------------------------------------


def _vote_all(setup: RoundSetup, choice: str = "satisfied") -> None:
    for member in setup.reviewers:
        voting.ballot_cast(voting_round=setup.round, actor=member, choices={i.pk: choice for i in setup.items})


@pytest.mark.django_db
def test_after_the_count_the_key_is_gone_and_old_copies_never_open(
    ready: RoundSetup, actors: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _vote_all(ready)
    copied = list(SealedBallot.objects.values_list("item_id", "box"))  # e.g. a backup of the database
    assert len(ballot_box.open_all(round_id=ready.round.pk, boxes=copied)) == 6  # they do open before
    with django_capture_on_commit_callbacks(execute=True):
        voting.round_close(voting_round=ready.round, actor=actors.staff)
    assert not ballot_box.key_exists(ready.round.pk)
    assert list(ballot_box.key_path(ready.round.pk).parent.iterdir()) == []  # no key file of any round
    with pytest.raises(ballot_box.BallotKeyError):
        ballot_box.open_all(round_id=ready.round.pk, boxes=copied)
    assert not SealedBallot.objects.exists()


@pytest.mark.django_db
def test_a_second_count_is_refused(ready: RoundSetup, actors: Any, django_capture_on_commit_callbacks: Any) -> None:
    from rest_framework.test import APIClient

    _vote_all(ready)
    with django_capture_on_commit_callbacks(execute=True):
        voting.round_close(voting_round=ready.round, actor=actors.staff)
    with pytest.raises(IllegalTransition) as err:
        voting.round_close(voting_round=ready.round, actor=actors.staff)
    assert err.value.code == "already_counted"
    api = APIClient()
    api.force_authenticate(actors.staff)
    response = api.post(f"/api/v1/voting-rounds/{ready.round.pk}/close/")
    assert (response.status_code, response.json()["code"]) == (409, "already_counted")
    voting.round_publish(voting_round=ready.round, actor=actors.staff)
    response = api.post(f"/api/v1/voting-rounds/{ready.round.pk}/close/")
    assert (response.status_code, response.json()["code"]) == (409, "already_counted")
    assert VotingItem.objects.get(pk=ready.items[0].pk).satisfied == 3  # the one count stands


@pytest.fixture
def refusing_unit_handler() -> Iterator[None]:
    # The set-up's unit item is a 年终票决 (kind unit_suggestions): its outcome handler is per kind.
    previous = voting_outcomes.get_outcome_handler("oversight.unit", "unit_suggestions")

    def refuse(subject: Any, passed: bool, item: Any, actor: Any) -> None:
        raise IllegalTransition("该单位的测评结果暂不能记录。", code="refused_by_subject")

    voting_outcomes.register_outcome_handler("oversight.unit", refuse, kind="unit_suggestions")
    yield
    assert previous is not None
    voting_outcomes.register_outcome_handler("oversight.unit", previous, kind="unit_suggestions")


@pytest.mark.django_db
def test_a_refused_count_keeps_the_ballots_and_the_key(
    ready: RoundSetup, actors: Any, refusing_unit_handler: None, django_capture_on_commit_callbacks: Any
) -> None:
    _vote_all(ready, "basic")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IllegalTransition):
        voting.round_close(voting_round=ready.round, actor=actors.staff)
    ready.round.refresh_from_db()
    assert ready.round.status == S.OPEN
    assert ballot_box.key_exists(ready.round.pk)
    assert SealedBallot.objects.count() == 6
    assert VotingItem.objects.get(pk=ready.items[0].pk).participants is None


@pytest.mark.django_db
def test_a_ballot_moved_to_another_item_stops_the_count(ready: RoundSetup, actors: Any) -> None:
    """Someone who can write to the database moves a sealed ballot: the item sealed inside it
    does not match, and the count refuses rather than count it where it was put."""
    first, second = ready.items
    voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={first.pk: "unsatisfied"})
    voting.ballot_cast(voting_round=ready.round, actor=ready.reviewers[1], choices={second.pk: "satisfied"})
    SealedBallot.objects.filter(item=first).update(item=second)
    with pytest.raises(IllegalTransition) as err:
        voting.round_close(voting_round=ready.round, actor=actors.staff)
    assert err.value.code == "ballot_key_unusable"


# --- the automatic close ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_counts_a_round_once_its_time_has_passed(ready: RoundSetup, actors: Any) -> None:
    _vote_all(ready)
    assert voting.close_due_rounds() == {"closed": 0, "failed": 0, "keys_destroyed": 0}  # still open
    with time_machine.travel(ready.round.closes_at + timedelta(seconds=1), tick=False):
        out = StringIO()
        call_command("close_due_rounds", stdout=out)
        # keys_destroyed: the count's own on_commit never runs inside this test's transaction, so
        # it is the sweep's clean-up of keys of rounds no longer open that destroys this one.
        assert out.getvalue().strip() == "closed=1 failed=0 keys_destroyed=1"
        assert voting.close_due_rounds()["closed"] == 0  # once
    ready.round.refresh_from_db()
    assert ready.round.status == S.CLOSED
    close = for_case(ready.round).get(action="round.close")
    assert (close.actor_id, close.data) == (None, {"automatic": True})
    assert VotingItem.objects.get(pk=ready.items[0].pk).satisfied == 3
    assert not ballot_box.key_exists(ready.round.pk)


@pytest.mark.django_db
def test_the_sweep_destroys_a_key_left_behind_by_a_count(ready: RoundSetup, actors: Any) -> None:
    """A process that dies between the count's commit and the key's destruction (here: the
    on_commit that this test's transaction never reaches) leaves the file; the sweep removes it."""
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    assert ballot_box.key_exists(ready.round.pk)
    draft = make_round(actors, open_it=False)
    ballot_box.create_key(draft.round.pk)  # a draft's (an open that rolled back): kept, harmless
    assert voting.close_due_rounds() == {"closed": 0, "failed": 0, "keys_destroyed": 1}
    assert not ballot_box.key_exists(ready.round.pk) and ballot_box.key_exists(draft.round.pk)


@pytest.mark.django_db
def test_a_refused_automatic_close_is_tried_again_next_sweep_not_in_a_loop(
    ready: RoundSetup, actors: Any, refusing_unit_handler: None
) -> None:
    later = make_round(actors, reviewers=3)
    with time_machine.travel(ready.round.closes_at + timedelta(seconds=1), tick=False):
        # Both rounds have a unit item whose handler refuses: each tried once, both stay open.
        assert voting.close_due_rounds() == {"closed": 0, "failed": 2, "keys_destroyed": 0}
    assert set(
        VotingRound.objects.filter(pk__in=[ready.round.pk, later.round.pk]).values_list("status", flat=True)
    ) == {S.OPEN}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_and_a_staff_close_racing_count_once(actors: Any) -> None:
    setup = make_round(actors)
    _vote_all(setup, "unsatisfied")
    with time_machine.travel(setup.round.closes_at + timedelta(seconds=1), tick=False):
        results = race(
            lambda: close_due_round(),
            lambda: close_due_round(),
            lambda: voting.round_close(voting_round=setup.round, actor=actors.staff),
        )
    setup.round.refresh_from_db()
    assert setup.round.status == S.CLOSED
    assert for_case(setup.round).filter(action="round.close").count() == 1
    # The outcome handler ran once: the unit (everyone 不满意) is flagged for 问责 once.
    assert for_case(actors.unit_a).filter(action="unit.accountability_flag").count() == 1
    counted = [r for r in results if r == (setup.round.pk, True) or isinstance(r, VotingRound)]
    assert len(counted) == 1, results
    # The others found nothing to claim (None) or were refused because it was already counted.
    assert all(r is None or getattr(r, "code", None) == "already_counted" for r in results if r not in counted)
    assert not ballot_box.key_exists(setup.round.pk)
