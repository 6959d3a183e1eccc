from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def open(self) -> DeadlineQuerySet:
        return self.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.EXTENDED])

    def overdue(self, *, on: date) -> DeadlineQuerySet:
        return self.open().filter(due__lt=on)

    def due_within(self, *, on: date, until: date) -> DeadlineQuerySet:
        return self.open().filter(due__gte=on, due__lte=until)

    def for_subject(self, subject: models.Model) -> DeadlineQuerySet:
        return self.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


class Deadline(models.Model):
    """One obligation with a due date and a plain explanation of how the date was computed.

    ``kind`` is a code registered by the app that owns the obligation (``tracker.registry``);
    ``case`` is the file the obligation belongs to, ``subject`` the object that owes the step.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        EXTENDED = "extended", _("已延期")
        PAUSED = "paused", _("暂停计时")
        MET = "met", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("事项类型"), max_length=40, db_index=True)
    case_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    case_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("case_type", "case_id")
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    start = models.DateField(_("起算日"))
    # The rule the due date follows, kept so that a calendar change can recompute it:
    # {"months": 3} | {"working_days": 5} | {"fixed": "2026-06-30"}, plus "extra_months".
    rule = models.JSONField(_("计算规则"), default=dict)
    due = models.DateField(_("截止日"))
    explanation = models.TextField(_("计算说明"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    met_on = models.DateField(_("完成日"), null=True, blank=True)
    paused_on = models.DateField(_("暂停日"), null=True, blank=True)
    # Set when the due date lies beyond the published national calendar (Mon–Fri fallback).
    calendar_provisional = models.BooleanField(_("日历未发布"), default=False)
    # The reminders the last sweep wrote for this deadline ("overdue:2026-06-05:+1|escalate:…").
    # Only a shortcut: a sweep that finds the same mark skips the deadline; the ledger's unique key
    # is what guarantees "once".
    reminder_mark = models.CharField(_("最近提醒标记"), max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["due", "id"]
        indexes = [
            models.Index(fields=["status", "due"]),
            # The lists' order (Meta.ordering): a page of a person's deadlines walks it and stops
            # after its rows. On ``due`` alone PostgreSQL had to read and sort every deadline of the
            # first due date before returning any (40,090 rows at 2,000,000 suggestions, where one
            # date holds tens of thousands; docs/benchmarks.md "Work queues"). Replaces the index
            # on ``due``, of which it is the extension.
            models.Index(fields=["due", "id"], name="deadline_due_id"),
            # ?ordering=start|status (either direction), made total by the id (docs/benchmarks.md
            # "Every ordering").
            models.Index(fields=["start", "id"], name="deadline_start_id"),
            models.Index(fields=["status", "id"], name="deadline_status_id"),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["case_type", "case_id"]),
            # Open deadlines are a few percent of all of them: the overdue / due-soon boards read
            # them in due order without walking past the met ones (docs/benchmarks.md).
            models.Index(
                fields=["due", "id"],
                name="deadline_open_due",
                condition=models.Q(status__in=["open", "extended", "paused"]),
            ),
            # The same, per kind of subject, ties by subject: a unit's work queue walks its
            # assignments' open deadlines in the order of (nearest due, assignment) without passing
            # every other open deadline (oversight/todo.py).
            models.Index(
                fields=["subject_type", "due", "subject_id"],
                name="deadline_open_subject_due",
                include=["id"],
                condition=models.Q(status__in=["open", "extended", "paused"]),
            ),
            # One kind of them: staff's "评价期已过" queue walks the open rating windows past due,
            # oldest first, and stops after its page and its tally. Without the kind in front,
            # PostgreSQL read all 12,766 open deadlines to keep 1,623 windows and sorted them
            # (13 ms of the staff to-do page at 200,000 suggestions; now 1.2 ms).
            models.Index(
                fields=["kind", "subject_type", "due", "subject_id"],
                name="deadline_open_kind_subject_due",
                include=["id"],
                condition=models.Q(status__in=["open", "extended", "paused"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.due}"
