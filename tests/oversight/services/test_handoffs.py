"""Every hand-over tells whoever must act next, once, naming the case and linking to the step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from oversight.services import assignments, replies
from tests.oversight.services.conftest import accepted, assigned, contact, draft, signed
from tracker.models import Notification, NotificationPreference, Reminder
from tracker.notify import notify
from tracker.reminders.delivery import deliver_pending

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def inbox(user: Any) -> list[Notification]:
    deliver_pending()
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def step(capture: Any, fn: Callable[[], Any]) -> Any:
    """Run a service and its after-commit hand-offs, as a real request would."""
    with capture(execute=True):
        return fn()


def test_new_assignment_tells_the_units_liaison_with_case_and_link(
    actors: Any, django_capture_on_commit_callbacks: Any
) -> None:
    (lead,) = step(django_capture_on_commit_callbacks, lambda: assigned(actors))
    (note,) = inbox(actors.liaison_a)
    number = lead.suggestion.display_number
    assert number in note.title and "增设城东片区公交线路" in note.title and "请签收" in note.title
    assert note.link == f"/unit/assignments/{lead.pk}/"
    # Unit B got nothing about unit A's work; the deputy has nothing to do yet.
    assert inbox(actors.liaison_b) == [] and inbox(actors.deputy) == []


def test_draft_signature_review_and_rating_each_notify_the_next_person(
    actors: Any, django_capture_on_commit_callbacks: Any
) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = step(django_capture_on_commit_callbacks, lambda: draft(actors, lead))
    (to_head,) = inbox(actors.head_a)
    assert "待签发" in to_head.title and to_head.link == f"/unit/replies/{reply.pk}/"
    step(django_capture_on_commit_callbacks, lambda: replies.reply_sign(reply=reply, actor=actors.head_a))
    (to_staff,) = inbox(actors.staff)
    assert "待审核" in to_staff.title and to_staff.link == f"/staff/replies/{reply.pk}/review/"
    step(django_capture_on_commit_callbacks, lambda: replies.reply_accept(reply=reply, actor=actors.staff))
    for deputy in (actors.deputy, actors.cosigner):
        (to_rate,) = inbox(deputy)
        assert "待评价" in to_rate.title and to_rate.link == f"/suggestions/{lead.suggestion_id}/#rate-{reply.pk}"
    assert inbox(actors.outsider) == [] and inbox(actors.liaison_b) == []


def test_sent_back_reply_tells_liaison_with_reason(actors: Any, django_capture_on_commit_callbacks: Any) -> None:
    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = signed(actors, lead)
    step(
        django_capture_on_commit_callbacks,
        lambda: replies.reply_send_back(reply=reply, actor=actors.staff, reason="请补充办理时限"),
    )
    (note,) = inbox(actors.liaison_a)
    assert "答复退回" in note.title and "请补充办理时限" in note.body
    assert note.link == f"/unit/replies/{reply.pk}/edit/"


def test_head_sends_draft_back_to_liaison_with_reason(actors: Any, django_capture_on_commit_callbacks: Any) -> None:
    from oversight.models import Reply
    from tracker.timeline import for_case

    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = draft(actors, lead)
    step(
        django_capture_on_commit_callbacks,
        lambda: replies.reply_send_back_to_liaison(reply=reply, actor=actors.head_a, reason="数据需核实"),
    )
    reply.refresh_from_db()
    assert reply.status == Reply.Status.DRAFT
    entry = for_case(lead.suggestion).filter(action="reply.send_back_to_liaison").get()
    assert entry.note == "数据需核实"
    (note,) = inbox(actors.liaison_a)
    assert "单位负责人退回" in note.title


def test_only_the_head_sends_a_draft_back(actors: Any) -> None:
    from oversight.errors import NotAllowed

    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = draft(actors, lead)
    for who in (actors.liaison_a, actors.head_b, actors.staff):
        with pytest.raises(NotAllowed):
            replies.reply_send_back_to_liaison(reply=reply, actor=who, reason="x")


def test_co_opinion_reaches_the_lead_units_liaison(actors: Any, django_capture_on_commit_callbacks: Any) -> None:
    lead, co = accepted(actors, roles=("lead", "co"))
    step(
        django_capture_on_commit_callbacks,
        lambda: assignments.co_opinion_submit(assignment=co, actor=actors.liaison_b, content="建议同步优化站点"),
    )
    (note,) = inbox(actors.liaison_a)
    assert "协办意见" in note.title and "建议同步优化站点" in note.body
    assert note.link == f"/unit/assignments/{lead.pk}/"


def test_extension_decision_tells_the_unit(actors: Any, django_capture_on_commit_callbacks: Any) -> None:
    (lead,) = accepted(actors)
    ext = assignments.assignment_request_extension(assignment=lead, actor=actors.liaison_a, months=1, reason="需调研")
    step(
        django_capture_on_commit_callbacks,
        lambda: assignments.extension_decide(extension=ext, actor=actors.staff, approve=True),
    )
    (note,) = inbox(actors.liaison_a)
    assert "延期1个月已批准" in note.title


def test_a_rolled_back_step_tells_nobody(actors: Any, django_capture_on_commit_callbacks: Any) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        assigned(actors)
        raise RuntimeError
    assert Reminder.objects.filter(rule=Reminder.Rule.NOTICE).count() == 0


def test_notice_is_written_once_per_key_and_follows_each_persons_channels(actors: Any) -> None:
    actors.liaison_a.email = "li@example.org"
    actors.liaison_a.save()
    NotificationPreference.objects.create(user=actors.head_a, daily_digest=True)
    people = [actors.liaison_a, actors.head_a]
    assert notify(recipients=people, key="t:1", title="第0001号《测试》", link="/x/") == 3
    assert notify(recipients=people, key="t:1", title="第0001号《测试》", link="/x/") == 0
    channels = set(Reminder.objects.filter(key="t:1").values_list("recipient__username", "channel"))
    assert channels == {("liaison_a", "inbox"), ("liaison_a", "email"), ("head_a", "digest")}
    assert [n.title for n in inbox(actors.liaison_a)] == ["第0001号《测试》"]
    assert inbox(actors.head_a) == []  # waits for the daily digest


def test_deadline_reminders_name_the_case_and_overdue_looks_different(actors: Any) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from tracker.reminders.sweep import sweep

    (lead,) = accepted(actors)
    name = lead.suggestion.display_number
    for day in (date(2026, 5, 29), date(2026, 6, 15)):  # a few working days before the due date, then after
        now = datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
        sweep(today=day, now=now)
        deliver_pending(now=now)
    soon, late = Notification.objects.filter(recipient=actors.liaison_a).order_by("id")
    assert soon.title.startswith("【答复】" + name + "《关于增设城东片区公交线路的建议》 还有")
    assert soon.tone == "soon"
    assert late.title.startswith("【已逾期·答复】" + name) and "已逾期" in late.title
    assert late.tone == "overdue"


def test_rating_after_the_feedback_window_is_refused(actors: Any) -> None:
    import time_machine

    from oversight.errors import IllegalTransition

    (lead,) = accepted(actors)
    contact(actors, lead)
    reply = replies.reply_accept(reply=signed(actors, lead), actor=actors.staff)
    # 20 working days from 2026-03-02: the last day to rate is 2026-03-30.
    with time_machine.travel("2026-03-30 18:00 +0800", tick=False):
        replies.feedback_rate(reply=reply, actor=actors.cosigner, rating="satisfied")
    with time_machine.travel("2026-03-31 09:00 +0800", tick=False), pytest.raises(IllegalTransition) as refused:
        replies.feedback_rate(reply=reply, actor=actors.deputy, rating="satisfied")
    assert refused.value.code == "feedback_window_closed" and "2026-03-30" in refused.value.message
