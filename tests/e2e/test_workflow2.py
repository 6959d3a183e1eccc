"""Workflow 2 (审议意见) end to end in a real browser: staff draft and issue an opinion, the unit
reports and its head signs, the committee comments, the reviewers vote it down, the item goes to
限期整改 with a new deadline, and the published opinion with its outcome reads for anyone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.models import DeliberationOpinion, FollowUpReport, OpinionItem
from oversight.services import voting
from tests.oversight.voting.conftest import make_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "关于城市更新工作情况报告的审议意见"


def test_workflow2_from_draft_opinion_to_rectification_and_publication(
    login: Any, actors: Any, shoot: Any, browser: Any, live_server: Any
) -> None:
    desk = login("staff")
    desk.on("dialog", lambda dialog: dialog.accept())
    desk.goto("/deliberation/new/")
    desk.get_by_label("标题").fill(TITLE)
    desk.get_by_label("常委会会议").fill("市十七届人大常委会第二十次会议")
    desk.get_by_label("会议日期").fill("2026-06-12")
    desk.get_by_label("审议的报告").fill("关于城市更新工作情况的报告")
    desk.get_by_label("起草委员会").fill("城建环资工委")
    desk.get_by_label("第1项 责任单位").select_option(label=actors.unit_a.name)
    desk.get_by_label("第1项 意见内容").fill("加快老旧小区改造进度，年内完成既定目标。")
    desk.locator("main form button[type=submit]").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(TITLE)
    opinion = DeliberationOpinion.objects.get(title=TITLE)
    desk.get_by_role("link", name="交办").click()
    desk.locator("main form button[type=submit]").click()
    expect(desk.locator("main")).to_contain_text("研究处理中")
    item = OpinionItem.objects.get(opinion=opinion)

    unit = login("liaison_a")
    unit.goto(f"/deliberation/{opinion.pk}/")
    unit.get_by_role("link", name="提交研究处理情况报告").click()
    unit.get_by_label("研究处理情况").fill("已制定老旧小区改造年度计划，完成40个小区改造。")
    unit.locator("main form button[type=submit]").click()
    expect(unit.locator("main")).to_contain_text("已制定老旧小区改造年度计划")

    head = login("head_a")
    head.goto(f"/deliberation/{opinion.pk}/")
    head.get_by_role("button", name="签发报告").click()
    expect(head.locator("main")).to_contain_text("已签发待评议")

    desk.goto(f"/deliberation/{opinion.pk}/")
    desk.get_by_role("link", name="委员会评议").click()
    desk.get_by_label("委员会评议意见").fill("报告对群众反映的加装电梯问题回应不足。")
    desk.locator("main form button[type=submit]").click()
    expect(desk.locator("main")).to_contain_text("委员会已评议待表决")

    # The vote itself (its pages have their own browser test): a round on the report, voted down.
    report = FollowUpReport.objects.get(item=item)
    setup = make_round(actors, open_it=False)
    vote_item = voting.round_add_item(voting_round=setup.round, actor=actors.staff, kind="follow_up", subject=report)
    voting.round_open(voting_round=setup.round, actor=actors.staff)
    for member in setup.reviewers:
        voting.ballot_cast(voting_round=setup.round, actor=member, choices={vote_item.pk: "unsatisfied"})
    desk.goto(f"/voting/{setup.round.pk}/")
    desk.get_by_role("button", name="结束投票并计票").click()
    expect(desk.get_by_role("button", name="公布结果")).to_be_visible()

    desk.goto(f"/deliberation/{opinion.pk}/")
    main = desk.locator("main")
    expect(main).to_contain_text("限期整改")
    expect(main).to_contain_text("测评未通过")
    shoot(desk, "50-staff-opinion-rectification")
    desk.get_by_role("button", name="公开").click()

    # Anyone, without logging in, reads the published opinion and what became of it.
    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    public.goto(f"/deliberation/{opinion.pk}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.locator("main")).to_contain_text("第1轮研究处理情况报告：测评未通过")
    expect(public.locator("main")).to_contain_text("限期整改")
    public.context.close()

    unit.goto(f"/deliberation/{opinion.pk}/")
    expect(unit.get_by_role("link", name="提交研究处理情况报告")).to_be_visible()  # round 2 is owed
