"""满意度测评 / 票决: setting up a round, opening it, secret ballots, closing with results, publishing.

Every transition: staff only (ballots: an eligible reviewer), row lock on the round + state check,
timeline entry on the round. Outcomes reach their subjects through ``oversight.voting_outcomes``.

Ballots write no timeline entry on purpose: a per-voter, timestamped row would order the ballots.
The count (``round_close``, the automatic close) lives in ``oversight.services.voting_count``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight import ballot_box, voting_outcomes
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Unit, User
from oversight.models.voting import (
    Participation,
    PassRule,
    QuorumRule,
    SealedBallot,
    VoteChoice,
    VotingItem,
    VotingRound,
)
from oversight.services._base import lock, now, require_staff, require_state
from oversight.services.voting_count import (  # noqa: F401 - part of this module's interface
    Outcome,
    close_due_rounds,
    compute_outcome,
    round_close,
)
from tracker import policy, timeline
from tracker.models import Notification

S = VotingRound.Status


def round_create(
    *,
    actor: User,
    title: str,
    meeting_name: str,
    meeting_date: date,
    opens_at: datetime,
    closes_at: datetime,
    quorum_rule: str = "",
    pass_rule: str = "",
) -> VotingRound:
    """A draft round for a standing-committee meeting. The rules default to the installation's
    policy (config/policy.py) and are stored on the round, so a later policy change never
    re-decides a past vote."""
    require_staff(actor, action=_("组织满意度测评"))
    quorum_rule = quorum_rule or policy.get("VOTING_QUORUM")
    pass_rule = pass_rule or policy.get("VOTING_PASS_RULE")
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("请填写测评名称。")
    if not meeting_name.strip():
        errors["meeting_name"] = _("请填写常委会会议名称。")
    if closes_at <= opens_at:
        errors["closes_at"] = _("投票截止时间应晚于开始时间。")
    if quorum_rule not in QuorumRule.values:
        errors["quorum_rule"] = _("法定人数规则无效。")
    if pass_rule not in PassRule.values:
        errors["pass_rule"] = _("通过规则无效。")
    if errors:
        raise InvalidInput(_("满意度测评填写不完整。"), fields=errors)
    with transaction.atomic():
        voting_round = VotingRound.objects.create(
            title=title.strip(),
            meeting_name=meeting_name.strip(),
            meeting_date=meeting_date,
            opens_at=opens_at,
            closes_at=closes_at,
            quorum_rule=quorum_rule,
            pass_rule=pass_rule,
            created_by=actor,
            created_at=now(),
        )
        timeline.record(case=voting_round, action="round.create", actor=actor, to_state=voting_round.status)
    return voting_round


def round_add_item(
    *,
    voting_round: VotingRound,
    actor: User,
    kind: str,
    title: str = "",
    subject: models.Model | None = None,
    year: int | None = None,
) -> VotingItem:
    """Put a subject on a draft round: a follow-up report, a report as deliberated, or a unit's
    handling of (key) suggestions for a year. The subject's module may refuse it (item-added hook)."""
    require_staff(actor, action=_("添加测评事项"))
    errors: dict[str, str] = {}
    if kind not in VotingItem.Kind.values:
        errors["kind"] = _("测评类别无效。")
    else:
        # Kind and subject together (oversight/vote_consequences.py declares the pairs): a
        # follow-up vote on a unit, or a year-end vote without a year, is refused here.
        field, problem = voting_outcomes.subject_problem(kind=kind, subject=subject, year=year)
        if problem:
            errors[field] = problem
    title = title.strip() or _default_title(kind=kind, subject=subject, year=year)
    if not title:
        errors["title"] = _("请填写测评事项。")
    if errors:
        raise InvalidInput(_("测评事项填写不完整。"), fields=errors)
    with transaction.atomic():
        voting_round = lock(voting_round)
        require_state(voting_round, [S.DRAFT], action=_("添加测评事项"))
        subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
        subject_id = subject.pk if subject is not None else None
        if (
            subject is not None
            and voting_round.items.filter(subject_type=subject_type, subject_id=subject_id, year=year).exists()
        ):
            raise InvalidInput(
                _("该事项已在本次测评中。"), code="duplicate", fields={"subject": _("该事项已在本次测评中。")}
            )
        position = (voting_round.items.aggregate(m=models.Max("position"))["m"] or 0) + 1
        item = VotingItem.objects.create(
            round=voting_round,
            position=position,
            kind=kind,
            title=title,
            subject_type=subject_type,
            subject_id=subject_id,
            year=year,
        )
        if subject is not None:
            voting_outcomes.dispatch_added(subject=subject, item=item, actor=actor)
        timeline.record(case=voting_round, subject=item, action="round.add_item", actor=actor, note=item.title)
    return item


