"""The count of a voting round: by staff (``round_close``) or by itself once ``closes_at`` has
passed (``close_due_rounds``, run by Celery beat and by the broker-less sweep).

The count opens every sealed ballot of the round together, in random order, writes each item's
totals once, deletes the sealed ballots and — after the transaction commits — destroys the
round's private key, so the ballots can never be opened again (docs/voting.md "Threat model").
Each item's outcome is handed to its subject through ``oversight.voting_outcomes`` inside the
same transaction: a handler that refuses leaves the round open, with its ballots and key intact.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from oversight import ballot_box, voting_outcomes
from oversight.errors import DomainError, IllegalTransition
from oversight.models import User
from oversight.models.voting import Participation, PassRule, QuorumRule, SealedBallot, VoteChoice, VotingRound
from oversight.services._base import lock, now, require_staff
from tracker import timeline

S = VotingRound.Status
logger = logging.getLogger("oversight.voting")


@dataclass(frozen=True)
class Outcome:
    participants: int
    satisfied: int
    basic: int
    unsatisfied: int
    quorum_met: bool
    passed: bool


def compute_outcome(
    *, eligible: int, satisfied: int, basic: int, unsatisfied: int, quorum_rule: str, pass_rule: str
) -> Outcome:
    """The rule, in one place. Integer comparisons avoid rounding: "more than half" is 2·x > n,
    so a tie (exactly half) does not pass; "two thirds" is 3·x ≥ 2·n."""
    cast = satisfied + basic + unsatisfied
    if quorum_rule == QuorumRule.NONE:
        quorum_met = cast > 0
    elif quorum_rule == QuorumRule.TWO_THIRDS_OF_MEMBERS:
        quorum_met = cast > 0 and 3 * cast >= 2 * eligible
    else:
        quorum_met = 2 * cast > eligible
    # Too few ballots to publish figures counts as a missed quorum: the outcome then follows from
    # the turnout alone (public anyway), never from the choices of one or two people.
    if cast < settings.VOTING_MIN_BALLOTS:
        quorum_met = False
    approving = satisfied + basic
    base = eligible if pass_rule == PassRule.MORE_THAN_HALF_OF_MEMBERS else cast
    passed = quorum_met and 2 * approving > base
    return Outcome(cast, satisfied, basic, unsatisfied, quorum_met, passed)


def round_close(*, voting_round: VotingRound, actor: User) -> VotingRound:
    """Staff stop the vote early or at its time: count, store results, hand each outcome on."""
    require_staff(actor, action=_("结束投票"))
    with transaction.atomic():
        return _count(lock(voting_round), actor=actor)


def _refuse_unless_open(voting_round: VotingRound) -> str:
    if voting_round.status in (S.CLOSED, S.PUBLISHED):
        # The sealed ballots and the key are gone: there is nothing left to count again.
        raise IllegalTransition(_("本次测评已经计票，不能重新计票。"), code="already_counted")
    if voting_round.status != S.OPEN:
        raise IllegalTransition(
            _("当前状态为“%(state)s”，不能结束投票。") % {"state": voting_round.get_status_display()},
            code="illegal_transition",
        )
    return str(voting_round.status)


def _count(voting_round: VotingRound, *, actor: User | None) -> VotingRound:
    """The count proper; the caller holds the round's row lock inside a transaction."""
    from_state = _refuse_unless_open(voting_round)
    eligible = voting_round.eligible_count or 0
    boxes = list(SealedBallot.objects.filter(item__round=voting_round).values_list("item_id", "box"))
    # Opened in random order: nothing about the count depends on the order ballots were stored.
    secrets.SystemRandom().shuffle(boxes)
    try:
        opened = ballot_box.open_all(round_id=voting_round.pk, boxes=boxes)
    except ballot_box.BallotKeyError:
        logger.exception("round %s: sealed ballots do not open", voting_round.pk)
        raise IllegalTransition(_("密封选票无法开启，请联系管理员。"), code="ballot_key_unusable") from None
    counts: dict[int, Counter[str]] = {}
    for item_id, choice in opened:
        counts.setdefault(item_id, Counter())[choice] += 1
    del opened, boxes
    took_part = dict(
        Participation.objects.filter(item__round=voting_round)
        .values("item_id")
        .annotate(n=Count("pk"))
        .values_list("item_id", "n")
    )
    items = list(voting_round.items.select_related("subject_type"))
    for item in items:
        c = counts.get(item.pk, Counter())
        outcome = compute_outcome(
            eligible=eligible,
            satisfied=c[VoteChoice.SATISFIED],
            basic=c[VoteChoice.BASIC],
            unsatisfied=c[VoteChoice.UNSATISFIED],
            quorum_rule=voting_round.quorum_rule,
            pass_rule=voting_round.pass_rule,
        )
        if outcome.participants != took_part.get(item.pk, 0):  # ballots added or removed behind our back
            raise IllegalTransition(_("计票与参加记录不一致，请联系管理员。"), code="tally_mismatch")
        item.participants = outcome.participants
        item.figures_withheld = outcome.participants < settings.VOTING_MIN_BALLOTS
        if item.figures_withheld:
            item.satisfied = item.basic = item.unsatisfied = None
        else:
            item.satisfied, item.basic, item.unsatisfied = outcome.satisfied, outcome.basic, outcome.unsatisfied
        item.quorum_met, item.passed = outcome.quorum_met, outcome.passed
        item.save(
            update_fields=[
                "participants",
                "satisfied",
                "basic",
                "unsatisfied",
                "figures_withheld",
                "quorum_met",
                "passed",
            ]
        )
    del counts
    SealedBallot.objects.filter(item__round=voting_round).delete()
    voting_round.status = S.CLOSED
    voting_round.closed_at = now()
    voting_round.save(update_fields=["status", "closed_at"])
    timeline.record(
        case=voting_round,
        action="round.close",
        actor=actor,
        from_state=from_state,
        to_state=voting_round.status,
        data={"automatic": actor is None},
    )
    for item in items:
        timeline.record(
            case=voting_round,
            subject=item,
            action="vote_item.pass" if item.passed else "vote_item.fail",
            actor=actor,
            note=item.title,
            data={"participants": item.participants, "quorum_met": item.quorum_met},
        )
        subject = item.subject
        if subject is not None:
            voting_outcomes.dispatch(subject=subject, passed=bool(item.passed), item=item, actor=actor)
    round_id = voting_round.pk
    # Only once the totals are committed: a rolled-back count must leave the ballots openable.
    transaction.on_commit(lambda: ballot_box.destroy_key(round_id))
    return voting_round


