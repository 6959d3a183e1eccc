"""Writes owned by tracker: calendar overrides (which recompute open deadlines) and the inbox."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker import calendar
from tracker.models import CalendarOverride, CalendarYear, Notification, NotificationPreference, Reminder
from tracker.recompute import recompute_open_deadlines


def _require_staff(actor: Any, *, action: str) -> None:
    # tracker cannot import oversight's role helpers; its User exposes ``is_staff_member``.
    allowed = getattr(actor, "is_staff_member", None)
    if allowed is None:
        allowed = bool(getattr(actor, "is_active", False) and getattr(actor, "is_superuser", False))
    if not allowed:
        raise PermissionDenied(_("只有人大工作人员可以%(action)s。") % {"action": action})


def _calendar_changed(*, actor: Any, since: date | list[date] | None) -> int:
    # Clear before recomputing so this process sees the change, and again after commit so a reader
    # that refilled the cache from the old rows in the meantime does not keep them.
    calendar.clear_cache()
    transaction.on_commit(calendar.clear_cache)
    return recompute_open_deadlines(actor=actor, touching=since)


def calendar_override_set(
    *, actor: Any, day: date, kind: str, note: str = "", override: CalendarOverride | None = None
) -> tuple[CalendarOverride, int]:
    """Create or change a local override; returns it and how many open deadlines moved."""
    _require_staff(actor, action=_("调整工作日历"))
    with transaction.atomic():
        old_day = None
        if override is not None and override.pk:
            locked = CalendarOverride.objects.select_for_update().get(pk=override.pk)
            old_day = locked.day
            obj = locked
        else:
            obj = CalendarOverride.objects.select_for_update().filter(day=day).first() or CalendarOverride(day=day)
        obj.day, obj.kind, obj.note = day, kind, note
        obj.save()
        moved = _calendar_changed(actor=actor, since=[day, old_day] if old_day and old_day != day else day)
    return obj, moved


def calendar_override_delete(*, actor: Any, override: CalendarOverride) -> int:
    """Remove a local override; returns how many open deadlines moved."""
    _require_staff(actor, action=_("调整工作日历"))
    with transaction.atomic():
        day = override.day
        CalendarOverride.objects.filter(pk=override.pk).delete()
        return _calendar_changed(actor=actor, since=day)


def calendar_year_mark(*, actor: Any, year: int, note: str = "") -> CalendarYear:
    """Record that staff entered ``year``'s schedule locally, which clears its "unpublished" flag."""
    _require_staff(actor, action=_("确认年度节假日安排"))
    with transaction.atomic():
        obj, _created = CalendarYear.objects.update_or_create(year=year, defaults={"note": note})
        _calendar_changed(actor=actor, since=date(year, 1, 1))
    return obj


def calendar_year_unmark(*, actor: Any, year: CalendarYear) -> None:
    _require_staff(actor, action=_("确认年度节假日安排"))
    with transaction.atomic():
        CalendarYear.objects.filter(pk=year.pk).delete()
        _calendar_changed(actor=actor, since=date(year.year, 1, 1))


def notification_mark_read(*, notification: Notification, actor: Any) -> Notification:
    """Mark one inbox message read; only its recipient may. Reading twice keeps the first time."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("只能处理自己的消息。"))
    now = timezone.now()
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    if changed:
        notification.read_at = now
    else:
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread inbox message of ``actor`` read; returns how many changed."""
    if not getattr(actor, "pk", None):
        raise PermissionDenied(_("请先登录。"))
    return Notification.objects.filter(recipient_id=actor.pk).unread().update(read_at=timezone.now())


def reminder_retry(*, reminder: Reminder, actor: Any) -> bool:
    """Staff put a failed reminder back in the queue (e.g. after fixing a phone number)."""
    _require_staff(actor, action=_("重新发送提醒"))
    return bool(
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.FAILED).update(
            status=Reminder.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
    )


def notification_preference_get(*, user: Any) -> NotificationPreference:
    """The person's reminder preferences (defaults when never saved: inbox + email, no digest)."""
    pref = NotificationPreference.objects.filter(user_id=user.pk).first()
    return pref or NotificationPreference(user_id=user.pk)


def notification_preference_set(
    *,
    actor: Any,
    by_email: bool,
    by_sms: bool,
    daily_digest: bool,
    digest_hour: int = 8,
) -> NotificationPreference:
    """Each person chooses their own channels, or a daily digest instead of single messages."""
    if not getattr(actor, "pk", None):
        raise PermissionDenied(_("请先登录。"))
    if not 0 <= digest_hour <= 23:
        raise ValidationError({"digest_hour": _("汇总发送时刻应在 0–23 时之间。")})
    with transaction.atomic():
        pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user_id=actor.pk)
        pref.by_email, pref.by_sms, pref.daily_digest, pref.digest_hour = by_email, by_sms, daily_digest, digest_hour
        pref.save(update_fields=["by_email", "by_sms", "daily_digest", "digest_hour"])
    return pref
