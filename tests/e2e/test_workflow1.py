"""Workflow 1 in a real browser, across four logged-in people (issue #5)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.models import Assignment, Feedback, Reply, Suggestion
from tests.e2e.conftest import pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "关于增设城东片区公交线路的建议"


def _open_suggestion(page: Any, pk: int) -> None:
    page.goto(f"/suggestions/{pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def _unit_reply(liaison: Any, head: Any, assignment_pk: int, content: str, shoot: Any, tag: str) -> None:
    liaison.goto(f"/unit/assignments/{assignment_pk}/")
    liaison.get_by_role("link", name="起草答复").click()
    liaison.get_by_label("A类（已解决或基本解决）").check()
    liaison.get_by_label("答复内容").fill(content)
    if tag == "1":
        shoot(liaison, "06-unit-reply-form")
    liaison.get_by_role("button", name="保存答复").click()
    expect(liaison.get_by_role("status")).to_contain_text("答复已保存")

    head.goto("/unit/signoff/")
    if tag == "1":
        shoot(head, "07-head-signoff-list")
    head.get_by_role("link", name="审阅并签发").first.click()
    expect(head.get_by_text(content)).to_be_visible()
    head.once("dialog", lambda dialog: dialog.accept())
    head.get_by_role("button", name="签发").click()
    expect(head.get_by_role("status")).to_contain_text("答复已签发")


def _staff_accepts(staff: Any, shoot: Any, tag: str) -> None:
    staff.goto("/staff/replies/")
    staff.get_by_role("link", name="审核", exact=True).first.click()
    staff.get_by_label("审核通过，送达代表").check()
    if tag == "1":
        shoot(staff, "08-staff-review")
    staff.get_by_role("button", name="提交").click()
    expect(staff.get_by_role("status")).to_contain_text("审核结果已保存")


def test_workflow1_from_submission_to_satisfied_deputy(login: Any, actors: Any, shoot: Any, live_server: Any) -> None:
    deputy = login("deputy")
    staff = login("staff")
    liaison = login("liaison_a")
    head = login("head_a")

    # The deputy submits a suggestion on their own.
    deputy.get_by_role("link", name="我的建议").click()
    deputy.get_by_role("link", name="提出建议").click()
    deputy.get_by_label("标题").fill(TITLE)
    deputy.get_by_label("内容").fill("城东片区人口增长较快，早晚高峰拥堵严重，建议增设公交线路并优化信号配时。")
    pick(deputy, "附议代表", "ldb", "刘代表")  # pinyin initials of 刘代表
    deputy.get_by_role("button", name="提交建议").click()
    expect(deputy.get_by_role("status")).to_contain_text("建议已提交")
    suggestion = Suggestion.objects.get(title=TITLE)

    # Staff register it and assign it to the housing bureau as lead unit.
    staff.goto("/staff/")
    shoot(staff, "01-staff-workbench")
    staff.goto("/staff/submitted/")
    shoot(staff, "02-staff-submitted")
    staff.get_by_role("button", name=f"立案：{TITLE}").click()
    expect(staff.get_by_role("status")).to_contain_text("已立案")
    staff.get_by_role("link", name="交办").click()
    pick(staff, "主办单位", "住房", "市住房和城乡建设局")
    pick(staff, "协办单位", "sjy", "市教育局")
    shoot(staff, "03-staff-assign")
    staff.get_by_role("button", name="交办").click()
    expect(staff.get_by_role("status")).to_contain_text("已交办")
    assignment = Assignment.objects.get(suggestion=suggestion, unit=actors.unit_a)
    co_assignment = Assignment.objects.get(suggestion=suggestion, unit=actors.unit_b)
    # The lead's reply need not wait for the co-handler in this walk-through: staff waive it.
    staff.get_by_role("link", name="不等协办意见").click()
    staff.get_by_label("说明").fill("协办意见另行报送")
    staff.get_by_role("button", name="提交").click()
    expect(staff.get_by_role("status")).to_contain_text("不等协办意见")
    assignment.refresh_from_db()
    assert assignment.co_opinion_waived
    assert co_assignment.status == Assignment.Status.ASSIGNED

    # The liaison sees the work with its countdown and how the due date was computed, signs for it.
    liaison.goto("/unit/")
    expect(liaison.get_by_role("link", name=TITLE, exact=False)).to_be_visible()
    expect(liaison.locator(".countdown").first).to_contain_text("个工作日")
    shoot(liaison, "04-unit-work")
    liaison.get_by_role("link", name=TITLE, exact=False).click()
    expect(liaison.locator(".deadline .explanation").first).to_contain_text("计算说明")
    liaison.get_by_role("button", name="签收").click()
    expect(liaison.get_by_role("status")).to_contain_text("已签收")

    # Logs contact with the deputy; a future date is refused in Chinese and the text is kept.
    liaison.get_by_role("link", name="登记沟通情况").click()
    liaison.get_by_label("沟通方式").select_option(label="座谈面商")
    liaison.get_by_label("沟通日期").fill("2099-01-01")
    liaison.get_by_label("沟通情况").fill("与陈代表面商线路走向。")
    liaison.get_by_role("button", name="保存沟通记录").click()
    expect(liaison.get_by_text("该日期记录已发生的事，不能晚于今天。")).to_be_visible()
    expect(liaison.get_by_label("沟通情况")).to_have_value("与陈代表面商线路走向。")
    shoot(liaison, "05-form-error-kept-input")
    liaison.get_by_label("沟通日期").fill(str(assignment.assigned_on))
    liaison.get_by_role("button", name="保存沟通记录").click()
    expect(liaison.get_by_role("status")).to_contain_text("沟通情况已记录")

    # First reply: drafted, signed off by the head, accepted by staff.
    _unit_reply(liaison, head, assignment.pk, "经研究，拟于明年调整线路。", shoot, "1")
    _staff_accepts(staff, shoot, "1")

    # The deputy is not satisfied: re-handling opens.
    _open_suggestion(deputy, suggestion.pk)
    deputy.get_by_label("不满意").check()
    deputy.get_by_role("button", name="提交评价").click()
    expect(deputy.get_by_text("选择“不满意”时请填写理由。")).to_be_visible()
    deputy.get_by_label("不满意").check()
    deputy.get_by_label("意见和建议").fill("答复没有明确开通时间。")
    deputy.get_by_role("button", name="提交评价").scroll_into_view_if_needed()
    shoot(deputy, "09-deputy-rate", full_page=False)
    deputy.get_by_role("button", name="提交评价").click()
    expect(deputy.get_by_role("status")).to_contain_text("感谢您的评价")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.REHANDLING
    assert assignment.round == 2

    # Second round: new reply, signed, accepted; the deputy (and the co-signer) are satisfied.
    liaison.goto(f"/unit/assignments/{assignment.pk}/")
    expect(liaison.get_by_text("重新办理").first).to_be_visible()
    _unit_reply(liaison, head, assignment.pk, "K12 路已于本月开通，途经城东片区。", shoot, "2")
    _staff_accepts(staff, shoot, "2")
    _open_suggestion(deputy, suggestion.pk)
    deputy.get_by_label("满意", exact=True).check()
    deputy.get_by_role("button", name="提交评价").click()
    expect(deputy.get_by_role("status")).to_contain_text("感谢您的评价")
    deputy.locator(".timeline").screenshot(path="var/screenshots/10-deputy-timeline.png")

    cosigner = login("cosigner")
    _open_suggestion(cosigner, suggestion.pk)
    cosigner.get_by_label("基本满意").check()
    cosigner.get_by_role("button", name="提交评价").click()
    expect(cosigner.get_by_role("status")).to_contain_text("感谢您的评价")

    second = Reply.objects.get(assignment=assignment, round=2)
    assert set(second.feedback.values_list("rating", flat=True)) == {
        Feedback.Rating.SATISFIED,
        Feedback.Rating.BASIC,
    }
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CONCLUDED

    # The deputy's page shows the timeline, without the steps between the unit and staff.
    _open_suggestion(deputy, suggestion.pk)
    timeline = deputy.locator(".timeline")
    for step in ("提交建议", "立案", "交办", "签收", "审核通过", "代表评价", "重新办理"):
        expect(timeline).to_contain_text(step)
    for step in ("沟通联系", "签发答复", "起草答复"):
        expect(timeline).not_to_contain_text(step)

    # Accepted public replies are published; staff can withdraw one (the publication switch).
    staff.goto(f"/suggestions/{suggestion.pk}/")
    shoot(staff, "11-staff-suggestion-detail", full_page=False)
    staff.get_by_role("button", name="取消公开").first.click()
    expect(staff.get_by_role("status")).to_contain_text("已取消公开")
    expect(staff.get_by_role("button", name="向社会公开")).to_have_count(1)

    # The public (not logged in) finds the published reply, and not the withdrawn one.
    visitor = staff.context.browser.new_context(base_url=live_server.url, locale="zh-CN")
    public = visitor.new_page()
    public.goto("/public/replies/?q=城东")
    expect(public.get_by_role("link", name=TITLE, exact=False)).to_have_count(1)
    public.get_by_role("link", name=TITLE, exact=False).click()
    expect(public.get_by_text("K12 路已于本月开通")).to_be_visible()
    expect(public.get_by_text("拟于明年调整线路")).to_have_count(0)
    shoot(public, "12-public-reply")
    public.goto("/accounts/login/")
    shoot(public, "00-login")
    visitor.close()
