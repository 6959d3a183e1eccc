"""One size's list, search and detail benchmark, run in a process of its own (bench/run.py).

For each scenario three things answer the same question, interleaved request by request in one
run so that the machine's load falls on all three alike: our endpoint or page (full Django stack
in-process: middleware, authentication, filters, serializer/template, JSON/HTML), the raw SQL
floor (one hand-written query returning the same 50 rows with the same columns, related names and
nested assignments, through psycopg and no ORM), and the plain ModelViewSet (bench/plain.py).
Prints one JSON document on stdout.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("API_RATE_USER", "1000000/min")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from oversight.models import Suggestion, User  # noqa: E402
from security.models import ApiToken  # noqa: E402
from tracker.models import TimelineEntry  # noqa: E402

settings.ROOT_URLCONF = "bench.urls"
# Page timings without a collectstatic step; the manifest lookup is a dict read either way.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
UNIT = 7
DEPUTY = 42
PAGE = 50

# Every column the response shows, in one query: the suggestion's own columns (with ``kind`` and
# ``details``), the three related names, the co-signers in the response's order (by name) and the
# assignments with their unit's name (by role, then id). Joins for the names, as one would write it
# by hand; run by psycopg, which prepares a statement it has run five times.
FLOOR_SELECT = """
SELECT s.id, s.kind, s.details, s.session_id, se.name, s.number, s.title, s.content, s.category_id, c.name,
       s.period, s.lead_deputy_id, d.name, s.status, s.return_reason, s.is_key, s.key_leader, s.closed_reason,
       s.submitted_at, s.registered_at, s.assigned_on, s.closed_at,
       ARRAY(SELECT cs.deputy_id FROM oversight_suggestion_co_signers cs
             JOIN oversight_deputy csd ON csd.id = cs.deputy_id
             WHERE cs.suggestion_id = s.id ORDER BY csd.name, cs.deputy_id),
       (SELECT json_agg(json_build_object('id', a.id, 'unit', a.unit_id, 'unit_name', u.name, 'role', a.role,
                                          'status', a.status, 'assigned_on', a.assigned_on, 'round', a.round)
                        ORDER BY a.role, a.id)
        FROM oversight_assignment a JOIN oversight_unit u ON u.id = a.unit_id WHERE a.suggestion_id = s.id)
