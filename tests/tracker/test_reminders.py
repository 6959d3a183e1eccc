"""Reminder rules, the ledger (created once), delivery on every channel, retries and the digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from tests.tracker import sms
from tracker import calendar
from tracker.models import Deadline, Notification, NotificationPreference, Reminder
from tracker.reminders.delivery import deliver_pending
from tracker.reminders.digest import send_digests
from tracker.reminders.sweep import sweep

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
DUE = date(2026, 6, 5)  # 2026-03-05 + 3 months, a Friday


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def reply_deadline(make_deadline: Any) -> Deadline:
    deadline: Deadline = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    assert deadline.due == DUE
    return deadline


def latest(user: Any) -> Notification:
    note = Notification.objects.for_user(user).first()
    assert note is not None
    return note


def run(day: date) -> tuple[int, int]:
    created = sweep(today=day, now=at(day)).created
    return created, deliver_pending(now=at(day)).sent


def test_before_due_reminders_fire_10_5_and_1_working_days_ahead(reply_deadline: Deadline) -> None:
    owner: Any = reply_deadline.subject
    assert run(calendar.add_working_days(DUE, -11)) == (0, 0)
    for n in (10, 5, 1):
        day = calendar.add_working_days(DUE, -n)
        assert run(day) == (2, 2)  # inbox + email
        note = latest(owner)
        assert note.title == f"【测试事项】还有 {n} 个工作日到期（截止 2026-06-05）"
        assert note.body == reply_deadline.explanation
        assert note.link == f"/test/{reply_deadline.case_id}/"
    assert Notification.objects.for_user(owner).unread().count() == 3
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == [owner.email]


def test_same_sweep_twice_creates_and_sends_nothing_new(reply_deadline: Deadline) -> None:
    day = calendar.add_working_days(DUE, -5)
    assert run(day) == (2, 2)
    assert run(day) == (0, 0)
    # Without the per-deadline shortcut the ledger's unique key alone still refuses duplicates.
    Deadline.objects.update(reminder_mark="")
    assert run(day) == (0, 0)
    # The next day is still inside the "5 days before" window: nothing new either.
    assert run(day + timedelta(days=1)) == (0, 0)
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 1


def test_due_day_then_overdue_every_five_working_days_then_escalation(reply_deadline: Deadline, make_user: Any) -> None:
    boss = make_user(is_superuser=True)
    owner: Any = reply_deadline.subject
    run(DUE)
    assert latest(owner).title == "【测试事项】今日到期（截止 2026-06-05）"
    assert run(calendar.add_working_days(DUE, 4)) == (0, 0)
    assert run(calendar.add_working_days(DUE, 5))[0] == 2
    assert latest(owner).title == "【已逾期·测试事项】已逾期 5 个工作日（截止 2026-06-05）"
    assert not Notification.objects.for_user(boss).exists()

    run(calendar.add_working_days(DUE, 10))

    escalation = Notification.objects.for_user(boss).get()
    assert escalation.title == "【逾期上报·测试事项】已逾期 10 个工作日（截止 2026-06-05）"
    # Escalation goes once; the owner keeps getting the overdue rounds.
    run(calendar.add_working_days(DUE, 15))
    assert Notification.objects.for_user(boss).count() == 1
    assert Notification.objects.for_user(owner).count() == 4


def test_met_and_paused_deadlines_are_not_reminded(reply_deadline: Deadline, make_deadline: Any) -> None:
    paused = make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    Deadline.objects.filter(pk=reply_deadline.pk).update(status=Deadline.Status.MET)
    Deadline.objects.filter(pk=paused.pk).update(status=Deadline.Status.PAUSED)
    assert run(DUE) == (0, 0)


def test_extension_starts_a_fresh_series_for_the_new_due_date(reply_deadline: Deadline) -> None:
    from tracker.deadlines import extend

    run(DUE)
    subject: Any = reply_deadline.subject
    extended = extend(subject=subject, kind=reply_deadline.kind, extra_months=1)
    assert extended is not None and extended.due == date(2026, 7, 6)  # 07-05 is a Sunday
    assert run(calendar.add_working_days(extended.due, -10)) == (2, 2)


def test_sms_and_digest_preferences_choose_the_channels(
    reply_deadline: Deadline, make_user: Any, settings: Any
) -> None:
    settings.SMS_BACKEND = "tests.tracker.sms.RecordingSmsBackend"
    sms.SENT.clear()
    owner: Any = reply_deadline.subject
    owner.phone = "13800000000"
    owner.save()
    NotificationPreference.objects.create(user=owner, by_email=False, by_sms=True)
    day = calendar.add_working_days(DUE, -10)
    assert run(day) == (2, 2)
    assert mail.outbox == []
    assert [("13800000000", "【测试事项】还有 10 个工作日到期（截止 2026-06-05）", sms.SENT[0][2])] == sms.SENT

    NotificationPreference.objects.filter(user=owner).update(daily_digest=True, by_email=True, digest_hour=8)
    day5 = calendar.add_working_days(DUE, -5)
    assert run(day5) == (1, 0)  # the digest row waits for the daily digest
    assert send_digests(now=at(day5, hour=7)) == 0  # before the chosen hour
    assert send_digests(now=at(day5, hour=8)) == 1
    assert send_digests(now=at(day5, hour=9)) == 0  # once a day
    digest = latest(owner)
    assert digest.title == "今日提醒汇总（1 条）"
    assert "还有 5 个工作日到期" in digest.body
    assert mail.outbox[-1].subject == "今日提醒汇总（1 条）"


def test_failed_sms_is_retried_with_backoff_then_marked_failed(reply_deadline: Deadline, settings: Any) -> None:
    settings.SMS_BACKEND = "tests.tracker.sms.FailingSmsBackend"
    settings.REMINDER_MAX_ATTEMPTS = 3
    owner: Any = reply_deadline.subject
    owner.phone = "13800000000"
    owner.save()
    NotificationPreference.objects.create(user=owner, by_email=False, by_sms=True)
    day = calendar.add_working_days(DUE, -10)
    sweep(today=day, now=at(day))

    first = deliver_pending(now=at(day))
    assert (first.sent, first.retried) == (1, 1)  # the inbox went, the SMS did not
    row = Reminder.objects.get(channel="sms")
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, at(day) + timedelta(minutes=1))
    assert "gateway down" in row.last_error
    assert deliver_pending(now=at(day)).retried == 0  # not before the backoff has passed

    deliver_pending(now=at(day) + timedelta(minutes=1))
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 2, at(day) + timedelta(minutes=3))
    assert deliver_pending(now=at(day) + timedelta(minutes=3)).failed == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 3)
    assert deliver_pending(now=at(day) + timedelta(days=1)).failed == 0


def test_send_reminders_command_prints_created_and_sent(reply_deadline: Deadline) -> None:
    out = StringIO()
    call_command("send_reminders", "--date", calendar.add_working_days(DUE, -1).isoformat(), stdout=out)
    assert "created=2 sent=2" in out.getvalue()
    call_command("send_reminders", "--date", calendar.add_working_days(DUE, -1).isoformat(), stdout=out)
    assert "created=0 sent=0" in out.getvalue().splitlines()[-1]


# Sizes stay under SQLite's 999 bound parameters per INSERT (Django splits bigger inserts there);
# bench/reminder_sweep.py shows the same flat count on PostgreSQL at 10,000 and 1,000 due deadlines.
@pytest.mark.parametrize("count", [3, 15])
def test_sweep_query_count_does_not_grow_with_deadlines(
    count: int, make_user: Any, make_deadline: Any, django_assert_num_queries: Any
) -> None:
    make_user(is_superuser=True)
    for _ in range(count):
        make_deadline(start=date(2026, 3, 5), rule={"months": 3})
    day = calendar.add_working_days(DUE, 10)  # overdue round 2 + escalation: both recipient lists used
    calendar.is_workday(day)  # warm the override cache, as a running worker has it
    # 1 candidate deadlines (one chunk) · 2 the kind's batch recipients (owners, superusers)
    # · 1 preferences · 1 ledger INSERT … ON CONFLICT DO NOTHING · 1 UPDATE of the deadlines' marks
    # · 1 next chunk (empty) · 1 count created
    with django_assert_num_queries(8):
        result = sweep(today=day, now=at(day))
    assert result.created == count * 4  # inbox + email to the owner (overdue) and the boss (escalation)
    # Second run: the chunk, the empty next chunk, the count — every deadline is skipped by its mark.
    with django_assert_num_queries(3):
        assert sweep(today=day, now=at(day)).created == 0


def test_kind_without_batch_hook_is_resolved_one_by_one(make_user: Any) -> None:
    from tracker.deadlines import open_deadline
    from tracker.registry import Recipients, register_kind, unregister_kind

    owner = make_user()
    register_kind("test_single", label="单查事项", recipients=lambda d: Recipients(primary=[owner]))
    try:
        open_deadline(case=owner, subject=owner, kind="test_single", start=date(2026, 3, 5), rule={"months": 3})
        assert run(DUE) == (2, 2)
        assert latest(owner).title == "【单查事项】今日到期（截止 2026-06-05）"
    finally:
        unregister_kind("test_single")


def test_deadline_of_unregistered_kind_is_left_alone(make_user: Any) -> None:
    from tracker.deadlines import open_deadline

    owner = make_user()
    open_deadline(case=owner, subject=owner, kind="nobody_registered_this", start=date(2026, 3, 5), rule={"months": 3})
    assert run(DUE) == (0, 0)
