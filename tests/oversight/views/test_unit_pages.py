from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from oversight.models import Assignment, ContactRecord, Reply
from oversight.services import replies as r_svc
from tests.oversight.views import flow

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize("who", ["staff", "deputy", "reviewer", "outsider"])
def test_unit_workbench_is_404_for_people_without_a_unit(client: Any, actors: Any, who: str) -> None:
    client.force_login(getattr(actors, who))
    assert client.get("/unit/").status_code == 404


def test_work_list_sorted_by_due_date_with_countdown_and_explanation(client: Any, actors: Any) -> None:
    later = flow.accepted(actors, title="后到期的建议")  # only the 3-month reply deadline is open
    sooner = flow.assigned(actors, title="先到期的建议")  # the 5-working-day return window is open
    client.force_login(actors.liaison_a)
    html = client.get("/unit/").content.decode()
    assert html.index(sooner.suggestion.title) < html.index(later.suggestion.title)
    assert "还剩 5 个工作日" in html
    assert "个工作日后为" in html  # how the return window was computed
    assert "个月期满日为" in html  # how the reply deadline was computed


def test_overdue_work_is_marked_in_colour(client: Any, actors: Any) -> None:
    flow.accepted(actors)
    with time_machine.travel(timezone.now() + timedelta(days=120), tick=False):
        client.force_login(actors.liaison_a)
        html = client.get("/unit/").content.decode()
    assert '<tr class="overdue">' in html
    assert "已逾期" in html


def test_other_units_work_is_not_listed(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors, unit=actors.unit_a)
    client.force_login(actors.liaison_b)
    assert assignment.suggestion.title not in client.get("/unit/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/unit/assignments/{a}/",
        "/unit/assignments/{a}/contact/",
        "/unit/assignments/{a}/reply/",
        "/unit/assignments/{a}/return/",
        "/unit/assignments/{a}/extension/",
        "/suggestions/{s}/",
    ],
)
def test_another_units_item_answers_404(client: Any, actors: Any, path: str) -> None:
    assignment = flow.accepted(actors)
    client.force_login(actors.liaison_b)
    url = path.format(a=assignment.pk, s=assignment.suggestion_id)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_another_units_reply_answers_404(client: Any, actors: Any) -> None:
    reply = flow.drafted(actors)
    client.force_login(actors.head_b)
    assert client.get(f"/unit/replies/{reply.pk}/").status_code == 404
    assert client.post(f"/unit/replies/{reply.pk}/sign/").status_code == 404
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT


def test_sign_for_then_again_answers_409(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors)
    client.force_login(actors.liaison_a)
    assert client.post(f"/unit/assignments/{assignment.pk}/accept/").status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED
    response = client.post(f"/unit/assignments/{assignment.pk}/accept/")
    assert response.status_code == 409
    assert "不能签收" in response.content.decode()


