"""征询意见 and re-handling: each deputy rates each delivered reply once; 不满意 opens a new round.

Re-exported from ``oversight.services.replies`` (the contract in docs/services.md names them there).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight import handoffs
from oversight.errors import IllegalTransition, InvalidInput, NotAllowed
from oversight.models import Assignment, Feedback, Reply, Suggestion, User
from oversight.services._base import (
    conclude_assignment,
    deputy_ids_of,
    end_feedback_round,
    lock,
    now,
    refresh_suggestion_status,
    require_staff,
    require_state,
    require_text,
    today,
)
from oversight.services.feedback_window import require_window_open
from tracker import deadlines, policy, timeline

A = Assignment.Status
RS = Reply.Status


def _open_rehandling(assignment: Assignment, actor: User | None, reason: str) -> None:
    old = assignment.status
    # The old reply's round is over: the other deputies' feedback on it is no longer owed.
    end_feedback_round(assignment)
    assignment.round += 1
    assignment.status = A.REHANDLING
    assignment.save(update_fields=["round", "status"])
    day = today()
    deadlines.open_deadline(
        case=assignment.suggestion,
        subject=assignment,
        kind=kinds.REHANDLING,
        start=day,
        rule=policy.period("REHANDLING_PERIOD"),
        start_label="重新办理",
    )
    timeline.record(
        case=assignment.suggestion,
        subject=assignment,
        actor=actor,
        action="assignment.rehandling",
        from_state=old,
        to_state=assignment.status,
        note=reason,
        data={"round": assignment.round},
    )
    handoffs.later(handoffs.rehandling_opened, assignment_id=assignment.pk, reason=reason)


def rehandling_open(*, assignment: Assignment, actor: User, reason: str) -> Assignment:
    """重新办理, opened by staff (a deputy's 不满意 opens it through ``feedback_rate``)."""
    require_staff(actor, action=_("要求重新办理"))
    reason = require_text(reason, field="reason", label=_("理由"))
    with transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, [A.REPLIED], action=_("重新办理"))
        _open_rehandling(assignment, actor, reason)
        refresh_suggestion_status(assignment.suggestion, actor=actor)
    return assignment


def _require_current(reply: Reply, suggestion: Suggestion) -> None:
    """Only the reply of the assignment's present round, on a case not yet closed off, is rated.

    A superseded reply (re-handling opened a new round) or a closed-off case owes no feedback any
    more (its deadline was cancelled); a rating stored then would be counted against nothing.
    """
    if Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.CLOSED_OFF).exists():
        raise IllegalTransition(_("该建议已销号，不能再评价答复。"), code="case_closed")
    assignment = Assignment.objects.only("round", "status").get(pk=reply.assignment_id)
    if reply.round != assignment.round or assignment.status == A.REHANDLING:
        raise IllegalTransition(_("该答复已被重新办理取代，请评价最新的答复。"), code="reply_superseded")


def feedback_rate(*, reply: Reply, actor: User, rating: str, comment: str = "") -> Feedback:
    """征询意见: each deputy of the suggestion rates each delivered reply once.

    不满意 opens re-handling at once. When every deputy has rated, the feedback deadline is met
    and, if nobody was unsatisfied, the unit's handling is concluded.
    """
    suggestion = reply.assignment.suggestion
    deputy_ids = deputy_ids_of(suggestion)
    if actor.deputy_id is None or actor.deputy_id not in deputy_ids:
        raise NotAllowed(_("只有本建议的领衔代表和附议代表可以评价答复。"))
    if rating not in Feedback.Rating.values:
        raise InvalidInput(_("请选择满意、基本满意或不满意。"), code="invalid", fields={"rating": _("请选择评价。")})
    if rating == Feedback.Rating.UNSATISFIED and not (comment or "").strip():
        raise InvalidInput(
            _("不满意时请写明意见，以便重新办理。"), code="comment_required", fields={"comment": _("请填写意见。")}
        )
    require_window_open(reply)
    with transaction.atomic():
        # The reply row is the lock both ratings of one reply queue on: the second sees the first.
        reply = lock(reply)
        require_state(reply, [RS.ACCEPTED], action=_("评价"))
        if reply.feedback.filter(deputy_id=actor.deputy_id).exists():
            raise IllegalTransition(_("您已评价过该答复。"), code="already_rated")
        _require_current(reply, suggestion)
        feedback = Feedback.objects.create(
            reply=reply,
            deputy_id=actor.deputy_id,
            rating=rating,
            comment=(comment or "").strip(),
            rated_at=now(),
            rated_by=actor,
        )
        timeline.record(
            case=suggestion,
            subject=reply,
            actor=actor,
            action="feedback.rate",
            to_state=rating,
            note=feedback.comment,
        )
        assignment = lock(reply.assignment)
        current = assignment.status == A.REPLIED and reply.round == assignment.round
        if current and rating == Feedback.Rating.UNSATISFIED:
            _open_rehandling(assignment, actor, _("代表不满意：%(c)s") % {"c": feedback.comment})
            current = False
        ratings = dict(reply.feedback.values_list("deputy_id", "rating"))
        if deputy_ids <= set(ratings):
            deadlines.meet(subject=reply, kind=kinds.FEEDBACK, on=today())
            if current and Feedback.Rating.UNSATISFIED not in ratings.values():
                conclude_assignment(assignment, actor=actor, reason=_("代表对答复满意或基本满意。"), case=suggestion)
        refresh_suggestion_status(suggestion, actor=actor)
    return feedback


def rehandling_after_vote(*, assignment: Assignment, actor: User | None, reason: str) -> Assignment:
    """A satisfaction vote on the handling failed (DESIGN.md: "a failed vote starts re-handling"):
    a replied or concluded lead/separate assignment opens a new round with its own deadline.
    Called by the voting outcome inside round_close's transaction (the round's closer is staff)."""
    with transaction.atomic():
        assignment = lock(assignment)
        require_state(assignment, [A.REPLIED, A.CONCLUDED], action=_("重新办理"))
        if assignment.status == A.CONCLUDED:
            assignment.concluded_reason = ""
            assignment.save(update_fields=["concluded_reason"])
        _open_rehandling(assignment, actor, reason)
        refresh_suggestion_status(assignment.suggestion, actor=actor)
    return assignment