FROM oversight_suggestion s
JOIN oversight_session se ON se.id = s.session_id
LEFT JOIN oversight_suggestioncategory c ON c.id = s.category_id
JOIN oversight_deputy d ON d.id = s.lead_deputy_id
"""
DEFAULT_ORDER = "s.session_opens_on DESC, s.number, s.id"
# The floor for a search: the substring test alone, walking the list order (the fastest plan for
# a common word, see docs/benchmarks.md).
SEARCH = "(strpos(upper(s.title), upper(%(q)s)) > 0 OR strpos(upper(s.content), upper(%(q)s)) > 0)"


@dataclass
class Scenario:
    name: str
    user: str
    ours: str
    floor_where: str = "TRUE"
    floor_order: str = DEFAULT_ORDER
    floor_params: dict[str, Any] = field(default_factory=dict)
    # A join after FLOOR_SELECT's own (a unit's page of ids, read in list order).
    floor_join: str = ""
    plain: str | None = None
    api: bool = True


def scenarios(size: int) -> list[Scenario]:
    deputy_ways = (
        "s.id IN (SELECT id FROM oversight_suggestion WHERE lead_deputy_id = %(d)s UNION ALL "
        "SELECT suggestion_id FROM oversight_suggestion_co_signers WHERE deputy_id = %(d)s)"
    )
    # A unit's page: its suggestion ids read in list order from the assignments' copy of it (the
    # assignment_unit_list_order index, docs/benchmarks.md "Unit lists"), each once, then their rows.
    unit_page = (
        "JOIN (SELECT DISTINCT list_opens_on, list_number, suggestion_id FROM oversight_assignment"
        " WHERE unit_id = %(u)s{extra} ORDER BY list_opens_on DESC, list_number, suggestion_id"
        f" LIMIT {PAGE}) ua ON ua.suggestion_id = s.id"
    )
    unit_order = "ua.list_opens_on DESC, ua.list_number, s.id"
    api = "/api/v1/suggestions/?page_size=50"
    plain = "/bench/plain/suggestions/?page_size=50"
    return [
        Scenario("staff, no filter", "staff", api, plain=plain),
        Scenario(
            "staff, ordered (-submitted_at)",
            "staff",
            api + "&ordering=-submitted_at",
            floor_order="s.submitted_at DESC",
            plain=plain + "&ordering=-submitted_at",
        ),
        Scenario(
            "staff, one unit",
            "staff",
            api + f"&unit={UNIT}",
            floor_order=unit_order,
            floor_params={"u": UNIT},
            floor_join=unit_page.format(extra=" AND status <> 'returned'"),
            plain=plain + f"&units={UNIT}",
        ),
        Scenario(
            "liaison, own unit",
            "liaison",
            api,
            floor_order=unit_order,
            floor_params={"u": UNIT},
            floor_join=unit_page.format(extra=""),
            plain=plain,
        ),
        Scenario("deputy, own suggestions", "deputy", api, deputy_ways, floor_params={"d": DEPUTY}, plain=plain),
        Scenario(
            "staff, search 公交 (2 chars)",
            "staff",
            api + "&q=公交",
            SEARCH,
            floor_params={"q": "公交", "like": "%公交%"},
            plain=plain + "&q=公交",
        ),
        Scenario(
            "staff, search 老旧小区 (4 chars)",
            "staff",
            api + "&q=老旧小区",
            SEARCH,
            floor_params={"q": "老旧小区", "like": "%老旧小区%"},
            plain=plain + "&q=老旧小区",
        ),
        Scenario("page: staff 代表建议 list", "staff-page", "/staff/suggestions/", api=False),
        Scenario(
            "page: staff list, search 公交",
            "staff-page",
            "/staff/suggestions/?q=公交",
            SEARCH,
            floor_params={"q": "公交", "like": "%公交%"},
            api=False,
        ),
        Scenario(
            "page: staff list, sorted by deadline",
            "staff-page",
            "/staff/suggestions/?sort=due",
            floor_order="s.next_due ASC NULLS LAST, s.id",
            api=False,
        ),
        Scenario(
            "page: deputy 我的建议",
            "deputy-page",
            "/deputy/",
            deputy_ways,
            floor_order="s.submitted_at DESC, s.id DESC",
            floor_params={"d": DEPUTY},
            api=False,
        ),
    ]


def prepare(size: int) -> tuple[dict[str, Client], int]:
    """Log the benchmark's people in (token for the API, session for pages) and make sure one
    recent suggestion has a 200-entry timeline."""
    people = {
        "staff": User.objects.get(username="bench_staff"),
        "liaison": User.objects.get(username=f"bench_liaison_{UNIT}"),
        "deputy": User.objects.get(username=f"bench_deputy_{DEPUTY}"),
    }
    clients: dict[str, Client] = {}
    for role, user in people.items():
        _token, raw = ApiToken.objects.create(user=user, name="bench.lists")
        clients[role] = Client(HTTP_AUTHORIZATION=f"Token {raw}")
        page_client = Client()
        page_client.force_login(user)
        clients[f"{role}-page"] = page_client
    suggestion = Suggestion.objects.filter(status="replied").order_by("-id").first()
    assert suggestion is not None
    entries = TimelineEntry.objects.filter(case_id=suggestion.pk, case_type__model="suggestion")
    have = entries.count()
    if have < 200:
        template = entries.first()
        assert template is not None
        TimelineEntry.objects.bulk_create(
            TimelineEntry(
                case_type_id=template.case_type_id,
                case_id=suggestion.pk,
                at=template.at,
                action="note",
                note=f"第{i}条记录",
                actor_id=template.actor_id,
            )
            for i in range(200 - have)
        )
    return clients, suggestion.pk


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    size = Suggestion.objects.count()
    rounds = int(os.environ.get("BENCH_ROUNDS", "30"))
    clients, detail_pk = prepare(size)
    dsn = connection.settings_dict
    raw = psycopg.connect(
        host=dsn["HOST"], port=dsn["PORT"] or 5432, user=dsn["USER"], dbname=dsn["NAME"], password=dsn["PASSWORD"]
    )
    raw.autocommit = True
    cases = scenarios(size)

    def ours(s: Scenario) -> Callable[[], None]:
        def run() -> None:
            response = clients[s.user].get(s.ours)
            assert response.status_code == 200, (s.ours, response.status_code)
            response.content  # noqa: B018  (rendered in full, as a client would read it)

        return run

    def floor(s: Scenario) -> Callable[[], None]:
        sql = f"{FLOOR_SELECT} {s.floor_join} WHERE {s.floor_where} ORDER BY {s.floor_order} LIMIT {PAGE}"

        def run() -> None:
            rows = raw.execute(sql, s.floor_params).fetchall()
            assert rows

        return run

    def plain(s: Scenario) -> Callable[[], None]:
        def run() -> None:
            response = clients[s.user].get(s.plain or "")
            assert response.status_code == 200, (s.plain, response.status_code)
            response.content  # noqa: B018

        return run

    variants: list[tuple[Scenario, str, Callable[[], None]]] = []
    for s in cases:
        variants.append((s, "ours", ours(s)))
        if (
            s.floor_where != "TRUE"
            or s.api
            or s.floor_order != DEFAULT_ORDER
            or s.name.startswith("page: staff 代表建议")
        ):
            variants.append((s, "floor", floor(s)))
        if s.plain:
            variants.append((s, "plain", plain(s)))
    details = [
        ("API detail GET /api/v1/suggestions/{id}/", "staff", f"/api/v1/suggestions/{detail_pk}/"),
        (
            "API timeline, 200 entries (page_size=100)",
            "staff",
            f"/api/v1/suggestions/{detail_pk}/timeline/?page_size=100",
        ),
        ("page: suggestion with 200-entry timeline (staff)", "staff-page", f"/suggestions/{detail_pk}/"),
    ]
    for name, user, url in details:
        s = Scenario(name, user, url, api=False)
        variants.append((s, "ours", ours(s)))

    queries: dict[str, int] = {}
    for s, kind, fn in variants:  # warm-up, then the queries of one steady-state request
        fn()
        if kind == "ours":
            with CaptureQueriesContext(connection) as ctx:
                fn()
            queries[s.name] = len(ctx.captured_queries)
        else:
            fn()
    samples: dict[tuple[str, str], list[float]] = {}
    for r in range(rounds):
        # Rotate who goes first in each scenario so no variant always meets a warmer cache.
        for i in range(0, len(variants)):
            s, kind, fn = variants[(i + r) % len(variants)]
            samples.setdefault((s.name, kind), []).append(timed(fn))
    result: dict[str, Any] = {"size": size, "rounds": rounds, "detail_pk": detail_pk, "rows": []}
    order: list[str] = []
    for s, _, _ in variants:
        if s.name not in order:
            order.append(s.name)
    for name in order:
        row: dict[str, Any] = {"scenario": name, "queries": queries.get(name)}
        for kind in ("ours", "floor", "plain"):
            if (name, kind) in samples:
                row[kind] = percentiles(samples[(name, kind)])
        result["rows"].append(row)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
