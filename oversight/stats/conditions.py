"""The per-assignment conditions behind the figures, shared by the aggregation (metrics.py) and the
drill-down from a number to the list of items behind it (drill.py): one definition of each."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from oversight import deadline_kinds as kinds
from oversight.models import Assignment, ContactRecord, CoOpinion, Feedback, Reply
from oversight.stats.scope import Scope
from tracker.models import Deadline

ACCEPTED = Reply.Status.ACCEPTED
# An assignment is overdue while one of these obligations is open past its due date.
OVERDUE_KINDS = (kinds.REPLY, kinds.REHANDLING, kinds.CO_OPINION)
OPEN_STATUSES = (Deadline.Status.OPEN, Deadline.Status.EXTENDED)


def accepted_reply(**extra: object) -> Exists:
    return Exists(Reply.objects.filter(assignment=OuterRef("pk"), status=ACCEPTED, **extra))


def co_opinion() -> Exists:
    return Exists(CoOpinion.objects.filter(assignment=OuterRef("pk")))


def face_contact() -> Exists:
    return Exists(ContactRecord.objects.filter(assignment=OuterRef("pk"), method__in=ContactRecord.FACE_TO_FACE))


def overdue_deadline(day: date) -> Exists:
    return Exists(
        Deadline.objects.filter(
            subject_type__app_label="oversight",
            subject_type__model="assignment",
            subject_id=OuterRef("pk"),
            kind__in=OVERDUE_KINDS,
            status__in=OPEN_STATUSES,
            due__lt=day,
        )
    )


def later_reply() -> Exists:
    """A later accepted round of the same assignment (for the latest reply's category)."""
    return Exists(Reply.objects.filter(assignment=OuterRef("assignment"), status=ACCEPTED, round__gt=OuterRef("round")))


def later_rating() -> Exists:
    """The same deputy rated a later round of the same assignment (for the latest rating)."""
    return Exists(
        Feedback.objects.filter(
            deputy=OuterRef("deputy"),
            reply__assignment=OuterRef("reply__assignment"),
            reply__round__gt=OuterRef("reply__round"),
        )
    )


def answered_q() -> Q:
    """办复: an accepted reply, or for a 协办 assignment a submitted opinion."""
    return Q(has_reply=True) | Q(role=Assignment.Role.CO, has_opinion=True)


def annotated(qs: QuerySet[Assignment], day: date) -> QuerySet[Assignment]:
    return qs.annotate(
        has_reply=accepted_reply(),
        has_first=accepted_reply(round=1),
        first_on_time=accepted_reply(round=1, on_time=True),
        has_face=face_contact(),
        has_opinion=co_opinion(),
        is_overdue=overdue_deadline(day),
    )


# Drill-down: the assignments behind one number of a table.
STATS: dict[str, Q] = {
    "assigned": Q(),
    "answered": answered_q(),
    "unanswered": ~answered_q(),
    "replied": Q(has_reply=True),
    "on_time": Q(first_on_time=True),
    "late": Q(has_first=True, first_on_time=False),
    "face": Q(has_reply=True, has_face=True),
    "overdue": Q(is_overdue=True),
}


def assignments_for(scope: Scope, stat: str, category: str = "") -> QuerySet[Assignment]:
    """The assignments in ``scope`` that a number counts: ``stat`` is a key of STATS, or
    "category" with the reply ``category`` code (latest accepted reply of that category), or
    "unsatisfied" (a deputy's latest rating is 不满意), or "commitments_overdue"."""
    qs = annotated(Assignment.objects.filter(scope.assignment_q()), scope.day)
    if stat in STATS:
        return qs.filter(STATS[stat])
    if stat == "category":
        latest = Reply.objects.filter(status=ACCEPTED, category=category).exclude(later_reply())
        return qs.filter(pk__in=latest.values("assignment_id"))
    if stat == "unsatisfied":
        final = Feedback.objects.filter(reply__status=ACCEPTED, rating=Feedback.Rating.UNSATISFIED)
        return qs.filter(pk__in=final.exclude(later_rating()).values("reply__assignment_id"))
    if stat == "commitments_overdue":
        from oversight.models import Commitment

        late = Commitment.objects.filter(status=Commitment.Status.OPEN, due_on__lt=scope.day)
        return qs.filter(pk__in=late.values("assignment_id"))
    raise ValueError(stat)


DRILL_STATS = (*STATS, "category", "unsatisfied", "commitments_overdue")
