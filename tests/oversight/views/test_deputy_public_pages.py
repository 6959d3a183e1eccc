from __future__ import annotations

from typing import Any

import pytest

from oversight.models import Assignment, Feedback, Suggestion
from oversight.services import replies as r_svc
from tests.factories import DeputyFactory, UserFactory
from tests.oversight.views import flow
from tracker.models import Notification

pytestmark = pytest.mark.django_db


def test_my_suggestions_lists_led_and_cosigned(client: Any, actors: Any) -> None:
    led = flow.submitted(actors, title="我领衔的建议")
    other_lead = DeputyFactory(name="王代表")
    common = {"session": actors.session, "content": "内容", "lead_deputy": other_lead, "submitted_at": led.submitted_at}
    cosigned = Suggestion.objects.create(title="我附议的建议", **common)
    cosigned.co_signers.add(actors.deputy_profile)
    Suggestion.objects.create(title="别人的建议", **common)
    client.force_login(actors.deputy)
    html = client.get("/deputy/").content.decode()
    assert "我领衔的建议" in html and "我附议的建议" in html
    assert "别人的建议" not in html
    assert "领衔" in html and "附议" in html


def test_another_deputys_suggestion_answers_404(client: Any, actors: Any) -> None:
    suggestion = flow.submitted(actors)
    stranger = UserFactory(username="stranger")
    DeputyFactory(name="赵代表", user=stranger)
    client.force_login(stranger)
    assert client.get(f"/suggestions/{suggestion.pk}/").status_code == 404


