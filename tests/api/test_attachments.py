"""Attachments: one content+extension check on every upload path, random storage names, names
that fit, no orphan files, and downloads only through the permission-checked view."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.models import Attachment, Reply
from tests.api.world import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("payload.html", HTML)
    return buffer.getvalue()


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _draft(world: World, client_for: Any, files: list[Any]) -> Any:
    case = world.advance("contacted")["A"]
    url = reverse("api:assignment-reply", kwargs={"pk": case.assignment.pk})
    payload = {"category": "A", "content": "已解决。", "attachments": files}
    return client_for(case.liaison).post(url, payload, format="multipart")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("答复.pdf", HTML),  # a page renamed .pdf
        ("答复.html", HTML),
        ("图.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("shell.php", b"<?php system($_GET['c']); ?>"),
        ("setup.exe", b"MZ\x90\x00\x03"),
        ("setup.pdf", b"MZ\x90\x00\x03"),
        ("说明.txt", HTML),  # markup is not plain text
        ("文档.docx", _zip()),  # a zip that is not a Word package
    ],
)
def test_api_refuses_a_file_that_is_not_what_its_name_says(
    world: World, client_for: Any, name: str, content: bytes
) -> None:
    # The client declares a harmless type: it is not what decides.
    response = _draft(world, client_for, [SimpleUploadedFile(name, content, content_type="application/pdf")])
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_attachment"
    assert name in body["message"] and ("不允许" in body["message"] or "不符" in body["message"])
    assert not Reply.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content"), [("答复.pdf", PDF), ("方案.docx", _docx()), ("说明.txt", "纯文本说明".encode())]
)
def test_api_accepts_real_documents_and_stores_them_under_a_random_name(
    world: World, client_for: Any, name: str, content: bytes
) -> None:
    response = _draft(world, client_for, [SimpleUploadedFile(name, content, content_type="text/html")])
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert attachment.name == name
    stored = Path(attachment.file.name)
    assert stored.parts[0] == "attachments" and len(stored.stem) == 32 and name not in attachment.file.name
    assert attachment.content_type != "text/html"  # the declared type is not trusted
    assert [p.read_bytes() for p in stored_files()] == [content]


def test_a_300_character_name_is_shortened_not_an_error(world: World, client_for: Any) -> None:
    long_name = "关于城东片区公交线路调整的详细说明" * 17 + ".pdf"
    assert len(long_name) > 290
    response = _draft(world, client_for, [SimpleUploadedFile(long_name, PDF, content_type="application/pdf")])
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert attachment.name.endswith(".pdf") and len(attachment.name) <= 100
    assert attachment.name.startswith("关于城东片区公交线路调整的详细说明")
    assert len(stored_files()) == 1


def test_no_file_is_left_behind_when_the_transaction_fails(
    world: World, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oversight.services import replies

    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the database went away after the file was written")

    case = world.advance("contacted")["A"]
    monkeypatch.setattr(replies.timeline, "record", fail)
    pdf = SimpleUploadedFile("答复.pdf", PDF, content_type="application/pdf")
    with pytest.raises(RuntimeError):
        replies.reply_draft(
            assignment=case.assignment, actor=case.liaison, category="A", content="x", attachments=[pdf]
        )
    assert not Attachment.objects.exists()
    assert stored_files() == []


def _signed_with_file(world: World, name: str = "答复意见.pdf") -> Any:
    from oversight.services.replies import reply_sign, reply_update

    case = world.advance("drafted", category="A")["A"]
    pdf = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    reply_update(reply=case.reply, actor=case.liaison, attachments=[pdf])
    reply_sign(reply=case.reply, actor=case.head)
    return case, case.reply.attachments.get()


def test_a_drafts_attachment_is_404_for_anyone_but_the_unit_and_staff(world: World, client_for: Any) -> None:
    case, attachment = _signed_with_file(world)
    url = reverse("api:attachment-download", kwargs={"pk": attachment.pk})
    actors = world.actors
    for user in (None, actors.deputy, actors.cosigner, actors.liaison_b, actors.outsider):
        assert client_for(user).get(url).status_code == 404
    # And never from a guessable /media/ path, not even by its stored name.
    assert APIClient().get(f"/media/{attachment.file.name}").status_code == 404
    for user in (actors.staff, case.liaison, case.head):
        assert client_for(user).get(url).status_code == 200


def test_download_is_an_attachment_with_an_rfc5987_name_and_nosniff(world: World, client_for: Any) -> None:
    case, attachment = _signed_with_file(world)
    response = client_for(case.liaison).get(reverse("api:attachment-download", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('答复意见.pdf')}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]


def test_legacy_row_with_a_declared_html_type_is_still_served_as_a_download(world: World, client_for: Any) -> None:
    case, attachment = _signed_with_file(world)
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    response = client_for(case.liaison).get(reverse("api:attachment-download", kwargs={"pk": attachment.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_in_production_the_proxy_sends_the_bytes(world: World, client_for: Any, settings: Any) -> None:
    settings.ATTACHMENT_ACCEL_REDIRECT = "/protected-media/"
    case, attachment = _signed_with_file(world)
    url = reverse("api:attachment-download", kwargs={"pk": attachment.pk})
    response = client_for(case.liaison).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert client_for(world.actors.deputy).get(url).status_code == 404  # checked before handing over


def test_reply_serializer_exposes_the_download_url_and_the_schema_says_so(world: World, client_for: Any) -> None:
    case, attachment = _signed_with_file(world)
    body = client_for(case.liaison).get(reverse("api:reply-detail", kwargs={"pk": case.reply.pk})).json()
    (item,) = body["attachments"]
    assert item["name"] == "答复意见.pdf"
    assert item["download_url"].endswith(reverse("api:attachment-download", kwargs={"pk": attachment.pk}))
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    reply = schema["components"]["schemas"]["Reply"]["properties"]
    assert reply["attachments"]["items"]["$ref"].endswith("/Attachment")
    assert "download_url" in schema["components"]["schemas"]["Attachment"]["properties"]
    download = schema["paths"]["/api/v1/attachments/{id}/download/"]["get"]
    assert {"200", "404"} <= set(download["responses"])


def test_published_replys_files_are_public(world: World, client_for: Any) -> None:
    from oversight.services.replies import reply_accept

    case, attachment = _signed_with_file(world)
    reply_accept(reply=case.reply, actor=world.actors.staff)
    case.reply.refresh_from_db()
    assert case.reply.published
    url = reverse("api:attachment-download", kwargs={"pk": attachment.pk})
    assert client_for(None).get(url).status_code == 200
    body = client_for(None).get(reverse("api:public-reply-detail", kwargs={"pk": case.reply.pk})).json()
    assert body["attachments"][0]["download_url"].endswith(url)
