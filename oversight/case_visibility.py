"""What a person may read of a case's file: its 办理轨迹 (timeline) and the internal notes on its
records. Pages, the API, exports and downloads all read through here, so a rule is written once.

Two questions decide it, for anyone who is not congress staff:

- **May they see the entry's subject?** The subject's own visibility answers (a reply, a contact
  record, an extension request, a deadline …: ``visible_to`` / oversight.api.visibility). A step
  about an object you cannot open is not shown either.
- **Do they handle that subject?** Some steps are between a unit and the staff who supervise it —
  drafts before sign-off, send-backs, extension and return requests, contact logs, waivers. Only
  staff and the unit that owns the subject see those, even where the subject itself (an accepted
  reply, an assignment) is visible to the deputies. The same holds for internal notes on a record
  (the reviewer's 审核意见, a unit's 退办理由): ``may_read_internal``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from oversight.api.visibility import (
    co_opinions_visible_to,
    contacts_visible_to,
    deadlines_visible_to,
    extensions_visible_to,
    supervision_visible_to,
)
from oversight.models import (
    Assignment,
    Commitment,
    ContactRecord,
    CoOpinion,
    DeliberationOpinion,
    Escalation,
    ExtensionRequest,
    FollowUpReport,
    HandlingPlan,
    OpinionItem,
    Reply,
    Suggestion,
    SupervisionAction,
)
from tracker.models import TimelineEntry
from tracker.timeline import for_case

# Steps only staff and the unit owning the subject read (drafts, requests, internal decisions).
HANDLER_ACTIONS = frozenset(
    {
        "reply.draft",
        "reply.update",
        "reply.sign",
        "reply.send_back",
        "assignment.request_return",
        "assignment.decide_return",
        "contact.waive",
        "co_opinion.waive",
        "extension.request",
        "extension.decide",
        "contact.log",
    }
)

# Entries whose note holds an internal part after the first "；" (the reviewer's 审核意见 follows
# the category in reply.accept: oversight.services.replies.reply_accept); others see the first part.
_PUBLIC_PART: dict[str, Callable[[str], str]] = {
    "reply.accept": lambda note: note.split("；", 1)[0],
}


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _staff(user: Any) -> bool:
    return _active(user) and bool(user.is_staff_member)


def may_read_internal(user: Any, unit_id: int | None) -> bool:
    """Internal notes of a unit's record (审核意见, 退办理由, send-back reasons): staff and that unit."""
    if _staff(user):
        return True
    return _active(user) and unit_id is not None and unit_id in user.unit_ids()


def redact_reply(reply: Reply, user: Any) -> Reply:
    """Blank the reviewer's note in memory when ``user`` may not read it (never saved)."""
    if reply.review_note and not may_read_internal(user, reply.assignment.unit_id):
        reply.review_note = ""
    return reply


def redact_assignment(assignment: Assignment, user: Any) -> Assignment:
    """Blank the unit's 退办理由 in memory when ``user`` may not read it (never saved)."""
    if assignment.return_reason and not may_read_internal(user, assignment.unit_id):
        assignment.return_reason = ""
    return assignment


@dataclass(frozen=True)
class Subject:
    """A kind of timeline subject: which rows ``user`` may see, and which their units handle."""

    model: str  # ContentType.model of the subject
    visible: Callable[[Any], QuerySet[Any]]
    handled: Callable[[set[int]], QuerySet[Any]]


def _own(model: type[Any], unit_path: str) -> Callable[[set[int]], QuerySet[Any]]:
    return lambda unit_ids: model.objects.filter(**{f"{unit_path}__in": unit_ids})


def _own_items(unit_ids: set[int]) -> QuerySet[OpinionItem]:
    # An item of an opinion still being drafted is the committee's alone.
    return OpinionItem.objects.filter(unit_id__in=unit_ids).exclude(opinion__status=DeliberationOpinion.Status.DRAFT)


def _unit_ids(user: Any) -> set[int]:
    return set(user.unit_ids()) if _active(user) else set()


