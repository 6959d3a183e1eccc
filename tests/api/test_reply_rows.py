"""The reply list builds its rows from values (oversight/api/reply_rows.py): for every role of the
canary world, every order the list offers and both languages, the same JSON as ``ReplySerializer``
renders for the same replies — the reviewer's note blanked where the role may not read it, the
attachments with their absolute download URLs."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient, APIRequestFactory

from oversight.api.serializers.replies import ReplySerializer
from oversight.models import Reply
from tests.api.canary_world import build, listed_as
from tests.api.world import World

URL = reverse("api:reply-list")


def _expected(user: Any, language: str) -> list[dict[str, Any]]:
    request = APIRequestFactory().get(URL)
    request.user = user
    qs = Reply.objects.visible_to(user).select_related("assignment").prefetch_related("attachments")
    with translation.override(language):
        data = ReplySerializer(list(qs), many=True, context={"request": request}).data
    return [dict(row) for row in data]


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["", "-sent_on", "status"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_reply_rows_are_exactly_what_the_serializer_renders(world: World, ordering: str, language: str) -> None:
    case = build(world)
    world.advance("delivered")  # cases A and B of the world too
    seen_notes = seen_files = 0
    for role, user in case.users.items():
        if user is None:
            continue
        listed = listed_as(user, URL, ordering, language)
        expected = _expected(user, language)
        if ordering:  # the order is the ordering filter's, unchanged: the rows are compared by id
            listed, expected = (sorted(rows, key=lambda row: row["id"]) for rows in (listed, expected))
        assert listed == expected, role
        seen_notes += sum(1 for row in listed if row["review_note"])
        seen_files += sum(len(row["attachments"]) for row in listed)
    # Not vacuous: some role read a reviewer's note and some reply's files.
    assert seen_notes and seen_files


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["", "category"])
def test_public_reply_rows_are_exactly_what_the_serializer_renders(world: World, ordering: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.api.serializers.public import PublicReplySerializer
    from oversight.models import Attachment

    case = build(world)
    world.advance("delivered")
    for name in ("答复附件.pdf", "附表.pdf"):  # files on a published reply, shown to everyone
        Attachment.objects.create(
            reply=case.delivered,
            file=SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            name=name,
            size=16,
            content_type="application/pdf",
            uploaded_by=world.actors.liaison_a,
        )
    url = reverse("api:public-reply-list")
    params = {"page_size": "100", **({"ordering": ordering} if ordering else {})}
    listed = APIClient().get(url, params).json()["results"]
    qs = (
        Reply.objects.published()
        .select_related("assignment__unit", "assignment__suggestion__session")
        .prefetch_related("attachments")
        .order_by("-sent_on", "-id")
    )
    expected = [dict(row) for row in PublicReplySerializer(list(qs), many=True, context={"request": None}).data]
    if ordering:
        listed, expected = (sorted(rows, key=lambda row: row["id"]) for rows in (listed, expected))
    # The serializer without a request writes the download path; the list, as a request does, the URL.
    for row in expected:
        for file in row["attachments"]:
            file["download_url"] = "http://testserver" + file["download_url"]
    assert listed == expected
    assert len(listed) >= 2 and [len(row["attachments"]) for row in listed if row["id"] == case.delivered.pk] == [2]
