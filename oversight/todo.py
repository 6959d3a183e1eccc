"""What a person owes now (待办), across every role they hold, nearest deadline first.

Kind by kind (待签收, 待答复, … 待立案): the first ``LIMIT`` items of each, most urgent first, with
the kind's total and a link to the board listing all of it. One read per kind — a fixed number of
queries whatever the number of rows, each reading at most ``LIMIT`` rows plus a count capped at
``COUNT_CAP`` — each through the object's ``visible_to`` so the list can never show what the
person may not open. The header's counts are the kinds' totals. Both the queue and the counts are
kept per person until the next timeline entry (``queue``, ``counts``); staff's kinds, the same for
every member of staff, once for all of them (``_staff_work``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from oversight import deadline_kinds as kinds
from oversight.models import Assignment, Commitment, CoOpinion, ExtensionRequest, Reply, Suggestion
from oversight.models.suggestions import display_number
from oversight.views.common import url_for
from oversight.views.selectors import deputy_own_ids, nearest_first_ids, open_deadlines_of
from tracker import timeline

A = Assignment.Status
RS = Reply.Status
# Queues can be long (a unit with hundreds of open assignments, staff with a province's replies):
# the page lists the first LIMIT items of each kind, most urgent first, with the kind's total and a
# link to its full, paginated board. Each kind is one read of LIMIT rows, and one capped count when
# there are more — the page costs the same for a queue of 20 as for one of 20,000.
LIMIT = 20
# Totals are exact up to here and shown as "99+" past it (the badges' convention).
COUNT_CAP = 99


@dataclass(frozen=True)
class SuggestionRef:
    """What an item shows of its suggestion — its id, number and title — and all a kept queue holds
    of it (not its content: queues are kept in the cache per person, ``queue``)."""

    pk: int
    kind: str
    number: int | None
    title: str

    @classmethod
    def of(cls, suggestion: Suggestion) -> SuggestionRef:
        return cls(suggestion.pk, suggestion.kind, suggestion.number, suggestion.title)

    @property
    def display_number(self) -> str:
        return display_number(self.kind, self.number)


@dataclass(frozen=True)
class Todo:
    code: str  # sign_for, reply, co_opinion, sign, revise, commitment, rate, review, decide, register
    suggestion: SuggestionRef
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
    return Todo(code, SuggestionRef.of(a.suggestion), a.unit.name, due, due_kind or "", url, button, note)


@dataclass(frozen=True)
class Tally:
    """How many items of one kind are owed: exact up to ``COUNT_CAP``, "99+" past it (counting a
    long queue to the last row would cost as much as reading it; nobody acts on the 1,671st item
    from here — the kind's board lists them all)."""

    n: int
    exact: bool = True

    @classmethod
    def of(cls, counted: int) -> Tally:
        """From a count of at most ``COUNT_CAP + 1`` rows."""
        return cls(counted) if counted <= COUNT_CAP else cls(COUNT_CAP, exact=False)

    def __str__(self) -> str:
        return str(self.n) if self.exact else f"{COUNT_CAP}+"

    def __add__(self, other: Tally) -> Tally:
        n = self.n + other.n
        exact = self.exact and other.exact and n <= COUNT_CAP
        return Tally(n if exact else COUNT_CAP, exact)


@dataclass(frozen=True)
class Kind:
    """The first ``LIMIT`` items of one kind of work, most urgent first, with the kind's total and
    the board that lists all of them."""

    code: str
    items: list[Todo]
    total: Tally
    more_url: str

    @property
    def label(self) -> str:
        return str(LABELS[self.code])

    @property
    def has_more(self) -> bool:
        return not self.total.exact or self.total.n > len(self.items)


def _tally(qs: QuerySet[Any], read: int) -> Tally:
    """The total of a kind whose first page read ``read`` rows: that number when the page was not
    full (no query), else a count that reads at most ``COUNT_CAP + 1`` rows (one more query)."""
    if read < LIMIT:
        return Tally(read)
    return Tally.of(qs.order_by().values("pk")[: COUNT_CAP + 1].count())


def _kind(code: str, qs: QuerySet[Any], make: Any, more: str, first: QuerySet[Any] | None = None) -> Kind:
    """One read of the kind's first ``LIMIT`` rows (``first``, by default ``qs``, in urgency order,
    served by an index walk), plus the capped count of ``qs`` when that page is full."""
    rows = _annotated((qs if first is None else first)[:LIMIT])
    return Kind(code, [make(row) for row in rows], _tally(qs, len(rows)), more)


def _nearest_first(kind: QuerySet[Assignment], annotated: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The first ``LIMIT`` of ``kind``'s assignments by their nearest open deadline, as
    ``annotated`` rows, read by walking the deadlines (``selectors.nearest_first_ids``; the ids
    read apart, one query more for long queues only: as a subquery PostgreSQL could join them by
    reading the unit's whole queue). A handling assignment always owes an open deadline (its reply,
    co-opinion or re-handling, from the day it is assigned); one without would still be counted in
    the kind's total and listed on the unit's board."""
    return _by_due(annotated.filter(pk__in=nearest_first_ids(kind, 0, LIMIT)))


def _by_due(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Nearest open deadline first, items without one last."""
    return qs.order_by(F("next_due").asc(nulls_last=True), "id")


def _assignment_due(field: str = "assignment_id") -> dict[str, Subquery]:
    nearest = open_deadlines_of("assignment").filter(subject_id=OuterRef(field)).order_by("due", "id")
    return {"next_due": Subquery(nearest.values("due")[:1]), "next_due_kind": Subquery(nearest.values("kind")[:1])}


def _capped_counts(querysets: list[QuerySet[Any]]) -> list[int]:
    """How many rows each queryset has, up to ``COUNT_CAP + 1``, in one round trip: a count of at
    most that many rows each (what ``_tally`` counts, for several kinds at once)."""
    parts: list[str] = []
    params: list[Any] = []
    for qs in querysets:
        sql, found = qs.order_by().values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
        params.extend(found)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(n) for n in cursor.fetchone()]


def _unit_assignments(user: Any) -> list[Kind]:
    """待签收, 待提交协办意见, 待答复: the unit's open assignments. A co-handler owes its opinion
    until it is in (or waived); a lead or separate handler owes a reply until a draft of the
    present round exists (then it shows as 待签发 / 待修改).

    The three kinds are counted first, in one query (each count reads at most ``COUNT_CAP + 1``
    rows of the unit's (unit, status) index). A kind with nothing owed costs nothing more; a short
    one (up to the cap) is read whole and sorted by its nearest deadline; a long one is read by
    walking the deadlines in due order (``_nearest_first``)."""
    mine = Assignment.objects.visible_to(user).filter(unit_id__in=user.unit_ids())
    handling = [A.ACCEPTED, A.REHANDLING]
    current_reply = Reply.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round")).exclude(status=RS.ACCEPTED)
    opinion = CoOpinion.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))
    work = reverse("unit:work")
    specs: list[tuple[str, QuerySet[Assignment], Any, str]] = [
        ("sign_for", mine.filter(status=A.ASSIGNED), gettext_lazy("签收或申请退办"), "unit:assignment"),
        (
            "co_opinion",
            mine.filter(status__in=handling, role=Assignment.Role.CO, co_opinion_waived=False).filter(~Exists(opinion)),
            gettext_lazy("提交协办意见"),
            "unit:co_opinion",
        ),
        (
            "reply",
            mine.filter(status__in=handling).exclude(role=Assignment.Role.CO).filter(~Exists(current_reply)),
            gettext_lazy("起草答复"),
            "unit:reply",
        ),
    ]
    found = []
    for (code, kind, button, route), n in zip(specs, _capped_counts([spec[1] for spec in specs]), strict=True):
        if not n:
            continue
        annotated = kind.select_related("suggestion", "unit").annotate(**_assignment_due("pk"))
        first = _by_due(annotated) if n <= COUNT_CAP else _nearest_first(kind, annotated)
        items = [
            _about(code, a, a.next_due, a.next_due_kind, reverse(route, args=[a.pk]), str(button))
            for a in _annotated(first[:LIMIT])
        ]
        found.append(Kind(code, items, Tally.of(n), work))
    return found


