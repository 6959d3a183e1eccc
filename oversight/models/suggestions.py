from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.item_kinds import SPECS, ItemKind
from oversight.models.people import Deputy, Unit
from oversight.models.sessions import Session, SuggestionCategory


@dataclass(frozen=True)
class Ways:
    """How a person who is not staff comes to see rows of a model: through their units, and as a
    deputy — each a condition on the model, None where that way does not apply. ``visible_to``
    combines them for the model's own lists; the deadlines' rule (oversight.api.visibility) tests
    a deadline's subject against them."""

    unit: models.Q | None = None
    deputy: models.Q | None = None


def way_ids(model: type[models.Model], way: models.Q) -> models.QuerySet[Any]:
    """The ids of ``model``'s rows a way admits, as a one-column queryset for ``__in``: the ids
    themselves where the way is ``pk IN (ids)`` (no detour through the model's table)."""
    if len(way.children) == 1 and not way.negated and isinstance(way.children[0], tuple):
        lookup, value = way.children[0]
        if lookup == "pk__in" and isinstance(value, models.QuerySet):
            return value
    return model._default_manager.filter(way).values("pk")


def union_all(ways: list[models.QuerySet[Any]]) -> models.QuerySet[Any]:
    """``a UNION ALL b UNION ALL …`` of one-column querysets, for use inside ``__in`` (an id may
    appear more than once there): each way is an index lookup of its own, where an OR over joins
    makes PostgreSQL scan and deduplicate (docs/benchmarks.md "Every list endpoint")."""
    first, *rest = (way.order_by() for way in ways)
    return first.union(*rest, all=True) if rest else first


def deputy_suggestion_ways(deputy_id: int) -> list[models.QuerySet[Any]]:
    """The ids of the suggestions a deputy leads, and of those they co-signed: two index lookups
    (docs/benchmarks.md "A deputy's visibility as a UNION")."""
    return [
        Suggestion.objects.filter(lead_deputy_id=deputy_id).values("pk"),
        Suggestion.co_signers.through.objects.filter(deputy_id=deputy_id).values("suggestion_id"),
    ]


def _unit_suggestion_ids(unit_ids: set[int]) -> models.QuerySet[Any]:
    from oversight.models.handling import Assignment

    return Assignment.objects.filter(unit_id__in=unit_ids).values("suggestion_id")


LIST_ORDER = ["-session_opens_on", "number", "id"]
# The suggestion's columns its assignments keep a copy of (Assignment.list_*), so that a unit's list
# reads its page in these orders from the unit's assignments: the default order (session date,
# number) and each order the API's ?ordering= and the staff list's ?sort= offer on a column that
# may change (in_unit_order, docs/benchmarks.md "A unit's list in every order"). Column names
# (attnames): the lead deputy is copied as an id.
LIST_COPIES = {
    "session_opens_on": "list_opens_on",
    "number": "list_number",
    "status": "list_status",
    "submitted_at": "list_submitted_at",
    "registered_at": "list_registered_at",
    "assigned_on": "list_assigned_on",
    "title": "list_title",
    "lead_deputy_id": "list_lead_deputy_id",
    "next_due": "list_next_due",
}
_UNKNOWN = object()  # a copied column whose stored value this instance does not know
# The orders a unit's list reads from an index on its assignments' copy (Assignment.Meta.indexes):
# the order's term → the same term on the copy.
UNIT_ORDERS = {
    **{
        name: LIST_COPIES[name]
        for name in ("number", "status", "submitted_at", "registered_at", "assigned_on", "title", "next_due")
    },
    "lead_deputy__name": "list_lead_deputy__name",
}


