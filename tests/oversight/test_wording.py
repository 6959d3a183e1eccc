"""Length and size limits are told in plain Chinese, on pages and in the API."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.wording import size_label


def test_size_label_has_no_trailing_zero() -> None:
    assert size_label(20 * 1024 * 1024) == "20 MB"
    assert size_label(1536 * 1024) == "1.5 MB"
    assert size_label(500 * 1024) == "500 KB"


@pytest.mark.django_db
def test_too_long_title_is_explained_on_the_page_and_in_the_api(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    html = client.post("/staff/intake/", {"title": "长" * 201}).content.decode()
    assert "最多 200 个字，现在是 201 个字。" in html and "确保" not in html
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(actors.staff)
    response = api.post(
        "/api/v1/suggestions/",
        {"session": actors.session.pk, "title": "长" * 201, "content": "x", "lead_deputy": actors.deputy_profile.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "最多 200 个字。" in str(response.json())
