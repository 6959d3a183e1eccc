"""docs/api.md, as a test: from token login to a rated reply, every step through the API."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from tracker.models import Notification

API = "/api/v1"


def _client(username: str) -> APIClient:
    body = {"username": username, "password": PASSWORD, "name": "curl 演示"}
    response = APIClient().post(f"{API}/auth/token/", body, format="json")
    assert response.status_code == 200, response.content
    return APIClient(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


@pytest.mark.django_db
def test_from_token_login_to_a_rated_reply(actors: Any, frozen: None) -> None:
    staff, liaison, head, deputy = (_client(u) for u in ("staff", "liaison_a", "head_a", "deputy"))

    suggestion = _ok(
        deputy.post(
            f"{API}/suggestions/",
            {
                "session": actors.session.pk,
                "title": "关于增开城东公交线路的建议",
                "content": "早晚高峰公交拥挤，建议增开线路。",
                "lead_deputy": actors.deputy_profile.pk,
                "category": actors.category.pk,
            },
            format="json",
        ),
        201,
    )
    sid = suggestion["id"]
    assert suggestion["status"] == "submitted"

    registered = _ok(staff.post(f"{API}/suggestions/{sid}/register/"))
    assert registered["display_number"] == "第0001号"
    (assignment,) = _ok(
        staff.post(
            f"{API}/suggestions/{sid}/assign/", {"units": [{"unit": actors.unit_a.pk, "role": "lead"}]}, format="json"
        ),
        201,
    )
    aid = assignment["id"]

    work = _ok(liaison.get(f"{API}/assignments/", {"status": "assigned"}))
    assert [row["id"] for row in work["results"]] == [aid]
    assert _ok(liaison.post(f"{API}/assignments/{aid}/accept/"))["status"] == "accepted"
    _ok(
        liaison.post(
            f"{API}/assignments/{aid}/contacts/",
            {"method": "meeting", "contacted_on": "2026-03-02", "summary": "与代表座谈面商。"},
            format="json",
        ),
        201,
    )
    reply = _ok(
        liaison.post(
            f"{API}/assignments/{aid}/reply/",
            {"category": "A", "content": "已新开通城东3路公交。"},
            format="json",
        ),
        201,
    )
    rid = reply["id"]
    assert reply["status"] == "draft"
    # The deputy sees nothing of the draft until staff accept it.
    assert deputy.get(f"{API}/replies/{rid}/").status_code == 404

    assert _ok(head.post(f"{API}/replies/{rid}/sign/"))["status"] == "signed"
    assert _ok(staff.post(f"{API}/replies/{rid}/accept/", {}, format="json"))["status"] == "accepted"

    assert _ok(deputy.get(f"{API}/replies/{rid}/"))["content"] == "已新开通城东3路公交。"
    feedback = _ok(deputy.post(f"{API}/replies/{rid}/rate/", {"rating": "satisfied", "comment": "很满意"}), 201)
    assert feedback["rating"] == "satisfied"
    # Rating twice is an illegal transition.
    again = deputy.post(f"{API}/replies/{rid}/rate/", {"rating": "basic"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_rated"

    timeline = _ok(deputy.get(f"{API}/suggestions/{sid}/timeline/"))
    actions = [entry["action"] for entry in timeline["results"]]
    for step in ("suggestion.submit", "suggestion.register", "reply.accept", "feedback.rate"):
        assert step in actions
    # Drafts, sign-off and contact notes stay between the unit and staff (docs/api.md "Who sees what").
    assert not {"reply.draft", "reply.sign", "contact.log"} & set(actions)
    deadlines = _ok(liaison.get(f"{API}/deadlines/", {"suggestion": sid}))
    assert deadlines["count"] >= 1 and all(d["explanation"] for d in deadlines["results"])

    # Done: the deputy revokes the token the walk-through used; it no longer works.
    (token,) = [t for t in _ok(deputy.get(f"{API}/auth/tokens/"))["results"] if t["name"] == "curl 演示"]
    assert deputy.delete(f"{API}/auth/tokens/{token['id']}/").status_code == 204
    assert deputy.get(f"{API}/auth/me/").json()["code"] == "authentication_failed"


@pytest.mark.django_db
def test_inbox_shows_only_own_messages_and_marks_them_read(actors: Any) -> None:
    mine = Notification.objects.create(recipient=actors.liaison_a, title="答复即将到期", body="还有5个工作日")
    Notification.objects.create(recipient=actors.liaison_a, title="新交办")
    theirs = Notification.objects.create(recipient=actors.liaison_b, title="别人的消息")
    client = APIClient()
    client.force_authenticate(actors.liaison_a)
    listed = _ok(client.get(f"{API}/inbox/", {"unread": "true"}))
    assert listed["count"] == 2
    assert client.get(f"{API}/inbox/{theirs.pk}/").status_code == 404
    assert _ok(client.post(f"{API}/inbox/{mine.pk}/read/"))["read_at"] is not None
    assert _ok(client.get(f"{API}/inbox/", {"unread": "true"}))["count"] == 1
    assert _ok(client.post(f"{API}/inbox/read-all/")) == {"marked": 1}
    assert _ok(client.get(f"{API}/inbox/", {"unread": "true"}))["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_sent_back_reply_is_revised_signed_again_and_accepted(actors: Any, frozen: None) -> None:
    from tests.api.world import World

    world = World(actors)
    case = world.advance("signed", category="A")["A"]
    staff, liaison, head = (_client(u) for u in ("staff", "liaison_a", "head_a"))
    rid = case.reply.pk
    sent_back = _ok(staff.post(f"{API}/replies/{rid}/send-back/", {"reason": "未回应代表关切。"}, format="json"))
    assert sent_back["status"] == "sent_back"
    revised = _ok(liaison.post(f"{API}/replies/{rid}/revise/", {"content": "补充：年底前开通。"}, format="json"))
    assert revised["status"] == "draft" and revised["content"] == "补充：年底前开通。"
    assert _ok(head.post(f"{API}/replies/{rid}/sign/"))["status"] == "signed"
    assert _ok(staff.post(f"{API}/replies/{rid}/accept/", {}, format="json"))["status"] == "accepted"


@pytest.mark.django_db
def test_lead_unit_reads_the_co_handlers_opinion_deputies_do_not(actors: Any, frozen: None) -> None:
    from tests.api.world import World

    world = World(actors)
    case = world.co_assign()["A"]  # unit C leads, unit A co-handles
    liaison_a = _client("liaison_a")
    _ok(liaison_a.post(f"{API}/assignments/{case.assignment.pk}/co-opinion/", {"content": "建议优化站点。"}), 201)
    lead_liaison = world.unit_c.members.create(user=actors.outsider, role="liaison").user
    lead = APIClient()
    lead.force_authenticate(lead_liaison)
    opinions = _ok(lead.get(f"{API}/suggestions/{case.suggestion.pk}/co-opinions/"))
    assert [o["content"] for o in opinions["results"]] == ["建议优化站点。"]
    deputy = APIClient()
    deputy.force_authenticate(actors.deputy)
    assert _ok(deputy.get(f"{API}/suggestions/{case.suggestion.pk}/co-opinions/"))["results"] == []
