"""Fast bulk data for the statistics benchmarks: N suggestions with their assignments, replies,
ratings, contact records, commitments and open deadlines, written with PostgreSQL COPY (about
a million rows in well under a minute). Deterministic (seeded), so runs compare.

Shape, per suggestion: one 主办 unit (every 6th also a 协办 unit); 85% of lead assignments
replied (A 55% · B 30% · C 10% · D 5%, 90% on time), 1–3 deputies rating each reply
(满意 80% · 基本满意 15% · 不满意 5%), a contact record (60% face to face), a commitment per B/C
reply (half fulfilled), and an open reply deadline on the unreplied ones (a third overdue).
The statistics tables (oversight/stats/facts.py) are then rebuilt, as ``manage.py refresh_stats``
would, since COPY bypasses the receivers that keep them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection

TZ = ZoneInfo("Asia/Shanghai")
UNITS = 60
DEPUTIES = 600
CATEGORIES = ("财政经济", "农业农村", "城建环资", "教科文卫", "内务司法", "社会建设", "其他")
YEARS = (2022, 2023, 2024, 2025, 2026)
TODAY = date(2026, 6, 15)


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    n = 0
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def _max_id(model: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM oversight_{model}")
        return int(cursor.fetchone()[0])


def _reset_sequences(tables: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


def reference() -> dict[str, Any]:
    """Units, deputies, categories, one term with a session per year, and a staff account."""
    from oversight.models import Deputy, Session, SuggestionCategory, Term, Unit, User

    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_congress_staff": True})
    term, _ = Term.objects.get_or_create(number=17, defaults={"name": "第十七届", "starts_on": date(2022, 1, 1)})
    sessions = [
        Session.objects.get_or_create(
            term=term,
            number=i + 1,
            defaults={"name": f"第{i + 1}次会议", "opens_on": date(y, 1, 10), "closes_on": date(y, 1, 14)},
        )[0]
        for i, y in enumerate(YEARS)
    ]
    if not Unit.objects.filter(name="市第00局").exists():
        Unit.objects.bulk_create([Unit(name=f"市第{i:02d}局") for i in range(UNITS)])
        Deputy.objects.bulk_create([Deputy(name=f"代表{i:03d}") for i in range(DEPUTIES)])
        SuggestionCategory.objects.bulk_create(
            [SuggestionCategory(name=n, order=i) for i, n in enumerate(CATEGORIES)], ignore_conflicts=True
        )
    return {
        "staff": staff.pk,
        "sessions": [(s.pk, s.opens_on) for s in sessions],
        "units": list(Unit.objects.filter(name__startswith="市第").values_list("pk", flat=True)),
        "deputies": list(Deputy.objects.filter(name__startswith="代表").values_list("pk", flat=True)),
        "categories": list(SuggestionCategory.objects.values_list("pk", flat=True)),
    }


def populate(total: int, *, seed: int = 12) -> dict[str, int]:
    """Write ``total`` suggestions and everything hanging off them; returns row counts."""
    rnd = random.Random(seed)
    ref = reference()
    staff = ref["staff"]
    ct_s = ContentType.objects.get(app_label="oversight", model="suggestion").pk
    ct_a = ContentType.objects.get(app_label="oversight", model="assignment").pk
    suggestions, co_signers, assignments, replies, feedback, contacts, commitments, deadlines = ([] for _ in range(8))
    # Ids continue after any rows already there (a test's own fixture, a previous run).
    base = {t: _max_id(t) for t in ("suggestion", "assignment", "reply", "feedback", "contactrecord", "commitment")}
    aid, rid, fid = base["assignment"], base["reply"], base["feedback"]
    numbers: dict[int, int] = {}
    for sid in range(base["suggestion"] + 1, base["suggestion"] + total + 1):
        session_id, opens = ref["sessions"][sid % len(ref["sessions"])]
        numbers[session_id] = numbers.get(session_id, 1000) + 1
        at = datetime.combine(opens, datetime.min.time(), TZ) + timedelta(hours=9)
        assigned_on = opens + timedelta(days=20)
        lead_deputy = rnd.choice(ref["deputies"])
        title = f"关于改善第{sid}片区民生设施的建议"
        suggestions.append(
            (
                sid,
                session_id,
                opens,
                "suggestion",
                "{}",
                numbers[session_id],
                title,
                "建议内容。" * 5,
                rnd.choice(ref["categories"]),
                "session",
                lead_deputy,
                "assigned",
                "",
                sid % 50 == 0,
                "",
                "",
                at,
                at,
                assigned_on,
                None,
                staff,
                "",  # next_due_kind: filled from the deadlines below (tracker.nearest)
            )
        )
        signers = [d for d in rnd.sample(ref["deputies"], rnd.randint(0, 2)) if d != lead_deputy]
        co_signers += [(sid, d) for d in signers]
        units = rnd.sample(ref["units"], 2)
        roles = [("lead", units[0])] + ([("co", units[1])] if sid % 6 == 0 else [])
        for role, unit in roles:
            aid += 1
            replied = role == "lead" and rnd.random() < 0.85
            status = "replied" if replied else "accepted"
            accepted = at + timedelta(days=21)
            row = (aid, sid, unit, role, status, assigned_on, accepted, 1, "", 0, False, False, "", staff)
            # … and the suggestion's copied columns (oversight.models.suggestions.LIST_COPIES: its list
            # order, status, dates, title and lead deputy, as the suggestion row)
            assignments.append((*row, opens, numbers[session_id], "assigned", at, at, assigned_on, title, lead_deputy))
            contacts.append(
                (
                    aid,
                    aid,
                    lead_deputy,
                    rnd.choice(["visit", "meeting", "phone", "visit", "phone"]),
                    assigned_on + timedelta(days=10),
                    "沟通",
                    staff,
                    at + timedelta(days=30),
                )
            )
            if replied:
                rid += 1
                category = rnd.choices("ABCD", weights=(55, 30, 10, 5))[0]
                sent = assigned_on + timedelta(days=rnd.randint(30, 100))
                replies.append(
                    (
                        rid,
                        aid,
                        1,
                        category,
                        "",
                        "答复内容。",
                        True,
                        True,
                        "accepted",
                        staff,
                        at,
                        staff,
                        at,
                        staff,
                        at,
                        "",
                        sent,
                        "[]",
                        rnd.random() < 0.9,
                    )
                )
                for deputy in [lead_deputy, *signers][: rnd.randint(1, 3)]:
                    fid += 1
                    rating = rnd.choices(["satisfied", "basic", "unsatisfied"], weights=(80, 15, 5))[0]
                    feedback.append((fid, rid, deputy, rating, "", at + timedelta(days=120), staff))
                if category in "BC":
                    fulfilled = rnd.random() < 0.5
                    commitments.append(
                        (
                            base["commitment"] + rid,
                            aid,
                            rid,
                            "承诺事项",
                            sent + timedelta(days=180),
                            "fulfilled" if fulfilled else "open",
                            staff if fulfilled else None,
                            at if fulfilled else None,
                            False,
                            "",
                        )
                    )
            elif role == "lead":
                due = TODAY + timedelta(days=rnd.randint(-60, 120))
                deadlines.append(
                    (
                        "reply",
                        ct_s,
                        sid,
                        ct_a,
                        aid,
                        assigned_on,
                        "{}",
                        due,
                        "交办之日起3个月",
                        "open",
                        None,
                        None,
                        False,
                        "",
                        at,
                        at,
                    )
                )
    counts = {
        "suggestions": _copy(
            "oversight_suggestion",
            [
                "id",
                "session_id",
                "session_opens_on",
                "kind",
                "details",
                "number",
                "title",
                "content",
                "category_id",
                "period",
                "lead_deputy_id",
                "status",
                "return_reason",
                "is_key",
                "key_leader",
                "closed_reason",
                "submitted_at",
                "registered_at",
                "assigned_on",
                "closed_at",
                "created_by_id",
                "next_due_kind",
            ],
            suggestions,
        ),
        "co_signers": _copy("oversight_suggestion_co_signers", ["suggestion_id", "deputy_id"], co_signers),
        "assignments": _copy(
            "oversight_assignment",
            [
                "id",
                "suggestion_id",
                "unit_id",
                "role",
                "status",
                "assigned_on",
                "accepted_at",
                "round",
                "return_reason",
                "extension_months",
                "contact_waived",
                "co_opinion_waived",
                "concluded_reason",
                "assigned_by_id",
                "list_opens_on",
                "list_number",
                "list_status",
                "list_submitted_at",
                "list_registered_at",
                "list_assigned_on",
                "list_title",
                "list_lead_deputy_id",
            ],
            assignments,
        ),
        "contacts": _copy(
            "oversight_contactrecord",
            ["id", "assignment_id", "deputy_id", "method", "contacted_on", "summary", "recorded_by_id", "recorded_at"],
            contacts,
        ),
        "replies": _copy(
            "oversight_reply",
            [
                "id",
                "assignment_id",
                "round",
                "category",
                "original_category",
                "content",
                "is_public",
                "published",
                "status",
                "drafted_by_id",
                "drafted_at",
                "signed_by_id",
                "signed_at",
                "reviewed_by_id",
                "reviewed_at",
                "review_note",
                "sent_on",
                "proposed_commitments",
                "on_time",
            ],
            replies,
        ),
        "feedback": _copy(
            "oversight_feedback",
            ["id", "reply_id", "deputy_id", "rating", "comment", "rated_at", "rated_by_id"],
            feedback,
        ),
        "commitments": _copy(
            "oversight_commitment",
            [
                "id",
                "assignment_id",
                "reply_id",
                "description",
                "due_on",
                "status",
                "fulfilled_by_id",
                "fulfilled_at",
                "deputy_confirmed",
                "close_explanation",
            ],
            commitments,
        ),
        "deadlines": _copy(
            "tracker_deadline",
            [
                "kind",
                "case_type_id",
                "case_id",
                "subject_type_id",
                "subject_id",
                "start",
                "rule",
                "due",
                "explanation",
                "status",
                "met_on",
                "paused_on",
                "calendar_provisional",
                "reminder_mark",
                "created_at",
                "updated_at",
            ],
            deadlines,
        ),
    }
    _reset_sequences(
        [
            "oversight_suggestion",
            "oversight_assignment",
            "oversight_reply",
            "oversight_feedback",
            "oversight_contactrecord",
            "oversight_commitment",
        ]
    )
    from oversight.models import Suggestion
    from oversight.stats import facts
    from tracker.nearest import refresh_all

    refresh_all(Suggestion)  # each suggestion's copy of its nearest open deadline
    # COPY sends no signals: fill the statistics tables by the same rebuild as `refresh_stats`.
    facts.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