def in_unit_order(qs: models.QuerySet[Any], unit_id: int, *, live_only: bool) -> models.QuerySet[Any]:
    """``qs`` narrowed to the suggestions assigned to one unit (``live_only``: leaving out its
    returned assignments, as ``?unit=`` does), each once, and — when ``qs`` is in the list's default
    order — in that order read from the unit's assignments.

    A join, not ``pk IN (the unit's suggestions)``: the assignment carries a copy of the list order
    (Assignment.list_opens_on, list_number), so PostgreSQL walks the unit's entries of
    the assignment_unit_list_order index in list order and stops after the page — a bounded walk
    whatever the number of suggestions, where ``pk IN`` walked the whole list order probing
    the unit's assignments (docs/benchmarks.md "Unit lists: the list order copied onto
    assignments"). Other filters still apply to each suggestion joined, and another order
    (``?ordering=``, ``?sort=``) may replace this one: the rows stay the same, and an order the
    assignments keep a copy for is read from it (``unit_order_copies``).

    A unit has at most one live assignment of a suggestion (unique_active_assignment_per_unit); with
    its returned ones counted too, one suggestion may have several: its live one is joined, or,
    when it has none, its first returned one (lowest id)."""
    from oversight.models.handling import Assignment

    condition = models.Q(assignments__unit_id=unit_id)
    if live_only:
        condition &= ~models.Q(assignments__status=Assignment.Status.RETURNED)
    ordered = not qs.query.order_by or list(qs.query.order_by) == LIST_ORDER
    qs = qs.alias(unit_row=models.FilteredRelation("assignments", condition=condition))
    # An inner join (tested on a column of the index, so the walk stays index-only)…
    joined: list[Any] = [models.Q(unit_row__unit_id=unit_id)]
    if not live_only:
        # … of one assignment per suggestion: a live one, or a returned one that no live one and no
        # earlier returned one of the unit precedes. The test is an OR, so PostgreSQL looks further
        # only for the (rare) returned rows; in the same filter() call, so it reads the joined row
        # rather than joining the unit's assignments a second time.
        preferred = Assignment.objects.filter(
            suggestion_id=models.OuterRef("unit_row__suggestion_id"), unit_id=unit_id
        ).filter(~models.Q(status=Assignment.Status.RETURNED) | models.Q(id__lt=models.OuterRef("unit_row__id")))
        live = [status for status in Assignment.Status.values if status != Assignment.Status.RETURNED]
        # (a positive test of the joined row: negated, Django would test "some assignment" instead)
        joined.append(models.Q(unit_row__status__in=live) | ~models.Exists(preferred))
    qs = qs.filter(*joined)
    if ordered:
        qs = qs.order_by("-unit_row__list_opens_on", "unit_row__list_number", "pk")
    return qs


def unit_order_copies(qs: models.QuerySet[Any]) -> dict[str, str]:
    """For a list narrowed to one unit by ``in_unit_order``: each column of UNIT_ORDERS mapped to
    the joined assignment's copy of it, so that ordered by one of them PostgreSQL walks the unit's
    index on that copy and stops after the page, where on the suggestion's own column it walked the
    whole table's index (or sorted all of the unit's rows) — 80–236 ms at 2,000,000 suggestions
    (docs/benchmarks.md "A unit's list in every order"). Empty for any other list."""
    if "unit_row" not in getattr(qs.query, "_filtered_relations", {}):
        return {}
    return {term: f"unit_row__{copy}" for term, copy in UNIT_ORDERS.items()}


