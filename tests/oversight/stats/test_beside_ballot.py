"""A reviewer voting on a unit's 年度办理情况 sees that unit's figures for the year; staff see them
while preparing the round."""

from __future__ import annotations

import re
from typing import Any

import pytest

from oversight.models import VotingItem
from oversight.services import voting
from tests.oversight.stats.world import World
from tests.oversight.voting.conftest import make_round

pytestmark = pytest.mark.django_db


def _figures(html: str) -> dict[str, str]:
    block = html.split('class="unit-figures"', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)
    return dict(pairs)


def test_reviewer_sees_the_units_figures_for_the_year_beside_the_ballot(client: Any, world: World) -> None:
    setup = make_round(world.actors)
    client.force_login(world.actors.reviewer)
    html = client.get(f"/voting/{setup.round.pk}/vote/").content.decode()
    assert html.count('class="unit-figures"') == 1  # only the unit item, not the report item
    figures = _figures(html)
    # Unit A in 2026 as lead unit: s1, s2, s5; two answered.
    assert figures["交办件（主办）"] == "3"
    assert figures["办复率"] == "66.67%"
    assert figures["满意率"] == "33.33%"
    assert figures["B类"] == "2（100.00%）"


def test_staff_see_the_figures_preparing_the_round_and_key_items_count_key_suggestions(
    client: Any, world: World
) -> None:
    setup = make_round(world.actors, open_it=False)
    voting.round_add_item(
        voting_round=setup.round,
        actor=world.actors.staff,
        kind=VotingItem.Kind.UNIT_KEY_SUGGESTIONS,
        subject=world.actors.unit_b,
        year=2026,
    )
    client.force_login(world.actors.staff)
    html = client.get(f"/voting/{setup.round.pk}/").content.decode()
    assert html.count('class="unit-figures"') == 2
    key_block = html.split("（重点督办）", 1)[1]
    # Unit B's only key suggestion in 2026 is s3: not answered, overdue.
    assert _figures('class="unit-figures"' + key_block)["办复率"] == "0.00%"
    assert _figures('class="unit-figures"' + key_block)["办理逾期"] == "1"
