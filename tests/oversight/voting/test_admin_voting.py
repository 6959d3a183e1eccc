"""Voting rounds, items and results in the admin: read-only, results only after the count, and
nothing that links a reviewer to a choice (no participation or tally pages at all)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client

from oversight.models import Participation, SealedBallot
from oversight.services import voting
from tests.oversight.voting.conftest import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(actors: Any) -> Client:
    actors.staff.is_staff = True  # Django's flag for entering /admin/
    actors.staff.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(actors.staff)
    return client


def test_no_admin_page_for_participation_or_tallies() -> None:
    assert Participation not in admin.site._registry
    assert SealedBallot not in admin.site._registry


def test_round_page_shows_results_only_after_the_count(staff_client: Client, actors: Any) -> None:
    setup = make_round(actors)
    voting.ballot_cast(voting_round=setup.round, actor=setup.reviewers[0], choices={setup.items[0].pk: "unsatisfied"})
    url = f"/admin/oversight/votinground/{setup.round.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert setup.items[0].title in page
    assert "不满意" not in page.split("测评事项")[-1]  # no running totals while open
    assert actors.reviewer.display_name not in page  # the eligible list is not shown here
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    page = staff_client.get(url).content.decode()
    assert "参加人数" in page and "不满意" in page
    assert actors.reviewer.display_name not in page
    assert staff_client.post(url, {"title": "改名"}).status_code == 403  # read-only


def test_results_public_action_goes_through_the_service(staff_client: Client, actors: Any) -> None:
    setup = make_round(actors)
    response = staff_client.post(
        "/admin/oversight/votinground/",
        {"action": "make_results_public", "_selected_action": [setup.round.pk]},
        follow=True,
    )
    assert response.status_code == 200
    setup.round.refresh_from_db()
    assert setup.round.results_public is True
    from tracker.timeline import for_case

    assert for_case(setup.round).filter(action="round.results_public").exists()


def test_decisions_are_listed_read_only(staff_client: Client, actors: Any) -> None:
    from tests.oversight.voting.conftest import vote_on

    vote_on(actors, kind="unit_suggestions", subject=actors.unit_b, choice="unsatisfied", year=2025)
    page = staff_client.get("/admin/oversight/votedecision/").content.decode()
    assert actors.unit_b.name in page and "列入问责" in page
    assert staff_client.get("/admin/oversight/votedecision/add/").status_code == 403