def close_due_round(*, skip: frozenset[int] = frozenset()) -> tuple[int, bool] | None:
    """Count one round whose ``closes_at`` has passed: ``(round id, counted?)``, or None when none
    is due.

    Claimed with ``SELECT … FOR UPDATE SKIP LOCKED``: two workers sweeping at once each take a
    different round (or one takes it and the other finds nothing), and the state is checked again
    under the lock, so a round is counted exactly once. A count that is refused (an outcome
    handler's domain error) rolls back to a savepoint, leaving the round open; ``skip`` holds the
    rounds this sweep has already tried, so a refusing round is not retried in a tight loop.
    """
    with transaction.atomic():
        voting_round = (
            VotingRound.objects.select_for_update(skip_locked=True)
            .filter(status=S.OPEN, closes_at__lte=now())
            .exclude(pk__in=skip)
            .order_by("closes_at", "pk")
            .first()
        )
        if voting_round is None:
            return None
        try:
            with transaction.atomic():
                _count(voting_round, actor=None)
        except DomainError as error:
            logger.warning("round %s: automatic close refused: %s", voting_round.pk, error.message)
            return voting_round.pk, False
        return voting_round.pk, True


def close_due_rounds() -> dict[str, int]:
    """The sweep: count every round past its time, then destroy key files left by rounds that are
    no longer open (a process that died between the count's commit and the key's destruction).
    A round whose count is refused stays open and is tried again by the next sweep."""
    closed = failed = 0
    tried: set[int] = set()
    while (step := close_due_round(skip=frozenset(tried))) is not None:
        round_id, counted = step
        tried.add(round_id)
        closed, failed = (closed + 1, failed) if counted else (closed, failed + 1)
    return {"closed": closed, "failed": failed, "keys_destroyed": destroy_stale_keys()}


def destroy_stale_keys() -> int:
    """Destroy the key file of every round that is no longer open; how many were destroyed."""
    stored = ballot_box.stored_round_ids()
    if not stored:
        return 0
    keep = set(VotingRound.objects.filter(pk__in=stored, status__in=[S.DRAFT, S.OPEN]).values_list("pk", flat=True))
    return sum(ballot_box.destroy_key(pk) for pk in stored if pk not in keep)
