"""The 审议意见 pages: staff list/detail/forms, the unit's items, report form and sign-off."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from oversight.models import DeliberationOpinion, Escalation, FollowUpReport, OpinionItem
from oversight.services.deliberation import ItemInput, opinion_create, report_record_outcome
from oversight.services.deliberation_reports import report_sign, report_submit
from tests.oversight.deliberation.conftest import MEETING, commented_report, issue, item_of


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Pages render {% static %}; the manifest only exists after collectstatic, which tests skip."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def issued(opinion: DeliberationOpinion, actors: Any, clock: Any) -> DeliberationOpinion:
    return issue(opinion, actors, clock)


def test_staff_list_shows_every_opinion_and_units_only_issued_ones(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    assert opinion.title in browser(actors.staff).get("/deliberation/").content.decode()
    assert opinion.title not in browser(actors.liaison_a).get("/deliberation/").content.decode()
    issue(opinion, actors, clock)
    unit_page = browser(actors.liaison_a).get("/deliberation/").content.decode()
    assert opinion.title in unit_page
    assert 'href="/deliberation/" aria-current="page"' in unit_page  # the nav link
    assert browser(actors.outsider).get("/deliberation/").status_code == 404
    assert Client().get("/deliberation/").status_code == 302


@pytest.mark.parametrize("count", [1, 6])
def test_list_query_count_does_not_grow_with_rows(
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
    client = browser(actors.staff)
    # 1 the session with the person, their unit roles, deputy profile and unread notifications (nav
    # and header, one query: security/sessions.py), 2 page of opinions with item counts and next due
    # date, and their capped count in the same query (oversight.paging.PageFirstPaginator).
    client.get("/deliberation/")  # warm the header's to-do counts (cached until the timeline changes)
    with django_assert_num_queries(2):
        response = client.get("/deliberation/")
    assert response.content.decode().count("审议意见") >= count


def test_staff_detail_shows_items_deadline_explanations_and_timeline(issued: DeliberationOpinion, actors: Any) -> None:
    page = browser(actors.staff).get(f"/deliberation/{issued.pk}/").content.decode()
    assert "加快老旧小区改造进度" in page and "统筹配建学校" in page
    assert "依法顺延至 2026-05-06" in page  # the report deadline's explanation
    assert "5 个工作日后为 2026-03-09" in page  # the issue window, met
    assert "交办审议意见" in page and "起草审议意见" in page


def test_unit_detail_shows_only_its_own_item(issued: DeliberationOpinion, actors: Any) -> None:
    commented_report(item_of(issued, 1), actors)
    page = browser(actors.liaison_b).get(f"/deliberation/{issued.pk}/").content.decode()
    assert "统筹配建学校" in page
    assert "加快老旧小区改造进度" not in page
    assert "已完成改造 120 个小区" not in page  # unit A's report
    assert "委员会评议" not in page


@pytest.mark.parametrize("who", ["outsider", "deputy", "reviewer"])
def test_detail_is_404_for_people_without_an_item(issued: DeliberationOpinion, actors: Any, who: str) -> None:
    assert browser(getattr(actors, who)).get(f"/deliberation/{issued.pk}/").status_code == 404


def test_draft_is_404_for_its_own_unit(opinion: DeliberationOpinion, actors: Any) -> None:
    assert browser(actors.liaison_a).get(f"/deliberation/{opinion.pk}/").status_code == 404


def test_staff_draft_an_opinion_through_the_form(actors: Any, clock: Any) -> None:
    data = {
        "title": "关于检察工作报告的审议意见",
        "meeting_name": "第二十次会议",
        "meeting_date": "2026-03-02",
        "report_type": "special_work",
        "committee": "监察和司法工委",
        "unit_1": actors.unit_a.pk,
        "content_1": "加强公益诉讼检察。",
    }
    response = browser(actors.staff).post("/deliberation/new/", data)
    opinion = DeliberationOpinion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deliberation/{opinion.pk}/"
    assert [i.content for i in opinion.items.all()] == ["加强公益诉讼检察。"]


def test_draft_form_refuses_an_item_without_content(actors: Any, clock: Any) -> None:
    data = {
        "title": "审议意见",
        "meeting_name": "第二十次会议",
        "meeting_date": "2026-03-02",
        "report_type": "other",
        "committee": "办公厅",
        "unit_1": actors.unit_a.pk,
    }
    response = browser(actors.staff).post("/deliberation/new/", data)
    assert response.status_code == 200
    assert "责任单位和意见内容须同时填写" in response.content.decode()
    assert not DeliberationOpinion.objects.exists()
    assert browser(actors.liaison_a).get("/deliberation/new/").status_code == 404


def test_staff_issue_through_the_form_and_units_cannot(opinion: DeliberationOpinion, actors: Any, clock: Any) -> None:
    assert browser(actors.liaison_a).post(f"/deliberation/{opinion.pk}/issue/", {}).status_code == 404
    response = browser(actors.staff).post(f"/deliberation/{opinion.pk}/issue/", {"issued_on": "2026-03-02"})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == "issued"
    again = browser(actors.staff).post(f"/deliberation/{opinion.pk}/issue/", {"issued_on": "2026-03-02"})
    assert again.status_code == 409


def test_liaison_reports_with_attachment_and_head_signs(
    issued: DeliberationOpinion, actors: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    item_a = item_of(issued, 1)
    url = f"/deliberation/items/{item_a.pk}/report/"
    assert browser(actors.liaison_b).get(url).status_code == 404
    assert browser(actors.liaison_a).get(url).status_code == 200
    upload = SimpleUploadedFile("台账.pdf", b"%PDF-1.4 data", content_type="application/pdf")
    response = browser(actors.liaison_a).post(url, {"content": "已完成改造。", "attachments": [upload]})
    assert response.status_code == 302
    report = FollowUpReport.objects.get()
    assert [a.name for a in report.attachments.all()] == ["台账.pdf"]
    sign_url = f"/deliberation/reports/{report.pk}/sign/"
    assert browser(actors.head_b).post(sign_url).status_code == 404
    assert browser(actors.liaison_a).post(sign_url).status_code == 403
    assert browser(actors.head_a).post(sign_url).status_code == 302
    report.refresh_from_db()
    assert report.status == "signed"


def test_plan_form_for_the_owning_unit(issued: DeliberationOpinion, actors: Any) -> None:
    item_b = item_of(issued, 2)
    assert browser(actors.liaison_a).post(f"/deliberation/items/{item_b.pk}/plan/", {"content": "x"}).status_code == 404
    response = browser(actors.liaison_b).post(f"/deliberation/items/{item_b.pk}/plan/", {"content": "新建学校三所"})
    assert response.status_code == 302
    assert item_b.plans.get().content == "新建学校三所"


def test_staff_comment_form_and_send_to_vote(issued: DeliberationOpinion, actors: Any) -> None:
    report = report_submit(item=item_of(issued, 1), actor=actors.liaison_a, content="报告")
    url = f"/deliberation/reports/{report.pk}/comment/"
    assert browser(actors.staff).post(url, {"comment": "意见"}).status_code == 409  # not signed yet
    report_sign(report=report, actor=actors.head_a)
    assert browser(actors.liaison_a).post(url, {"comment": "意见"}).status_code == 404
    assert browser(actors.staff).post(url, {"comment": "进展明显"}).status_code == 302
    assert browser(actors.staff).post(f"/deliberation/reports/{report.pk}/send-to-vote/").status_code == 302
    assert OpinionItem.objects.get(pk=report.item_id).status == "voting"


def test_escalation_form_records_the_councils_decision(issued: DeliberationOpinion, actors: Any) -> None:
    item_a = item_of(issued, 1)
    url = f"/deliberation/items/{item_a.pk}/escalation/"
    body = {"kind": "self_criticism", "decided_on": "2026-03-02", "note": "责成书面检查"}
    assert browser(actors.staff).post(url, body).status_code == 409
    for _ in range(2):
        report_record_outcome(report=commented_report(item_of(issued, 1), actors), passed=False, actor=actors.staff)
    page = browser(actors.staff).get(f"/deliberation/{issued.pk}/").content.decode()
    assert "需提请主任会议" in page and "记录主任会议决定" in page
    assert browser(actors.liaison_a).post(url, body).status_code == 404
    assert browser(actors.staff).post(url, body).status_code == 302
    assert Escalation.objects.get().get_kind_display() == "书面检查"


def test_my_items_lists_only_the_units_own_items(issued: DeliberationOpinion, actors: Any) -> None:
    page = browser(actors.liaison_a).get("/deliberation/mine/").content.decode()
    assert "加快老旧小区改造进度" in page and "统筹配建学校" not in page
    assert "2026-05-06" in page
    assert browser(actors.staff).get("/deliberation/mine/").status_code == 404


def test_reminder_link_of_an_item_leads_to_its_opinion(issued: DeliberationOpinion, actors: Any) -> None:
    item_a = item_of(issued, 1)
    response = browser(actors.liaison_a).get(f"/deliberation/items/{item_a.pk}/")
    assert response["Location"] == f"/deliberation/{issued.pk}/#item-{item_a.pk}"
    assert browser(actors.liaison_b).get(f"/deliberation/items/{item_a.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 4])
def test_my_items_query_count_does_not_grow_with_rows(
    actors: Any, clock: Any, count: int, django_assert_num_queries: Any
) -> None:
    for n in range(count):
        opinion = opinion_create(
            actor=actors.staff,
            title=f"审议意见{n}",
            meeting_name="第二十次会议",
            meeting_date=MEETING,
            report_type="other",
            committee="办公厅",
            items=[ItemInput(unit=actors.unit_a, content=f"意见{n}")],
        )
        issue(opinion, actors, clock)
    client = browser(actors.head_a)  # a head also gets the sign-off queue
    # 1 the session with the person, their unit roles, deputy profile and unread notifications (one
    # query), 2 reports awaiting the head's sign-off, 3 page of items with opinion, unit, next due
    # date and their capped count.
    client.get("/deliberation/mine/")  # warm the header's to-do counts (cached until the timeline changes)
    with django_assert_num_queries(3):
        response = client.get("/deliberation/mine/")
    assert response.content.decode().count("#item-") == count


def test_an_empty_post_shows_the_forms_errors(issued: DeliberationOpinion, actors: Any) -> None:
    item_a = item_of(issued, 1)
    response = browser(actors.liaison_a).post(f"/deliberation/items/{item_a.pk}/report/", {})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not FollowUpReport.objects.exists()


def test_head_sees_reports_awaiting_sign_off_and_signs_from_the_list(issued: DeliberationOpinion, actors: Any) -> None:
    report = report_submit(item=item_of(issued, 1), actor=actors.liaison_a, content="报告")
    sign_url = f"/deliberation/reports/{report.pk}/sign/"
    assert sign_url in browser(actors.head_a).get("/deliberation/mine/").content.decode()
    assert sign_url not in browser(actors.liaison_a).get("/deliberation/mine/").content.decode()
    assert sign_url not in browser(actors.head_b).get("/deliberation/mine/").content.decode()
    assert browser(actors.head_a).post(sign_url).status_code == 302
    assert sign_url not in browser(actors.head_a).get("/deliberation/mine/").content.decode()


def test_staff_publish_and_withdraw_an_issued_opinion(issued: DeliberationOpinion, actors: Any) -> None:
    url = f"/deliberation/{issued.pk}/publish/"
    assert browser(actors.liaison_a).post(url, {"published": "1"}).status_code == 404
    assert browser(actors.staff).post(url, {"published": "1"}).status_code == 302
    issued.refresh_from_db()
    assert issued.published
    assert browser(actors.staff).post(url, {"published": "0"}).status_code == 302
    issued.refresh_from_db()
    assert not issued.published


def test_a_draft_cannot_be_published_from_the_page(opinion: DeliberationOpinion, actors: Any) -> None:
    response = browser(actors.staff).post(f"/deliberation/{opinion.pk}/publish/", {"published": "1"})
    assert response.status_code == 409
    opinion.refresh_from_db()
    assert not opinion.published


@pytest.mark.parametrize("count", [1, 4])
def test_detail_query_count_does_not_grow_with_items(
    actors: Any, clock: Any, count: int, django_assert_num_queries: Any
) -> None:
    opinion = opinion_create(
        actor=actors.staff,
        title="审议意见",
        meeting_name="第二十次会议",
        meeting_date=MEETING,
        report_type="other",
        committee="办公厅",
        items=[ItemInput(unit=actors.unit_a, content=f"意见{n}") for n in range(count)],
    )
    issue(opinion, actors, clock)
    for item in opinion.items.all():
        commented_report(item, actors)
    client = browser(actors.staff)
    # 1 the session with the person, their unit roles, deputy profile (nav) and unread notifications
    # (security/sessions.py), 2 opinion, 3 timeline ⋈ actor, 4 deadlines ⋈ subject type, 5 items ⋈
    # unit, 6 plans, 7 escalations, 8 reports, 9 their attachments, 10 the items' deadlines.
    client.get(f"/deliberation/{opinion.pk}/")  # warm the header's to-do counts (cached until the timeline changes)
    with django_assert_num_queries(10):
        response = client.get(f"/deliberation/{opinion.pk}/")
    assert response.content.decode().count('<section class="card" id="item-') == count