def _unit_replies(user: Any) -> list[Kind]:
    """待签发 (a head's units' drafts) and 待修改 (drafts staff or the head sent back)."""
    replies = (
        Reply.objects.visible_to(user)
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(**_assignment_due())
    )
    kinds_ = []
    heads = user.unit_ids("head")
    if heads:
        kinds_.append(
            _kind(
                "sign",
                _by_due(replies.filter(assignment__unit_id__in=heads, status=RS.DRAFT)),
                lambda r: _about(
                    "sign",
                    r.assignment,
                    r.next_due,
                    r.next_due_kind,
                    url_for("unit:reply_detail", r.pk),
                    _("审阅并签发"),
                ),
                reverse("unit:signoff"),
            )
        )
    kinds_.append(
        _kind(
            "revise",
            _by_due(replies.filter(assignment__unit_id__in=user.unit_ids(), status=RS.SENT_BACK)),
            lambda r: _about(
                "revise",
                r.assignment,
                r.next_due,
                r.next_due_kind,
                url_for("unit:reply_edit", r.pk),
                _("修改答复"),
                r.review_note,
            ),
            reverse("unit:work"),
        )
    )
    return kinds_


def _unit_commitments(user: Any) -> Kind:
    qs = (
        Commitment.objects.visible_to(user)
        .filter(assignment__unit_id__in=user.unit_ids(), status=Commitment.Status.OPEN)
        .select_related("assignment__suggestion", "assignment__unit")
        .order_by("due_on", "id")
    )
    return _kind(
        "commitment",
        qs,
        lambda c: _about(
            "commitment",
            c.assignment,
            c.due_on,
            kinds.COMMITMENT,
            url_for("unit:progress", c.pk),
            _("报告落实进展"),
            c.description,
        ),
        reverse("unit:commitments"),
    )