def _default_title(*, kind: str, subject: models.Model | None, year: int | None) -> str:
    if isinstance(subject, Unit) and year:
        what = _("重点督办建议") if kind == VotingItem.Kind.UNIT_KEY_SUGGESTIONS else _("代表建议")
        return _("%(unit)s%(year)s年度%(what)s办理情况") % {"unit": subject.name, "year": year, "what": what}
    return str(subject) if subject is not None else ""


def round_set_reviewers(*, voting_round: VotingRound, actor: User, reviewers: Iterable[User]) -> VotingRound:
    """Replace the list of eligible reviewers; only 常委会组成人员 (active, reviewer flag) qualify."""
    require_staff(actor, action=_("设置参加测评人员"))
    reviewers = list(reviewers)
    bad = [str(r) for r in reviewers if not (r.is_active and r.is_reviewer)]
    if bad:
        message = _("以下人员不是常委会组成人员：%(names)s") % {"names": "、".join(bad)}
        raise InvalidInput(message, fields={"reviewers": message})
    with transaction.atomic():
        voting_round = lock(voting_round)
        require_state(voting_round, [S.DRAFT], action=_("设置参加测评人员"))
        voting_round.reviewers.set(reviewers)
        timeline.record(
            case=voting_round, action="round.set_reviewers", actor=actor, data={"count": len(set(reviewers))}
        )
    return voting_round


def round_open(*, voting_round: VotingRound, actor: User) -> VotingRound:
    """Open the round: the reviewer list is frozen and the round's ballot key pair is made (the
    private key goes to its file outside the database, oversight.ballot_box)."""
    require_staff(actor, action=_("开始投票"))
    with transaction.atomic():
        voting_round = lock(voting_round)
        from_state = require_state(voting_round, [S.DRAFT], action=_("开始投票"))
        items = list(voting_round.items.all())
        eligible = voting_round.reviewers.count()
        if not items:
            raise IllegalTransition(_("测评尚无事项，不能开始投票。"), code="no_items")
        if not eligible:
            raise IllegalTransition(_("尚未设置参加测评人员，不能开始投票。"), code="no_reviewers")
        if voting_round.closes_at <= now():
            raise IllegalTransition(_("投票截止时间已过，不能开始投票。"), code="window_passed")
        voting_round.ballot_public_key, voting_round.ballot_public_key_mac = ballot_box.create_key(voting_round.pk)
        voting_round.status = S.OPEN
        voting_round.eligible_count = eligible
        voting_round.opened_at = now()
        voting_round.save(
            update_fields=["status", "eligible_count", "opened_at", "ballot_public_key", "ballot_public_key_mac"]
        )
        timeline.record(
            case=voting_round, action="round.open", actor=actor, from_state=from_state, to_state=voting_round.status
        )
        title = _("请参加满意度测评：%(title)s") % {"title": voting_round.title}
        closes = timezone.localtime(voting_round.closes_at).strftime("%Y-%m-%d %H:%M")
        body = _("投票截止时间：%(time)s。") % {"time": closes}
        _notify_reviewers(voting_round, title=title, body=body, link=f"/voting/{voting_round.pk}/vote/")
    return voting_round


def _notify_reviewers(voting_round: VotingRound, *, title: str, body: str, link: str) -> None:
    """An inbox message to everyone on the round, after commit (a rolled-back step sends nothing).
    Only round-level events are announced — never anything about a single ballot."""
    recipients = list(voting_round.reviewers.values_list("pk", flat=True))

    def send() -> None:
        Notification.objects.bulk_create(
            Notification(recipient_id=pk, title=title, body=body, link=link) for pk in recipients
        )

    transaction.on_commit(send)