def test_deputy_submits_a_suggestion_as_lead(client: Any, actors: Any) -> None:
    client.force_login(actors.deputy)
    form_html = client.get("/deputy/submit/").content.decode()
    assert 'name="lead_deputy"' not in form_html
    response = client.post(
        "/deputy/submit/",
        {
            "session": actors.session.pk,
            "title": "关于老旧小区加装电梯的建议",
            "content": "老人上下楼困难。",
            "period": "interim",
            "co_signers": [actors.cosigner_profile.pk],
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.lead_deputy == actors.deputy_profile
    assert suggestion.period == "interim"


def test_deputy_sees_timeline_without_unit_internal_steps(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    client.force_login(actors.deputy)
    html = client.get(f"/suggestions/{reply.assignment.suggestion_id}/").content.decode()
    for step in ("提交建议", "立案", "交办", "签收", "审核通过"):
        assert step in html, step
    # Contact notes, drafts and sign-off are between the unit and staff.
    for step in ("沟通联系", "起草答复", "签发答复"):
        assert step not in html, step
    assert "计算说明：" in html
    assert "提交评价" in html


def test_deputy_does_not_see_unaccepted_replies(client: Any, actors: Any) -> None:
    reply = flow.signed(actors)
    client.force_login(actors.deputy)
    html = client.get(f"/suggestions/{reply.assignment.suggestion_id}/").content.decode()
    assert reply.content not in html
    assert "提交评价" not in html


def test_unsatisfied_rating_needs_a_comment_then_opens_rehandling(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    client.force_login(actors.deputy)
    response = client.post(f"/deputy/replies/{reply.pk}/rate/", {"rating": "unsatisfied", "comment": ""})
    assert "选择“不满意”时请填写理由。" in response.content.decode()
    assert not Feedback.objects.exists()
    response = client.post(f"/deputy/replies/{reply.pk}/rate/", {"rating": "unsatisfied", "comment": "没有时间表。"})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.status == Assignment.Status.REHANDLING
    # Rating twice is refused as an illegal transition, with the reason on the page.
    response = client.post(f"/deputy/replies/{reply.pk}/rate/", {"rating": "satisfied"})
    assert response.status_code == 409
    assert "您已评价过该答复。" in response.content.decode()


def test_someone_elses_reply_cannot_be_rated(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    stranger = UserFactory(username="stranger")
    DeputyFactory(name="赵代表", user=stranger)
    client.force_login(stranger)
    assert client.post(f"/deputy/replies/{reply.pk}/rate/", {"rating": "satisfied"}).status_code == 404
    assert not Feedback.objects.exists()


def test_deputy_pages_are_404_for_non_deputies(client: Any, actors: Any) -> None:
    client.force_login(actors.liaison_a)
    assert client.get("/deputy/").status_code == 404
    assert client.get("/deputy/submit/").status_code == 404


def test_public_sees_published_replies_only_and_can_search(client: Any, actors: Any) -> None:
    public = flow.delivered(actors, title="关于城东公交的建议")
    secret = flow.drafted(actors, title="关于城西管网的建议")
    r_svc.reply_update(reply=secret, actor=actors.liaison_a, is_public=False)
    secret = r_svc.reply_sign(reply=secret, actor=actors.head_a)
    secret = r_svc.reply_accept(reply=secret, actor=actors.staff)
    withdrawn = flow.delivered(actors, title="关于城北绿地的建议")
    r_svc.reply_set_published(reply=withdrawn, actor=actors.staff, published=False)

    html = client.get("/public/replies/").content.decode()
    assert "关于城东公交的建议" in html
    assert "关于城西管网的建议" not in html
    assert "关于城北绿地的建议" not in html
    assert client.get(f"/public/replies/{secret.pk}/").status_code == 404
    assert client.get(f"/public/replies/{withdrawn.pk}/").status_code == 404
    assert public.content in client.get(f"/public/replies/{public.pk}/").content.decode()
    assert "关于城东公交的建议" not in client.get("/public/replies/?q=不存在的词").content.decode()
    assert "关于城东公交的建议" in client.get("/public/replies/?q=城东").content.decode()


def test_inbox_badge_and_opening_a_message_marks_it_read(client: Any, actors: Any) -> None:
    note = Notification.objects.create(recipient=actors.liaison_a, title="答复期限提醒", link="/unit/")
    Notification.objects.create(recipient=actors.liaison_b, title="别人的消息")
    client.force_login(actors.liaison_a)
    html = client.get("/inbox/").content.decode()
    assert '<span class="badge" aria-label="1 条未读">1</span>' in html
    assert "答复期限提醒" in html and "别人的消息" not in html
    response = client.post(f"/inbox/{note.pk}/open/")
    assert response["Location"] == "/unit/"
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(actors.liaison_b)
    other = Notification.objects.get(recipient=actors.liaison_b)
    assert client.post(f"/inbox/{note.pk}/open/").status_code == 404
    assert client.post("/inbox/read-all/").status_code == 302
    other.refresh_from_db()
    assert other.read_at is not None


def test_inbox_does_not_follow_links_off_site(client: Any, actors: Any) -> None:
    note = Notification.objects.create(recipient=actors.staff, title="x", link="https://evil.example/")
    client.force_login(actors.staff)
    assert client.post(f"/inbox/{note.pk}/open/")["Location"] == "/inbox/"


# --- pinned query counts, two sizes each -------------------------------------------------------


@pytest.mark.parametrize("size", [1, 4])
def test_my_suggestions_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.registered(actors, title=f"建议{i}")
    client.force_login(actors.deputy)
    # the session with the person, their deputy id, unit roles and unread badge in one query
    # (security/sessions.py), rows with their capped count (oversight.paging.PageFirstPaginator)
    response = pinned("/deputy/", 2)
    assert response.content.decode().count("已立案") == size


@pytest.mark.parametrize("size", [1, 4])
def test_public_replies_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.delivered(actors, title=f"建议{i}")
    # filter choices: units, rows with unit, suggestion and session and their capped count
    response = pinned("/public/replies/", 2)
    assert response.content.decode().count("/public/replies/") >= size


@pytest.mark.parametrize("size", [1, 4])
def test_inbox_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        Notification.objects.create(recipient=actors.staff, title=f"提醒{i}")
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and unread badge (one query:
    # security/sessions.py), rows with their capped count
    pinned("/inbox/", 2)


@pytest.mark.parametrize("size", [1, 3])
def test_suggestion_page_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    reply = flow.delivered(actors)
    # More rounds of replies, ratings and timeline entries must not add queries.
    for _i in range(size - 1):
        r_svc.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied", comment="再议")
        assignment = Assignment.objects.get()
        reply = r_svc.reply_draft(assignment=assignment, actor=actors.liaison_a, category="A", content="再答复")
        reply = r_svc.reply_sign(reply=reply, actor=actors.head_a)
        reply = r_svc.reply_accept(reply=reply, actor=actors.staff)
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and unread badge in one query
    # (security/sessions.py), suggestion, assignments, replies + attachments, commitments,
    # feedback (prefetches), co-signers, deadlines, the newest timeline entries, supervision.
    # (Staff's similar-suggestions panel loads afterwards from its own URL.)
    pinned(f"/suggestions/{reply.assignment.suggestion_id}/", 11)