def _feedback_window() -> QuerySet[Any]:
    return open_deadlines_of("reply").filter(subject_id=OuterRef("pk"), kind=kinds.FEEDBACK).order_by("due")


def _deputy_ratings(user: Any) -> Kind:
    """Delivered replies of the present round this deputy has not rated, while feedback is owed,
    on the suggestions the deputy leads or co-signed (a deputy's own few dozen suggestions: read
    whole, then cut to the first ``LIMIT``)."""
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
        .order_by("window_due", "id")
    )
    out = []
    for r in _annotated(qs):
        s = r.assignment.suggestion
        if r.round != r.assignment.round:
            continue
        url = url_for("suggestion", s.pk) + f"#rate-{r.pk}"
        out.append(_about("rate", r.assignment, r.window_due, kinds.FEEDBACK, url, _("评价答复")))
    return Kind("rate", out[:LIMIT], Tally(len(out)), reverse("deputy:mine"))


def _staff_reviews() -> Kind:
    signed = (
        Reply.objects.filter(status=RS.SIGNED)
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(**_assignment_due())
        .order_by("signed_at", "id")
    )
    return _kind(
        "review",
        signed,
        lambda r: _about(
            "review", r.assignment, r.next_due, r.next_due_kind, url_for("staff:review", r.pk), _("审核答复")
        ),
        reverse("staff:review_list"),
    )


def _staff_decisions() -> Kind:
    """待审批: return requests (oldest first) and extension requests (oldest first), the first
    ``LIMIT`` of each read, the nearest deadline first of those."""
    returns = _kind(
        "decide",
        Assignment.objects.filter(status=A.RETURN_REQUESTED).select_related("suggestion", "unit").order_by("id"),
        lambda a: _about(
            "decide", a, None, "", url_for("staff:decide_return", a.pk), _("审批退办申请"), a.return_reason
        ),
        "",
    )
    extensions = _kind(
        "decide",
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(**_assignment_due())
        .order_by("requested_at", "id"),
        lambda e: _about(
            "decide",
            e.assignment,
            e.next_due,
            e.next_due_kind,
            url_for("staff:decide_extension", e.pk),
            _("审批延期申请"),
            _("申请延期%(n)s个月：%(r)s") % {"n": e.months, "r": e.reason},
        ),
        "",
    )
    both = sorted(extensions.items + returns.items, key=_urgency)[:LIMIT]
    return Kind("decide", both, returns.total + extensions.total, reverse("staff:requests"))


