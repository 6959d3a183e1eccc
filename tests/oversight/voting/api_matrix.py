"""Rows of the API permission table (tests/api/matrix.py) for /api/v1/voting-rounds/.

Case A is a round the actors' reviewer is eligible for; case B a round of another reviewer only.
Staff see and run both; the reviewer sees A and gets 404 on B; everyone else sees no round at all.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from oversight.models import VotingRound
from oversight.services import voting
from tests.api.matrix import Expect, Row, _all, every_signed_in, staff_only
from tests.api.world import Case, World
from tests.factories import UserFactory


def _eligible_read(ok: int = 200) -> Expect:
    return _all(404) | {"anon": (401, 401), "staff": (ok, ok), "reviewer": (ok, 404)}


def _rounds(status: str) -> Any:
    """Both cases get a round (two items) brought to ``status`` through the services."""

    def prepare(world: World) -> None:
        staff = world.actors.staff
        other: Any = UserFactory(username="member_b", display_name="钱委员", is_reviewer=True)
        extra: Any = UserFactory(username="member_a", display_name="周委员", is_reviewer=True)
        members = {"A": [world.actors.reviewer, extra], "B": [other]}
        start = timezone.now() - timedelta(hours=1)
        for label, case in world.cases.items():
            voting_round = voting.round_create(
                actor=staff,
                title=f"测评{label}",
                meeting_name="第二十次会议",
                meeting_date=date(2026, 2, 27),
                opens_at=start,
                closes_at=start + timedelta(hours=3),
            )
            for title in ("关于水污染防治工作的报告", "关于优化营商环境工作的报告"):
                voting.round_add_item(voting_round=voting_round, actor=staff, kind="report", title=title)
            voting.round_set_reviewers(voting_round=voting_round, actor=staff, reviewers=members[label])
            if status != VotingRound.Status.DRAFT:
                voting.round_open(voting_round=voting_round, actor=staff)
            if status in (VotingRound.Status.CLOSED, VotingRound.Status.PUBLISHED):
                voting.round_close(voting_round=voting_round, actor=staff)
            if status == VotingRound.Status.PUBLISHED:
                voting.round_publish(voting_round=voting_round, actor=staff)
            case.objects["round"] = voting_round

    return prepare


def _round(case: Case) -> VotingRound:
    return case.objects["round"]


def _ballot(world: World, case: Case) -> dict[str, Any]:
    item = _round(case).items.order_by("position")[0]
    return {"choices": [{"item": item.pk, "choice": "basic"}]}


S = VotingRound.Status

VOTING_ROWS: list[Row] = [
    Row("voting-round-list GET", every_signed_in()),
    Row("vote-decision-list GET", every_signed_in()),
    Row(
        "voting-round-list POST",
        staff_only(201),
        payload=lambda w, c: {
            "title": "年终票决",
            "meeting_name": "第二十二次会议",
            "meeting_date": "2026-12-25",
            "opens_at": "2026-12-25T09:00:00+08:00",
            "closes_at": "2026-12-25T12:00:00+08:00",
        },
    ),
    Row("voting-round-detail GET", _eligible_read(), prepare=_rounds(S.OPEN), target=_round),
    Row(
        "voting-round-items POST",
        staff_only(201),
        prepare=_rounds(S.DRAFT),
        target=_round,
        payload=lambda w, c: {
            "kind": "unit_suggestions",
            "subject_type": "oversight.unit",
            "subject_id": c.unit.pk,
            "year": 2025,
        },
    ),
    Row(
        "voting-round-reviewers POST",
        staff_only(),
        prepare=_rounds(S.DRAFT),
        target=_round,
        payload=lambda w, c: {"reviewers": [w.actors.reviewer.pk]},
    ),
    Row("voting-round-open POST", staff_only(), prepare=_rounds(S.DRAFT), target=_round),
    Row("voting-round-close POST", staff_only(), prepare=_rounds(S.OPEN), target=_round),
    Row("voting-round-publish POST", staff_only(), prepare=_rounds(S.CLOSED), target=_round),
    Row(
        "voting-round-ballot POST",
        _all(403) | {"anon": (401, 401), "reviewer": (201, 404)},
        prepare=_rounds(S.OPEN),
        target=_round,
        payload=_ballot,
    ),
    Row("voting-round-turnout GET", staff_only(), prepare=_rounds(S.OPEN), target=_round),
    Row("voting-round-results GET", _eligible_read(), prepare=_rounds(S.PUBLISHED), target=_round),
]
