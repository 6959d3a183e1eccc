"""``load_demo``: the promised city, spread of states and logins; idempotent; reset rebuilds."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count

from oversight.demo import reference as ref
from oversight.demo import seed
from oversight.demo.scenario import interim_count, session_count
from oversight.models import (
    Assignment,
    Commitment,
    DeliberationOpinion,
    Deputy,
    Escalation,
    ExtensionRequest,
    OpinionItem,
    Reply,
    Suggestion,
    SuggestionCategory,
    Unit,
    UnitMember,
    User,
)
from oversight.models.voting import Participation, VotingRound
from tracker.models import Deadline, TimelineEntry

# The day the demo was designed around; the services compute every deadline from it.
TODAY = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
COUNTED = (Suggestion, Assignment, Reply, Commitment, User, Deputy, Unit, TimelineEntry, Deadline)


def load(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def by_status(model: type) -> dict[str, int]:
    return dict(model.objects.values_list("status").annotate(n=Count("id")))  # type: ignore[attr-defined]


def assert_city() -> None:
    assert Suggestion.objects.count() == session_count() + interim_count() == 200
    assert sorted(Unit.objects.values_list("name", flat=True)) == sorted(u.name for u in ref.UNITS)
    assert Deputy.objects.count() == 60
    assert Deputy.objects.values("delegation").distinct().count() == len(ref.DELEGATIONS)
    used = set(Suggestion.objects.values_list("category__name", flat=True))
    assert used == set(SuggestionCategory.objects.values_list("name", flat=True)) == set(ref.CATEGORIES)
    numbers = list(Suggestion.objects.exclude(number=None).order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))  # 第0001号… without gaps


def assert_every_state() -> None:
    today = TODAY.date()
    suggestions = by_status(Suggestion)
    assert set(suggestions) == set(Suggestion.Status.values), suggestions
    assert set(by_status(Assignment)) == set(Assignment.Status.values)
    assert set(by_status(Reply)) == set(Reply.Status.values)
    assert by_status(ExtensionRequest).keys() >= {"pending", "approved"}
    assert by_status(Commitment).keys() >= {"open", "fulfilled"}
    assert Commitment.objects.filter(status="open", due_on__lt=today).exists()
    overdue = set(Deadline.objects.overdue(on=today).values_list("kind", flat=True))
    assert overdue >= {"reply", "feedback", "rehandling", "commitment"}
    assert Deadline.objects.open().filter(due__gte=today).exists()
    assert Reply.objects.filter(on_time=False).exists()
    assert Suggestion.objects.filter(is_key=True).count() >= 5
    # Workflow 2 and the votes, through their own services.
    assert set(by_status(DeliberationOpinion)) == set(DeliberationOpinion.Status.values)
    assert set(by_status(OpinionItem)) >= {"handling", "reported", "commented", "rectification", "closed"}
    assert Escalation.objects.filter(kind="inquiry").exists()
    assert set(by_status(VotingRound)) == {"open", "published"}
    open_round = VotingRound.objects.get(status="open")
    assert not Participation.objects.filter(item__round=open_round, reviewer__username="reviewer1").exists()
    # Everything happened through the services: each suggestion's file starts with its submission.
    submitted = TimelineEntry.objects.filter(action="suggestion.submit").values("case_id").distinct().count()
    assert submitted == Suggestion.objects.count()


def assert_logins() -> None:
    for login in seed.LOGINS:
        user = authenticate(username=login.username, password=seed.PASSWORD)
        assert user is not None, login.username
        assert user.display_name == login.name
    staff = User.objects.get(username="staff")
    assert staff.is_staff and staff.is_congress_staff and not staff.is_superuser
    assert User.objects.get(username="admin").is_superuser
    assert UnitMember.objects.filter(
        user__username="zjj_liaison", unit__name="市住房和城乡建设局", role="liaison"
    ).exists()
    assert UnitMember.objects.filter(user__username="zjj_head", unit__name="市住房和城乡建设局", role="head").exists()
    assert UnitMember.objects.filter(user__username="jyj_liaison", unit__name="市教育局", role="liaison").exists()
    deputy = Deputy.objects.get(user__username="deputy")
    assert deputy.led_suggestions.values("status").distinct().count() >= 6  # the demo deputy sees most states
    assert Deputy.objects.get(user__username="cosigner").cosigned_suggestions.exists()
    assert all(User.objects.get(username=u).is_reviewer for u in seed.REVIEWERS)


@pytest.mark.django_db
def test_load_demo_builds_the_city_in_every_state_once_and_reset_rebuilds_it() -> None:
    output = load()
    assert "代表建议 200 件" in output
    for login in seed.LOGINS:
        assert login.username in output
    assert_city()
    assert_every_state()
    assert_logins()

    before = counts()
    again = load()
    assert "演示数据已存在" in again and "zjj_liaison" in again
    assert counts() == before

    User.objects.filter(username="staff").update(display_name="改过的名字")
    load("--reset")
    assert User.objects.get(username="staff").display_name == "王晓明"
    assert counts()["Suggestion"] == 200
    assert_logins()


@pytest.mark.django_db
def test_reset_refuses_a_database_with_real_accounts() -> None:
    User.objects.create_user(username="zhangsan", password="x-long-password-1")
    with pytest.raises(CommandError, match="拒绝清空"):
        load("--reset")
    assert User.objects.filter(username="zhangsan").exists()
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_load_refuses_when_a_demo_account_name_is_taken() -> None:
    User.objects.create_user(username="zjj_liaison", password="x-long-password-1")
    with pytest.raises(CommandError, match="已有同名的账号或单位"):
        load()
    assert not Suggestion.objects.exists()
    assert not Unit.objects.exists()
