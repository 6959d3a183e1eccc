"""Every failure answers {"status", "code", "message", "fields"} with a Chinese message."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api.world import World

SHAPE = {"status", "code", "message", "fields"}


def _assert_shape(response: Any, status: int, code: str) -> dict[str, Any]:
    body = response.json()
    assert response.status_code == status, body
    assert set(body) >= SHAPE, body
    assert body["status"] == status
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), f"message is not Chinese: {body['message']}"
    return body


@pytest.mark.django_db
def test_invalid_input_is_400_with_chinese_field_messages(world: World, client_for: Any) -> None:
    response = client_for(world.actors.staff).post(reverse("api:suggestion-list"), {"title": ""}, format="json")
    body = _assert_shape(response, 400, "invalid")
    assert set(body["fields"]) >= {"session", "title", "content", "lead_deputy"}
    assert body["fields"]["session"] == "该字段是必填项。"
    assert body["fields"]["title"] == "该字段不能为空。"


@pytest.mark.django_db
def test_service_field_errors_come_back_as_400_fields(world: World, client_for: Any) -> None:
    world.advance("contacted")
    url = reverse("api:assignment-reply", kwargs={"pk": world.cases["A"].assignment.pk})
    payload = {"category": "B", "content": "列入计划逐步解决。"}  # a B reply must list its promises
    response = client_for(world.actors.liaison_a).post(url, payload, format="json")
    body = _assert_shape(response, 400, "commitment_required")
    assert body["fields"] == {"commitments": "B类答复须列明承诺事项及完成时限。"}


@pytest.mark.django_db
def test_anonymous_request_is_401_with_authenticate_header(actors: Any) -> None:
    response = APIClient().get(reverse("api:suggestion-list"))
    _assert_shape(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_bad_token_is_401(actors: Any) -> None:
    client = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token")
    _assert_shape(client.get(reverse("api:suggestion-list")), 401, "authentication_failed")


@pytest.mark.django_db
def test_staff_step_by_a_unit_liaison_is_403(world: World, client_for: Any) -> None:
    world.advance("submitted")
    url = reverse("api:suggestion-register", kwargs={"pk": world.cases["A"].suggestion.pk})
    body = _assert_shape(client_for(world.actors.liaison_a).post(url), 403, "permission_denied")
    assert body["message"] == "只有人大工作人员可以执行此操作。"


@pytest.mark.django_db
def test_service_refusal_is_403_with_its_message(world: World, client_for: Any) -> None:
    world.advance("drafted")
    url = reverse("api:reply-sign", kwargs={"pk": world.cases["A"].reply.pk})
    body = _assert_shape(client_for(world.actors.liaison_a).post(url), 403, "permission_denied")
    assert "负责人" in body["message"]


@pytest.mark.django_db
def test_another_units_object_is_404_exactly_like_a_missing_one(world: World, client_for: Any) -> None:
    world.advance("assigned")
    client = client_for(world.actors.liaison_b)
    hidden = client.get(reverse("api:assignment-detail", kwargs={"pk": world.cases["A"].assignment.pk}))
    missing = client.get(reverse("api:assignment-detail", kwargs={"pk": 999999}))
    assert _assert_shape(hidden, 404, "not_found") == _assert_shape(missing, 404, "not_found")


@pytest.mark.django_db
def test_illegal_transition_is_409(world: World, client_for: Any) -> None:
    world.advance("registered")
    url = reverse("api:suggestion-register", kwargs={"pk": world.cases["A"].suggestion.pk})
    body = _assert_shape(client_for(world.actors.staff).post(url), 409, "illegal_transition")
    assert "已立案" in body["message"]
    assert body["fields"] == {}


@pytest.mark.django_db
def test_failed_step_leaves_no_partial_change(world: World, client_for: Any) -> None:
    """A refused reply draft (no contact logged yet) creates no reply."""
    world.advance("accepted")
    assignment = world.cases["A"].assignment
    url = reverse("api:assignment-reply", kwargs={"pk": assignment.pk})
    payload = {"category": "A", "content": "已解决。"}
    body = _assert_shape(client_for(world.actors.liaison_a).post(url, payload, format="json"), 409, "contact_required")
    assert body["message"] == "答复前须与代表沟通并登记沟通情况。"
    assert not assignment.replies.exists()


@pytest.mark.django_db
@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_too_large_upload_is_413(world: World, client_for: Any) -> None:
    from tests.api.matrix import xlsx_payload

    payload = xlsx_payload(world, world.cases["A"])  # an .xlsx is several KB: over the 1 KB cap
    response = client_for(world.actors.staff).post(reverse("api:suggestion-import"), payload, format="multipart")
    _assert_shape(response, 413, "too_large")


@pytest.mark.django_db
def test_wrong_method_is_405_in_the_same_shape(actors: Any, client_for: Any) -> None:
    response = client_for(actors.staff).delete(reverse("api:suggestion-list"))
    _assert_shape(response, 405, "method_not_allowed")


@pytest.mark.django_db
def test_database_race_answers_409_not_500(world: World, client_for: Any, monkeypatch: Any) -> None:
    """When a unique constraint catches two simultaneous ratings, the loser gets a 409."""
    from django.db import IntegrityError

    import oversight.services.replies as replies

    def racing(**kwargs: Any) -> Any:
        raise IntegrityError("UNIQUE constraint failed: one_rating_per_deputy_per_reply")

    monkeypatch.setattr(replies, "feedback_rate", racing)
    world.advance("delivered")
    url = reverse("api:reply-rate", kwargs={"pk": world.cases["A"].reply.pk})
    response = client_for(world.actors.deputy).post(url, {"rating": "satisfied"}, format="json")
    body = _assert_shape(response, 409, "concurrent_change")
    assert "UNIQUE" not in body["message"]  # no database internals in what people read


@pytest.mark.django_db
def test_reply_with_attachment_and_too_large_attachment(world: World, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    world.advance("contacted")
    assignment = world.cases["A"].assignment
    url = reverse("api:assignment-reply", kwargs={"pk": assignment.pk})
    pdf = SimpleUploadedFile("答复.pdf", b"%PDF-1.4 small", content_type="application/pdf")
    payload = {"category": "A", "content": "已解决。", "attachments": [pdf]}
    with override_settings(ATTACHMENT_MAX_BYTES=64):
        big = SimpleUploadedFile("答复.pdf", b"%PDF-1.4 " + b"x" * 200, content_type="application/pdf")
        too_large = client_for(world.actors.liaison_a).post(url, {**payload, "attachments": [big]}, format="multipart")
    _assert_shape(too_large, 413, "too_large")
    assert not assignment.replies.exists()
    response = client_for(world.actors.liaison_a).post(url, payload, format="multipart")
    assert response.status_code == 201, response.content
    reply = assignment.replies.get()
    assert [a.name for a in reply.attachments.all()] == ["答复.pdf"]