def _staff_outcomes() -> Kind:
    """Replies whose deputies let the rating window pass: walked from the open feedback windows
    already past, oldest first (the partial index ``deadline_open_kind_subject_due``), keeping each
    window that is its reply's nearest and whose reply still waits at 'replied' — one probe per
    window walked, never a read of every replied assignment (windows close when an assignment is
    concluded or handled again, so the open ones past due are the queue itself)."""
    windows = open_deadlines_of("reply").filter(kind=kinds.FEEDBACK)
    waiting = Reply.objects.filter(pk=OuterRef("subject_id"), status=RS.ACCEPTED, assignment__status=A.REPLIED)
    earlier = windows.filter(subject_id=OuterRef("subject_id")).filter(
        Q(due__lt=OuterRef("due")) | Q(due=OuterRef("due"), id__lt=OuterRef("id"))
    )
    # EXISTS / NOT EXISTS (semi- and anti-joins), not scalar subqueries: PostgreSQL then estimates
    # them and walks the index in order instead of sorting every window past due.
    closed = (
        windows.filter(Exists(waiting), due__lt=timezone.localdate())
        .exclude(Exists(earlier))
        .order_by("due", "subject_id")
    )
    # The first ids as a subquery with its own LIMIT: planned apart, then only those replies joined.
    first = (
        Reply.objects.filter(pk__in=Subquery(closed.values("subject_id")[:LIMIT]))
        .select_related("assignment__suggestion", "assignment__unit")
        .annotate(window_due=Subquery(_feedback_window().values("due")[:1]))
        .order_by("window_due", "id")
    )
    return _kind(
        "outcome",
        closed,
        lambda r: _about(
            "outcome",
            r.assignment,
            r.window_due,
            kinds.FEEDBACK,
            url_for("suggestion", r.assignment.suggestion_id),
            _("联系代表并记录结果"),
            _("代表未在评价期内评价：请联系代表，按其意见办结或要求重新办理。"),
        ),
        reverse("staff:overdue"),
        first=first,
    )


def _staff_registrations() -> Kind:
    submitted = Suggestion.objects.filter(status=Suggestion.Status.SUBMITTED).order_by("submitted_at", "id")
    return _kind(
        "register",
        submitted,
        lambda s: Todo("register", SuggestionRef.of(s), "", None, "", url_for("suggestion", s.pk), _("立案审查")),
        reverse("staff:submitted"),
    )


def _staff_work() -> list[Kind]:
    """Staff's kinds: the same for every member of staff (staff see every suggestion), so read once
    and kept in the cache — like the header's counts, until the next timeline entry (every state
    change writes one, and moves ``timeline.version()``) or the next day, per language (the items'
    buttons and notes are translated). Reading them costs eight queries and 20–40 ms; the kept copy
    one cache read (docs/benchmarks.md "To-do queues kept until the next change")."""
    key = f"todo:staff:{_kept_key()}"
    found: list[Kind] | None = cache.get(key)
    if found is None:
        found = [_staff_reviews(), _staff_decisions(), _staff_outcomes(), _staff_registrations()]
        cache.set(key, found, 600)
    return found


def _urgency(t: Todo) -> tuple[bool, date, int, str]:
    return (t.due is None, t.due or date.max, t.suggestion.number or 0, t.code)


def queue(user: Any) -> list[Kind]:
    """What ``user`` owes now, kind by kind (in the header's order), each kind's first ``LIMIT``
    items most urgent first, with its total and its board. Kinds with nothing owed are left out."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    # Kept per person and the roles they hold now, like the header's counts: until the next
    # timeline entry, the next day, in their language (see ``_staff_work``).
    roles = ",".join(f"{unit}={'+'.join(sorted(held))}" for unit, held in sorted(user.unit_roles.items()))
    key = f"todo:queue:{user.pk}:{_kept_key()}:{roles}:{user.deputy_id}:{user.is_staff_member}"
    kept: list[Kind] | None = cache.get(key)
    if kept is not None:
        return kept
    found: list[Kind] = []
    if user.unit_ids():
        found += _unit_assignments(user) + _unit_replies(user) + [_unit_commitments(user)]
    if user.deputy_id:
        found.append(_deputy_ratings(user))
    if user.is_staff_member:
        found += _staff_work()
    kept = sorted((k for k in found if k.items), key=lambda k: ORDER.index(k.code))
    cache.set(key, kept, 600)
    return kept


def _kept_key() -> str:
    """What a kept queue is good for: the timeline's version (every state change writes an entry),
    the day (deadlines fall due), the language (buttons and notes are translated) and the page's
    sizes."""
    day = timezone.localdate().isoformat()
    return f"{timeline.version()}:{day}:{get_language()}:{LIMIT}:{COUNT_CAP}"


def todo_for(user: Any) -> list[Todo]:
    """The items ``queue(user)`` lists, every kind together, nearest deadline first (items without
    a deadline last)."""
    return sorted((t for k in queue(user) for t in k.items), key=_urgency)


def count_by_code(found: list[Kind]) -> list[tuple[str, str, Tally]]:
    return [(k.code, k.label, k.total) for k in found]


def counts(user: Any) -> list[tuple[str, str, Any]]:
    """The header's counts (待签发 3 · 待评价 2 …): the totals of the person's kept queue, so pages
    pay no database query for them except right after a change (``queue``)."""
    return count_by_code(queue(user))
