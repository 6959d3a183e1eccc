"""Published 审议意见 and their outcomes are public (no login); vote results only where the round
says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from oversight.models import DeliberationOpinion
from oversight.services import voting
from oversight.services.deliberation import opinion_set_published
from oversight.services.voting_publication import round_set_results_public
from tests.oversight.deliberation.conftest import commented_report, issue, item_of
from tests.oversight.voting.conftest import make_round, vote_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_static(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_anonymous_reads_a_published_opinion_and_its_outcomes(
    opinion: DeliberationOpinion, actors: Any, clock: Any, client: Client
) -> None:
    issued = issue(opinion, actors, clock)
    detail = f"/public/opinions/{issued.pk}/"
    assert client.get(detail).status_code == 404  # not published yet
    assert issued.title not in client.get("/public/opinions/").content.decode()
    vote_on(actors, kind="follow_up", subject=commented_report(item_of(issued, 1), actors), choice="unsatisfied")
    opinion_set_published(opinion=issued, actor=actors.staff, published=True)

    listing = client.get("/public/opinions/")
    assert listing.status_code == 200 and issued.title in listing.content.decode()
    page = client.get(detail)
    assert page.status_code == 200
    text = page.content.decode()
    assert "限期整改" in text  # item 1's outcome after the failed vote
    assert "第1轮研究处理情况报告：测评未通过" in text
    assert "研究处理中" in text  # item 2 still handling


def test_public_opinion_list_query_count(
    opinion: DeliberationOpinion, actors: Any, clock: Any, client: Client, django_assert_num_queries: Any
) -> None:
    issued = issue(opinion, actors, clock)
    opinion_set_published(opinion=issued, actor=actors.staff, published=True)
    with django_assert_num_queries(1):  # published opinions with their capped count
        assert client.get("/public/opinions/").status_code == 200


def test_vote_results_are_public_only_where_the_round_says_so(actors: Any, client: Client) -> None:
    setup = make_round(actors)
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    voting.round_publish(voting_round=setup.round, actor=actors.staff)
    url = f"/public/voting/{setup.round.pk}/"
    assert client.get(url).status_code == 404
    assert setup.round.title not in client.get("/public/voting/").content.decode()
    round_set_results_public(voting_round=setup.round, actor=actors.staff, public=True)
    page = client.get(url)
    assert page.status_code == 200
    assert setup.items[0].title in page.content.decode()
    assert setup.round.title in client.get("/public/voting/").content.decode()


def test_results_of_an_unpublished_round_stay_private_even_when_marked_public(actors: Any, client: Client) -> None:
    setup = make_round(actors)
    round_set_results_public(voting_round=setup.round, actor=actors.staff, public=True)
    voting.round_close(voting_round=setup.round, actor=actors.staff)
    assert client.get(f"/public/voting/{setup.round.pk}/").status_code == 404


def test_anonymous_link_to_a_published_opinion_lands_on_its_public_page(
    opinion: DeliberationOpinion, actors: Any, clock: Any, client: Client
) -> None:
    issued = issue(opinion, actors, clock)
    assert client.get(f"/deliberation/{issued.pk}/")["Location"].startswith("/accounts/login/")
    opinion_set_published(opinion=issued, actor=actors.staff, published=True)
    assert client.get(f"/deliberation/{issued.pk}/")["Location"] == f"/public/opinions/{issued.pk}/"