class SuggestionQuerySet(models.QuerySet["Suggestion"]):
    def visible_to(self, user: Any) -> SuggestionQuerySet:
        """Staff see all; a deputy what they lead or co-signed; a unit what it was assigned.

        The three ways in are a UNION of index lookups inside ``pk IN (…)`` rather than an OR over
        joins, so PostgreSQL reads a deputy's few dozen rows instead of scanning every suggestion
        (docs/benchmarks.md)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_staff_member:
            return self
        ways: list[models.QuerySet[Any]] = []
        if user.deputy_id:
            ways += deputy_suggestion_ways(user.deputy_id)
        unit_ids = user.unit_ids()
        if unit_ids:
            ways.append(_unit_suggestion_ids(unit_ids))
        if not ways:
            return self.none()
        return self.filter(pk__in=union_all(ways))

    def listed_for(self, user: Any) -> SuggestionQuerySet:
        """The rows of ``visible_to``, shaped for a list in the default order: a unit member whose
        only way in is one unit gets ``in_unit_order`` (a page read from the unit's assignments in
        list order); anyone else ``visible_to``."""
        if getattr(user, "is_authenticated", False) and user.is_active and not user.is_staff_member:
            unit_ids = user.unit_ids()
            if len(unit_ids) == 1 and not user.deputy_id:
                return in_unit_order(self, next(iter(unit_ids)), live_only=False)  # type: ignore[return-value]
        return self.visible_to(user)

    def ways(self, user: Any) -> Ways:
        """The ways of ``visible_to`` for an active person who is not staff."""
        unit_ids = user.unit_ids()
        return Ways(
            unit=models.Q(pk__in=_unit_suggestion_ids(unit_ids)) if unit_ids else None,
            deputy=models.Q(pk__in=union_all(deputy_suggestion_ways(user.deputy_id))) if user.deputy_id else None,
        )

    def open(self) -> SuggestionQuerySet:
        return self.exclude(
            status__in=[Suggestion.Status.RETURNED, Suggestion.Status.CLOSED_OFF, Suggestion.Status.SUBMITTED]
        )


class Suggestion(models.Model):
    """代表建议（建议、批评和意见）."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审查")
        RETURNED = "returned", _("已退回")
        REGISTERED = "registered", _("已立案")
        ASSIGNED = "assigned", _("办理中")
        REPLIED = "replied", _("已答复")
        REHANDLING = "rehandling", _("重新办理")
        CONCLUDED = "concluded", _("办结")
        CLOSED_OFF = "closed_off", _("已销号")

    class Period(models.TextChoices):
        SESSION = "session", _("大会期间")
        INTERIM = "interim", _("闭会期间")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="suggestions", verbose_name=_("会议"))
    # A copy of session.opens_on so that the default order (newest session first) is one index
    # scan instead of a join and a sort of every row (docs/benchmarks.md); kept by save() below
    # and by Session.save().
    session_opens_on = models.DateField(_("会议开幕日期"), editable=False)
    # 代表建议 or another oversight item on the same path (oversight/item_kinds.py); each kind is
    # numbered in its own series per session, its own fields in ``details``.
    kind = models.CharField(_("事项类别"), max_length=12, choices=ItemKind.choices, default=ItemKind.SUGGESTION)
    details = models.JSONField(_("类别字段"), default=dict, blank=True)
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    category = models.ForeignKey(
        SuggestionCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("分类")
    )
    period = models.CharField(_("提出时间"), max_length=10, choices=Period.choices, default=Period.SESSION)
    lead_deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="led_suggestions", verbose_name=_("领衔代表")
    )
    co_signers = models.ManyToManyField(
        Deputy, blank=True, related_name="cosigned_suggestions", verbose_name=_("附议代表")
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    return_reason = models.TextField(_("退回理由"), blank=True)
    is_key = models.BooleanField(_("重点督办"), default=False)
    key_leader = models.CharField(_("督办领导"), max_length=50, blank=True)
    handled_with = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("并案办理"))
    closed_reason = models.TextField(_("销号说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    registered_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    units = models.ManyToManyField(Unit, through="oversight.Assignment", related_name="suggestions", blank=True)
    # A copy of the nearest deadline still owed on this case (open, extended or paused), so the
    # staff list shows and sorts by it without a subquery per row. Written only by the deadline
    # engine (tracker.nearest, called from tracker.deadlines and tracker.recompute).
    NEAREST_DEADLINE_FIELDS = ("next_due", "next_due_kind")
    next_due = models.DateField(_("最近期限"), null=True, blank=True, editable=False)
    next_due_kind = models.CharField(_("最近期限类型"), max_length=40, blank=True, editable=False)

    objects = SuggestionQuerySet.as_manager()
    # The copied columns as loaded (from_db) or last saved, so that save() knows whether the
    # assignments' copy must follow (LIST_COPIES).
    _copied: dict[str, Any] = {}

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = LIST_ORDER
        constraints = [
            models.UniqueConstraint(fields=["session", "kind", "number"], name="unique_item_number_per_session_kind")
        ]
        indexes = [
            # One per list order and per filter a list page of 50 reads through (docs/benchmarks.md).
            models.Index(fields=["-session_opens_on", "number", "id"], name="suggestion_default_order"),
            models.Index(fields=["submitted_at", "id"], name="suggestion_submitted"),
            # 待审查 (the staff's intake queue and their 待立案 to-do), oldest first: without the status
            # in front, PostgreSQL walked suggestion_submitted past 180,000 other rows (0.8 s).
            models.Index(fields=["status", "submitted_at", "id"], name="suggestion_status_submitted"),
            # Each column the lists sort by (?ordering= of the API, ?sort= of the staff list) with the
            # id that makes the order total (oversight.paging.with_tiebreak): a page of 50 in either
            # direction is a walk of one index, not a sort of every row (docs/benchmarks.md
            # "Every ordering"). (status, id) replaces the index on status alone.
            models.Index(fields=["status", "id"], name="suggestion_status_id"),
            models.Index(fields=["number", "id"], name="suggestion_number_id"),
            models.Index(fields=["title", "id"], name="suggestion_title_id"),
            models.Index(fields=["registered_at", "id"], name="suggestion_registered_id"),
            models.Index(fields=["assigned_on", "id"], name="suggestion_assigned_on_id"),
            models.Index(fields=["session", "status"]),
            models.Index(fields=["is_key", "status"]),
            models.Index(fields=["kind", "status"]),
            # The staff list sorted by its deadline column (next_due ASC|DESC NULLS LAST, id) has two
            # indexes made by migration 0008 on PostgreSQL only: SQLite refuses NULLS LAST in an index.
        ]

    def __str__(self) -> str:
        return f"{self.display_number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self.session_id and (update_fields is None or "session" in update_fields):
            self.session_opens_on = self.session.opens_on
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "session_opens_on"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        # The columns this save wrote, by column name (a relation's field is named, its id copied).
        fields = kwargs.get("update_fields")
        if fields is None:
            deferred = self.get_deferred_fields()
            saved = {f.attname for f in self._meta.concrete_fields if f.attname not in deferred}
        else:
            saved = {getattr(self._meta.get_field(name), "attname", name) for name in fields}
        written = {name: getattr(self, name) for name in LIST_COPIES if name in saved}
        if adding:
            self._copied = written
            return
        self.copy_list_columns(written)

    @classmethod
    def nearest_deadline_copied(cls, rows: models.QuerySet[Any]) -> None:
        """tracker.nearest rewrote ``next_due`` of these suggestions (with an UPDATE, not save()):
        their assignments' copy (Assignment.list_next_due) follows in one UPDATE."""
        from oversight.models.handling import Assignment

        own = cls._base_manager.filter(pk=models.OuterRef("suggestion_id")).values("next_due")[:1]
        Assignment.objects.filter(suggestion_id__in=rows.values("pk")).update(list_next_due=models.Subquery(own))

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Suggestion:
        instance = super().from_db(db, field_names, values)
        # The copied columns as stored, to tell save() whether the assignments' copy must follow.
        loaded = instance.__dict__
        instance._copied = {name: loaded[name] for name in LIST_COPIES if name in loaded}
        return instance

    def copy_list_columns(self, written: dict[str, Any]) -> None:
        """Give the assignments the copied columns (LIST_COPIES: Assignment.list_*) that this save
        wrote with a value other than the one loaded: a status change, registration (the number and
        its date), assignment (its date), an edit of the title or the lead deputy, a renumbering, a
        move to another session. Only those: a column the save did not write may be older in this
        instance than in the database (the nearest deadline, which tracker.nearest rewrites). One
        UPDATE, none when nothing changed."""
        from oversight.models.handling import Assignment

        changed = {name: value for name, value in written.items() if self._copied.get(name, _UNKNOWN) != value}
        if not changed:
            return
        Assignment.objects.filter(suggestion_id=self.pk).update(
            **{LIST_COPIES[name]: value for name, value in changed.items()}
        )
        self._copied = {**self._copied, **changed}

    @property
    def display_number(self) -> str:
        return display_number(self.kind, self.number)


def display_number(kind: str, number: int | None) -> str:
    """第0032号, or 询问第0001号 for another kind's own series; 未编号 before registration."""
    prefix = SPECS[kind].prefix if kind in SPECS else ""
    return f"{prefix}第{number:04d}号" if number else "未编号"
