from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oversight.models.people import Deputy, Unit
from oversight.models.suggestions import LIST_COPIES, Suggestion, Ways

_QS = TypeVar("_QS", bound=models.QuerySet[Any])


def _ways(user: Any, assignment: str | None, deputy_sees: Q | None = None) -> Ways:
    """The ways in to a handling record for an active person who is not staff: a unit its own, a
    deputy their suggestions' (of those, only the rows ``deputy_sees`` admits). ``assignment``
    names the record's foreign key to its Assignment (None: the record is the assignment)."""
    from oversight.models.suggestions import deputy_suggestion_ways, union_all

    def via(assignments: Q) -> Q:
        if assignment is None:
            return assignments
        return Q(**{f"{assignment}_id__in": Assignment.objects.filter(assignments).values("pk")})

    unit_ids = user.unit_ids()
    unit = via(Q(unit_id__in=unit_ids)) if unit_ids else None
    deputy = None
    if user.deputy_id:
        deputy = via(Q(suggestion_id__in=union_all(deputy_suggestion_ways(user.deputy_id))))
        if deputy_sees is not None:
            deputy &= deputy_sees
    return Ways(unit, deputy)


def _visible(qs: _QS, user: Any, assignment: str | None, *, deputy_sees: Q | None = None) -> _QS:
    """Visibility of a handling record: staff all; a unit its own; a deputy their suggestions'
    (of those, only the rows ``deputy_sees`` admits); see ``_ways``.

    Each way in is an index lookup of its own: one way is the filter itself (so an index can serve
    the list's order), two are ``pk IN (unit's UNION ALL deputy's)`` — never an OR over joins,
    which made PostgreSQL scan every suggestion for a deputy (docs/benchmarks.md "Every list
    endpoint")."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_staff_member:
        return qs
    from oversight.models.suggestions import union_all

    found = _ways(user, assignment, deputy_sees)
    ways = [way for way in (found.unit, found.deputy) if way is not None]
    if not ways:
        return qs.none()
    if len(ways) == 1:
        return qs.filter(ways[0])
    model = qs.model
    return qs.filter(pk__in=union_all([model.objects.filter(way).values("pk") for way in ways]))


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def visible_to(self, user: Any) -> AssignmentQuerySet:
        return _visible(self, user, None)

    def ways(self, user: Any) -> Ways:
        """The ways of ``visible_to`` for an active person who is not staff."""
        return _ways(user, None)

    def active(self) -> AssignmentQuerySet:
        return self.exclude(status__in=[Assignment.Status.RETURNED, Assignment.Status.CONCLUDED])


class Assignment(models.Model):
    """交办: one unit's share of a suggestion, as lead (主办), co-handler (协办) or separate (分办)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("协办")
        SEPARATE = "separate", _("分办")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("待签收")
        ACCEPTED = "accepted", _("办理中")
        RETURN_REQUESTED = "return_requested", _("申请退办")
        RETURNED = "returned", _("已退办")
        REPLIED = "replied", _("已答复")
        REHANDLING = "rehandling", _("重新办理")
        CONCLUDED = "concluded", _("办结")

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("建议")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("承办单位"))
    role = models.CharField(_("办理方式"), max_length=10, choices=Role.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    assigned_on = models.DateField(_("交办日期"))
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    return_reason = models.TextField(_("退办理由"), blank=True)
    extension_months = models.PositiveSmallIntegerField(_("已延期月数"), default=0)
    contact_waived = models.BooleanField(_("免于沟通"), default=False)
    co_opinion_waived = models.BooleanField(_("不等协办意见"), default=False)
    concluded_reason = models.TextField(_("办结说明"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("交办人")
    )
    # A copy of the suggestion's list columns (oversight.models.suggestions.LIST_COPIES): its list
    # order (Suggestion.Meta.ordering: session_opens_on DESC, number, id) and the columns the lists
    # may be ordered by instead, so that a unit's suggestion list walks an index of the unit's
    # assignments in that order and stops after its page (docs/benchmarks.md "Unit lists: the list
    # order copied onto assignments", "A unit's list in every order"). Written on insert (save()
    # below) and by Suggestion.save() and Session.save() when one of the suggestion's columns
    # changes; never by a full save of an assignment. Bulk paths (the benchmark's generator, a data
    # migration) fill it with SQL.
    COPIED_FIELDS = tuple(LIST_COPIES.values())
    list_opens_on = models.DateField(_("会议开幕日期"), editable=False)
    list_number = models.PositiveIntegerField(_("建议编号"), null=True, editable=False)
    list_status = models.CharField(_("建议状态"), max_length=16, editable=False)
    list_submitted_at = models.DateTimeField(_("提交时间"), editable=False)
    list_registered_at = models.DateTimeField(_("立案时间"), null=True, editable=False)
    list_assigned_on = models.DateField(_("交办日期"), null=True, editable=False)
    list_title = models.CharField(_("标题"), max_length=200, editable=False)
    # kept by tracker.nearest through Suggestion.nearest_deadline_copied, as the suggestion's own
    list_next_due = models.DateField(_("最近期限"), null=True, editable=False)
    # An id kept as a relation to order by the deputy's name; a copy, so no constraint of its own
    # (the suggestion's own lead_deputy protects the deputy) and no index but the unit's below.
    list_lead_deputy = models.ForeignKey(
        Deputy,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        editable=False,
        verbose_name=_("领衔代表"),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["suggestion_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "unit"],
                condition=~Q(status="returned"),
                name="unique_active_assignment_per_unit",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            # The orderings the API offers (?ordering=, made total by the id): docs/benchmarks.md
            # "Every ordering". (status, id) replaces the index on status alone.
            models.Index(fields=["status", "id"], name="assignment_status_id"),
            models.Index(fields=["unit", "id"], name="assignment_unit_id"),
            models.Index(fields=["assigned_on", "id"], name="assignment_assigned_on_id"),
            models.Index(fields=["round", "id"], name="assignment_round_id"),
            # "a unit's suggestions" (visibility, ?unit=) answered from the index alone
            models.Index(fields=["unit", "suggestion", "status"], name="assignment_unit_suggestion"),
            # A unit's suggestions in the list's order (oversight.models.suggestions.in_unit_order):
            # an index-only walk that stops after a page; status and id last, so the tests that
            # leave out returned assignments (?unit=) or keep one per suggestion (a liaison's list)
            # read the index too.
            models.Index(
                fields=["unit", "-list_opens_on", "list_number", "suggestion", "status", "id"],
                name="assignment_unit_list_order",
            ),
            # A unit's suggestions in each other order its list offers (in_unit_order with
            # unit_order_copies), ascending; descending reads them backwards, but for the columns
            # that may be empty, whose descending order keeps the empty ones last: PostgreSQL-only
            # indexes of migration 0016 (SQLite refuses NULLS LAST in an index).
            models.Index(fields=["unit", "list_number", "suggestion"], name="assignment_unit_number"),
            models.Index(fields=["unit", "list_status", "suggestion"], name="assignment_unit_status"),
            models.Index(fields=["unit", "list_submitted_at", "suggestion"], name="assignment_unit_submitted_at"),
            models.Index(fields=["unit", "list_registered_at", "suggestion"], name="assignment_unit_registered_at"),
            models.Index(fields=["unit", "list_assigned_on", "suggestion"], name="assignment_unit_assigned_on"),
            models.Index(fields=["unit", "list_title", "suggestion"], name="assignment_unit_title"),
            models.Index(fields=["unit", "list_lead_deputy", "suggestion"], name="assignment_unit_lead_deputy"),
            models.Index(fields=["unit", "list_next_due", "suggestion"], name="assignment_unit_next_due"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion.display_number} → {self.unit}（{self.get_role_display()}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self._state.adding:
            self.copy_list_order()
        elif update_fields is None:
            # A full save of a loaded assignment writes every column but the copy: the instance's
            # copy may be older than the suggestion's latest change (Suggestion.save()). Deferred
            # columns are left alone, as Django's own save does.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in self.COPIED_FIELDS and f.attname not in deferred
            ]
        elif "suggestion" in update_fields:
            self.copy_list_order()
            kwargs["update_fields"] = {*update_fields, *self.COPIED_FIELDS}
        super().save(*args, **kwargs)

    def copy_list_order(self) -> None:
        """Take the suggestion's copied columns (LIST_COPIES): from the suggestion when it is loaded
        (the services pass it), else in one query."""
        if Assignment.suggestion.is_cached(self):  # type: ignore[attr-defined]
            row = tuple(getattr(self.suggestion, name) for name in LIST_COPIES)
        else:
            row = Suggestion.objects.filter(pk=self.suggestion_id).values_list(*LIST_COPIES).get()
        for copy, value in zip(LIST_COPIES.values(), row, strict=True):
            setattr(self, copy, value)


class ExtensionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extension_requests")
    months = models.PositiveSmallIntegerField(_("延期月数"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(status="pending"), name="one_pending_extension_per_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} 延期{self.months}个月（{self.get_status_display()}）"


class ContactRecord(models.Model):
    """沟通/面商 with deputies, logged by the unit; required before a reply unless waived."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话沟通")
        VISIT = "visit", _("走访")
        MEETING = "meeting", _("座谈面商")
        INSPECTION = "inspection", _("现场察看")
        OTHER = "other", _("其他")

    FACE_TO_FACE = (Method.VISIT, Method.MEETING, Method.INSPECTION)

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("代表")
    )
    method = models.CharField(_("方式"), max_length=12, choices=Method.choices)
    contacted_on = models.DateField(_("日期"))
    summary = models.TextField(_("沟通情况"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["contacted_on", "id"]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.get_method_display()}"


class CoOpinion(models.Model):
    """A co-handler's (协办) opinion, sent to the lead unit, one per handling round."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="co_opinions")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    content = models.TextField(_("协办意见"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("协办意见")
        verbose_name_plural = _("协办意见")
        constraints = [models.UniqueConstraint(fields=["assignment", "round"], name="one_co_opinion_per_round")]

    def __str__(self) -> str:
        return f"{self.assignment} 第{self.round}轮协办意见"
