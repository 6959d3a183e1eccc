"""Each of the three votes (三次表决制) has its own outcome and timeline action; kind and subject
are checked together; year-end votes list bodies for 集中表彰 or 问责 (page and API)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from oversight.errors import InvalidInput
from oversight.models import DeliberationOpinion, VoteDecision
from oversight.services import voting
from tests.oversight.deliberation.conftest import commented_report, issue, item_of
from tests.oversight.voting.conftest import make_round, vote_on
from tracker import timeline

pytestmark = pytest.mark.django_db


def _actions(case: Any) -> list[str]:
    return list(timeline.for_case(case).values_list("action", flat=True))


def test_failed_report_vote_makes_the_opinion_a_key_opinion(opinion: DeliberationOpinion, actors: Any) -> None:
    item = vote_on(actors, kind="report", subject=opinion, choice="unsatisfied")
    opinion.refresh_from_db()
    assert (item.passed, opinion.is_key) == (False, True)
    actions = _actions(opinion)
    assert "opinion.report_vote_fail" in actions and "opinion.mark_key" in actions
    assert "opinion.year_end_vote_fail" not in actions  # no longer logged as a year-end vote


def test_passed_report_vote_is_recorded_and_changes_nothing_else(opinion: DeliberationOpinion, actors: Any) -> None:
    vote_on(actors, kind="report", subject=opinion, choice="satisfied")
    opinion.refresh_from_db()
    assert opinion.is_key is False
    assert "opinion.report_vote_pass" in _actions(opinion)


def test_follow_up_vote_on_a_unit_is_refused(actors: Any) -> None:
    setup = make_round(actors, open_it=False)
    with pytest.raises(InvalidInput) as err:
        voting.round_add_item(voting_round=setup.round, actor=actors.staff, kind="follow_up", subject=actors.unit_a)
    assert "研究处理情况报告" in err.value.fields["subject"]


def test_follow_up_vote_on_a_unit_is_400_in_the_api(actors: Any) -> None:
    setup = make_round(actors, open_it=False)
    client = APIClient()
    client.force_authenticate(actors.staff)
    response = client.post(
        f"/api/v1/voting-rounds/{setup.round.pk}/items/",
        {"kind": "follow_up", "subject_type": "oversight.unit", "subject_id": actors.unit_a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "该类测评的对象只能是" in str(response.json())


def test_year_end_unit_vote_needs_a_year(actors: Any) -> None:
    setup = make_round(actors, open_it=False)
    with pytest.raises(InvalidInput) as err:
        voting.round_add_item(
            voting_round=setup.round, actor=actors.staff, kind="unit_key_suggestions", subject=actors.unit_b
        )
    assert "year" in err.value.fields


def test_follow_up_vote_fail_rectifies_with_its_own_action(
    opinion: DeliberationOpinion, actors: Any, clock: Any
) -> None:
    issued = issue(opinion, actors, clock)
    report = commented_report(item_of(issued, 1), actors)
    vote_on(actors, kind="follow_up", subject=report, choice="unsatisfied")
    actions = _actions(issued)
    assert "report.vote_fail" in actions and "item.rectify" in actions
    assert item_of(issued, 1).status == "rectification"


def test_year_end_vote_on_a_key_opinion_lists_its_bodies(opinion: DeliberationOpinion, actors: Any, clock: Any) -> None:
    issued = issue(opinion, actors, clock)
    vote_on(actors, kind="key_opinion_year_end", subject=issued, choice="unsatisfied")
    decisions = {(d.unit_id, d.decision) for d in VoteDecision.objects.all()}
    assert decisions == {(actors.unit_a.pk, "accountability"), (actors.unit_b.pk, "accountability")}
    vote_on(actors, kind="key_opinion_year_end", subject=item_of(issued, 2), choice="satisfied")
    assert VoteDecision.objects.filter(decision="commendation").get().unit == actors.unit_b


def _unit_votes(actors: Any) -> Any:
    """Unit A passes its 2026 year-end vote, unit B fails it; the round is closed, not published."""
    from oversight.services import voting as v
    from tests.oversight.voting.conftest import make_round as mk

    setup = mk(actors, open_it=False)  # its own items: a report (title only) and unit A for 2026
    b = v.round_add_item(
        voting_round=setup.round, actor=actors.staff, kind="unit_suggestions", subject=actors.unit_b, year=2026
    )
    v.round_open(voting_round=setup.round, actor=actors.staff)
    a = setup.round.items.get(subject_id=actors.unit_a.pk)
    for member in setup.reviewers:
        v.ballot_cast(voting_round=setup.round, actor=member, choices={a.pk: "satisfied", b.pk: "unsatisfied"})
    v.round_close(voting_round=setup.round, actor=actors.staff)
    return setup.round


def test_year_end_unit_votes_list_commendation_and_accountability(actors: Any, client: Any) -> None:
    from oversight.services.voting_publication import round_set_results_public

    voting_round = _unit_votes(actors)
    rows = {(d.unit_id, d.decision, d.year) for d in VoteDecision.objects.all()}
    assert rows == {(actors.unit_a.pk, "commendation", 2026), (actors.unit_b.pk, "accountability", 2026)}

    client.force_login(actors.staff)
    page = client.get("/voting/decisions/").content.decode()
    commend, account = page.index("<h2>列入集中表彰</h2>"), page.index("<h2>列入问责</h2>")
    assert commend < page.index(actors.unit_a.name) < account < page.index(actors.unit_b.name)
    client.logout()

    # Not published yet: reviewers, units and the public see nothing.
    api = APIClient()
    api.force_authenticate(actors.reviewer)
    assert api.get("/api/v1/vote-decisions/").json()["count"] == 0
    assert actors.unit_a.name not in client.get("/voting/decisions/").content.decode()

    voting.round_publish(voting_round=voting_round, actor=actors.staff)
    body = api.get("/api/v1/vote-decisions/", {"decision": "accountability"}).json()
    assert [(r["unit_name"], r["year"], r["decision_display"]) for r in body["results"]] == [
        (actors.unit_b.name, 2026, "列入问责")
    ]
    api.force_authenticate(actors.liaison_a)
    assert [r["unit"] for r in api.get("/api/v1/vote-decisions/").json()["results"]] == [actors.unit_a.pk]
    assert actors.unit_a.name not in client.get("/voting/decisions/").content.decode()  # round not public

    round_set_results_public(voting_round=voting_round, actor=actors.staff, public=True)
    anonymous = client.get("/voting/decisions/")
    assert anonymous.status_code == 200
    assert actors.unit_a.name in anonymous.content.decode() and actors.unit_b.name in anonymous.content.decode()


@pytest.mark.parametrize("page_size", [1, 2])
def test_decision_list_query_count_is_fixed(actors: Any, page_size: int, django_assert_num_queries: Any) -> None:
    _unit_votes(actors)
    api = APIClient()
    api.force_authenticate(actors.staff)
    # decisions ⋈ unit, item, round (the page ends the list, so it is its own count)
    with django_assert_num_queries(1):
        body = api.get("/api/v1/vote-decisions/", {"page_size": page_size}).json()
    assert (body["count"], len(body["results"])) == (2, page_size)
