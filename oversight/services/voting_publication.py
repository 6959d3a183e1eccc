"""Whether a round's published results are public (DESIGN.md: "published vote results are public
where the round says so"). Kept apart from the ballot code: it decides visibility, never counts."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from oversight.models import User, VotingRound
from oversight.services._base import lock, require_staff
from tracker import timeline


def round_set_results_public(*, voting_round: VotingRound, actor: User, public: bool) -> VotingRound:
    """Staff decide, at any stage, whether the results are shown to the public once published.
    Only totals and rates are ever public; items too small to hide a choice stay hidden as for
    reviewers."""
    require_staff(actor, action=_("设置测评结果公开"))
    with transaction.atomic():
        voting_round = lock(voting_round)
        if voting_round.results_public == public:
            return voting_round
        voting_round.results_public = public
        voting_round.save(update_fields=["results_public"])
        timeline.record(
            case=voting_round,
            action="round.results_public" if public else "round.results_private",
            actor=actor,
        )
    return voting_round
