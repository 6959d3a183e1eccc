"""重点督办进展报告 pages: staff schedule, the unit files, deputies read; other units see nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from oversight.models import ProgressReport
from oversight.services import suggestions
from tests.oversight.services.conftest import START, accepted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_schedule_unit_files_deputy_reads(actors: Any) -> None:
    (lead,) = accepted(actors)
    suggestion = suggestions.suggestion_set_key(suggestion=lead.suggestion, actor=actors.staff, is_key=True)
    url = f"/suggestions/{suggestion.pk}/progress/"
    staff = _client(actors.staff)
    assert "重点督办进展报告" in staff.get(f"/suggestions/{suggestion.pk}/").content.decode()
    assert staff.post(url, {"dates": "2026-04-30，2026-06-30"}).status_code == 302
    assert staff.post(url, {"dates": "四月底"}).status_code == 400
    report = ProgressReport.objects.order_by("due_on").first()
    assert report is not None

    unit = _client(actors.liaison_a)
    page = unit.get(url).content.decode()
    assert "报送进展情况" in page and "安排进展报告" not in page
    assert unit.post(f"/progress/{report.pk}/file/", {"content": "已完成勘察。"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "filed"

    deputy_page = _client(actors.deputy).get(url).content.decode()
    assert "已完成勘察。" in deputy_page and "<form" not in deputy_page.split("<main")[-1].split("</main>")[0]
    assert _client(actors.liaison_b).get(url).status_code == 404
    assert _client(actors.liaison_b).post(f"/progress/{report.pk}/file/", {"content": "x"}).status_code == 404