def test_return_and_extension_requests(client: Any, actors: Any) -> None:
    assignment = flow.accepted(actors)
    client.force_login(actors.liaison_a)
    response = client.post(f"/unit/assignments/{assignment.pk}/extension/", {"months": "9", "reason": ""})
    html = response.content.decode()
    assert "确保该值小于或等于3。" in html
    assert "该字段是必填项。" in html
    response = client.post(f"/unit/assignments/{assignment.pk}/extension/", {"months": "2", "reason": "需要立项。"})
    assert response.status_code == 302
    assert assignment.extension_requests.get().months == 2
    response = client.post(f"/unit/assignments/{assignment.pk}/return/", {"reason": "不属于本局职责。"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RETURN_REQUESTED


def test_contact_log_keeps_input_on_error(client: Any, actors: Any) -> None:
    assignment = flow.accepted(actors)
    client.force_login(actors.liaison_a)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/unit/assignments/{assignment.pk}/contact/",
        {"method": "meeting", "contacted_on": tomorrow, "summary": "面商线路走向。"},
    )
    html = response.content.decode()
    assert "不能晚于今天。" in html  # oversight.validation.not_in_future, shared with the API
    assert "面商线路走向。</textarea>" in html
    response = client.post(
        f"/unit/assignments/{assignment.pk}/contact/",
        {
            "method": "meeting",
            "contacted_on": timezone.localdate().isoformat(),
            "summary": "面商线路走向。",
            "deputy": actors.deputy_profile.pk,
        },
    )
    assert response.status_code == 302
    assert ContactRecord.objects.get().deputy == actors.deputy_profile


def test_reply_without_contact_is_refused_with_409_and_input_kept(client: Any, actors: Any) -> None:
    assignment = flow.accepted(actors)
    client.force_login(actors.liaison_a)
    response = client.post(
        f"/unit/assignments/{assignment.pk}/reply/", {"category": "A", "content": "已开通新线路。", "is_public": "on"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "答复前须与代表沟通" in html
    assert "已开通新线路。</textarea>" in html


def test_reply_with_attachment_and_commitment(client: Any, actors: Any) -> None:
    assignment = flow.contacted(actors)
    client.force_login(actors.liaison_a)
    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client.post(
        f"/unit/assignments/{assignment.pk}/reply/",
        {
            "category": "B",
            "content": "已列入明年计划。",
            "is_public": "on",
            "commitment_1": "明年6月前完成改造",
            "commitment_1_due": due,
            "attachments": [
                SimpleUploadedFile("批复.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()
    reply = Reply.objects.get()
    assert reply.category == "B"
    assert sorted(reply.attachments.values_list("name", flat=True)) == ["批复.pdf", "现场.png"]
    assert reply.proposed_commitments == [{"description": "明年6月前完成改造", "due_on": due}]


def test_b_reply_without_commitment_is_explained(client: Any, actors: Any) -> None:
    assignment = flow.contacted(actors)
    client.force_login(actors.liaison_a)
    response = client.post(f"/unit/assignments/{assignment.pk}/reply/", {"category": "B", "content": "正在解决。"})
    assert "B类答复须写明承诺事项及完成日期。" in response.content.decode()
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("说明.exe", b"MZ\x90\x00", "文件类型不允许"),
        ("伪装.pdf", b"MZ\x90\x00not a pdf", "内容与扩展名不符"),
        ("网页.pdf", b"<!doctype html><script>alert(1)</script>", "内容与扩展名不符"),
        ("图.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "文件类型不允许"),
        ("页面.html", b"<html></html>", "文件类型不允许"),
        ("照片.jpg", PNG, "内容与扩展名不符"),
    ],
)
def test_attachments_are_checked_by_extension_and_content(
    client: Any, actors: Any, name: str, content: bytes, message: str
) -> None:
    assignment = flow.contacted(actors)
    client.force_login(actors.liaison_a)
    response = client.post(
        f"/unit/assignments/{assignment.pk}/reply/",
        {"category": "A", "content": "已解决。", "attachments": [SimpleUploadedFile(name, content)]},
    )
    html = response.content.decode()
    assert message in html
    assert "已解决。</textarea>" in html
    assert not Reply.objects.exists()


def test_attachments_over_the_size_limit_are_refused(client: Any, actors: Any, settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = 100
    assignment = flow.contacted(actors)
    client.force_login(actors.liaison_a)
    response = client.post(
        f"/unit/assignments/{assignment.pk}/reply/",
        {"category": "A", "content": "已解决。", "attachments": [SimpleUploadedFile("大.pdf", PDF + b"0" * 200)]},
    )
    assert "“大.pdf”超过大小限制" in response.content.decode()
    assert not Reply.objects.exists()


def test_liaison_may_not_sign_off_and_gets_403(client: Any, actors: Any) -> None:
    reply = flow.drafted(actors)
    client.force_login(actors.liaison_a)
    html = client.get(f"/unit/replies/{reply.pk}/").content.decode()
    assert ">签发</button>" not in html
    response = client.post(f"/unit/replies/{reply.pk}/sign/")
    assert response.status_code == 403
    assert "负责人" in response.content.decode()


def test_head_signs_off_from_the_signoff_screen(client: Any, actors: Any) -> None:
    reply = flow.drafted(actors)
    client.force_login(actors.head_a)
    assert reply.assignment.suggestion.title in client.get("/unit/signoff/").content.decode()
    assert ">签发</button>" in client.get(f"/unit/replies/{reply.pk}/").content.decode()
    assert client.post(f"/unit/replies/{reply.pk}/sign/").status_code == 302
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED


def test_sent_back_reply_is_revised_and_returns_to_draft(client: Any, actors: Any) -> None:
    reply = flow.signed(actors)
    r_svc.reply_send_back(reply=reply, actor=actors.staff, reason="请补充开通时间。")
    client.force_login(actors.liaison_a)
    page = client.get(f"/unit/assignments/{reply.assignment_id}/").content.decode()
    assert "请补充开通时间。" in page
    assert "修改答复" in page
    response = client.post(
        f"/unit/replies/{reply.pk}/edit/", {"category": "A", "content": "K12 路已于本月开通。", "is_public": "on"}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.status, reply.content) == (Reply.Status.DRAFT, "K12 路已于本月开通。")


def test_commitment_progress(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors, category="B")
    commitment = reply.commitments.get()
    client.force_login(actors.liaison_a)
    html = client.get("/unit/commitments/").content.decode()
    assert "年内开通新线路" in html
    assert "计算说明：约定期限" in html
    response = client.post(f"/unit/commitments/{commitment.pk}/progress/", {"note": "已完成招标。"})
    assert response.status_code == 302
    assert commitment.progress.get().note == "已完成招标。"
    client.force_login(actors.liaison_b)
    assert client.get(f"/unit/commitments/{commitment.pk}/progress/").status_code == 404


# --- pinned query counts, two sizes each -------------------------------------------------------


@pytest.mark.parametrize("size", [1, 4])
def test_work_list_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.accepted(actors, title=f"建议{i}")
    client.force_login(actors.liaison_a)
    # the session with the person, their unit roles, deputy id and unread badge (one query:
    # security/sessions.py), count, rows (suggestion, session, unit joined; deadline subqueries)
    response = pinned("/unit/", 3)
    assert response.content.decode().count("还剩") == size


@pytest.mark.parametrize("size", [1, 4])
def test_signoff_list_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.drafted(actors, title=f"建议{i}")
    client.force_login(actors.head_a)
    # the session with the person, their unit roles, deputy id and badge (one query), rows with unit,
    # suggestion, drafter and their capped count
    response = pinned("/unit/signoff/", 2)
    assert response.content.decode().count("审阅并签发</a>") == size


@pytest.mark.parametrize("size", [1, 4])
def test_commitments_list_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.delivered(actors, category="B", title=f"建议{i}")
    client.force_login(actors.liaison_a)
    # the session with the person, their unit roles, deputy id and badge (one query), rows with unit
    # and suggestion and their capped count
    response = pinned("/unit/commitments/", 2)
    assert response.content.decode().count("报告进展") == size


def test_co_handler_sends_its_opinion_and_the_lead_may_then_reply(client: Any, actors: Any) -> None:
    from oversight.services import assignments as a_svc

    suggestion = flow.registered(actors)
    lead, co = a_svc.suggestion_assign(
        suggestion=suggestion, actor=actors.staff, units=[(actors.unit_a, "lead"), (actors.unit_b, "co")]
    )
    a_svc.assignment_accept(assignment=lead, actor=actors.liaison_a)
    a_svc.contact_log(
        assignment=lead, actor=actors.liaison_a, method="phone", contacted_on=timezone.localdate(), summary="电话"
    )
    client.force_login(actors.liaison_a)
    response = client.post(f"/unit/assignments/{lead.pk}/reply/", {"category": "A", "content": "已解决。"})
    assert response.status_code == 409
    assert "尚未提交协办意见" in response.content.decode()

    client.force_login(actors.liaison_b)
    assert client.post(f"/unit/assignments/{co.pk}/accept/").status_code == 302
    page = client.get(f"/unit/assignments/{co.pk}/").content.decode()
    assert "提交协办意见" in page and "起草答复" not in page
    assert client.post(f"/unit/assignments/{co.pk}/co-opinion/", {"content": "建议结合学校布局。"}).status_code == 302

    client.force_login(actors.liaison_a)
    assert "建议结合学校布局。" not in client.get(f"/unit/assignments/{co.pk}/").content.decode()
    response = client.post(f"/unit/assignments/{lead.pk}/reply/", {"category": "A", "content": "已解决。"})
    assert response.status_code == 302


def test_a_300_character_name_is_shortened_and_the_page_links_the_checked_download(client: Any, actors: Any) -> None:
    assignment = flow.contacted(actors)
    client.force_login(actors.liaison_a)
    long_name = "关于城东片区公交线路调整的详细说明" * 17 + ".pdf"
    response = client.post(
        f"/unit/assignments/{assignment.pk}/reply/",
        {"category": "A", "content": "已解决。", "attachments": [SimpleUploadedFile(long_name, PDF)]},
    )
    assert response.status_code == 302, response.content.decode()
    attachment = Reply.objects.get().attachments.get()
    assert len(attachment.name) <= 100 and attachment.name.endswith(".pdf")
    html = client.get(f"/unit/replies/{attachment.reply_id}/").content.decode()
    assert f'href="/api/v1/attachments/{attachment.pk}/download/"' in html
    assert "/media/" not in html


def test_work_list_shows_every_assignment_in_hand_and_leaves_out_returned_and_concluded(
    client: Any, actors: Any
) -> None:
    states = {
        "待签收的建议": Assignment.Status.ASSIGNED,
        "办理中的建议": Assignment.Status.ACCEPTED,
        "申请退办的建议": Assignment.Status.RETURN_REQUESTED,
        "已答复的建议": Assignment.Status.REPLIED,
        "重新办理的建议": Assignment.Status.REHANDLING,
        "已退办的建议": Assignment.Status.RETURNED,
        "已办结的建议": Assignment.Status.CONCLUDED,
    }
    for title, status in states.items():
        Assignment.objects.filter(pk=flow.assigned(actors, title=title).pk).update(status=status)
    client.force_login(actors.liaison_a)
    html = client.get("/unit/").content.decode()
    shown = {title for title in states if title in html}
    assert shown == set(states) - {"已退办的建议", "已办结的建议"}


def test_a_long_work_list_is_read_by_walking_the_deadlines_in_the_same_order(
    client: Any, actors: Any, monkeypatch: Any
) -> None:
    """Past ``WALK_FROM`` a page is read by walking the open deadlines (those owing none last, by
    id): page by page, the same rows in the same order as sorting the whole list."""
    import re

    import time_machine

    from oversight.models import Assignment
    from oversight.views import selectors
    from oversight.views import unit as unit_views
    from tracker.models import Deadline

    for day in ("2026-06-05", "2026-06-01", "2026-06-03", "2026-06-01", "2026-06-08"):
        with time_machine.travel(f"{day} 10:00 +0800", tick=False):
            flow.assigned(actors, title=f"{day}交办")
    flow.delivered(actors, title="已答复的建议")
    # Two that owe no open deadline (as a replied assignment does): listed last, by id.
    for a in Assignment.objects.filter(suggestion__title__in=["2026-06-08交办", "已答复的建议"]):
        Deadline.objects.for_subject(a).update(status=Deadline.Status.MET)
    expected = [a.pk for a in selectors.unit_work(actors.liaison_a)]
    assert len(expected) == 6

    monkeypatch.setattr(unit_views, "WALK_FROM", 0)
    monkeypatch.setattr(unit_views, "PAGE_SIZE", 2)
    client.force_login(actors.liaison_a)
    shown = []
    for number in (1, 2, 3):
        html = client.get(f"/unit/?page={number}").content.decode()
        shown += [int(pk) for pk in re.findall(r'href="/unit/assignments/(\d+)/"', html)]
    assert shown == expected
    assert client.get("/unit/?page=4").status_code == 200  # past the end: the first page again
