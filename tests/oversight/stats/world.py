"""A hand-computed little world for the statistics: five suggestions, two units, two sessions.

Built straight from the models (the figures are reads; the services that produce such rows are
tested elsewhere). The expected figures in test_metrics.py are worked out by hand from this file.

    s1 (2026 session, 城建环资): A 主办 — reply R1 B类 on time, 走访; deputy 满意, co-signer 基本满意;
                                commitments: one due 05-01 fulfilled, one due 12-01 open.
                             B 协办 — opinion submitted.
    s2 (2026, 城建环资):       A 主办 — R1 C类 late, phone only, deputy 不满意 → R2 B类 on time,
                                deputy 基本满意; commitment due 06-01 open (overdue on 06-15).
    s3 (2026, 教科文卫, 重点): B 主办 — no reply, reply deadline 06-01 open (overdue);
                             A 协办 — returned (退办), never counts.
    s4 (2025 session, 教科文卫): B 分办 — R1 A类 on time, 座谈面商, deputy 满意, marked 不公开;
                             A 分办 — draft only, deadline 07-01 open (not overdue).
    s5 (2026, 城建环资):       A 主办 — reply signed, not yet accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from oversight.models import (
    Assignment,
    Commitment,
    ContactRecord,
    CoOpinion,
    Feedback,
    Reply,
    Session,
    Suggestion,
    SuggestionCategory,
)
from tests.factories import SessionFactory, SuggestionFactory
from tracker import nearest
from tracker.models import Deadline

AS_OF = date(2026, 6, 15)
AT = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
L, C, S = Assignment.Role.LEAD, Assignment.Role.CO, Assignment.Role.SEPARATE


@dataclass
class World:
    actors: Any
    s2025: Session
    s2026: Session
    cat_city: SuggestionCategory
    cat_edu: SuggestionCategory
    suggestions: list[Suggestion]


def _assign(s: Suggestion, unit: Any, role: str, actors: Any, status: str = "accepted") -> Assignment:
    return Assignment.objects.create(
        suggestion=s, unit=unit, role=role, status=status, assigned_on=date(2026, 2, 1), assigned_by=actors.staff
    )


def _reply(a: Assignment, actors: Any, *, cat: str, rnd: int = 1, on_time: bool | None = True, **kw: Any) -> Reply:
    status = kw.pop("status", Reply.Status.ACCEPTED)
    return Reply.objects.create(
        assignment=a,
        round=rnd,
        category=cat,
        content="答复正文",
        status=status,
        drafted_by=actors.liaison_a,
        drafted_at=AT,
        on_time=on_time if status == Reply.Status.ACCEPTED else None,
        sent_on=date(2026, 4, 1) if status == Reply.Status.ACCEPTED else None,
        published=status == Reply.Status.ACCEPTED and kw.get("is_public", True),
        **kw,
    )


def _rate(r: Reply, deputy: Any, rating: str, actors: Any) -> Feedback:
    return Feedback.objects.create(reply=r, deputy=deputy, rating=rating, rated_at=AT, rated_by=actors.deputy)


def _contact(a: Assignment, method: str, actors: Any) -> None:
    ContactRecord.objects.create(
        assignment=a,
        method=method,
        contacted_on=date(2026, 3, 1),
        summary="沟通",
        recorded_by=actors.liaison_a,
        recorded_at=AT,
    )


def _deadline(a: Assignment, due: date, kind: str = "reply") -> None:
    ct_s = ContentType.objects.get_for_model(Suggestion)
    ct_a = ContentType.objects.get_for_model(Assignment)
    Deadline.objects.create(
        kind=kind,
        case_type=ct_s,
        case_id=a.suggestion_id,
        subject_type=ct_a,
        subject_id=a.pk,
        start=date(2026, 2, 1),
        due=due,
        explanation="",
    )
    nearest.refresh(ct_s.pk, [a.suggestion_id])  # what tracker.deadlines does for a deadline it opens


def build(actors: Any) -> World:
    dep, cos = actors.deputy_profile, actors.cosigner_profile
    ua, ub = actors.unit_a, actors.unit_b
    s2026 = actors.session
    s2026.opens_on, s2026.closes_on = date(2026, 1, 10), date(2026, 1, 14)
    s2026.save()
    s2025 = SessionFactory.create(number=1, name="第一次会议", opens_on=date(2025, 1, 8), closes_on=date(2025, 1, 12))
    city = actors.category
    edu = SuggestionCategory.objects.create(name="教科文卫", order=4)
    city.order = 3
    city.save()

    def sug(n: int, session: Session, cat: SuggestionCategory, **kw: Any) -> Suggestion:
        s = SuggestionFactory.create(
            session=session, category=cat, number=n, lead_deputy=dep, status=Suggestion.Status.ASSIGNED, **kw
        )
        s.co_signers.add(cos)
        return s

    s1 = sug(1, s2026, city)
    a = _assign(s1, ua, L, actors, "replied")
    r = _reply(a, actors, cat="B")
    _contact(a, ContactRecord.Method.VISIT, actors)
    _rate(r, dep, "satisfied", actors)
    _rate(r, cos, "basic", actors)
    Commitment.objects.create(
        assignment=a, reply=r, description="年内完成", due_on=date(2026, 5, 1), status="fulfilled"
    )
    Commitment.objects.create(assignment=a, reply=r, description="明年完成", due_on=date(2026, 12, 1))
    b = _assign(s1, ub, C, actors)
    CoOpinion.objects.create(assignment=b, content="协办意见", submitted_by=actors.liaison_b, submitted_at=AT)

    s2 = sug(2, s2026, city)
    a = _assign(s2, ua, L, actors, "replied")
    a.round = 2
    a.save()
    r1 = _reply(a, actors, cat="C", on_time=False)
    _contact(a, ContactRecord.Method.PHONE, actors)
    _rate(r1, dep, "unsatisfied", actors)
    Commitment.objects.create(assignment=a, reply=r1, description="六月完成", due_on=date(2026, 6, 1))
    r2 = _reply(a, actors, cat="B", rnd=2)
    _rate(r2, dep, "basic", actors)

    s3 = sug(3, s2026, edu, is_key=True)
    b = _assign(s3, ub, L, actors)
    _deadline(b, date(2026, 6, 1))
    _assign(s3, ua, C, actors, "returned")

    s4 = sug(4, s2025, edu)
    b = _assign(s4, ub, S, actors, "replied")
    r = _reply(b, actors, cat="A", is_public=False)
    _contact(b, ContactRecord.Method.MEETING, actors)
    _rate(r, dep, "satisfied", actors)
    a = _assign(s4, ua, S, actors)
    _reply(a, actors, cat="A", status=Reply.Status.DRAFT)
    _deadline(a, date(2026, 7, 1))

    s5 = sug(5, s2026, city)
    a = _assign(s5, ua, L, actors)
    _reply(a, actors, cat="A", status=Reply.Status.SIGNED)
    return World(actors, s2025, s2026, city, edu, [s1, s2, s3, s4, s5])
