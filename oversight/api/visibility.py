"""Visibility for the models the API exposes that have no ``visible_to`` of their own.

Each rule is written in terms of the model querysets' ``visible_to`` (oversight/models), so there
is one definition of "who sees a suggestion" and everything hanging off it follows. Pages and the
admin import these too.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, QuerySet, Subquery

from oversight.models import (
    Assignment,
    Attachment,
    Commitment,
    ContactRecord,
    CoOpinion,
    ExtensionRequest,
    Feedback,
    FollowUpReport,
    Reply,
    ReportAttachment,
    Suggestion,
    SupervisionAction,
)
from tracker.models import Deadline


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _staff(user: Any) -> bool:
    return _active(user) and bool(user.is_staff_member)


def oversight_type_id(model: str) -> Subquery:
    """The content type id of an oversight ``model`` as an uncorrelated subquery: PostgreSQL runs
    it once per statement (no query of its own, whatever the cache holds), and unlike a join it
    does not make the planner take the type for one in fifty (docs/benchmarks.md)."""
    return Subquery(ContentType.objects.filter(app_label="oversight", model=model).values("pk")[:1])


def _of_kind(model: str) -> Q:
    """Deadlines owed by a ``model`` object. The content type is a scalar subquery, not a join:
    PostgreSQL then reads the (subject_type, subject_id) index, and tests it before the subject."""
    return Q(subject_type_id=oversight_type_id(model))


def _probe(model: type[Any], way: Q) -> Q:
    """The deadline's subject is a row ``way`` admits, tested for each deadline walked by a scalar
    subquery — one index probe (the subject's key, or the column ``way`` names it by: a unit's
    suggestions through its assignments' (unit, suggestion) index). PostgreSQL never hashes a
    scalar subquery; an ``IN`` (or ``EXISTS``) it hashes whole first: every row of the unit's
    history, 3,167 assignments at 200,000 suggestions and ten times that at 2,000,000 (the
    liaison's list went from 13 to 112 ms; docs/benchmarks.md "Work queues")."""
    from oversight.models.suggestions import way_ids

    ids = way_ids(model, way)
    column = ids.query.values_select[0] if ids.query.values_select else "pk"
    return Q(subject_id=Subquery(ids.filter(**{column: OuterRef("subject_id")}).order_by()[:1]))


def deadlines_visible_to(user: Any) -> QuerySet[Deadline]:
    """Staff all; anyone else the deadlines of the objects they may see: a deadline is seen by
    whoever may open the thing that owes it. So a unit sees its own assignments', replies' and
    commitments' deadlines — a co-handling unit not the lead unit's — a deputy those of their
    suggestions' assignments (the reply deadlines, not the unit's internal 退办申请期 and 协办意见)
    and delivered replies, and a unit its own 审议意见 items'. Pages, the
    API, the timeline and the opinion views all read deadlines through here.

    The subjects' own rules decide. A deputy's deadlines are read from their suggestions (each
    deadline's case): a few hundred rows through the (case_type, case_id) index, each tested only
    for what a deputy sees of its kind of subject (``ReplyQuerySet.deputy_sees``: a reply once
    delivered); reading each kind's subjects again from the suggestions cost 3.5 ms twice a page
    and as much in planning (docs/benchmarks.md "A deputy's deadlines by their case"). A unit's
    ways (``Ways``) name
    one deadline in seventy: a condition per kind of subject tested as PostgreSQL walks the
    deadlines in the list's order (each deadline's subject probed through an index, ``_probe``), so
    a page stops after its 50 rows whatever the length of the unit's history (docs/benchmarks.md
    "Every list endpoint", "Work queues")."""
    if not _active(user):
        return Deadline.objects.none()
    if _staff(user):
        return Deadline.objects.all()
    from oversight import deadline_kinds as kinds
    from oversight.models import DeliberationOpinion, OpinionItem
    from oversight.models.suggestions import deputy_suggestion_ways, union_all

    # A unit's own steps before it answers (退办申请期, 协办意见) are its business, not the
    # deputies': a deputy sees an assignment's reply deadlines only.
    private = Q(kind__in=[kinds.RETURN_WINDOW, kinds.CO_OPINION])
    # Each kind of subject: its model, what of its deadlines a deputy does not see, and what of its
    # rows a deputy sees beyond their belonging to one of the deputy's suggestions.
    subjects: list[tuple[str, type[Any], Q | None, Q | None]] = [
        ("suggestion", Suggestion, None, None),
        ("assignment", Assignment, private, None),
        ("reply", Reply, None, Reply.objects.deputy_sees()),
        ("commitment", Commitment, None, None),
    ]
    conditions: list[Q] = []
    unit_ids = user.unit_ids()
    if unit_ids:
        for name, model, _, _ in subjects:
            way = model.objects.ways(user).unit
            if way is not None:
                conditions.append(_of_kind(name) & _probe(model, way))
        own_items = OpinionItem.objects.filter(unit_id__in=unit_ids).exclude(
            opinion__status=DeliberationOpinion.Status.DRAFT
        )
        conditions.append(_of_kind("opinionitem") & _probe(OpinionItem, Q(pk__in=own_items.values("pk"))))
    if user.deputy_id:
        # Every subject a deputy may see belongs to one of their suggestions, and a deadline's case
        # is the suggestion its subject belongs to (tracker.deadlines.open_deadline; checked by
        # tests/api/test_visibility_shape.py): the deputy's deadlines are their suggestions' — one
        # lookup of the (case_type, case_id) index per suggestion — of the kinds of subject and
        # deadline they see.
        kinds_seen = []
        for name, model, hidden, seen in subjects:
            kind = _of_kind(name)
            if hidden is not None:
                kind &= ~hidden
            if seen is not None:
                kind &= _probe(model, seen)
            kinds_seen.append(kind)
        theirs = union_all(deputy_suggestion_ways(user.deputy_id))
        conditions.append(
            Q(case_type_id=oversight_type_id("suggestion"), case_id__in=theirs) & reduce(operator.or_, kinds_seen)
        )
    if not conditions:
        return Deadline.objects.none()
    return Deadline.objects.filter(reduce(operator.or_, conditions))


def feedback_visible_to(user: Any) -> QuerySet[Feedback]:
    """Ratings are seen by whoever sees the reply rated."""
    if _staff(user):
        return Feedback.objects.all()
    return Feedback.objects.filter(reply__in=Reply.objects.visible_to(user).values("pk"))


def extensions_visible_to(user: Any) -> QuerySet[ExtensionRequest]:
    """Extension requests are between the unit and staff; deputies do not see them."""
    if not _active(user):
        return ExtensionRequest.objects.none()
    if _staff(user):
        return ExtensionRequest.objects.all()
    return ExtensionRequest.objects.filter(assignment__unit_id__in=user.unit_ids())


def contacts_visible_to(user: Any) -> QuerySet[ContactRecord]:
    """沟通记录 are the unit's notes of its talks with deputies (they carry phone numbers and what
    each deputy said): staff and the unit that logged them; not deputies, not other units."""
    if not _active(user):
        return ContactRecord.objects.none()
    if _staff(user):
        return ContactRecord.objects.all()
    return ContactRecord.objects.filter(assignment__unit_id__in=user.unit_ids())


def supervision_visible_to(user: Any) -> QuerySet[SupervisionAction]:
    """Staff all; a unit the actions aimed at it (or at the whole suggestion it handles); a deputy
    those on their suggestions."""
    if not _active(user):
        return SupervisionAction.objects.none()
    if _staff(user):
        return SupervisionAction.objects.all()
    condition = Q(pk__in=[])
    unit_ids = user.unit_ids()
    if unit_ids:
        condition |= Q(assignment__unit_id__in=unit_ids) | Q(
            assignment__isnull=True, suggestion__assignments__unit_id__in=unit_ids
        )
    if user.deputy_id:
        condition |= Q(suggestion__lead_deputy_id=user.deputy_id) | Q(suggestion__co_signers__id=user.deputy_id)
    return SupervisionAction.objects.filter(pk__in=SupervisionAction.objects.filter(condition).values("pk"))


def co_opinions_visible_to(user: Any) -> QuerySet[CoOpinion]:
    """协办意见 go from the co-handler to the lead unit: staff and every unit handling the same
    suggestion read them; deputies read the reply that reflects them, not the opinions."""
    if not _active(user):
        return CoOpinion.objects.none()
    if _staff(user):
        return CoOpinion.objects.all()
    handled = Assignment.objects.filter(unit_id__in=user.unit_ids()).values("suggestion_id")
    return CoOpinion.objects.filter(assignment__suggestion_id__in=handled)


def attachments_visible_to(user: Any) -> QuerySet[Attachment]:
    """A reply's files are seen by whoever sees the reply: the reply's own visibility, and for
    everyone (also without logging in) the files of a published reply."""
    replies = Reply.objects.published()
    if _active(user):
        replies = replies | Reply.objects.visible_to(user)
    return Attachment.objects.filter(reply__in=replies.values("pk"))


def report_attachments_visible_to(user: Any) -> QuerySet[ReportAttachment]:
    """A follow-up report's files are seen by whoever sees the report."""
    if not _active(user):
        return ReportAttachment.objects.none()
    return ReportAttachment.objects.filter(report__in=FollowUpReport.objects.visible_to(user).values("pk"))
