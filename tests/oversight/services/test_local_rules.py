"""Local rules reach the services: a calendar-day re-handling period, 甲/乙/丙 reply categories,
the vote rules a new round takes, and the default categories a fresh install starts with."""

from __future__ import annotations

import importlib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from oversight import deadline_kinds as kinds
from oversight.errors import InvalidInput
from oversight.models import Commitment, SuggestionCategory
from oversight.services import replies, voting
from tests.factories import UserFactory
from tests.oversight.services.conftest import accepted, contact, delivered, draft, lead_with_reply
from tests.oversight.services.helpers import deadline
from tracker import policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def admin_user(db: Any) -> Any:
    return UserFactory.create(username="root", is_superuser=True, is_staff=True)


def test_fifteen_day_rehandling_period_set_by_the_administrator(actors: Any, admin_user: Any) -> None:
    policy.policy_set(key="REHANDLING_PERIOD", value="15d", actor=admin_user)
    lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied", comment="线路仍未开通")
    rehandling = deadline(lead, kinds.REHANDLING)
    # Rated on Monday 2026-03-02; 15 calendar days later is Tuesday 03-17 (a working day).
    assert rehandling.due == date(2026, 3, 17)
    assert "15 日后为 2026-03-17" in rehandling.explanation


def test_rehandling_period_in_days_from_the_environment(actors: Any, settings: Any) -> None:
    settings.REHANDLING_PERIOD = "12d"  # 03-14 is a Saturday → Monday 03-16
    lead, reply = lead_with_reply(actors)
    replies.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied", comment="不满意")
    rehandling = deadline(lead, kinds.REHANDLING)
    assert rehandling.due == date(2026, 3, 16)
    assert "依法顺延至 2026-03-16（周一）" in rehandling.explanation


def test_feedback_window_follows_the_rule(actors: Any, admin_user: Any) -> None:
    policy.policy_set(key="FEEDBACK_WINDOW", value="10d", actor=admin_user)
    _lead, reply = lead_with_reply(actors)
    assert deadline(reply, kinds.FEEDBACK).due == date(2026, 3, 12)


def test_jia_yi_bing_categories_replace_abcd(actors: Any, admin_user: Any) -> None:
    policy.policy_set(key="REPLY_CATEGORY_SET", value="甲乙丙", actor=admin_user)
    (lead,) = accepted(actors)
    contact(actors, lead)
    with pytest.raises(InvalidInput) as err:
        draft(actors, lead, "A")
    assert "甲类、乙类、丙类" in err.value.message
    # 乙类 carries promises: it needs commitments and they become Commitment rows on delivery.
    with pytest.raises(InvalidInput):
        draft(actors, lead, "乙")
    reply = delivered(actors, lead, "乙", commitments=[{"description": "年内开通线路", "due_on": date(2026, 9, 30)}])
    assert reply.category == "乙"
    assert Commitment.objects.filter(assignment=lead).count() == 1


def test_new_round_takes_the_administrators_vote_rules(actors: Any, admin_user: Any) -> None:
    policy.policy_set(key="VOTING_PASS_RULE", value="more_than_half_of_members", actor=admin_user)
    policy.policy_set(key="VOTING_QUORUM", value="two_thirds_of_members", actor=admin_user)
    tz = ZoneInfo("Asia/Shanghai")
    voting_round = voting.round_create(
        actor=actors.staff,
        title="测评",
        meeting_name="第二十次会议",
        meeting_date=date(2026, 3, 28),
        opens_at=datetime(2026, 3, 28, 9, tzinfo=tz),
        closes_at=datetime(2026, 3, 28, 17, tzinfo=tz),
    )
    assert (voting_round.pass_rule, voting_round.quorum_rule) == ("more_than_half_of_members", "two_thirds_of_members")


def test_unknown_vote_rule_is_refused(admin_user: Any) -> None:
    with pytest.raises(policy.PolicyError):
        policy.policy_set(key="VOTING_PASS_RULE", value="unanimous", actor=admin_user)


def test_fresh_install_has_the_default_categories() -> None:
    migration = importlib.import_module("oversight.migrations.0005_default_suggestion_categories")
    SuggestionCategory.objects.create(name="其他", order=99)  # an existing row is left alone
    migration.create_defaults(apps, None)
    names = list(SuggestionCategory.objects.order_by("order").values_list("name", flat=True))
    assert names == ["财政经济", "农业农村", "城建环资", "教科文卫", "内务司法", "社会建设", "其他"]
