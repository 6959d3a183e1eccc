"""What a person owes now (待办), across every role they hold, nearest deadline first.

One read per kind of work — a fixed number of queries whatever the number of rows — each through
the object's ``visible_to`` so the list can never show what the person may not open. The header's
counts come from the same list (cached per person until the next timeline entry; see ``counts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversight import deadline_kinds as kinds
from oversight.models import Assignment, Commitment, CoOpinion, ExtensionRequest, Reply, Suggestion
from oversight.views.selectors import deputy_own_ids, open_deadlines_of, with_next_deadline
from tracker import timeline

A = Assignment.Status
RS = Reply.Status
# Staff queues can be long; the page lists this many of each and links to the full list.
STAFF_LIMIT = 100


@dataclass(frozen=True)
class Todo:
    code: str  # sign_for, reply, co_opinion, sign, revise, commitment, rate, review, decide, register
    suggestion: Suggestion
    unit: str
    due: date | None
    due_kind: str
    url: str
    button: str
    note: str = ""

    @property
    def label(self) -> str:
        return str(LABELS[self.code])


LABELS = {
    "sign_for": gettext_lazy("待签收"),
    "reply": gettext_lazy("待答复"),
    "co_opinion": gettext_lazy("待提交协办意见"),
    "sign": gettext_lazy("待签发"),
    "revise": gettext_lazy("待修改"),
    "commitment": gettext_lazy("承诺待落实"),
    "rate": gettext_lazy("待评价"),
    "review": gettext_lazy("待审核"),
    "decide": gettext_lazy("待审批"),
    "register": gettext_lazy("待立案"),
    "outcome": gettext_lazy("评价期已过"),
}
# The order the header shows the counts in: the most pressing hand-overs first.
ORDER = list(LABELS)


def _annotated(qs: Any) -> list[Any]:
    """Rows carrying annotations (next_due, has_reply …) that the model type does not declare."""
    return list(qs)


def _about(
    code: str, a: Assignment, due: date | None, due_kind: str | None, url: str, button: str, note: str = ""
) -> Todo:
    """An item about one assignment's work: the suggestion and the unit named are the assignment's."""
    return Todo(code, a.suggestion, a.unit.name, due, due_kind or "", url, button, note)


def _assignment_due(field: str = "assignment_id") -> dict[str, Subquery]:
    nearest = open_deadlines_of("assignment").filter(subject_id=OuterRef(field)).order_by("due", "id")
    return {"next_due": Subquery(nearest.values("due")[:1]), "next_due_kind": Subquery(nearest.values("kind")[:1])}


def _unit_assignments(user: Any) -> list[Todo]:
    current_reply = Reply.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round")).exclude(status=RS.ACCEPTED)
    opinion = CoOpinion.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))
    qs: QuerySet[Assignment] = with_next_deadline(
        Assignment.objects.visible_to(user)
        .filter(unit_id__in=user.unit_ids(), status__in=[A.ASSIGNED, A.ACCEPTED, A.REHANDLING])
        .select_related("suggestion", "unit")
        .annotate(has_reply=Exists(current_reply), has_opinion=Exists(opinion)),
        "assignment",
    )
    out = []
    for a in _annotated(qs):
        url = reverse("unit:assignment", args=[a.pk])
        if a.status == A.ASSIGNED:
            code, button = "sign_for", _("签收或申请退办")
        elif a.role == Assignment.Role.CO:
            if a.has_opinion or a.co_opinion_waived:
                continue
            code, button, url = "co_opinion", _("提交协办意见"), reverse("unit:co_opinion", args=[a.pk])
        elif a.has_reply:
            continue  # the draft is with the head or with staff: shown as 待签发 / 待修改 instead
        else:
            code, button, url = "reply", _("起草答复"), reverse("unit:reply", args=[a.pk])
        out.append(_about(code, a, a.next_due, a.next_due_kind, url, button))
    return out


def _unit_replies(user: Any) -> list[Todo]:
    heads = user.unit_ids("head")
    qs = (
        Reply.objects.visible_to(user)
        .filter(assignment__unit_id__in=user.unit_ids(), status__in=[RS.DRAFT, RS.SENT_BACK])
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(**_assignment_due())
    )
    out = []
    for r in _annotated(qs):
        if r.status == RS.DRAFT:
            if r.assignment.unit_id not in heads:
                continue
            code, button, url, note = "sign", _("审阅并签发"), reverse("unit:reply_detail", args=[r.pk]), ""
        else:
            code, button, url, note = "revise", _("修改答复"), reverse("unit:reply_edit", args=[r.pk]), r.review_note
        out.append(_about(code, r.assignment, r.next_due, r.next_due_kind, url, button, note))
    return out


def _unit_commitments(user: Any) -> list[Todo]:
    qs = (
        Commitment.objects.visible_to(user)
        .filter(assignment__unit_id__in=user.unit_ids(), status=Commitment.Status.OPEN)
        .select_related("assignment__suggestion", "assignment__unit")
    )
    return [
        _about(
            "commitment",
            c.assignment,
            c.due_on,
            kinds.COMMITMENT,
            reverse("unit:progress", args=[c.pk]),
            _("报告落实进展"),
            c.description,
        )
        for c in qs
    ]


def _feedback_window() -> QuerySet[Any]:
    return open_deadlines_of("reply").filter(subject_id=OuterRef("pk"), kind=kinds.FEEDBACK).order_by("due")


def _deputy_ratings(user: Any) -> list[Todo]:
    """Delivered replies of the present round this deputy has not rated, while feedback is owed,
    on the suggestions the deputy leads or co-signed."""
    deputy_id = user.deputy_id
    window = _feedback_window()
    qs = (
        Reply.objects.visible_to(user)
        .filter(status=RS.ACCEPTED, assignment__status=A.REPLIED)
        # Only the suggestion's own deputies may rate (services/feedback.py): visible_to alone also
        # lets in what a deputy sees as a unit's liaison. Named as a UNION of ids, not an OR.
        .filter(assignment__suggestion_id__in=deputy_own_ids(deputy_id))
        .exclude(feedback__deputy_id=deputy_id)
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(window_due=Subquery(window.values("due")[:1]))
        # Within the window only: afterwards staff record the outcome (services/feedback_window.py).
        .filter(window_due__gte=timezone.localdate())
    )
    out = []
    for r in _annotated(qs):
        s = r.assignment.suggestion
        if r.round != r.assignment.round:
            continue
        url = reverse("suggestion", args=[s.pk]) + f"#rate-{r.pk}"
        out.append(_about("rate", r.assignment, r.window_due, kinds.FEEDBACK, url, _("评价答复")))
    return out


def _staff_reviews() -> list[Todo]:
    signed = (
        Reply.objects.filter(status=RS.SIGNED)
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(**_assignment_due())
        .order_by("signed_at", "id")[:STAFF_LIMIT]
    )
    return [
        _about("review", r.assignment, r.next_due, r.next_due_kind, reverse("staff:review", args=[r.pk]), _("审核答复"))
        for r in _annotated(signed)
    ]


def _staff_return_decisions() -> list[Todo]:
    returns = (
        with_next_deadline(Assignment.objects.filter(status=A.RETURN_REQUESTED), "assignment")
        .select_related("suggestion", "unit")
        .order_by("id")[:STAFF_LIMIT]
    )
    return [
        _about(
            "decide",
            a,
            None,
            "",
            reverse("staff:decide_return", args=[a.pk]),
            _("审批退办申请"),
            a.return_reason,
        )
        for a in _annotated(returns)
    ]


def _staff_extension_decisions() -> list[Todo]:
    extensions = (
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(**_assignment_due())
        .order_by("requested_at", "id")[:STAFF_LIMIT]
    )
    return [
        _about(
            "decide",
            e.assignment,
            e.next_due,
            e.next_due_kind,
            reverse("staff:decide_extension", args=[e.pk]),
            _("审批延期申请"),
            _("申请延期%(n)s个月：%(r)s") % {"n": e.months, "r": e.reason},
        )
        for e in _annotated(extensions)
    ]


def _staff_outcomes() -> list[Todo]:
    closed = (
        Reply.objects.filter(status=RS.ACCEPTED, assignment__status=A.REPLIED)
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(window_due=Subquery(_feedback_window().values("due")[:1]))
        .filter(window_due__lt=timezone.localdate())
        .order_by("window_due", "id")[:STAFF_LIMIT]
    )
    return [
        _about(
            "outcome",
            r.assignment,
            r.window_due,
            kinds.FEEDBACK,
            reverse("suggestion", args=[r.assignment.suggestion_id]),
            _("联系代表并记录结果"),
            _("代表未在评价期内评价：请联系代表，按其意见办结或要求重新办理。"),
        )
        for r in _annotated(closed)
    ]


def _staff_registrations() -> list[Todo]:
    submitted = Suggestion.objects.filter(status=Suggestion.Status.SUBMITTED).order_by("submitted_at", "id")
    return [
        Todo("register", s, "", None, "", reverse("suggestion", args=[s.pk]), _("立案审查"))
        for s in submitted[:STAFF_LIMIT]
    ]


def _staff_work() -> list[Todo]:
    return (
        _staff_reviews()
        + _staff_return_decisions()
        + _staff_extension_decisions()
        + _staff_outcomes()
        + _staff_registrations()
    )


def todo_for(user: Any) -> list[Todo]:
    """Everything ``user`` owes now, nearest deadline first (items without a deadline last)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    items: list[Todo] = []
    if user.unit_ids():
        items += _unit_assignments(user) + _unit_replies(user) + _unit_commitments(user)
    if user.deputy_id:
        items += _deputy_ratings(user)
    if user.is_staff_member:
        items += _staff_work()
    return sorted(items, key=lambda t: (t.due is None, t.due or date.max, t.suggestion.number or 0, t.code))


def count_by_code(items: list[Todo]) -> list[tuple[str, str, int]]:
    found: dict[str, int] = {}
    for item in items:
        found[item.code] = found.get(item.code, 0) + 1
    return [(code, str(LABELS[code]), found[code]) for code in ORDER if code in found]


def counts(user: Any) -> list[tuple[str, str, int]]:
    """The header's counts (待签发 3 · 待评价 2 …), cached per person and day until the timeline
    changes (every state change writes a timeline entry, which moves ``timeline.version()``).
    Pages therefore pay no database query for the counts except right after a change."""
    if not getattr(user, "is_authenticated", False):
        return []
    hit = cache.get(_counts_key(user))
    if hit is None:
        hit = remember_counts(user, todo_for(user))
    return list(hit)


def remember_counts(user: Any, items: list[Todo]) -> list[tuple[str, str, int]]:
    """Count ``items`` (``todo_for(user)``) and keep the counts for the header, so that the to-do
    page, which has just read the whole list, does not read it a second time for its header."""
    found = count_by_code(items)
    cache.set(_counts_key(user), found, 600)
    return found


def _counts_key(user: Any) -> str:
    return f"todo:counts:{user.pk}:{timeline.version()}:{timezone.localdate().isoformat()}"
