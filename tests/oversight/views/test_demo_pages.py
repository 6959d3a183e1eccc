"""`make run` loads the demo data; every demo login must reach working pages with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from oversight.models import Assignment, Suggestion, User

pytestmark = pytest.mark.django_db

WORKBENCHES = {"staff": "/staff/", "zjj_liaison": "/unit/", "zjj_head": "/unit/", "deputy": "/deputy/"}
STAFF_LISTS = ("/staff/overdue/", "/staff/due-soon/", "/staff/replies/", "/staff/requests/", "/staff/suggestions/")


def test_demo_logins_reach_working_pages(client: Any) -> None:
    # One test, because loading the demo data is the slow part.
    call_command("load_demo", verbosity=0)
    for username, workbench in WORKBENCHES.items():
        user = User.objects.get(username=username)
        client.force_login(user)
        assert client.get("/")["Location"] == "/todo/", username
        assert client.get("/todo/").status_code == 200, username
        assert client.get(workbench).status_code == 200, username
        for suggestion in Suggestion.objects.visible_to(user)[:10]:
            assert client.get(f"/suggestions/{suggestion.pk}/").status_code == 200, (username, suggestion.pk)
        for assignment in Assignment.objects.visible_to(user).filter(unit_id__in=user.unit_ids())[:10]:
            assert client.get(f"/unit/assignments/{assignment.pk}/").status_code == 200, (username, assignment.pk)
    # The demo's long-closed rating window: staff owe the outcome, with the overdue mark.
    client.force_login(User.objects.get(username="staff"))
    todo = client.get("/todo/").content.decode()
    assert "评价期已过" in todo and "已逾期" in todo
    for url in STAFF_LISTS:
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get("/public/replies/").status_code == 200
