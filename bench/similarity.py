"""Benchmark: similar suggestions — quality on the labelled pairs and time per lookup at 200,000.

Quality (no database): every pair of bench/data/similar_pairs.jsonl (built by
bench/make_similar_pairs.py) is scored by oversight.similarity.score; precision and recall are
reported at the page's thresholds (SHOW: listed as similar; HIGH: marked 很可能是同一事项) and at
the best-F1 threshold.

Speed (PostgreSQL, own database ``ovs_bench_similar``, created fresh): 200,000 suggestions in 10
sessions, then 200 lookups of realistic new texts; prints the median and 95th-percentile time per
lookup and the queries each one makes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/similarity.py [N]
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from oversight import similarity  # noqa: E402
from oversight.demo.texts import PLACES, TOPICS, _content  # noqa: E402

PAIRS = Path(__file__).resolve().parent / "data" / "similar_pairs.jsonl"


def quality() -> None:
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    scored = [
        (
            similarity.score(
                similarity.fingerprint(p["a_title"], p["a_content"]),
                similarity.fingerprint(p["b_title"], p["b_content"]),
            ),
            bool(p["same"]),
            p["kind"],
        )
        for p in pairs
    ]
    positives = sum(1 for _s, same, _k in scored if same)
    print(f"{len(pairs)} pairs, {positives} same matter, {len(pairs) - positives} different\n")
    print("| threshold | precision | recall | F1 |\n|---|---|---|---|")

    def row(t: float, label: str) -> float:
        tp = sum(1 for s, same, _k in scored if s >= t and same)
        fp = sum(1 for s, same, _k in scored if s >= t and not same)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / positives
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if label:
            print(f"| {t:.2f} ({label}) | {p:.3f} | {r:.3f} | {f1:.3f} |")
        return f1

    row(similarity.SHOW, "SHOW")
    row(similarity.HIGH, "HIGH")
    best = max((row(t / 100, ""), t / 100) for t in range(5, 95))
    row(best[1], "best F1")
    print("\nmean score by kind:")
    kinds: dict[str, list[float]] = {}
    for s, _same, k in scored:
        kinds.setdefault(k, []).append(s)
    for k, values in kinds.items():
        print(f"- {k}: {statistics.mean(values):.3f} (min {min(values):.3f}, max {max(values):.3f})")


def speed(total: int) -> None:
    from django.core.management import call_command

    from oversight.models import Deputy, Session, Suggestion, Term

    name = "ovs_bench_similar"
    settings.DATABASES["default"]["TEST"].update({"NAME": name})
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    term = Term.objects.create(number=17, name="第十七届", starts_on="2023-01-01")
    sessions = [
        Session.objects.create(
            term=term,
            number=i + 1,
            name=f"第{i + 1}次会议",
            opens_on=f"2026-01-{10 + i:02d}",
            closes_on=f"2026-01-{12 + i:02d}",
        )
        for i in range(10)
    ]
    deputies = Deputy.objects.bulk_create([Deputy(name=f"代表{i}") for i in range(600)])
    topics = [t for ts in TOPICS.values() for t in ts]
    extra = ("", "工作", "问题", "力度", "机制", "水平", "试点", "改革")
    now = timezone.now()
    batch: list[Suggestion] = []
    t0 = time.perf_counter()
    for i in range(total):
        topic, place = rng.choice(topics), rng.choice(PLACES)
        content, _m = _content(rng, topic, place)
        title = topic.title.format(place=place).replace("的建议", f"{rng.choice(extra)}的建议")
        batch.append(
            Suggestion(
                session=sessions[i % 10],
                number=i // 10 + 1,
                title=title,
                content=content,
                lead_deputy=rng.choice(deputies),
                submitted_at=now,
                status="registered",
            )
        )
        if len(batch) == 5000:
            Suggestion.objects.bulk_create(batch)
            batch = []
    Suggestion.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE oversight_suggestion")
    print(f"\ninserted {total} suggestions in {time.perf_counter() - t0:.0f} s")
    times: list[float] = []
    queries: list[int] = []
    for _ in range(200):
        topic, place = rng.choice(topics), rng.choice(PLACES)
        content, _m = _content(rng, topic, place)
        title = topic.title.format(place=place)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            similarity.similar_to(session_id=rng.choice(sessions).pk, title=title, content=content)
            times.append(time.perf_counter() - start)
        queries.append(len(ctx.captured_queries))
    times.sort()
    print(
        f"lookup at {total}: median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms, "
        f"queries per lookup {max(queries)} (incl. SAVEPOINT/SET LOCAL)"
    )
    connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    quality()
    if len(sys.argv) > 1:
        speed(int(sys.argv[1]))
