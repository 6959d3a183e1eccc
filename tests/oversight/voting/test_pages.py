"""Voting pages with Django's test client: staff set up and run a round, reviewers vote in a few
taps with a confirmation step, results show counts and rates."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from oversight.models import SealedBallot, VotingRound
from oversight.services import voting
from tests.factories import UserFactory
from tests.oversight.voting.conftest import RoundSetup, make_round, sealed_counts

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/voting/", "/voting/new/", "/voting/{pk}/"]


def logged_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_staff_set_up_and_open_a_round(actors: Any) -> None:
    staff = logged_in(actors.staff)
    members = [actors.reviewer, UserFactory(username="member9", display_name="郑委员", is_reviewer=True)]
    response = staff.post(
        "/voting/new/",
        {
            "title": "2026年度代表建议办理年终票决",
            "meeting_name": "第二十二次会议",
            "meeting_date": "2026-12-25",
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2030-12-25T12:00",
        },
    )
    voting_round = VotingRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/voting/{voting_round.pk}/"
    response = staff.post(
        f"/voting/{voting_round.pk}/items/", {"kind": "unit_suggestions", "unit": actors.unit_b.pk, "year": "2026"}
    )
    assert response.status_code == 302
    response = staff.post(f"/voting/{voting_round.pk}/reviewers/", {"reviewers": [m.pk for m in members]})
    assert response.status_code == 302
    response = staff.post(f"/voting/{voting_round.pk}/open/")
    assert response.status_code == 302
    page = staff.get(f"/voting/{voting_round.pk}/").content.decode()
    assert "市教育局2026年度代表建议办理情况" in page
    assert "已投 0 / 2" in page
    assert "孙委员、郑委员" in page
    assert "开始投票" in page.split("办理轨迹")[1]  # the timeline, in words


def test_staff_form_errors_show_next_to_the_fields(draft: RoundSetup, actors: Any) -> None:
    staff = logged_in(actors.staff)
    response = staff.post(f"/voting/{draft.round.pk}/items/", {"kind": "unit_suggestions", "unit": actors.unit_b.pk})
    assert response.status_code == 400
    assert "年终票决须指定承办单位和年度" in response.content.decode()
    response = staff.post(f"/voting/{draft.round.pk}/reviewers/", {})
    assert response.status_code == 400


def test_opening_twice_is_refused_with_the_reason(ready: RoundSetup, actors: Any) -> None:
    response = logged_in(actors.staff).post(f"/voting/{ready.round.pk}/open/")
    assert response.status_code == 409
    assert "不能开始投票" in response.content.decode()


@pytest.mark.parametrize("who", ["liaison_a", "deputy", "reviewer", "outsider"])
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_pages_are_404_for_everyone_else(draft: RoundSetup, actors: Any, who: str, page: str) -> None:
    response = logged_in(getattr(actors, who)).get(page.format(pk=draft.round.pk))
    assert response.status_code == 404


def test_staff_see_turnout_but_no_choices_while_open(ready: RoundSetup, actors: Any) -> None:
    voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "unsatisfied"})
    page = logged_in(actors.staff).get(f"/voting/{ready.round.pk}/").content.decode()
    assert "已投 1 / 3" in page
    assert "不满意" not in page
    assert logged_in(actors.staff).get(f"/voting/{ready.round.pk}/results/").status_code == 404


def test_reviewer_votes_in_a_few_taps(ready: RoundSetup, actors: Any) -> None:
    reviewer = logged_in(actors.reviewer)
    assert reviewer.get("/reviewer/")["Location"] == "/voting/mine/"
    mine = reviewer.get("/voting/mine/").content.decode()
    assert "2026年第一次满意度测评" in mine
    assert "去投票" in mine
    a, b = ready.items
    form = reviewer.get(f"/voting/{ready.round.pk}/vote/").content.decode()
    assert form.count('type="radio"') == 6
    assert "关于全市水污染防治工作的报告" in form
    # Leaving one item out shows the error on that item.
    missing = reviewer.post(f"/voting/{ready.round.pk}/vote/", {f"item_{a.pk}": "satisfied"})
    assert missing.status_code == 400
    assert "请对本事项作出选择" in missing.content.decode()
    choices = {f"item_{a.pk}": "satisfied", f"item_{b.pk}": "unsatisfied"}
    confirm = reviewer.post(f"/voting/{ready.round.pk}/vote/", choices)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "请确认您的选择" in text and "满意" in text and "不满意" in text
    assert not SealedBallot.objects.exists()  # nothing stored before confirming
    done = reviewer.post(f"/voting/{ready.round.pk}/vote/", {**choices, "confirmed": "1"})
    assert done["Location"] == f"/voting/{ready.round.pk}/done/"
    assert "投票成功" in reviewer.get(done["Location"]).content.decode()
    assert sealed_counts(a) == {"satisfied": 1, "basic": 0, "unsatisfied": 0}
    assert sealed_counts(b) == {"satisfied": 0, "basic": 0, "unsatisfied": 1}
    # Back to the ballot: nothing left to vote on.
    assert reviewer.get(f"/voting/{ready.round.pk}/vote/")["Location"] == f"/voting/{ready.round.pk}/done/"
    assert "您已完成投票" in reviewer.get("/voting/mine/").content.decode()


def test_resubmitting_a_confirmed_ballot_counts_once(ready: RoundSetup, actors: Any) -> None:
    reviewer = logged_in(actors.reviewer)
    a, b = ready.items
    data = {f"item_{a.pk}": "basic", f"item_{b.pk}": "basic", "confirmed": "1"}
    reviewer.post(f"/voting/{ready.round.pk}/vote/", data)
    again = reviewer.post(f"/voting/{ready.round.pk}/vote/", data)
    assert again["Location"] == f"/voting/{ready.round.pk}/done/"  # nothing left to vote on
    assert sealed_counts(a) == {"satisfied": 0, "basic": 1, "unsatisfied": 0}


def test_edit_goes_back_to_the_ballot_with_the_choices_kept(ready: RoundSetup, actors: Any) -> None:
    a, b = ready.items
    data = {f"item_{a.pk}": "basic", f"item_{b.pk}": "unsatisfied", "edit": "1"}
    page = logged_in(actors.reviewer).post(f"/voting/{ready.round.pk}/vote/", data).content.decode()
    assert re.search(rf'name="item_{b.pk}" value="unsatisfied"[^>]*checked', page)
    assert re.search(rf'name="item_{a.pk}" value="basic"[^>]*checked', page)
    assert "请确认您的选择" not in page
    assert not SealedBallot.objects.exists()


def test_reviewer_not_on_the_list_gets_404(ready: RoundSetup, actors: Any) -> None:
    stranger = logged_in(UserFactory(username="other_member", is_reviewer=True))
    for page in ("vote", "done", "results"):
        assert stranger.get(f"/voting/{ready.round.pk}/{page}/").status_code == 404
    assert "当前没有需要您参加的满意度测评" in stranger.get("/voting/mine/").content.decode()


def test_staff_cannot_vote_through_the_page(ready: RoundSetup, actors: Any) -> None:
    assert logged_in(actors.staff).get(f"/voting/{ready.round.pk}/vote/").status_code == 404


def test_results_page_shows_counts_and_rates(ready: RoundSetup, actors: Any) -> None:
    a, _b = ready.items
    for member, choice in zip(ready.reviewers, ["satisfied", "basic", "unsatisfied"], strict=True):
        voting.ballot_cast(voting_round=ready.round, actor=member, choices={a.pk: choice})
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    reviewer = logged_in(actors.reviewer)
    assert reviewer.get(f"/voting/{ready.round.pk}/results/").status_code == 404  # not yet published
    page = logged_in(actors.staff).get(f"/voting/{ready.round.pk}/results/").content.decode()
    assert "33.33%" in page and "66.67%" in page
    assert "尚未公布" in page
    voting.round_publish(voting_round=ready.round, actor=actors.staff)
    page = reviewer.get(f"/voting/{ready.round.pk}/results/").content.decode()
    assert "33.33%" in page
    assert "列入问责" in page  # nobody voted on the unit's item: quorum missed, unit flagged


def test_results_page_withholds_figures_of_an_item_with_few_ballots(ready: RoundSetup, actors: Any) -> None:
    a, b = ready.items
    voting.ballot_cast(voting_round=ready.round, actor=ready.reviewers[0], choices={a.pk: "unsatisfied"})
    for member in ready.reviewers:
        voting.ballot_cast(voting_round=ready.round, actor=member, choices={b.pk: "satisfied"})
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    page = logged_in(actors.staff).get(f"/voting/{ready.round.pk}/results/").content.decode()
    row_a = page[page.index(a.title) : page.index(b.title)]
    assert "参加人数少于 3 人，不公布分项票数" in row_a
    assert "不满意" not in row_a.replace("不公布", "") and "%" not in row_a
    assert "按未达到法定人数处理" in row_a
    assert "100.00%" in page[page.index(b.title) :]


@pytest.mark.parametrize("rounds", [2, 5])
def test_list_pages_query_counts_do_not_grow(actors: Any, rounds: int, django_assert_num_queries: Any) -> None:
    for _ in range(rounds):
        make_round(actors, reviewers=1)
    staff = logged_in(actors.staff)
    # the session with the person and the nav's unit roles, deputy id and unread-count badge in one
    # query (security/sessions.py), the page of rounds with item counts and the pager's capped count
    staff.get("/voting/")  # warm the header's to-do counts (cached until the timeline changes)
    with django_assert_num_queries(2):
        assert staff.get("/voting/").status_code == 200
    reviewer = logged_in(actors.reviewer)
    # the session with the person and the nav's unit roles, deputy id and unread-count badge (one
    # query), rounds with item counts, own participation counts per round
    reviewer.get("/voting/mine/")
    with django_assert_num_queries(3):
        assert reviewer.get("/voting/mine/").status_code == 200


def test_round_page_shows_an_automatic_close(ready: RoundSetup, actors: Any) -> None:
    import time_machine

    with time_machine.travel(ready.round.closes_at, tick=False):
        assert voting.close_due_rounds()["closed"] == 1
    page = logged_in(actors.staff).get(f"/voting/{ready.round.pk}/").content.decode()
    assert "到截止时间自动结束并计票" in page
