"""The liaison handles with everything at hand; the head can send a draft back with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.models import Assignment, Reply
from oversight.services import assignments as a_svc
from tests.oversight.views import flow

pytestmark = pytest.mark.django_db


def test_assignment_page_and_reply_form_show_text_deputies_and_co_opinions(client: Any, actors: Any) -> None:
    actors.deputy_profile.phone = "13900001111"
    actors.deputy_profile.occupation = "城东街道社区主任"
    actors.deputy_profile.save()
    suggestion = flow.registered(actors)
    lead, co = a_svc.suggestion_assign(
        suggestion=suggestion,
        actor=actors.staff,
        units=[(actors.unit_a, Assignment.Role.LEAD), (actors.unit_b, Assignment.Role.CO)],
    )
    a_svc.assignment_accept(assignment=lead, actor=actors.liaison_a)
    a_svc.assignment_accept(assignment=co, actor=actors.liaison_b)
    client.force_login(actors.liaison_a)
    before = client.get(f"/unit/assignments/{lead.pk}/").content.decode()
    assert "协办单位尚未提交意见" in before
    a_svc.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="建议同步调整学校周边站点。")
    for url in (f"/unit/assignments/{lead.pk}/", f"/unit/assignments/{lead.pk}/reply/"):
        html = client.get(url).content.decode()
        assert "城东片区人口增长较快" in html  # the full text
        assert 'href="tel:13900001111"' in html and "城东街道社区主任" in html and "刘代表" in html
        assert "市教育局" in html and "建议同步调整学校周边站点。" in html
    # The co-handler sees its own opinion, not a section for the lead.
    client.force_login(actors.liaison_b)
    assert "协办单位意见（答复时应吸收）" not in client.get(f"/unit/assignments/{co.pk}/").content.decode()


def test_head_sends_a_draft_back_to_the_liaison(client: Any, actors: Any) -> None:
    reply = flow.drafted(actors)
    client.force_login(actors.liaison_a)
    assert client.get(f"/unit/replies/{reply.pk}/send-back/").status_code == 200  # the form shows …
    response = client.post(f"/unit/replies/{reply.pk}/send-back/", {"reason": "x"})
    assert response.status_code == 403  # … but only the head may send back
    client.force_login(actors.head_a)
    detail = client.get(f"/unit/replies/{reply.pk}/").content.decode()
    assert f'href="/unit/replies/{reply.pk}/send-back/"' in detail
    refused = client.post(f"/unit/replies/{reply.pk}/send-back/", {"reason": ""})
    assert refused.status_code == 200 and 'class="errorlist' in refused.content.decode()
    response = client.post(f"/unit/replies/{reply.pk}/send-back/", {"reason": "请补充资金来源"})
    assert response.status_code == 302 and response["Location"] == f"/unit/replies/{reply.pk}/"
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT
    client.force_login(actors.head_b)
    assert client.get(f"/unit/replies/{reply.pk}/send-back/").status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_assignment_page_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    from tests.factories import DeputyFactory

    assignment = flow.accepted(actors)
    assignment.suggestion.co_signers.add(*DeputyFactory.create_batch(size))
    client.force_login(actors.liaison_a)
    # the session with the person, their unit roles, deputy id and unread badge (one query:
    # security/sessions.py), assignment, replies (+attachments, feedback, commitments), deadlines, contacts, extensions,
    # own opinions; brief: lead deputy, co-signers, co-opinions, co-handlers — the same for any
    # number of co-signers
    html = pinned(f"/unit/assignments/{assignment.pk}/", 12).content.decode()
    assert html.count("附议代表</td>") == size + 1
