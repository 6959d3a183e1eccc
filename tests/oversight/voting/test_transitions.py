"""Every voting transition: who may make it, and from which state."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from oversight import ballot_box
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Participation, SealedBallot, VotingItem, VotingRound
from oversight.services import voting
from tests.factories import UserFactory
from tests.oversight.voting.conftest import RoundSetup, make_round, sealed_counts
from tracker.models import Notification
from tracker.timeline import for_case

pytestmark = pytest.mark.django_db

S = VotingRound.Status
NON_STAFF = ["liaison_a", "head_a", "deputy", "reviewer", "outsider"]


def _window() -> dict[str, Any]:
    start = timezone.now()
    return {"opens_at": start, "closes_at": start + timedelta(hours=2)}


def _create(actor: Any, **kwargs: Any) -> VotingRound:
    return voting.round_create(
        actor=actor, title="测评", meeting_name="第二十次会议", meeting_date=date(2026, 6, 28), **(_window() | kwargs)
    )


def _set_status(setup: RoundSetup, status: str) -> VotingRound:
    VotingRound.objects.filter(pk=setup.round.pk).update(status=status)
    setup.round.refresh_from_db()
    return setup.round


# --- round_create -------------------------------------------------------------------------------


def test_staff_creates_a_draft_round_with_the_policy_rules(actors: Any, settings: Any) -> None:
    voting_round = _create(actors.staff)
    assert voting_round.status == S.DRAFT
    assert voting_round.quorum_rule == settings.VOTING_QUORUM == "more_than_half_of_members"
    assert voting_round.pass_rule == settings.VOTING_PASS_RULE == "more_than_half_of_cast"
    assert [e.action for e in for_case(voting_round)] == ["round.create"]


def test_round_keeps_its_own_pass_rule_override(actors: Any) -> None:
    voting_round = _create(actors.staff, pass_rule="more_than_half_of_members", quorum_rule="none")
    assert (voting_round.pass_rule, voting_round.quorum_rule) == ("more_than_half_of_members", "none")


@pytest.mark.parametrize("who", NON_STAFF)
def test_only_staff_create_rounds(actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        _create(getattr(actors, who))
    assert not VotingRound.objects.exists()


def test_round_create_refuses_a_window_that_closes_before_it_opens(actors: Any) -> None:
    start = timezone.now()
    with pytest.raises(InvalidInput) as err:
        _create(actors.staff, opens_at=start, closes_at=start - timedelta(minutes=1), pass_rule="nonsense")
    assert set(err.value.fields) == {"closes_at", "pass_rule"}


# --- round_add_item / round_set_reviewers (draft only, staff only) ------------------------------


def test_unit_item_gets_a_title_from_unit_and_year(draft: RoundSetup, actors: Any) -> None:
    item = draft.items[1]
    assert item.subject == actors.unit_a
    assert item.title == "市住房和城乡建设局2026年度代表建议办理情况"
    assert [i.position for i in draft.items] == [1, 2]


def test_unit_item_needs_a_year(draft: RoundSetup, actors: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        voting.round_add_item(
            voting_round=draft.round, actor=actors.staff, kind=VotingItem.Kind.UNIT_SUGGESTIONS, subject=actors.unit_b
        )
    assert "year" in err.value.fields


def test_same_subject_cannot_be_added_twice(draft: RoundSetup, actors: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        voting.round_add_item(
            voting_round=draft.round,
            actor=actors.staff,
            kind=VotingItem.Kind.UNIT_SUGGESTIONS,
            subject=actors.unit_a,
            year=2026,
        )
    assert err.value.code == "duplicate"


@pytest.mark.parametrize("who", NON_STAFF)
def test_only_staff_add_items_and_set_reviewers(draft: RoundSetup, actors: Any, who: str) -> None:
    actor = getattr(actors, who)
    with pytest.raises(NotAllowed):
        voting.round_add_item(voting_round=draft.round, actor=actor, kind="report", title="另一个报告")
    with pytest.raises(NotAllowed):
        voting.round_set_reviewers(voting_round=draft.round, actor=actor, reviewers=[actors.reviewer])
    assert draft.round.items.count() == 2
    assert draft.round.reviewers.count() == 3


@pytest.mark.parametrize("status", [S.OPEN, S.CLOSED, S.PUBLISHED])
def test_items_and_reviewers_are_frozen_after_draft(draft: RoundSetup, actors: Any, status: str) -> None:
    voting_round = _set_status(draft, status)
    with pytest.raises(IllegalTransition):
        voting.round_add_item(voting_round=voting_round, actor=actors.staff, kind="report", title="另一个报告")
    with pytest.raises(IllegalTransition):
        voting.round_set_reviewers(voting_round=voting_round, actor=actors.staff, reviewers=[actors.reviewer])
    assert draft.round.reviewers.count() == 3


def test_only_reviewers_can_be_made_eligible(draft: RoundSetup, actors: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        voting.round_set_reviewers(voting_round=draft.round, actor=actors.staff, reviewers=[actors.deputy])
    assert "陈代表" in err.value.message


# --- round_open ---------------------------------------------------------------------------------


def test_open_freezes_eligible_count_and_makes_the_ballot_key(draft: RoundSetup, actors: Any) -> None:
    voting_round = voting.round_open(voting_round=draft.round, actor=actors.staff)
    assert voting_round.status == S.OPEN
    assert voting_round.eligible_count == 3
    assert len(voting_round.ballot_public_key) == 64 and voting_round.ballot_public_key_mac
    assert ballot_box.key_exists(voting_round.pk)  # the private half: a file, not a column
    assert not SealedBallot.objects.filter(item__round=voting_round).exists()  # nothing counted, no counters


def test_open_and_publish_tell_every_reviewer_on_the_round(
    draft: RoundSetup, actors: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        voting.round_open(voting_round=draft.round, actor=actors.staff)
    inbox = Notification.objects.filter(title__startswith="请参加满意度测评")
    assert sorted(n.recipient_id for n in inbox) == sorted(m.pk for m in draft.reviewers)
    assert {n.link for n in inbox} == {f"/voting/{draft.round.pk}/vote/"}
    voting.round_close(voting_round=draft.round, actor=actors.staff)
    with django_capture_on_commit_callbacks(execute=True):
        voting.round_publish(voting_round=draft.round, actor=actors.staff)
    assert Notification.objects.filter(title__startswith="满意度测评结果已公布").count() == 3
    assert not Notification.objects.filter(recipient=actors.staff).exists()


@pytest.mark.parametrize("who", NON_STAFF)
def test_only_staff_open(draft: RoundSetup, actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        voting.round_open(voting_round=draft.round, actor=getattr(actors, who))
    draft.round.refresh_from_db()
    assert draft.round.status == S.DRAFT


@pytest.mark.parametrize("status", [S.OPEN, S.CLOSED, S.PUBLISHED])
def test_open_only_from_draft(draft: RoundSetup, actors: Any, status: str) -> None:
    with pytest.raises(IllegalTransition):
        voting.round_open(voting_round=_set_status(draft, status), actor=actors.staff)


def test_open_refuses_a_round_without_items_or_reviewers(actors: Any) -> None:
    voting_round = _create(actors.staff)
    with pytest.raises(IllegalTransition) as err:
        voting.round_open(voting_round=voting_round, actor=actors.staff)
    assert err.value.code == "no_items"
    voting.round_add_item(voting_round=voting_round, actor=actors.staff, kind="report", title="报告")
    with pytest.raises(IllegalTransition) as err:
        voting.round_open(voting_round=voting_round, actor=actors.staff)
    assert err.value.code == "no_reviewers"


def test_open_refuses_a_round_whose_window_has_passed(draft: RoundSetup, actors: Any) -> None:
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False), pytest.raises(IllegalTransition):
        voting.round_open(voting_round=draft.round, actor=actors.staff)


# --- ballot_cast --------------------------------------------------------------------------------


def test_eligible_reviewer_votes_once_per_item(ready: RoundSetup, actors: Any) -> None:
    a, b = ready.items
    n = voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={a.pk: "satisfied", b.pk: "basic"})
    assert n == 2
    assert ready.round.voted_item_ids(actors.reviewer) == {a.pk, b.pk}
    assert sealed_counts(a) == {"satisfied": 1, "basic": 0, "unsatisfied": 0}
    with pytest.raises(IllegalTransition) as err:
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={a.pk: "unsatisfied"})
    assert err.value.code == "already_voted"
    assert sealed_counts(a)["unsatisfied"] == 0


def test_a_second_ballot_with_one_repeated_item_counts_nothing(ready: RoundSetup, actors: Any) -> None:
    a, b = ready.items
    voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={a.pk: "satisfied"})
    with pytest.raises(IllegalTransition):
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={a.pk: "basic", b.pk: "basic"})
    assert not Participation.objects.filter(item=b).exists()
    assert not SealedBallot.objects.filter(item=b).exists()


def test_reviewer_can_vote_on_the_remaining_item_later(ready: RoundSetup, actors: Any) -> None:
    a, b = ready.items
    voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={a.pk: "satisfied"})
    voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={str(b.pk): "unsatisfied"})  # type: ignore[dict-item]
    assert sealed_counts(b) == {"satisfied": 0, "basic": 0, "unsatisfied": 1}


def test_reviewer_not_on_the_list_cannot_vote(ready: RoundSetup, actors: Any) -> None:
    stranger: Any = UserFactory(username="other_member", is_reviewer=True)
    with pytest.raises(NotAllowed):
        voting.ballot_cast(voting_round=ready.round, actor=stranger, choices={ready.items[0].pk: "satisfied"})
    assert not Participation.objects.exists()


@pytest.mark.parametrize("who", ["staff", "liaison_a", "deputy", "outsider"])
def test_non_reviewers_cannot_vote(ready: RoundSetup, actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        voting.ballot_cast(voting_round=ready.round, actor=getattr(actors, who), choices={ready.items[0].pk: "basic"})


@pytest.mark.parametrize("status", [S.DRAFT, S.CLOSED, S.PUBLISHED])
def test_ballots_only_while_open(ready: RoundSetup, actors: Any, status: str) -> None:
    with pytest.raises(IllegalTransition):
        voting.ballot_cast(
            voting_round=_set_status(ready, status), actor=actors.reviewer, choices={ready.items[0].pk: "basic"}
        )
    assert not Participation.objects.exists()


@pytest.mark.parametrize("shift", [timedelta(hours=-2), timedelta(hours=1, minutes=1)])
def test_ballots_only_inside_the_window(ready: RoundSetup, actors: Any, shift: timedelta) -> None:
    with time_machine.travel(timezone.now() + shift, tick=False), pytest.raises(IllegalTransition) as err:
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "basic"})
    assert err.value.code == "outside_window"


def test_ballot_refuses_unknown_choice_and_foreign_item(ready: RoundSetup, actors: Any) -> None:
    with pytest.raises(InvalidInput):
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "abstain"})
    other = make_round(actors, reviewers=1)
    with pytest.raises(InvalidInput):
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={other.items[0].pk: "basic"})
    with pytest.raises(InvalidInput):
        voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={})
    assert not Participation.objects.exists()


# --- round_close / round_publish ----------------------------------------------------------------


@pytest.mark.parametrize("who", NON_STAFF)
def test_only_staff_close_and_publish(ready: RoundSetup, actors: Any, who: str) -> None:
    with pytest.raises(NotAllowed):
        voting.round_close(voting_round=ready.round, actor=getattr(actors, who))
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    with pytest.raises(NotAllowed):
        voting.round_publish(voting_round=ready.round, actor=getattr(actors, who))
    ready.round.refresh_from_db()
    assert ready.round.status == S.CLOSED


@pytest.mark.parametrize("status", [S.DRAFT, S.CLOSED, S.PUBLISHED])
def test_close_only_when_open(ready: RoundSetup, actors: Any, status: str) -> None:
    with pytest.raises(IllegalTransition):
        voting.round_close(voting_round=_set_status(ready, status), actor=actors.staff)


@pytest.mark.parametrize("status", [S.DRAFT, S.OPEN, S.PUBLISHED])
def test_publish_only_when_closed(ready: RoundSetup, actors: Any, status: str) -> None:
    with pytest.raises(IllegalTransition):
        voting.round_publish(voting_round=_set_status(ready, status), actor=actors.staff)


def test_full_round_from_open_to_published_leaves_a_timeline(ready: RoundSetup, actors: Any) -> None:
    a, _b = ready.items
    for member in ready.reviewers:
        voting.ballot_cast(voting_round=ready.round, actor=member, choices={a.pk: "satisfied"})
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    voting.round_publish(voting_round=ready.round, actor=actors.staff)
    ready.round.refresh_from_db()
    assert ready.round.status == S.PUBLISHED
    assert ready.round.published_at is not None
    actions = [e.action for e in for_case(ready.round).order_by("at", "pk")]
    assert actions[:4] == ["round.create", "round.add_item", "round.add_item", "round.set_reviewers"]
    assert actions[4:] == ["round.open", "round.close", "vote_item.pass", "vote_item.fail", "round.publish"]
