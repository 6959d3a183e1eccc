"""Each role starts on 我的待办 and reaches its next step by what the page shows (issue 11)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.models import Assignment, Reply
from tests.oversight.views import flow
from tracker.reminders.delivery import deliver_pending

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_liaison_signs_for_new_work_with_the_case_at_hand(login: Any, actors: Any, shoot: Any) -> None:
    actors.deputy_profile.phone = "13900001111"
    actors.deputy_profile.save()
    assignment = flow.assigned(actors)
    page = login("liaison_a")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    item = page.locator(".todo").first
    expect(item).to_contain_text("待签收")
    expect(item).to_contain_text("还剩")
    shoot(page, "15-liaison-todo")
    item.get_by_role("link", name="签收或申请退办").click()
    expect(page.get_by_role("heading", name="建议全文")).to_be_visible()
    expect(page.get_by_role("link", name="13900001111")).to_be_visible()
    shoot(page, "16-unit-assignment-brief")
    page.get_by_role("button", name="签收").click()
    expect(page.get_by_role("status")).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACCEPTED


def test_head_finds_the_draft_by_the_count_and_sends_it_back(login: Any, actors: Any, shoot: Any) -> None:
    reply = flow.drafted(actors)
    page = login("head_a")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="待签发 1")).to_be_visible()  # the count in the header
    shoot(page, "17-head-todo")
    page.get_by_role("link", name="审阅并签发").click()
    page.get_by_role("link", name="退回联络员修改").click()
    page.get_by_label("理由").fill("请补充资金来源和完成时限。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("status")).to_contain_text("已退回联络员修改")
    # The liaison hears of it, in the inbox, with the case named (the worker delivers each minute).
    deliver_pending()
    liaison = login("liaison_a")
    liaison.get_by_role("link", name="消息").click()
    expect(liaison.locator(".messages")).to_contain_text("答复被单位负责人退回修改")
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT


def test_staff_review_from_the_todo_list(login: Any, actors: Any, shoot: Any) -> None:
    reply = flow.signed(actors)
    flow.submitted(actors, title="关于完善老城片区停车设施的建议")
    page = login("staff")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="待审核 1")).to_be_visible()
    expect(nav.get_by_role("link", name="待立案 1")).to_be_visible()
    shoot(page, "18-staff-todo")
    page.get_by_role("link", name="审核答复").click()
    page.get_by_label("审核通过，送达代表").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("status")).to_contain_text("审核结果已保存")
    reply.refresh_from_db()
    assert reply.status == Reply.Status.ACCEPTED
    # The list of all suggestions sorts by deadline and shows the countdown.
    page.goto("/staff/suggestions/")
    page.get_by_role("link", name="最近期限").click()
    expect(page.get_by_role("columnheader", name="最近期限 ▲")).to_be_visible()
    shoot(page, "04-staff-suggestions-sorted")
