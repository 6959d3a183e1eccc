"""Strict input (docs/api.md, 输入校验): what DRF or Django would silently bend is refused with 400.

Each test names the input an outside client sent and the wrong thing that was stored before.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from oversight.models import ContactRecord, Reply, Suggestion
from oversight.services.replies import reply_set_published
from tests.api.world import World

pytestmark = pytest.mark.django_db


def _field_error(response: Any, field: str) -> str:
    body = response.json()
    assert response.status_code == 400, body
    assert body["code"] == "invalid"
    assert field in body["fields"], body
    return str(body["fields"][field])


def _submit(world: World, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "session": world.actors.session.pk,
        "title": "关于增开城东公交线路的建议",
        "content": "早晚高峰公交拥挤，建议增开线路。",
        "lead_deputy": world.actors.deputy_profile.pk,
    }
    return payload | overrides


@pytest.mark.parametrize("value", [1.5, "1.5", True, "1x", 1e300])
def test_an_id_that_is_not_an_exact_integer_is_refused(world: World, client_for: Any, value: Any) -> None:
    response = client_for(world.actors.staff).post(
        reverse("api:suggestion-list"), _submit(world, session=value), format="json"
    )
    assert "整数" in _field_error(response, "session")
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("value", [10**30, 0, -1])
def test_an_id_out_of_range_is_refused(world: World, client_for: Any, value: int) -> None:
    response = client_for(world.actors.staff).post(
        reverse("api:suggestion-list"), _submit(world, lead_deputy=value), format="json"
    )
    _field_error(response, "lead_deputy")


def test_a_whole_number_id_is_accepted(world: World, client_for: Any) -> None:
    response = client_for(world.actors.staff).post(
        reverse("api:suggestion-list"), _submit(world, session=str(world.actors.session.pk)), format="json"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("title", ["关于\x00公交", "关于\x1b[31m公交", "关于\x7f公交", "关于\u0085公交"])
def test_control_characters_in_text_are_refused(world: World, client_for: Any, title: str) -> None:
    response = client_for(world.actors.staff).post(
        reverse("api:suggestion-list"), _submit(world, title=title), format="json"
    )
    _field_error(response, "title")
    assert not Suggestion.objects.exists()


def test_line_breaks_and_tabs_are_ordinary_text(world: World, client_for: Any) -> None:
    response = client_for(world.actors.staff).post(
        reverse("api:suggestion-list"), _submit(world, content="第一，增开线路；\r\n第二，\t加密班次。"), format="json"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("day", "message"),
    [("0001-01-01", "之间"), ("1999-12-31", "之间"), ("2026-03-03", "不能晚于今天"), ("9999-12-31", "之间")],
)
def test_contact_date_must_be_sane_and_not_in_the_future(world: World, client_for: Any, day: str, message: str) -> None:
    case = world.advance("accepted")["A"]
    url = reverse("api:assignment-contacts", kwargs={"pk": case.assignment.pk})
    payload = {"method": "phone", "contacted_on": day, "summary": "电话沟通。"}
    response = client_for(case.liaison).post(url, payload, format="json")
    assert message in _field_error(response, "contacted_on")
    assert not ContactRecord.objects.exists()


def test_contact_today_is_accepted(world: World, client_for: Any) -> None:
    case = world.advance("accepted")["A"]
    url = reverse("api:assignment-contacts", kwargs={"pk": case.assignment.pk})
    payload = {"method": "phone", "contacted_on": "2026-03-02", "summary": "电话沟通。"}
    assert client_for(case.liaison).post(url, payload, format="json").status_code == 201


def test_page_form_refuses_the_same_dates_and_control_characters(world: World) -> None:
    case = world.advance("accepted")["A"]
    page = Client()
    page.force_login(case.liaison)
    url = reverse("unit:contact", args=[case.assignment.pk])
    response = page.post(url, {"method": "phone", "contacted_on": "0001-01-01", "summary": "电话\x07沟通。"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "之间" in errors["contacted_on"][0]
    assert "控制字符" in errors["summary"][0]
    assert not ContactRecord.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_a_missing_boolean_is_required_not_false(world: World, client_for: Any, fmt: str) -> None:
    case = world.advance("delivered")["A"]
    reply_set_published(reply=case.reply, actor=world.actors.staff, published=True)
    url = reverse("api:reply-publish", kwargs={"pk": case.reply.pk})
    response = client_for(world.actors.staff).post(url, {}, format=fmt)
    assert "必填" in _field_error(response, "published")
    assert Reply.objects.get(pk=case.reply.pk).published


def test_revising_by_form_without_the_public_flag_keeps_it(world: World, client_for: Any) -> None:
    case = world.advance("drafted", category="A")["A"]
    assert case.reply.is_public
    url = reverse("api:reply-revise", kwargs={"pk": case.reply.pk})
    response = client_for(case.liaison).post(url, {"content": "修改后的答复内容。"}, format="multipart")
    assert response.status_code == 200, response.content
    reply = Reply.objects.get(pk=case.reply.pk)
    assert (reply.content, reply.is_public) == ("修改后的答复内容。", True)


@pytest.mark.parametrize(
    "body",
    [b"[" * 10000, b"{" * 10000, b'{"title": ', b"\xff\xfe", b'{"a": NaN}'],
    ids=["nested-array", "nested-object", "truncated", "not-utf8", "nan"],
)
def test_unreadable_json_is_400_parse_error_in_chinese(world: World, client_for: Any, body: bytes) -> None:
    response = client_for(world.actors.staff).generic(
        "POST", reverse("api:suggestion-list"), body, content_type="application/json"
    )
    payload = response.json()
    assert response.status_code == 400, payload
    assert payload["code"] == "parse_error"
    assert payload["status"] == 400 and payload["fields"] == {}
    assert "无法解析" in payload["message"]


def test_unsupported_media_type_is_415_in_chinese(world: World, client_for: Any) -> None:
    response = client_for(world.actors.staff).generic(
        "POST", reverse("api:suggestion-list"), b"<x/>", content_type="application/xml"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert "不支持" in response.json()["message"]


def test_dates_still_work_for_future_commitments(world: World) -> None:
    assert world.advance("drafted", category="B")["A"].reply.proposed_commitments[0]["due_on"] > str(date(2026, 3, 2))


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():  # type: ignore[var-annotated]
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_request_serializer_and_page_form_uses_the_strict_base() -> None:
    """The rules live in one base each; a new serializer or form that skips it is caught here."""
    import importlib
    import pkgutil

    from django import forms
    from rest_framework import serializers

    import oversight
    from oversight.api.fields import InputSerializer
    from oversight.forms.strict import StrictForm

    for module in pkgutil.walk_packages(oversight.__path__, "oversight."):
        importlib.import_module(module.name)
    ours = [c for c in _subclasses(serializers.Serializer) if c.__module__.startswith("oversight.")]
    plain = [c for c in ours if not issubclass(c, serializers.ModelSerializer)]
    assert plain and [c.__qualname__ for c in plain if not issubclass(c, InputSerializer)] == []
    page_forms = [c for c in _subclasses(forms.Form) if c.__module__.startswith("oversight.")]
    assert page_forms and [c.__qualname__ for c in page_forms if not issubclass(c, StrictForm)] == []
