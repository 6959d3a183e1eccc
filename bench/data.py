"""The benchmark data set: N suggestions with their assignments, replies, deadlines and timeline.

    .venv/bin/python -m bench.data --size 200000            # ≈ 3.2 M timeline rows, ≈ 0.9 M deadlines
    .venv/bin/python -m bench.data --size 2000000           # older history trimmed (see HISTORY)

It (re)creates a dedicated PostgreSQL database (``--db``, default ``ov_bench`` on the server of
``DATABASE_URL``), migrates it, and fills it with ``INSERT … SELECT generate_series`` inside the
server: no row crosses the wire, so 200,000 suggestions take about a minute on two cores. The data
are deterministic (``setseed``) so two runs of the benchmark read the same rows.

Shape, per suggestion: ten yearly sessions share the suggestions evenly (older years mostly
concluded); 0–3 co-signing deputies out of size ÷ 40 (5,000 at 200,000); 1–3 assigned units out of 120 (主办 and 协办);
a reply per assignment once replied; deadlines for reply, return window, co-opinion and feedback
(≈ 4.5 per suggestion); 16 timeline entries. In a data set above ``HISTORY`` suggestions only
the newest ``HISTORY`` keep their full timeline and deadlines — the older ones keep two entries
(submitted, concluded), which is what the issue allows ("may skip old timeline history").
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 10
UNITS = 120
# A deputy files about 40 suggestions (as lead) over the ten years at most: a province's
# 2,000,000 come from more deputies (cities and counties), not from busier ones. So a deputy's own
# list is the same size in every data set: 500 deputies for 20,000, 5,000 for 200,000, 50,000
# for 2,000,000.
PER_DEPUTY = 40


def deputies(size: int) -> int:
    return max(100, size // PER_DEPUTY)


HISTORY = 200_000
PASSWORD = "bench1234"

TOPICS = [
    "优化城乡公交线路",
    "增设公交站台风雨棚",
    "老旧小区加装电梯",
    "推进老旧小区改造",
    "加强农村饮水安全",
    "改善中小学课后服务",
    "规范校外培训机构",
    "提升基层医疗服务能力",
    "完善社区养老服务",
    "治理城市内涝",
    "加快农村公路建设",
    "保护历史文化街区",
    "整治餐饮油烟扰民",
    "增加停车泊位",
    "推进垃圾分类",
    "加强食品安全监管",
    "支持中小企业发展",
    "优化营商环境",
    "完善农村电商物流",
    "加强河道综合治理",
    "推进智慧社区建设",
    "提高残疾人就业保障",
    "加强未成年人保护",
    "完善城市绿道体系",
    "规范物业管理服务",
    "加快充电桩建设",
    "改善农村人居环境",
    "加强耕地保护",
    "推进医保异地结算",
    "提升政务服务效率",
]
SENTENCES = [
    "群众反映强烈，亟需有关部门统筹解决。",
    "建议加大财政投入，明确责任单位和完成时限。",
    "部分路段早晚高峰车辆拥挤，通行时间过长。",
    "辖区内部分小区基础设施老化，居民出行不便。",
    "建议建立长效管理机制，定期开展督促检查。",
    "相关标准不统一，基层执行中存在困难。",
    "建议借鉴外地先进经验，开展试点后逐步推广。",
    "资金来源渠道单一，社会资本参与不足。",
    "调研中发现，农村地区服务覆盖面仍然偏低。",
    "建议将该事项纳入年度民生实事项目。",
    "信息公开不够及时，群众知晓率不高。",
    "希望有关部门加强协调，形成工作合力。",
    "部分设施建成后缺乏维护，使用效率不高。",
    "建议完善考核评价办法，把群众满意度作为重要指标。",
    "城区交通拥堵问题日益突出，影响群众日常生活。",
]
TIMELINE_ACTIONS = [
    "submitted",
    "registered",
    "assigned",
    "assignment_accepted",
    "contact_recorded",
    "handling_plan",
    "supervision_notice",
    "co_opinion",
    "reply_drafted",
    "reply_signed",
    "reply_accepted",
    "deadline_met",
    "feedback_rated",
    "commitment_progress",
    "concluded",
    "note",
]


def _sql_array(items: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + i.replace("'", "''") + "'" for i in items) + "]"


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def recreate(base_url: str, name: str) -> str:
    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = database_url(base_url, name)
    env = os.environ | {"DATABASE_URL": url, "SECRET_KEY": os.environ.get("SECRET_KEY", "bench")}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url


def _password_hash() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


BIG_TABLES = (
    "oversight_suggestion",
    "oversight_suggestion_co_signers",
    "oversight_assignment",
    "oversight_reply",
    "tracker_deadline",
    "tracker_timelineentry",
)


def drop_secondary_indexes(conn: psycopg.Connection[Any]) -> list[str]:
    """Drop the big tables' indexes that back no constraint and return their definitions: one
    sorted build per index after the load is many times faster than keeping them (the GIN indexes
    above all) up to date row by row — at 2,000,000 suggestions, minutes instead of hours."""
    rows = conn.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [list(BIG_TABLES)],
    ).fetchall()
    for name, _definition in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def fill(conn: psycopg.Connection[Any], size: int) -> dict[str, int]:
    per_session = -(-size // SESSIONS)
    full_from = max(0, size - HISTORY)  # suggestions with id > full_from keep their whole history
    ct: dict[str, int] = dict(
        conn.execute(
            "SELECT model, id FROM django_content_type WHERE app_label='oversight' "
            "AND model IN ('suggestion','assignment','reply')"
        ).fetchall()
    )
    password = _password_hash()
    x = conn.execute
    x("SELECT setseed(0.42)")
    x(
        "INSERT INTO oversight_term (id, number, name, starts_on, ends_on) VALUES"
        " (1, 15, '第十五届', '2017-01-01', '2021-12-31'), (2, 16, '第十六届', '2022-01-01', NULL)"
    )
    x(
        """INSERT INTO oversight_session (id, number, name, opens_on, closes_on, term_id)
        SELECT y, y, '第' || y || '次会议（' || (2016 + y) || '年）', make_date(2016 + y, 1, 10),
               make_date(2016 + y, 1, 14), CASE WHEN y <= 5 THEN 1 ELSE 2 END
        FROM generate_series(1, %s) y""",
        [SESSIONS],
    )
    # The fresh database's default categories (a data migration) make way for the data set's own ten.
    x("DELETE FROM oversight_suggestioncategory")
    x(
        """INSERT INTO oversight_suggestioncategory (id, name, "order", is_active)
        SELECT g, (ARRAY['城乡建设','教育科技','医疗卫生','交通运输','农业农村',
                         '生态环境','社会保障','经济发展','政法','其他'])[g], g, true
        FROM generate_series(1, 10) g"""
    )
    x("INSERT INTO oversight_delegation (id, name) SELECT g, '第' || g || '代表团' FROM generate_series(1, 20) g")
    x(
        """INSERT INTO oversight_unit (id, name, short_name, kind, is_active)
        SELECT g, '承办单位' || lpad(g::text, 3, '0'), '单位' || g, 'government', true FROM generate_series(1, %s) g""",
        [UNITS],
    )
    # users: 1 = staff, 2..UNITS+1 liaisons, UNITS+2..2*UNITS+1 heads, then one per deputy
    user_cols = (
        "id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, "
        "display_name, phone, is_congress_staff, is_reviewer"
    )
    x(
        f"""INSERT INTO oversight_user ({user_cols})
        SELECT g, %(pw)s, false,
            CASE WHEN g = 1 THEN 'bench_staff'
                 WHEN g <= %(u)s + 1 THEN 'bench_liaison_' || (g - 1)
                 WHEN g <= 2 * %(u)s + 1 THEN 'bench_head_' || (g - 1 - %(u)s)
                 ELSE 'bench_deputy_' || (g - 1 - 2 * %(u)s) END,
            '', '', '', g = 1, true, '2017-01-01', '用户' || g, '', g = 1, false
        FROM generate_series(1, 1 + 2 * %(u)s + %(d)s) g""",
        {"pw": password, "u": UNITS, "d": deputies(size)},
    )
    x(
        """INSERT INTO oversight_unitmember (id, role, unit_id, user_id)
        SELECT g, 'liaison', g, g + 1 FROM generate_series(1, %(u)s) g
        UNION ALL SELECT %(u)s + g, 'head', g, g + 1 + %(u)s FROM generate_series(1, %(u)s) g""",
        {"u": UNITS},
    )
    x(
        """INSERT INTO oversight_deputy (id, name, phone, occupation, is_active, delegation_id, user_id)
        SELECT g, '代表' || g, '', '', true, 1 + g %% 20, 1 + 2 * %(u)s + g FROM generate_series(1, %(d)s) g""",
        {"u": UNITS, "d": deputies(size)},
    )
    started = time.monotonic()
    # Status by age: the newest session is in every state, older ones are mostly concluded.
    x(
        f"""INSERT INTO oversight_suggestion (id, number, title, content, period, status, return_reason, is_key,
            key_leader, closed_reason, submitted_at, registered_at, assigned_on, closed_at, created_by_id,
            lead_deputy_id, session_id, category_id, session_opens_on, kind, details, next_due_kind)
        SELECT g, ((g - 1) %% %(ps)s) + 1,
            '关于' || t.topic || '的建议',
            t.topic || '。' || (SELECT string_agg(
                ({_sql_array(SENTENCES)})[1 + floor(random() * {len(SENTENCES)})::int], '')
                              FROM generate_series(1, 3 + (g %% 4)) WHERE g > 0),
            CASE WHEN g %% 5 = 0 THEN 'interim' ELSE 'session' END,
            st.status, '', g %% 50 = 0, CASE WHEN g %% 50 = 0 THEN '副主任' ELSE '' END, '',
            sub.at, CASE WHEN st.status NOT IN ('submitted') THEN sub.at + interval '2 days' END,
            CASE WHEN st.status NOT IN ('submitted','returned','registered')
                 THEN (sub.at + interval '5 days')::date END,
            CASE WHEN st.status = 'closed_off' THEN sub.at + interval '200 days' END,
            1, 1 + (g::bigint * 7919) %% %(d)s, 1 + (g - 1) / %(ps)s, 1 + g %% 10,
            make_date(2016 + 1 + (g - 1) / %(ps)s, 1, 10), 'suggestion', '{{}}'::jsonb, ''
        FROM generate_series(1, %(n)s) g
        CROSS JOIN LATERAL (SELECT ({_sql_array(TOPICS)})[1 + floor(random() * {len(TOPICS)})::int] AS topic
                            WHERE g > 0) t
        CROSS JOIN LATERAL (SELECT make_date(2016 + 1 + (g - 1) / %(ps)s, 1, 10)::timestamptz
                                   + ((g %% 600) * interval '1 hour') AS at) sub
        CROSS JOIN LATERAL (SELECT CASE
            WHEN (g - 1) / %(ps)s < %(sessions)s - 1 THEN
                (ARRAY['concluded','concluded','concluded','concluded','concluded','concluded','concluded',
                       'closed_off','returned','concluded'])[1 + g %% 10]
            ELSE (ARRAY['submitted','registered','assigned','assigned','assigned','replied','replied',
                        'rehandling','concluded','returned'])[1 + g %% 10] END AS status) st""",
        {"ps": per_session, "d": deputies(size), "n": size, "sessions": SESSIONS},
    )
    x(
        """INSERT INTO oversight_suggestion_co_signers (suggestion_id, deputy_id)
        SELECT s.id, 1 + (s.id * 104729 + k * 7) %% %(d)s
        FROM oversight_suggestion s CROSS JOIN LATERAL generate_series(1, s.id %% 4) k""",
        {"d": deputies(size)},
    )
    # 1–3 units per suggestion past registration; unit k differs from unit k' (13·k mod 120).
    x(
        """INSERT INTO oversight_assignment (role, status, assigned_on, accepted_at, round, return_reason,
            extension_months, contact_waived, co_opinion_waived, concluded_reason, assigned_by_id,
            suggestion_id, unit_id, list_opens_on, list_number, list_status, list_submitted_at,
            list_registered_at, list_assigned_on, list_title, list_lead_deputy_id)
        SELECT CASE WHEN k = 1 THEN 'lead' ELSE 'co' END,
            CASE s.status WHEN 'assigned' THEN (CASE WHEN s.id %% 3 = 0 THEN 'assigned' ELSE 'accepted' END)
                          WHEN 'replied' THEN 'replied' WHEN 'rehandling' THEN 'rehandling'
                          ELSE 'concluded' END,
            s.assigned_on, s.assigned_on + interval '1 day', 1, '', 0, false, false, '', 1,
            s.id, 1 + (s.id * 31 + k * 13) %% %(u)s, s.session_opens_on, s.number, s.status, s.submitted_at,
            s.registered_at, s.assigned_on, s.title, s.lead_deputy_id
        FROM oversight_suggestion s
        CROSS JOIN LATERAL generate_series(1, 1 + (s.id %% 5 = 0)::int + (s.id %% 7 = 0)::int) k
        WHERE s.status IN ('assigned', 'replied', 'rehandling', 'concluded', 'closed_off')""",
        {"u": UNITS},
    )
    x(
        """INSERT INTO oversight_reply (round, category, original_category, content, is_public, published, status,
            drafted_at, signed_at, reviewed_at, review_note, sent_on, proposed_commitments, on_time,
            assignment_id, drafted_by_id, reviewed_by_id, signed_by_id)
        SELECT 1, (ARRAY['A','B','C'])[1 + a.id %% 3], '', '经研究，现将办理情况答复如下：已纳入年度计划，正在推进。',
            a.id %% 2 = 0, a.id %% 2 = 0, 'accepted', a.assigned_on + interval '60 days',
            a.assigned_on + interval '61 days', a.assigned_on + interval '62 days', '', a.assigned_on + 62, '[]',
            true, a.id, 2 + (a.unit_id - 1), 1, 2 + %(u)s + (a.unit_id - 1)
        FROM oversight_assignment a WHERE a.status IN ('replied', 'concluded', 'rehandling')""",
        {"u": UNITS},
    )
    open_deadline = "CASE WHEN s.status IN ('assigned','rehandling') THEN 'open' ELSE 'met' END"
    deadline_cols = (
        "kind, case_id, subject_id, start, rule, due, explanation, status, met_on, paused_on, calendar_provisional, "
        "reminder_mark, created_at, updated_at, case_type_id, subject_type_id"
    )
    x(
        f"""INSERT INTO tracker_deadline ({deadline_cols})
        SELECT d.kind, s.id, a.id, a.assigned_on, d.rule::jsonb, a.assigned_on + d.days, '按规则计算',
            CASE WHEN d.kind = 'reply' THEN {open_deadline} ELSE 'met' END, a.assigned_on + 3, NULL, false, '',
            now(), now(), %(s)s, %(a)s
        FROM oversight_assignment a JOIN oversight_suggestion s ON s.id = a.suggestion_id
        CROSS JOIN LATERAL (VALUES ('reply', '{{"months": 3}}', 90), ('return_window', '{{"working_days": 5}}', 7),
                                   ('co_opinion', '{{"working_days": 30}}', 42)) d(kind, rule, days)
        WHERE s.id > %(full)s AND (d.kind <> 'co_opinion' OR a.role = 'co')""",
        {"s": ct["suggestion"], "a": ct["assignment"], "full": full_from},
    )
    # A deputy's rating window is still open only while the assignment waits at 'replied' (and, here,
    # for a quarter of those); concluding or re-handling it closes the window, as the app does.
    x(
        f"""INSERT INTO tracker_deadline ({deadline_cols})
        SELECT 'feedback', a.suggestion_id, r.id, r.sent_on, '{{"working_days": 30}}', r.sent_on + 42, '按规则计算',
            CASE WHEN a.status = 'replied' AND r.id %% 4 = 0 THEN 'open' ELSE 'met' END, NULL, NULL, false, '', now(),
            now(), %(s)s, %(r)s
        FROM oversight_reply r JOIN oversight_assignment a ON a.id = r.assignment_id
        WHERE a.suggestion_id > %(full)s""",
        {"s": ct["suggestion"], "r": ct["reply"], "full": full_from},
    )
    # Submissions still under review also owe a step (registration within the return window).
    x(
        f"""INSERT INTO tracker_deadline ({deadline_cols})
        SELECT 'return_window', s.id, s.id, s.submitted_at::date, '{{"working_days": 5}}', s.submitted_at::date + 7,
            '按规则计算', CASE WHEN s.status = 'submitted' THEN 'open' ELSE 'met' END, NULL, NULL, false, '', now(),
            now(), %(s)s, %(s)s
        FROM oversight_suggestion s WHERE s.id > %(full)s""",
        {"s": ct["suggestion"], "full": full_from},
    )
    # Each suggestion's copy of its nearest deadline still owed (what tracker.nearest keeps).
    x(
        """UPDATE oversight_suggestion s SET next_due = n.due, next_due_kind = n.kind
        FROM (SELECT DISTINCT ON (case_id) case_id, due, kind FROM tracker_deadline
              WHERE case_type_id = %(s)s AND status IN ('open', 'extended', 'paused')
              ORDER BY case_id, due, id) n
        WHERE n.case_id = s.id""",
        {"s": ct["suggestion"]},
    )
    # … and the assignments' copy of it (Assignment.list_next_due, as Suggestion.nearest_deadline_copied).
    x(
        """UPDATE oversight_assignment a SET list_next_due = s.next_due
        FROM oversight_suggestion s WHERE s.id = a.suggestion_id AND s.next_due IS NOT NULL"""
    )
    timeline_cols = (
        "case_id, subject_id, at, action, from_state, to_state, note, data, actor_id, case_type_id, subject_type_id"
    )
    x(
        f"""INSERT INTO tracker_timelineentry ({timeline_cols})
        SELECT s.id, NULL, s.submitted_at + k * interval '3 days', ({_sql_array(TIMELINE_ACTIONS)})[k], '', '',
            CASE WHEN k %% 4 = 0 THEN '按期办理' ELSE '' END, '{{}}', 1, %(s)s, NULL
        FROM oversight_suggestion s
        CROSS JOIN LATERAL generate_series(1, CASE WHEN s.id > %(full)s THEN 16 ELSE 2 END) k""",
        {"s": ct["suggestion"], "full": full_from},
    )
    for table in (
        "oversight_term",
        "oversight_session",
        "oversight_suggestioncategory",
        "oversight_delegation",
        "oversight_unit",
        "oversight_user",
        "oversight_unitmember",
        "oversight_deputy",
        "oversight_suggestion",
    ):
        x(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    conn.commit()
    counts: dict[str, int] = {}
    for table in (
        "oversight_suggestion",
        "oversight_assignment",
        "oversight_reply",
        "oversight_suggestion_co_signers",
        "tracker_deadline",
        "tracker_timelineentry",
    ):
        counts[table] = int(x(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
    counts["seconds"] = round(time.monotonic() - started)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "ov_bench"))
    args = parser.parse_args(argv)
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    url = recreate(base, args.db)
    with psycopg.connect(url) as conn:
        indexes = drop_secondary_indexes(conn)
        counts = fill(conn, args.size)
        started = time.monotonic()
        conn.execute("SET maintenance_work_mem = '1GB'")
        for definition in indexes:
            conn.execute(definition)
        conn.commit()
        counts["index seconds"] = round(time.monotonic() - started)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    for table, count in counts.items():
        print(f"{table:36} {count:>12,}")
    print(f"database: {url}")


if __name__ == "__main__":
    main()