def ballot_cast(*, voting_round: VotingRound, actor: User, choices: Mapping[int, str]) -> int:
    """One reviewer's ballot on some or all items of an open round: ``{item_id: choice}``.

    Each choice is sealed to the round's public key and stored apart from the participation, in
    one transaction, so they cannot diverge; nothing is counted until the round closes. The
    round row is locked (shared with the count) so no ballot slips in after the count is taken;
    the unique constraint on (item, reviewer) is what finally guarantees one ballot per item,
    even if the same reviewer submits fifty times at once. Returns the number of items voted on.

    Participation and sealed ballot share this transaction's id (``xmin``), so the database does
    link a reviewer to a ciphertext — by design harmless: the key that opens it is never in the
    database and is destroyed by the count (docs/voting.md "Threat model").
    """
    if not (actor.is_active and actor.is_reviewer):
        raise NotAllowed(_("只有常委会组成人员可以投票。"))
    choices = {int(k): v for k, v in choices.items()}
    if not choices:
        raise InvalidInput(_("请至少对一个事项作出选择。"), fields={"choices": _("请作出选择。")})
    bad_choice = [c for c in choices.values() if c not in VoteChoice.values]
    if bad_choice:
        raise InvalidInput(_("选项无效。"), fields={"choices": _("只能选择满意、基本满意或不满意。")})
    with transaction.atomic():
        voting_round = lock(voting_round)
        if not voting_round.reviewers.filter(pk=actor.pk).exists():
            raise NotAllowed(_("您不是本次测评的参加人员。"))
        require_state(voting_round, [S.OPEN], action=_("投票"))
        moment = now()
        if not voting_round.opens_at <= moment < voting_round.closes_at:
            raise IllegalTransition(_("不在投票时间内。"), code="outside_window")
        item_ids = set(voting_round.items.filter(pk__in=list(choices)).values_list("pk", flat=True))
        if item_ids != set(choices):
            raise InvalidInput(_("所选事项不属于本次测评。"), fields={"choices": _("事项无效。")})
        try:
            # A savepoint, so the IntegrityError leaves the outer transaction usable for the error.
            with transaction.atomic():
                Participation.objects.bulk_create(Participation(item_id=pk, reviewer=actor) for pk in sorted(item_ids))
        except IntegrityError:
            raise IllegalTransition(_("您已对该事项投过票，每人每项只能投一次。"), code="already_voted") from None
        try:
            boxes = [
                SealedBallot(
                    item_id=item_id,
                    box=ballot_box.seal(
                        round_id=voting_round.pk,
                        public_key_hex=voting_round.ballot_public_key,
                        mac=voting_round.ballot_public_key_mac,
                        item_id=item_id,
                        choice=choices[item_id],
                    ),
                )
                for item_id in sorted(item_ids)
            ]
        except ballot_box.BallotKeyError:
            raise IllegalTransition(_("本次测评的投票密钥无效，请联系管理员。"), code="ballot_key_unusable") from None
        SealedBallot.objects.bulk_create(boxes)
    return len(item_ids)


def round_publish(*, voting_round: VotingRound, actor: User) -> VotingRound:
    """Publish the results: eligible reviewers may now see counts and rates."""
    require_staff(actor, action=_("公布测评结果"))
    with transaction.atomic():
        voting_round = lock(voting_round)
        from_state = require_state(voting_round, [S.CLOSED], action=_("公布测评结果"))
        voting_round.status = S.PUBLISHED
        voting_round.published_at = now()
        voting_round.save(update_fields=["status", "published_at"])
        timeline.record(
            case=voting_round, action="round.publish", actor=actor, from_state=from_state, to_state=voting_round.status
        )
        title = _("满意度测评结果已公布：%(title)s") % {"title": voting_round.title}
        _notify_reviewers(voting_round, title=title, body="", link=f"/voting/{voting_round.pk}/results/")
    return voting_round
