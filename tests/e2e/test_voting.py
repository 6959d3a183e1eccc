"""满意度测评 in a real browser: a reviewer votes on a phone in a few taps, staff watch the turnout,
close and publish, and everyone on the round reads the result."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.models import SealedBallot
from oversight.services import voting
from tests.oversight.voting.conftest import make_round, sealed_counts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def test_reviewer_votes_on_a_phone_and_staff_publish_the_result(login: Any, actors: Any, shoot: Any) -> None:
    setup = make_round(actors)
    report, unit_item = setup.items

    phone = login("reviewer", **PHONE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("测评任务")
    phone.get_by_role("link", name="去投票").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(setup.round.title)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "ballot overflows 375 px"
    first = phone.get_by_role("group", name=report.title)
    second = phone.get_by_role("group", name=unit_item.title)
    # A thumb-sized target for each choice, labelled so a screen reader says what it is (measured
    # once the ballot's stylesheet applies: under load it can arrive after the heading shows).
    choice = first.locator("label.ballot-satisfied")
    expect(choice).to_have_css("min-height", "56px")
    box = choice.bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 300
    # Forgetting an item is caught before anything is counted.
    first.get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="下一步：确认选择").click()
    expect(phone.get_by_role("alert")).to_contain_text("还有事项没有选择")
    second.get_by_label("基本满意", exact=True).check()
    shoot(phone, "40-phone-reviewer-ballot")
    phone.get_by_role("button", name="下一步：确认选择").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("请确认您的选择")
    expect(phone.locator(".confirm-list")).to_contain_text("基本满意")
    assert not SealedBallot.objects.exists()
    phone.get_by_role("button", name="确认提交").click()
    expect(phone.get_by_role("status")).to_contain_text("投票成功")
    shoot(phone, "41-phone-reviewer-voted")

    for member, choice in zip(setup.reviewers[1:], ["satisfied", "unsatisfied"], strict=True):
        voting.ballot_cast(voting_round=setup.round, actor=member, choices={report.pk: choice})

    desk = login("staff")
    desk.on("dialog", lambda dialog: dialog.accept())
    desk.goto(f"/voting/{setup.round.pk}/")
    turnout = desk.locator(".turnout")
    expect(turnout).to_contain_text("已投 3 / 3")
    expect(turnout).to_contain_text("已投 1 / 3")
    expect(desk.locator("main")).not_to_contain_text("不满意")  # turnout only, never choices
    shoot(desk, "42-staff-voting-turnout")
    desk.get_by_role("button", name="结束投票并计票").click()
    expect(desk.get_by_role("button", name="公布结果")).to_be_visible()
    desk.get_by_role("button", name="公布结果").click()
    desk.get_by_role("link", name="查看结果").click()
    row = desk.get_by_role("row", name=report.title)
    expect(row).to_contain_text("66.67%")
    expect(row).to_contain_text("通过")
    shoot(desk, "43-staff-voting-results")

    phone.goto(f"/voting/{setup.round.pk}/results/")
    expect(phone.get_by_role("row", name=unit_item.title)).to_contain_text("列入问责")


def test_ballot_works_by_keyboard_alone(login: Any, actors: Any) -> None:
    setup = make_round(actors)
    report, unit_item = setup.items
    page = login("reviewer")
    page.goto(f"/voting/{setup.round.pk}/vote/")
    first = page.get_by_role("group", name=report.title)
    first.get_by_label("满意", exact=True).focus()
    page.keyboard.press("Space")  # 满意 on the first item
    page.keyboard.press("Tab")  # into the second item's group
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys: 基本满意
    page.keyboard.press("ArrowDown")  # 不满意
    expect(page.get_by_role("group", name=unit_item.title).get_by_label("不满意")).to_be_checked()
    # The focused choice is visibly outlined.
    outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="下一步：确认选择")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("请确认您的选择")
    page.get_by_role("button", name="确认提交").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("投票成功")
    assert sealed_counts(unit_item) == {"satisfied": 0, "basic": 0, "unsatisfied": 1}
    assert sealed_counts(report) == {"satisfied": 1, "basic": 0, "unsatisfied": 0}