SUGGESTION_SUBJECTS = (
    Subject("assignment", lambda u: Assignment.objects.visible_to(u), _own(Assignment, "unit_id")),
    Subject("reply", lambda u: Reply.objects.visible_to(u), _own(Reply, "assignment__unit_id")),
    Subject("commitment", lambda u: Commitment.objects.visible_to(u), _own(Commitment, "assignment__unit_id")),
    Subject("contactrecord", contacts_visible_to, _own(ContactRecord, "assignment__unit_id")),
    Subject("extensionrequest", extensions_visible_to, _own(ExtensionRequest, "assignment__unit_id")),
    Subject("coopinion", co_opinions_visible_to, _own(CoOpinion, "assignment__unit_id")),
    Subject("supervisionaction", supervision_visible_to, _own(SupervisionAction, "assignment__unit_id")),
    Subject("deadline", deadlines_visible_to, lambda unit_ids: deadlines_visible_to(None)),
)

OPINION_SUBJECTS = (
    Subject("opinionitem", lambda u: _own_items(_unit_ids(u)), _own_items),
    Subject(
        "followupreport",
        lambda u: FollowUpReport.objects.filter(item__in=_own_items(_unit_ids(u))),
        lambda ids: FollowUpReport.objects.filter(item__in=_own_items(ids)),
    ),
    Subject(
        "handlingplan",
        lambda u: HandlingPlan.objects.filter(item__in=_own_items(_unit_ids(u))),
        lambda ids: HandlingPlan.objects.filter(item__in=_own_items(ids)),
    ),
    Subject(
        "escalation",
        lambda u: Escalation.objects.filter(item__in=_own_items(_unit_ids(u))),
        lambda ids: Escalation.objects.filter(item__in=_own_items(ids)),
    ),
    Subject("deadline", deadlines_visible_to, lambda unit_ids: deadlines_visible_to(None)),
)

# The case kinds with a timeline people other than staff read, and the subjects of each.
# Steps that name another case as subject (并案 names the other suggestion) are shown by number.
CASE_SUBJECTS: dict[type[Any], tuple[tuple[Subject, ...], Q]] = {
    Suggestion: (SUGGESTION_SUBJECTS, Q(subject_type__app_label="oversight", subject_type__model="suggestion")),
    DeliberationOpinion: (OPINION_SUBJECTS, Q(pk__in=[])),
}


def _conditions(user: Any, subjects: Iterable[Subject], always: Q) -> tuple[Q, Q]:
    """(entry visible, entry's subject handled by the user's units) as conditions on TimelineEntry."""
    unit_ids = _unit_ids(user)
    visible = Q(subject_type__isnull=True) | always
    handled = Q(pk__in=[])
    for subject in subjects:
        of_kind = Q(subject_type__app_label__in=["oversight", "tracker"], subject_type__model=subject.model)
        seen = of_kind & Q(subject_id__in=subject.visible(user).values("pk"))
        if unit_ids:
            own = of_kind & Q(subject_id__in=subject.handled(unit_ids).values("pk"))
            handled |= own
            visible |= seen & (~Q(action__in=HANDLER_ACTIONS) | own)
        else:
            visible |= seen & ~Q(action__in=HANDLER_ACTIONS)
    return visible, handled


def _oldest_first(entries: QuerySet[TimelineEntry], newest: int | None) -> list[TimelineEntry]:
    if newest is None:
        return list(entries.order_by("at", "id"))
    return list(entries.order_by("-at", "-id")[:newest])[::-1]


def timeline_for(user: Any, case: Any, *, newest: int | None = None) -> list[TimelineEntry]:
    """The case's 办理轨迹 as ``user`` may read it, oldest first: staff everything; others the
    steps about what they may see, handler-only steps only on what their unit handles, internal
    parts of notes cut. With ``newest``, only that many of the latest readable steps. The caller
    has checked that ``user`` may see ``case``. Entries returned are not to be saved (notes may be
    redacted in memory). One query."""
    entries = for_case(case)
    if _staff(user):
        return _oldest_first(entries, newest)
    if not _active(user) or type(case) not in CASE_SUBJECTS:
        return []
    subjects, always = CASE_SUBJECTS[type(case)]
    visible, handled = _conditions(user, subjects, always)
    rows = _oldest_first(
        entries.filter(visible).annotate(
            handled_by_me=Case(When(handled, then=Value(True)), default=Value(False), output_field=BooleanField())
        ),
        newest,
    )
    for entry in rows:
        public_part = _PUBLIC_PART.get(entry.action)
        if public_part is not None and not getattr(entry, "handled_by_me", False):
            entry.note = public_part(entry.note)
    return rows
