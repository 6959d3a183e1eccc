"""/api/v1/ for 审议意见: each action for the right actor, and 404 for what a person may not see."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem
from oversight.services.deliberation import ItemInput, opinion_create, report_record_outcome
from tests.oversight.deliberation.conftest import MEETING, at, commented_report, issue, item_of


@pytest.fixture(autouse=True)
def _clean_throttles() -> Any:
    cache.clear()
    yield
    cache.clear()


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def issued(opinion: DeliberationOpinion, actors: Any, clock: Any) -> DeliberationOpinion:
    return issue(opinion, actors, clock)


CREATE = {
    "title": "关于执法检查报告的审议意见",
    "meeting_name": "第二十一次会议",
    "meeting_date": "2026-03-02",
    "report_type": "law_enforcement",
    "committee": "内务司法工委",
}


def test_staff_create_an_opinion_with_items(actors: Any, clock: Any) -> None:
    body = {**CREATE, "items": [{"unit": actors.unit_a.pk, "content": "加大执法力度。"}]}
    response = api(actors.staff).post("/api/v1/opinions/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert [i["unit"] for i in data["items"]] == [actors.unit_a.pk]
    assert data["deadlines"][0]["due"] == "2026-03-09"
    assert "5 个工作日" in data["deadlines"][0]["explanation"]


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "deputy", "outsider"])
def test_only_staff_create_opinions(actors: Any, clock: Any, who: str) -> None:
    body = {**CREATE, "items": [{"unit": actors.unit_a.pk, "content": "意见"}]}
    assert api(getattr(actors, who)).post("/api/v1/opinions/", body, format="json").status_code == 403
    assert not DeliberationOpinion.objects.exists()


def test_create_without_items_is_a_400_with_field_errors(actors: Any, clock: Any) -> None:
    response = api(actors.staff).post("/api/v1/opinions/", {**CREATE, "items": []}, format="json")
    assert response.status_code == 400
    assert "items" in response.json()["fields"]


def test_draft_is_invisible_to_units_and_issue_makes_it_visible(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    url = f"/api/v1/opinions/{opinion.pk}/"
    assert api(actors.liaison_a).get(url).status_code == 404
    assert api(actors.liaison_a).post(f"{url}issue/", {}, format="json").status_code == 403
    clock.move_to(at(date(2026, 3, 5)))
    response = api(actors.staff).post(f"{url}issue/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "issued"
    assert api(actors.staff).post(f"{url}issue/", {}, format="json").status_code == 409
    detail = api(actors.liaison_b).get(url).json()
    # Unit B sees the opinion but only its own item and its own deadline.
    assert [i["unit"] for i in detail["items"]] == [actors.unit_b.pk]
    assert [d["kind"] for d in detail["deadlines"]] == ["follow_up_report"]


@pytest.mark.parametrize("who", ["outsider", "deputy", "reviewer"])
def test_opinion_is_404_for_people_without_an_item(issued: DeliberationOpinion, actors: Any, who: str) -> None:
    client = api(getattr(actors, who))
    assert client.get(f"/api/v1/opinions/{issued.pk}/").status_code == 404
    assert client.get(f"/api/v1/opinions/{issued.pk}/timeline/").status_code == 404
    assert client.get("/api/v1/opinions/").json()["count"] == 0


def test_another_units_item_and_report_answer_404(issued: DeliberationOpinion, actors: Any) -> None:
    item_a = item_of(issued, 1)
    report = commented_report(item_a, actors)
    other = api(actors.liaison_b)
    assert other.get(f"/api/v1/opinion-items/{item_a.pk}/").status_code == 404
    assert other.post(f"/api/v1/opinion-items/{item_a.pk}/report/", {"content": "x"}).status_code == 404
    assert other.get(f"/api/v1/followup-reports/{report.pk}/").status_code == 404
    assert api(actors.head_b).post(f"/api/v1/followup-reports/{report.pk}/sign/").status_code == 404
    assert other.get("/api/v1/followup-reports/").json()["count"] == 0
    assert api(actors.liaison_a).get(f"/api/v1/followup-reports/{report.pk}/").status_code == 200


def test_unit_reports_with_attachment_head_signs_staff_comment_and_send_to_vote(
    issued: DeliberationOpinion, actors: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    item_a = item_of(issued, 1)
    plan = api(actors.liaison_a).post(
        f"/api/v1/opinion-items/{item_a.pk}/plan/", {"content": "分批推进"}, format="json"
    )
    assert plan.status_code == 201
    upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = api(actors.liaison_a).post(
        f"/api/v1/opinion-items/{item_a.pk}/report/", {"content": "已完成", "attachments": [upload]}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    report = response.json()
    assert [a["name"] for a in report["attachments"]] == ["报告.pdf"]
    sign_url = f"/api/v1/followup-reports/{report['id']}/sign/"
    assert api(actors.liaison_a).post(sign_url).status_code == 403
    assert api(actors.head_a).post(sign_url).json()["status"] == "signed"
    assert api(actors.head_a).post(sign_url).status_code == 409
    comment_url = f"/api/v1/followup-reports/{report['id']}/comment/"
    assert api(actors.head_a).post(comment_url, {"comment": "好"}, format="json").status_code == 403
    assert api(actors.staff).post(comment_url, {"comment": "好"}, format="json").json()["status"] == "commented"
    vote_url = f"/api/v1/followup-reports/{report['id']}/send-to-vote/"
    assert api(actors.staff).post(vote_url).json()["status"] == "voting"
    assert OpinionItem.objects.get(pk=item_a.pk).status == "voting"


def test_report_attachment_is_checked_by_content_and_downloaded_through_the_checked_view(
    issued: DeliberationOpinion, actors: Any
) -> None:
    item_a = item_of(issued, 1)
    url = f"/api/v1/opinion-items/{item_a.pk}/report/"
    page = SimpleUploadedFile("报告.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    refused = api(actors.liaison_a).post(url, {"content": "已完成", "attachments": [page]}, format="multipart")
    assert refused.status_code == 400 and "内容与扩展名不符" in refused.json()["message"]
    upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4 data", content_type="application/pdf")
    report = api(actors.liaison_a).post(url, {"content": "已完成", "attachments": [upload]}, format="multipart").json()
    (attachment,) = report["attachments"]
    download = attachment["download_url"]
    assert download.endswith(f"/api/v1/report-attachments/{attachment['id']}/download/")
    assert api(actors.liaison_b).get(download).status_code == 404
    response = api(actors.liaison_a).get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")


def test_escalation_action_is_409_until_the_council_is_seized(issued: DeliberationOpinion, actors: Any) -> None:
    item_a = item_of(issued, 1)
    url = f"/api/v1/opinion-items/{item_a.pk}/escalation/"
    body = {"kind": "inquiry", "decided_on": "2026-03-05", "note": "专题询问"}
    assert api(actors.staff).post(url, body, format="json").status_code == 409
    for _ in range(2):
        report_record_outcome(report=commented_report(item_of(issued, 1), actors), passed=False, actor=actors.staff)
    assert api(actors.liaison_a).post(url, body, format="json").status_code == 403
    response = api(actors.staff).post(url, body, format="json")
    assert response.status_code == 201
    assert response.json()["kind_display"] == "询问"
    assert api(actors.staff).get(f"/api/v1/opinion-items/{item_a.pk}/").json()["status"] == "rectification"


def _timeline_actions(user: Any, opinion: DeliberationOpinion) -> list[str]:
    return [e["action"] for e in api(user).get(f"/api/v1/opinions/{opinion.pk}/timeline/").json()["results"]]


def test_timeline_of_a_unit_leaves_out_other_bodies_reports(issued: DeliberationOpinion, actors: Any) -> None:
    commented_report(item_of(issued, 1), actors)
    staff_actions = [
        e["action"] for e in api(actors.staff).get(f"/api/v1/opinions/{issued.pk}/timeline/").json()["results"]
    ]
    assert staff_actions == ["opinion.create", "opinion.issue", "report.submit", "report.sign", "report.comment"]
    unit_b = [
        e["action"] for e in api(actors.liaison_b).get(f"/api/v1/opinions/{issued.pk}/timeline/").json()["results"]
    ]
    assert unit_b == ["opinion.create", "opinion.issue"]
    unit_a = [
        e["action"] for e in api(actors.liaison_a).get(f"/api/v1/opinions/{issued.pk}/timeline/").json()["results"]
    ]
    assert unit_a == staff_actions


def test_filters_by_status_unit_report_type_and_overdue(issued: DeliberationOpinion, actors: Any, clock: Any) -> None:
    other = opinion_create(
        actor=actors.staff,
        title="预算执行审议意见",
        meeting_name="第二十次会议",
        meeting_date=MEETING,
        report_type="plan_budget_audit",
        committee="财经工委",
        items=[ItemInput(unit=actors.unit_b, content="规范预算执行。")],
    )
    client = api(actors.staff)

    def ids(query: str) -> list[int]:
        return [o["id"] for o in client.get(f"/api/v1/opinions/?{query}").json()["results"]]

    assert ids("status=draft") == [other.pk]
    assert ids(f"unit={actors.unit_a.pk}") == [issued.pk]
    assert ids("report_type=plan_budget_audit") == [other.pk]
    assert ids("overdue=true") == []
    clock.move_to(at(date(2026, 5, 7)))
    # The draft's issue window and the issued opinion's report deadlines have both passed.
    assert sorted(ids("overdue=true")) == sorted([issued.pk, other.pk])
    items = client.get(f"/api/v1/opinion-items/?overdue=true&unit={actors.unit_a.pk}").json()
    assert [i["id"] for i in items["results"]] == [item_of(issued, 1).pk]


@pytest.mark.parametrize("count", [1, 5])
def test_opinion_list_query_count_does_not_grow_with_rows(
    actors: Any, clock: Any, count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        opinion_create(
            actor=actors.staff,
            title=f"审议意见{n}",
            meeting_name="第二十次会议",
            meeting_date=MEETING,
            report_type="other",
            committee="办公厅",
            items=[ItemInput(unit=actors.unit_a, content="意见")],
        )
    client = api(actors.staff)
    # 1 page of opinions (it ends the list, so it is its own count: oversight/api/pagination.py).
    with django_assert_num_queries(1):
        response = client.get("/api/v1/opinions/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 4])
def test_report_list_query_count_does_not_grow_with_rows(
    issued: DeliberationOpinion, actors: Any, count: int, django_assert_num_queries: Any
) -> None:
    item_a = item_of(issued, 1)
    for _ in range(count):
        report_record_outcome(report=commented_report(item_a, actors), passed=False, actor=actors.staff)
        item_a.refresh_from_db()
        if item_a.status == "council":
            from oversight.services.deliberation import escalation_record

            escalation_record(item=item_a, actor=actors.staff, kind="inquiry", decided_on=date(2026, 3, 5))
    client = api(actors.liaison_a)
    # 1 page of reports with their items (its own count: it ends the list), 2 their attachments
    # (unit roles are cached).
    with django_assert_num_queries(2):
        response = client.get("/api/v1/followup-reports/")
    assert response.json()["count"] == count == FollowUpReport.objects.count()


@pytest.mark.parametrize("count", [1, 5])
def test_item_list_query_count_does_not_grow_with_rows(
    actors: Any, clock: Any, count: int, django_assert_num_queries: Any
) -> None:
    opinion_create(
        actor=actors.staff,
        title="审议意见",
        meeting_name="第二十次会议",
        meeting_date=MEETING,
        report_type="other",
        committee="办公厅",
        items=[ItemInput(unit=actors.unit_a, content=f"意见{n}") for n in range(count)],
    )
    client = api(actors.staff)
    # 1 page of items joined with their unit (its own count: it ends the list).
    with django_assert_num_queries(1):
        response = client.get("/api/v1/opinion-items/")
    assert [i["unit_name"] for i in response.json()["results"]] == [actors.unit_a.name] * count
