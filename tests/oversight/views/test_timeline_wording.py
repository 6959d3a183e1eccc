"""The 办理轨迹 records one 交办 with every unit and role, and says what a status changed to."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.models import Assignment
from oversight.services import assignments as a_svc
from tests.oversight.views import flow

pytestmark = pytest.mark.django_db


def test_one_assignment_entry_with_roles_and_readable_status(client: Any, actors: Any) -> None:
    suggestion = flow.registered(actors)
    a_svc.suggestion_assign(
        suggestion=suggestion,
        actor=actors.staff,
        units=[(actors.unit_a, Assignment.Role.LEAD), (actors.unit_b, Assignment.Role.CO)],
    )
    client.force_login(actors.staff)
    html = client.get(f"/suggestions/{suggestion.pk}/").content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    assert timeline.count("<strong>交办</strong>") == 1 and "交办至承办单位" not in timeline
    assert "市住房和城乡建设局（主办）、市教育局（协办）" in timeline
    assert "状态变更" not in html
