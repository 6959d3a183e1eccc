"""Rating a reply that is no longer current, or on a closed-off case, answers 409 on the API and
on the deputy's page alike (both go through ``feedback_rate``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.models import Feedback
from oversight.services import assignments, commitments, replies, suggestions

API = "/api/v1"
pytestmark = pytest.mark.django_db


def test_rating_a_superseded_reply_is_409(world: Any, client_for: Callable[[Any], APIClient], actors: Any) -> None:
    case = world.advance("delivered")["A"]
    replies.feedback_rate(reply=case.reply, actor=actors.deputy, rating="unsatisfied", comment="线路未开通")
    response = client_for(actors.cosigner).post(
        f"{API}/replies/{case.reply.pk}/rate/", {"rating": "satisfied", "comment": ""}, format="json"
    )
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "reply_superseded"
    assert not Feedback.objects.filter(deputy=actors.cosigner_profile).exists()


def test_rating_on_a_closed_off_case_is_409_on_api_and_page(
    world: Any, client_for: Callable[[Any], APIClient], actors: Any
) -> None:
    case = world.advance("delivered")["A"]
    replies.feedback_rate(reply=case.reply, actor=actors.deputy, rating="satisfied")
    assignments.assignment_conclude(assignment=case.assignment, actor=actors.staff, reason="代表当面表示满意")
    for commitment in case.assignment.commitments.all():
        commitments.commitment_close(commitment=commitment, actor=actors.staff, explanation="另行落实")
    suggestions.suggestion_close_off(suggestion=case.suggestion, actor=actors.staff)

    response = client_for(actors.cosigner).post(
        f"{API}/replies/{case.reply.pk}/rate/", {"rating": "unsatisfied", "comment": "不满意"}, format="json"
    )
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "case_closed"

    page = Client()
    page.force_login(actors.cosigner)
    rate_url = reverse("deputy:rate", args=[case.reply.pk])
    page_response = page.post(rate_url, {"rating": "unsatisfied", "comment": "不满意"})
    assert page_response.status_code == 409
    assert "已销号" in page_response.content.decode()
    assert Feedback.objects.count() == 1
