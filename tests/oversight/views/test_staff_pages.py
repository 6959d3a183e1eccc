from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from oversight.models import Assignment, ExtensionRequest, Reply, Suggestion
from oversight.services import assignments as a_svc
from oversight.services import replies as r_svc
from tests.oversight.views import flow

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/staff/",
    "/staff/intake/",
    "/staff/submitted/",
    "/staff/suggestions/",
    "/staff/overdue/",
    "/staff/due-soon/",
    "/staff/replies/",
    "/staff/requests/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
@pytest.mark.parametrize("who", ["liaison_a", "head_a", "deputy", "reviewer", "outsider"])
def test_staff_pages_answer_404_to_everyone_else(client: Any, actors: Any, url: str, who: str) -> None:
    client.force_login(getattr(actors, who))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_open_for_staff(client: Any, actors: Any, url: str) -> None:
    client.force_login(actors.staff)
    assert client.get(url).status_code == 200


def test_intake_shows_chinese_errors_next_to_fields_and_keeps_input(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    response = client.post(
        "/staff/intake/",
        {"session": actors.session.pk, "title": "", "content": "道路积水严重，建议改造排水管网。", "period": "session"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="field has-error">\n  \n    <label for="id_title">' in html
    assert "该字段是必填项。" in html
    assert "道路积水严重，建议改造排水管网。</textarea>" in html
    assert not Suggestion.objects.exists()


def test_intake_refuses_lead_deputy_as_co_signer(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    response = client.post(
        "/staff/intake/",
        {
            "session": actors.session.pk,
            "title": "关于加强学校周边交通安全的建议",
            "content": "上下学高峰拥堵。",
            "period": "session",
            "lead_deputy": actors.deputy_profile.pk,
            "co_signers": [actors.deputy_profile.pk],
        },
    )
    assert "领衔代表不能同时作为附议代表。" in response.content.decode()


def test_staff_enter_then_register_a_suggestion(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    response = client.post(
        "/staff/intake/",
        {
            "session": actors.session.pk,
            "title": "关于加强学校周边交通安全的建议",
            "content": "上下学高峰拥堵。",
            "period": "session",
            "lead_deputy": actors.deputy_profile.pk,
            "co_signers": [actors.cosigner_profile.pk],
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert list(suggestion.co_signers.all()) == [actors.cosigner_profile]
    assert client.post(f"/staff/suggestions/{suggestion.pk}/register/").status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REGISTERED
    assert suggestion.number == 1


def test_registering_twice_answers_409_with_the_reason(client: Any, actors: Any) -> None:
    suggestion = flow.registered(actors)
    client.force_login(actors.staff)
    response = client.post(f"/staff/suggestions/{suggestion.pk}/register/")
    assert response.status_code == 409
    assert "不能立案" in response.content.decode()


def test_register_is_post_only(client: Any, actors: Any) -> None:
    suggestion = flow.submitted(actors)
    client.force_login(actors.staff)
    assert client.get(f"/staff/suggestions/{suggestion.pk}/register/").status_code == 405


def test_return_needs_a_reason(client: Any, actors: Any) -> None:
    suggestion = flow.submitted(actors)
    client.force_login(actors.staff)
    response = client.post(f"/staff/suggestions/{suggestion.pk}/return/", {"reason": ""})
    assert "该字段是必填项。" in response.content.decode()
    response = client.post(f"/staff/suggestions/{suggestion.pk}/return/", {"reason": "属于信访事项，转信访部门。"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.RETURNED


def test_assign_several_units_at_once_with_roles(client: Any, actors: Any) -> None:
    suggestion = flow.registered(actors)
    client.force_login(actors.staff)
    response = client.post(
        f"/staff/suggestions/{suggestion.pk}/assign/",
        {"lead": actors.unit_a.pk, "co": [actors.unit_b.pk]},
    )
    assert response.status_code == 302
    roles = dict(suggestion.assignments.values_list("unit_id", "role"))
    assert roles == {actors.unit_a.pk: "lead", actors.unit_b.pk: "co"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请至少选择一个承办单位。"),
        ({"lead": "a", "separate": "a"}, "同一单位只能承担一种办理方式。"),
        ({"co": "b"}, "有协办单位时必须指定主办单位。"),
    ],
)
def test_assign_form_explains_mistakes(client: Any, actors: Any, data: dict[str, str], message: str) -> None:
    suggestion = flow.registered(actors)
    client.force_login(actors.staff)
    units = {"a": actors.unit_a.pk, "b": actors.unit_b.pk}
    response = client.post(f"/staff/suggestions/{suggestion.pk}/assign/", {k: units[v] for k, v in data.items()})
    assert message in response.content.decode()
    assert not suggestion.assignments.exists()


def test_assigning_a_suggestion_not_registered_answers_409(client: Any, actors: Any) -> None:
    suggestion = flow.submitted(actors)
    client.force_login(actors.staff)
    response = client.post(f"/staff/suggestions/{suggestion.pk}/assign/", {"lead": actors.unit_a.pk})
    assert response.status_code == 409
    assert "不能交办" in response.content.decode()
    pinyin = "szfhcxjsj shizhufanghechengxiangjiansheju"
    kept = f'value="{actors.unit_a.pk}" selected data-pinyin="{pinyin}">市住房和城乡建设局'
    assert kept in response.content.decode()  # the choice is kept, with its pinyin for the search box


def test_supervision_action_is_recorded_and_shown(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors)
    client.force_login(actors.staff)
    response = client.post(
        f"/staff/suggestions/{assignment.suggestion_id}/supervise/",
        {
            "kind": "topical",
            "led_by": "deputy_director",
            "leader_name": "张副主任",
            "happened_on": timezone.localdate().isoformat(),
            "note": "召开专题督办会。",
            "assignment": assignment.pk,
        },
    )
    assert response.status_code == 302
    html = client.get(f"/suggestions/{assignment.suggestion_id}/").content.decode()
    assert "专题督办" in html and "张副主任" in html and "召开专题督办会。" in html


def test_review_accept_with_regrade(client: Any, actors: Any) -> None:
    reply = flow.signed(actors, category="A")
    client.force_login(actors.staff)
    page = client.get(f"/staff/replies/{reply.pk}/review/").content.decode()
    assert "经研究，我局已会同公交集团开通 K12 路。" in page
    response = client.post(f"/staff/replies/{reply.pk}/review/", {"decision": "accept", "category": "D", "note": ""})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == Reply.Status.ACCEPTED
    assert (reply.original_category, reply.category) == ("A", "D")


def test_review_send_back_needs_a_reason(client: Any, actors: Any) -> None:
    reply = flow.signed(actors)
    client.force_login(actors.staff)
    response = client.post(f"/staff/replies/{reply.pk}/review/", {"decision": "send_back", "category": "A"})
    assert "退回重办时请填写理由。" in response.content.decode()
    response = client.post(
        f"/staff/replies/{reply.pk}/review/", {"decision": "send_back", "category": "A", "note": "答复过于简单。"}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SENT_BACK


def test_reviewing_an_unsigned_reply_answers_409(client: Any, actors: Any) -> None:
    reply = flow.drafted(actors)
    client.force_login(actors.staff)
    response = client.post(f"/staff/replies/{reply.pk}/review/", {"decision": "accept", "category": "A"})
    assert response.status_code == 409


def test_publication_switch(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    assert reply.published
    client.force_login(actors.staff)
    assert client.post(f"/staff/replies/{reply.pk}/publish/", {"published": "0"}).status_code == 302
    reply.refresh_from_db()
    assert not reply.published
    assert client.post(f"/staff/replies/{reply.pk}/publish/", {"published": "1"}).status_code == 302
    reply.refresh_from_db()
    assert reply.published


def test_decide_return_request_and_reassign(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors)
    a_svc.assignment_request_return(assignment=assignment, actor=actors.liaison_a, reason="不属于我局职责。")
    client.force_login(actors.staff)
    assert "不属于我局职责。" in client.get("/staff/requests/").content.decode()
    response = client.post(
        f"/staff/assignments/{assignment.pk}/decide-return/",
        {"decision": "approve", "note": "同意", "reassign_to": [actors.unit_b.pk]},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RETURNED
    assert Assignment.objects.get(suggestion=assignment.suggestion, unit=actors.unit_b).role == "lead"


def test_decide_extension_request(client: Any, actors: Any) -> None:
    assignment = flow.accepted(actors)
    extension = a_svc.assignment_request_extension(
        assignment=assignment, actor=actors.liaison_a, months=2, reason="需协调市财政安排资金。"
    )
    client.force_login(actors.staff)
    response = client.post(f"/staff/extensions/{extension.pk}/decide/", {"decision": "refuse", "note": "理由不足"})
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.REFUSED
    # Deciding again is an illegal transition.
    response = client.post(f"/staff/extensions/{extension.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 409


def test_overdue_board_shows_countdown_and_explanation(client: Any, actors: Any) -> None:
    assignment = flow.accepted(actors)
    with time_machine.travel(timezone.now() + timedelta(days=120), tick=False):
        client.force_login(actors.staff)
        html = client.get("/staff/overdue/").content.decode()
    assert assignment.suggestion.title in html
    assert "已逾期" in html
    assert "个月期满日为" in html
    assert "市住房和城乡建设局" in html


def test_due_soon_board_lists_what_falls_due_within_the_window(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors)  # the 5-working-day return window is due soon
    client.force_login(actors.staff)
    html = client.get("/staff/due-soon/?days=10").content.decode()
    assert assignment.suggestion.title in html
    assert "退办申请期" in html
    assert "还剩" in html


# --- pinned query counts, two sizes each -------------------------------------------------------


@pytest.mark.parametrize("size", [1, 4])
def test_submitted_list_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.submitted(actors, title=f"建议{i}")
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and badge (one query), rows (session,
    # deputy, category joined) with their capped count
    response = pinned("/staff/submitted/", 2)
    assert response.content.decode().count("立案：") == size


@pytest.mark.parametrize("size", [1, 4])
def test_all_suggestions_list_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.registered(actors, title=f"建议{i}")
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and badge (one query), rows (with their
    # nearest deadline) and their capped count; the filter form with its choice lists (session, category, unit) as the
    # warm-up request rendered it
    pinned("/staff/suggestions/?status=registered", 2)
    pinned("/staff/suggestions/?status=registered&sort=-due", 2)


@pytest.mark.parametrize("size", [1, 4])
def test_review_list_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.signed(actors, title=f"建议{i}")
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and badge (one query), rows with unit
    # and suggestion and their capped count
    pinned("/staff/replies/", 2)


@pytest.mark.parametrize("size", [1, 4])
def test_requests_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        assignment = flow.accepted(actors, title=f"建议{i}")
        a_svc.assignment_request_extension(assignment=assignment, actor=actors.liaison_a, months=1, reason="协调")
        other = flow.assigned(actors, unit=actors.unit_b, title=f"退办{i}")
        a_svc.assignment_request_return(assignment=other, actor=actors.liaison_b, reason="不属于本单位")
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and badge (one query), return
    # requests, extension requests
    pinned("/staff/requests/", 3)


@pytest.mark.parametrize("size", [1, 4])
def test_overdue_board_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.accepted(actors, title=f"建议{i}")
    with time_machine.travel(timezone.now() + timedelta(days=120), tick=False):
        client.force_login(actors.staff)
        # the session with the person, their unit roles, deputy id and badge (one query), deadline
        # rows with their capped count, their suggestions, their assignments+units
        response = pinned("/staff/overdue/", 4)
    assert response.content.decode().count("已逾期") >= size


@pytest.mark.parametrize("size", [1, 4])
def test_due_soon_board_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.assigned(actors, title=f"建议{i}")
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and badge (one query), deadline rows
    # with their capped count, their suggestions, their assignments+units
    pinned("/staff/due-soon/", 4)


@pytest.mark.parametrize("size", [1, 4])
def test_workbench_query_count(client: Any, actors: Any, pinned: Any, size: int) -> None:
    for i in range(size):
        flow.signed(actors, title=f"建议{i}")
    client.force_login(actors.staff)
    # the session with the person, their unit roles, deputy id and badge (one query), seven counters
    response = pinned("/staff/", 8)
    assert f'<div class="stat">{size}</div>答复待审核' in response.content.decode()


def test_staff_waive_contact_then_unit_may_reply(client: Any, actors: Any) -> None:
    assignment = flow.accepted(actors)
    client.force_login(actors.staff)
    response = client.post(f"/staff/assignments/{assignment.pk}/waive-contact/", {"note": ""})
    assert "该字段是必填项。" in response.content.decode()
    response = client.post(f"/staff/assignments/{assignment.pk}/waive-contact/", {"note": "代表出国，无法联系。"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.contact_waived
    client.force_login(actors.liaison_a)
    response = client.post(f"/unit/assignments/{assignment.pk}/reply/", {"category": "A", "content": "已解决。"})
    assert response.status_code == 302


def test_staff_confirm_a_commitment_fulfilled(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors, category="B")
    commitment = reply.commitments.get()
    client.force_login(actors.liaison_a)
    assert client.post(f"/staff/commitments/{commitment.pk}/fulfil/").status_code == 404
    client.force_login(actors.staff)
    assert "确认已落实" in client.get(f"/suggestions/{reply.assignment.suggestion_id}/").content.decode()
    assert client.post(f"/staff/commitments/{commitment.pk}/fulfil/").status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "fulfilled"
    assert client.post(f"/staff/commitments/{commitment.pk}/fulfil/").status_code == 409


def test_staff_conclude_after_repeated_dissatisfaction(client: Any, actors: Any) -> None:
    reply = flow.delivered(actors)
    r_svc.feedback_rate(reply=reply, actor=actors.deputy, rating="unsatisfied", comment="不满意")
    client.force_login(actors.staff)
    url = f"/staff/assignments/{reply.assignment_id}/conclude/"
    response = client.post(url, {"reason": "已尽力办理，条件不具备。"})
    assert response.status_code == 302
    assert Assignment.objects.get().status == Assignment.Status.CONCLUDED


def test_key_supervision_is_set_with_its_leader(client: Any, actors: Any) -> None:
    assignment = flow.assigned(actors)
    client.force_login(actors.staff)
    response = client.post(f"/staff/suggestions/{assignment.suggestion_id}/key/", {"is_key": "on", "leader": "李主任"})
    assert response.status_code == 302
    html = client.get(f"/suggestions/{assignment.suggestion_id}/").content.decode()
    assert "重点督办" in html and "李主任" in html
    title = assignment.suggestion.title
    assert title in client.get("/staff/suggestions/?is_key=true").content.decode()
    assert title not in client.get("/staff/suggestions/?is_key=false").content.decode()


def _sheet(rows: list[list[str]]) -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "内容", "领衔代表", "附议代表", "分类", "提出时间"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("建议汇总.xlsx", buffer.getvalue())


def test_import_from_a_spreadsheet(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    sheet = _sheet([["关于增设公交线路的建议", "早晚高峰拥堵。", "陈代表", "刘代表", "城建环资", "大会期间"]])
    response = client.post("/staff/import/", {"session": actors.session.pk, "sheet": sheet})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.lead_deputy == actors.deputy_profile
    assert suggestion.status == Suggestion.Status.SUBMITTED


def test_import_reports_each_bad_row_and_imports_nothing(client: Any, actors: Any) -> None:
    client.force_login(actors.staff)
    sheet = _sheet([["好的建议", "内容", "陈代表", "", "", ""], ["", "内容", "查无此人", "", "", ""]])
    response = client.post("/staff/import/", {"session": actors.session.pk, "sheet": sheet})
    html = response.content.decode()
    assert "未导入任何建议" in html
    assert "第3行" in html
    assert not Suggestion.objects.exists()


def test_import_accepts_only_xlsx(client: Any, actors: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(actors.staff)
    response = client.post(
        "/staff/import/", {"session": actors.session.pk, "sheet": SimpleUploadedFile("a.csv", b"x,y")}
    )
    assert "请上传 .xlsx 格式的表格。" in response.content.decode()
