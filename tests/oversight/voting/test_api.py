"""/api/v1/voting-rounds/: a round from creation to published results, as the clients see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from oversight.models import User, VotingRound
from oversight.services import voting
from tests.factories import UserFactory
from tests.oversight.voting.conftest import RoundSetup, make_round

pytestmark = pytest.mark.django_db


def client(user: Any) -> APIClient:
    c = APIClient()
    c.force_authenticate(User.objects.get(pk=user.pk))
    return c


def url(name: str, voting_round: VotingRound | None = None) -> str:
    if voting_round is None:
        return reverse(f"api:voting-round-{name}")
    return reverse(f"api:voting-round-{name}", kwargs={"pk": voting_round.pk})


def test_staff_run_a_round_through_the_api(actors: Any, settings: Any) -> None:
    # One voter: an installation that publishes figures from a single ballot (the default, 3,
    # withholds them — test_items_with_few_ballots_publish_no_figures).
    settings.VOTING_MIN_BALLOTS = 1
    staff = client(actors.staff)
    response = staff.post(
        url("list"),
        {
            "title": "2026年度代表建议办理年终票决",
            "meeting_name": "第二十二次会议",
            "meeting_date": "2026-12-25",
            "opens_at": "2026-01-01T09:00:00+08:00",
            "closes_at": "2030-12-25T12:00:00+08:00",
            "pass_rule": "more_than_half_of_members",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["pass_rule"], body["quorum_rule"]) == (
        "draft",
        "more_than_half_of_members",
        "more_than_half_of_members",
    )
    voting_round = VotingRound.objects.get(pk=body["id"])
    response = staff.post(
        url("items", voting_round),
        {"kind": "unit_suggestions", "subject_type": "oversight.unit", "subject_id": actors.unit_a.pk, "year": 2026},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "市住房和城乡建设局2026年度代表建议办理情况"
    item_id = response.json()["id"]
    response = staff.post(url("reviewers", voting_round), {"reviewers": [actors.reviewer.pk]}, format="json")
    assert [r["name"] for r in response.json()["reviewers"]] == ["孙委员"]
    assert staff.post(url("open", voting_round)).json()["status"] == "open"

    reviewer = client(actors.reviewer)
    ballot = {"choices": [{"item": item_id, "choice": "satisfied"}]}
    response = reviewer.post(url("ballot", voting_round), ballot, format="json")
    assert response.status_code == 201, response.content
    again = reviewer.post(url("ballot", voting_round), ballot, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_voted")
    assert reviewer.get(url("detail", voting_round)).json()["my_voted_items"] == [item_id]

    turnout = staff.get(url("turnout", voting_round)).json()
    assert turnout == {
        "status": "open",
        "eligible": 1,
        "items": [{"id": item_id, "title": "市住房和城乡建设局2026年度代表建议办理情况", "participants": 1}],
    }
    refused = staff.get(url("results", voting_round))
    assert (refused.status_code, refused.json()["code"]) == (409, "results_not_available")

    assert staff.post(url("close", voting_round)).json()["status"] == "closed"
    # Closed but not published: staff see the counts, the reviewer not yet.
    assert staff.get(url("results", voting_round)).json()["items"][0]["satisfied"] == 1
    assert reviewer.get(url("results", voting_round)).status_code == 409
    assert reviewer.get(url("detail", voting_round)).json()["items"][0]["result"] is None

    assert staff.post(url("publish", voting_round)).json()["status"] == "published"
    results = reviewer.get(url("results", voting_round)).json()
    assert results["items"][0] | {"id": 0} == {
        "id": 0,
        "title": "市住房和城乡建设局2026年度代表建议办理情况",
        "participants": 1,
        "figures_withheld": False,
        "satisfied": 1,
        "basic": 0,
        "unsatisfied": 0,
        "satisfied_rate": "100.00",
        "basic_rate": "0.00",
        "unsatisfied_rate": "0.00",
        "approval_rate": "100.00",
        "quorum_met": True,
        "passed": True,
        "accountability_flagged": False,
    }


def test_turnout_never_carries_choices(ready: RoundSetup, actors: Any) -> None:
    voting.ballot_cast(voting_round=ready.round, actor=actors.reviewer, choices={ready.items[0].pk: "unsatisfied"})
    text = client(actors.staff).get(url("turnout", ready.round)).content.decode()
    for word in ("unsatisfied", "satisfied", "basic"):
        assert word not in text
    detail = client(actors.staff).get(url("detail", ready.round)).json()
    assert all(item["result"] is None for item in detail["items"])


def test_items_with_few_ballots_publish_no_figures(ready: RoundSetup, actors: Any) -> None:
    """Two of three reviewers vote on the first item, all three on the second: the first item's
    figures would name each voter's choice to anyone who knows who took part."""
    first, second = ready.items
    for member, choice in zip(ready.reviewers, ["satisfied", "unsatisfied", "basic"], strict=True):
        choices = {second.pk: choice} if member == ready.reviewers[2] else {first.pk: choice, second.pk: choice}
        voting.ballot_cast(voting_round=ready.round, actor=member, choices=choices)
    voting.round_close(voting_round=ready.round, actor=actors.staff)
    voting.round_publish(voting_round=ready.round, actor=actors.staff)
    results = {i["id"]: i for i in client(actors.reviewer).get(url("results", ready.round)).json()["items"]}
    withheld = results[first.pk]
    assert withheld["participants"] == 2 and withheld["figures_withheld"] is True
    assert [withheld[k] for k in ("satisfied", "basic", "unsatisfied", "approval_rate")] == [None] * 4
    assert (withheld["quorum_met"], withheld["passed"]) == (False, False)  # follows from the turnout alone
    shown = results[second.pk]
    assert (shown["figures_withheld"], shown["satisfied"], shown["basic"], shown["unsatisfied"]) == (False, 1, 1, 1)
    detail = client(actors.reviewer).get(url("detail", ready.round)).json()
    assert [i["result"]["satisfied"] for i in detail["items"]] == [None, 1]


