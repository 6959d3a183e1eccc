"""A round ready to vote on: three eligible reviewers (the actors' reviewer and two more), two
items, a window from an hour ago to an hour from now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from oversight import ballot_box
from oversight.models import SealedBallot, User, VoteChoice, VotingItem, VotingRound
from oversight.services import voting
from tests.factories import UserFactory


@dataclass
class RoundSetup:
    round: VotingRound
    items: list[VotingItem]
    reviewers: list[User]


def make_round(actors: Any, *, reviewers: int = 3, open_it: bool = True, **kwargs: Any) -> RoundSetup:
    start = timezone.now() - timedelta(hours=1)
    voting_round = voting.round_create(
        actor=actors.staff,
        title="2026年第一次满意度测评",
        meeting_name="市人大常委会第二十次会议",
        meeting_date=date(2026, 6, 28),
        opens_at=kwargs.pop("opens_at", start),
        closes_at=kwargs.pop("closes_at", start + timedelta(hours=2)),
        **kwargs,
    )
    items = [
        voting.round_add_item(
            voting_round=voting_round,
            actor=actors.staff,
            kind=VotingItem.Kind.REPORT,
            title="关于全市水污染防治工作的报告",
        ),
        voting.round_add_item(
            voting_round=voting_round,
            actor=actors.staff,
            kind=VotingItem.Kind.UNIT_SUGGESTIONS,
            subject=actors.unit_a,
            year=2026,
        ),
    ]
    members = [actors.reviewer] + [
        UserFactory(username=f"member{n}", display_name=f"委员{n}", is_reviewer=True) for n in range(1, reviewers)
    ]
    voting.round_set_reviewers(voting_round=voting_round, actor=actors.staff, reviewers=members[:reviewers])
    if open_it:
        voting.round_open(voting_round=voting_round, actor=actors.staff)
    voting_round.refresh_from_db()
    return RoundSetup(voting_round, items, members[:reviewers])


def sealed_counts(item: VotingItem) -> dict[str, int]:
    """What the sealed ballots of ``item`` say, opened with the round's key as the count would —
    for tests only: nothing in the product opens a ballot before the count."""
    boxes = list(SealedBallot.objects.filter(item=item).values_list("item_id", "box"))
    opened = ballot_box.open_all(round_id=item.round_id, boxes=boxes) if boxes else []
    return {choice: sum(1 for _, c in opened if c == choice) for choice in VoteChoice.values}


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Every reviewer has a password; full-strength hashing made each test take seconds. Pages
    render {% static %}, whose manifest only exists after collectstatic."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def ready(actors: Any) -> RoundSetup:
    return make_round(actors)


@pytest.fixture
def draft(actors: Any) -> RoundSetup:
    return make_round(actors, open_it=False)


def vote_on(actors: Any, *, kind: str, subject: Any, choice: str, year: int | None = None) -> VotingItem:
    """A round with one more item on ``subject``, every reviewer choosing ``choice`` on it, closed."""
    setup = make_round(actors, open_it=False)
    item = voting.round_add_item(voting_round=setup.round, actor=actors.staff, kind=kind, subject=subject, year=year)
    voting.round_open(voting_round=setup.round, actor=actors.staff)
    for member in setup.reviewers:
        voting.ballot_cast(voting_round=setup.round, actor=member, choices={item.pk: choice})
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    item.refresh_from_db()
    return item
