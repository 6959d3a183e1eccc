"""Workflow 2 end to end through the API only: draft, issue, report, sign, comment, a real
voting round that fails it, rectification with its new deadline, a second round that passes."""

from __future__ import annotations

# "Today" here is the frozen clock of tests/conftest.py (time_machine travels to FROZEN_NOW for every test).
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.oversight.deliberation.conftest import at


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.json())
    return response.json()


def vote_on(report_id: int, actors: Any, reviewers: list[Any], choice: str) -> None:
    staff = api(actors.staff)
    now = timezone.now()
    voting_round = ok(
        staff.post(
            "/api/v1/voting-rounds/",
            {
                "title": "审议意见研究处理情况满意度测评",
                "meeting_name": "第二十二次会议",
                "meeting_date": timezone.localdate().isoformat(),
                "opens_at": now.isoformat(),
                "closes_at": (now + timedelta(hours=2)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    base = f"/api/v1/voting-rounds/{voting_round['id']}"
    body = {"kind": "follow_up", "subject_type": "oversight.followupreport", "subject_id": report_id}
    vote_item = ok(staff.post(f"{base}/items/", body, format="json"), 201)
    ok(staff.post(f"{base}/reviewers/", {"reviewers": [r.pk for r in reviewers]}, format="json"))
    ok(staff.post(f"{base}/open/"))
    for reviewer in reviewers:
        ballot = {"choices": [{"item": vote_item["id"], "choice": choice}]}
        ok(api(reviewer).post(f"{base}/ballot/", ballot, format="json"), 201)
    ok(staff.post(f"{base}/close/"))


def report_round(item_id: int, actors: Any) -> int:
    report = ok(
        api(actors.liaison_a).post(f"/api/v1/opinion-items/{item_id}/report/", {"content": "整改情况"}, format="json"),
        201,
    )
    ok(api(actors.head_a).post(f"/api/v1/followup-reports/{report['id']}/sign/"))
    ok(
        api(actors.staff).post(
            f"/api/v1/followup-reports/{report['id']}/comment/", {"comment": "请补充"}, format="json"
        )
    )
    return int(report["id"])


def test_opinion_fails_a_vote_goes_to_rectification_then_passes(actors: Any, clock: Any) -> None:
    cache.clear()  # throttle counters
    reviewers = [actors.reviewer, *(UserFactory(username=f"member{n}", is_reviewer=True) for n in range(2))]
    staff = api(actors.staff)
    opinion = ok(
        staff.post(
            "/api/v1/opinions/",
            {
                "title": "关于城市更新工作情况报告的审议意见",
                "meeting_name": "第二十次会议",
                "meeting_date": "2026-03-02",
                "report_type": "special_work",
                "committee": "城建环资工委",
                "items": [{"unit": actors.unit_a.pk, "content": "加快老旧小区改造。"}],
            },
            format="json",
        ),
        201,
    )
    clock.move_to(at(date(2026, 3, 4)))
    ok(staff.post(f"/api/v1/opinions/{opinion['id']}/issue/", {}, format="json"))
    item_id = opinion["items"][0]["id"]

    clock.move_to(at(date(2026, 5, 20)))
    vote_on(report_round(item_id, actors), actors, reviewers, "unsatisfied")
    item = ok(api(actors.liaison_a).get(f"/api/v1/opinion-items/{item_id}/"))
    assert (item["status"], item["round"], item["failures"]) == ("rectification", 2, 1)
    deadlines = ok(api(actors.liaison_a).get(f"/api/v1/opinions/{opinion['id']}/"))["deadlines"]
    rectification = next(d for d in deadlines if d["kind"] == "rectification")
    assert rectification["due"] == "2026-07-20"
    assert "满意度测评未通过" in rectification["explanation"]

    clock.move_to(at(date(2026, 7, 6)))
    vote_on(report_round(item_id, actors), actors, reviewers, "satisfied")
    assert ok(staff.get(f"/api/v1/opinions/{opinion['id']}/"))["status"] == "closed"
    actions = [e["action"] for e in ok(staff.get(f"/api/v1/opinions/{opinion['id']}/timeline/"))["results"]]
    assert actions.count("report.send_to_vote") == 2
    assert actions[-3:] == ["report.vote_pass", "item.close", "opinion.close"]