def test_reviewer_not_on_the_list_gets_404(ready: RoundSetup, actors: Any) -> None:
    stranger = UserFactory(username="other_member", is_reviewer=True)
    c = client(stranger)
    assert c.get(url("detail", ready.round)).status_code == 404
    ballot = {"choices": [{"item": ready.items[0].pk, "choice": "basic"}]}
    assert c.post(url("ballot", ready.round), ballot, format="json").status_code == 404
    assert c.get(url("list")).json()["count"] == 0


def test_reviewers_do_not_see_draft_rounds(draft: RoundSetup, actors: Any) -> None:
    assert client(actors.reviewer).get(url("detail", draft.round)).status_code == 404
    assert client(actors.reviewer).get(url("list")).json()["count"] == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"choices": []},
        {"choices": [{"item": 1, "choice": "abstain"}]},
        {"choices": "satisfied"},
    ],
)
def test_malformed_ballots_are_refused_with_400(ready: RoundSetup, actors: Any, payload: dict[str, Any]) -> None:
    response = client(actors.reviewer).post(url("ballot", ready.round), payload, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")


def test_same_item_twice_in_one_ballot_is_refused(ready: RoundSetup, actors: Any) -> None:
    item = ready.items[0].pk
    payload = {"choices": [{"item": item, "choice": "basic"}, {"item": item, "choice": "satisfied"}]}
    response = client(actors.reviewer).post(url("ballot", ready.round), payload, format="json")
    assert response.status_code == 400
    assert ready.round.voted_item_ids(actors.reviewer) == set()


def test_item_subject_must_exist(draft: RoundSetup, actors: Any) -> None:
    response = client(actors.staff).post(
        url("items", draft.round),
        {"kind": "follow_up", "subject_type": "oversight.followupreport", "subject_id": 999999},
        format="json",
    )
    assert (response.status_code, response.json()["fields"]) == (400, {"subject_id": "测评对象不存在。"})


@pytest.mark.parametrize("who", ["staff", "reviewer"])
def test_round_list_query_count_does_not_grow_with_page_size(
    actors: Any, who: str, django_assert_num_queries: Any
) -> None:
    for _ in range(6):
        make_round(actors, reviewers=1)
    c = client(getattr(actors, who))
    # 1 count for the pager, 1 page of rounds with their item counts annotated.
    for size in (2, 5):
        with django_assert_num_queries(2):
            response = c.get(url("list"), {"page_size": size})
        assert len(response.json()["results"]) == size
