"""视察意见, 专题询问 questions and 信访督办件 go the suggestion's path as kinds of oversight item:
own number series per session, own required fields, own reply period; pages and API filter by kind."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from oversight import deadline_kinds as kinds
from oversight.errors import InvalidInput, NotAllowed
from oversight.models import Suggestion
from oversight.services import assignments, suggestions
from tests.oversight.services.conftest import registered, submit
from tests.oversight.services.helpers import deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

INQUIRY = {"meeting": "市十七届人大常委会第二十次会议专题询问", "answering_official": "市住建局局长 赵某"}


def _inquiry(actors: Any, **kwargs: Any) -> Suggestion:
    return submit(
        actors, actor=actors.staff, kind="inquiry", details=INQUIRY, title="老旧小区加装电梯进展缓慢", **kwargs
    )


def test_each_kind_has_its_own_number_series(actors: Any) -> None:
    first_suggestion = registered(actors)
    inquiry = suggestions.suggestion_register(suggestion=_inquiry(actors), actor=actors.staff)
    second_suggestion = registered(actors)
    assert (first_suggestion.number, second_suggestion.number, inquiry.number) == (1, 2, 1)
    assert inquiry.display_number == "询问第0001号"
    assert first_suggestion.display_number == "第0001号"


def test_kind_specific_fields_are_required(actors: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        submit(actors, actor=actors.staff, kind="inquiry", details={"meeting": "专题询问会"})
    assert err.value.fields == {"details.answering_official": "请填写应询人。"}
    with pytest.raises(InvalidInput):
        submit(actors, actor=actors.staff, kind="petition", details={"petitioner": "王某", "led_by": "主任", "x": "1"})


def test_only_staff_register_other_oversight_items(actors: Any) -> None:
    with pytest.raises(NotAllowed):
        submit(actors, kind="inspection", details={"inspection": "城区防汛视察", "found_on": "2026-02-20"})


def test_petition_reply_deadline_uses_its_own_period(actors: Any) -> None:
    petition = suggestions.suggestion_register(
        suggestion=submit(
            actors, actor=actors.staff, kind="petition", details={"petitioner": "王某", "led_by": "副主任李某"}
        ),
        actor=actors.staff,
    )
    (lead,) = assignments.suggestion_assign(suggestion=petition, actor=actors.staff, units=[(actors.unit_a, "lead")])
    reply = deadline(lead, kinds.REPLY)
    # 2026-03-02 + 60 days = 2026-05-01 (劳动节) → the first working day after the holiday.
    assert reply.due == date(2026, 5, 6)
    assert "60 日后" in reply.explanation


def test_api_filters_and_shows_the_kind(actors: Any) -> None:
    registered(actors)
    inquiry = _inquiry(actors)
    client = APIClient()
    client.force_authenticate(actors.staff)
    body = client.get("/api/v1/suggestions/", {"kind": "inquiry"}).json()
    assert [(r["id"], r["kind"], r["details"]["answering_official"]) for r in body["results"]] == [
        (inquiry.pk, "inquiry", "市住建局局长 赵某")
    ]
    created = client.post(
        "/api/v1/suggestions/",
        {
            "session": actors.session.pk,
            "title": "防汛设施检查发现的问题",
            "content": "部分泵站设备老化。",
            "lead_deputy": actors.deputy_profile.pk,
            "kind": "inspection",
            "details": {"inspection": "城区防汛工作视察", "found_on": "2026-02-20"},
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["kind"] == "inspection"
    missing = client.post(
        "/api/v1/suggestions/",
        {
            "session": actors.session.pk,
            "title": "t",
            "content": "c",
            "lead_deputy": actors.deputy_profile.pk,
            "kind": "inspection",
        },
        format="json",
    )
    assert missing.status_code == 400 and "视察活动" in str(missing.json())
