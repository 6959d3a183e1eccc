"""Rows written in Python against the template loops they replaced: before and after in one process,
interleaved request by request, on one data set (docs/benchmarks.md "Rows written once").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench .venv/bin/python bench/rows_ab.py
    … bench/rows_ab.py --only unit --only todo     # just these cases
    BENCH_ROUNDS=100 … bench/rows_ab.py           # rounds per side (default 60)

"Before" is each page's template as it was at ``--before`` (default a8d6c60, read with ``git show``)
with its rows function left out, or for the API the label field and timeline read as they were;
"after" is the code as it is. Each round requests both, in alternating order; prints p50 / p95 of
the wall time and p50 of the process's CPU time per side. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.template import Template, engines  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework import serializers  # noqa: E402

from bench.lists import prepare  # noqa: E402  (sets Django up exactly as the list benchmark does)
from oversight.api.serializers.replies import ReplySerializer  # noqa: E402
from oversight.models import Suggestion  # noqa: E402
from oversight.views import list_rows  # noqa: E402
from tracker.models import TimelineEntry  # noqa: E402

ENGINE = cast(Any, engines["django"]).engine


@dataclass
class Case:
    name: str
    client: str  # bench.lists.prepare's key: staff, liaison-page, …
    url: str
    before: Callable[[], None]
    after: Callable[[], None]


def _use_template(name: str, template: Template) -> None:
    for loader in ENGINE.template_loaders:
        if hasattr(loader, "get_template_cache"):
            loader.get_template_cache[name] = template


def _template_swap(template: str, rev: str, rows: str | None = None) -> tuple[Callable[[], None], Callable[[], None]]:
    """(before, after): ``template`` as it was at ``rev`` with ``list_rows.<rows>`` not called, or
    both as they are."""
    source = subprocess.check_output(["git", "show", f"{rev}:templates/{template}"], cwd=ROOT, text=True)
    old, new = Template(source, engine=ENGINE), ENGINE.get_template(template)
    written = getattr(list_rows, rows) if rows else None

    def before() -> None:
        _use_template(template, old)
        if rows:
            setattr(list_rows, rows, lambda *args, **kwargs: "")

    def after() -> None:
        _use_template(template, new)
        if rows:
            setattr(list_rows, rows, written)

    return before, after


def _page(name: str, template: str, rows: str, client: str, url: str, rev: str) -> Case:
    before, after = _template_swap(template, rev, rows)
    return Case(name, client, url, before, after)


def cases(rev: str, detail_pk: int) -> list[Case]:
    from django.contrib.contenttypes.models import ContentType

    import oversight.case_visibility as visibility

    timeline_before, timeline_after = _template_swap("includes/timeline.html", rev)
    reads_names = visibility.for_case

    def whole_actors(case: Any) -> Any:  # before: every column of each step's actor
        kind = ContentType.objects.get_for_model(case)
        return TimelineEntry.objects.filter(case_type=kind, case_id=case.pk).select_related("actor")

    def steps_before() -> None:
        timeline_before()
        visibility.for_case = whole_actors

    def steps_after() -> None:
        timeline_after()
        visibility.for_case = reads_names

    label = ReplySerializer._declared_fields["status_display"]
    through_method = serializers.CharField(source="get_status_display", read_only=True)
    return [
        _page("staff /todo/", "todo.html", "todo_items", "staff-page", "/todo/", rev),
        _page("liaison /todo/", "todo.html", "todo_items", "liaison-page", "/todo/", rev),
        _page("liaison /unit/", "unit/work.html", "unit_work_rows", "liaison-page", "/unit/", rev),
        _page(
            "staff /staff/submitted/", "staff/submitted.html", "submitted_rows", "staff-page", "/staff/submitted/", rev
        ),
        _page("staff /staff/overdue/", "staff/board.html", "board_rows", "staff-page", "/staff/overdue/", rev),
        Case(
            "staff: suggestion page, 200-entry timeline",
            "staff-page",
            f"/suggestions/{detail_pk}/",
            steps_before,
            steps_after,
        ),
        Case(
            "staff /api/v1/replies/?page_size=50",
            "staff",
            "/api/v1/replies/?page_size=50",
            lambda: ReplySerializer._declared_fields.__setitem__("status_display", through_method),
            lambda: ReplySerializer._declared_fields.__setitem__("status_display", label),
        ),
    ]


def measure(client: Client, case: Case, rounds: int) -> dict[str, list[tuple[float, float]]]:
    samples: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    for side in (case.before, case.after):  # one warm-up request each
        side()
        assert client.get(case.url).status_code == 200, case.url
    for i in range(rounds):
        for name in ("before", "after") if i % 2 else ("after", "before"):
            (case.before if name == "before" else case.after)()
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(case.url).content  # noqa: B018  (rendered in full)
            samples[name].append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    case.after()
    return samples


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default="a8d6c60", help="the revision whose templates are 'before'")
    parser.add_argument("--only", action="append", default=[], help="cases whose name contains this")
    args = parser.parse_args()
    rounds = int(os.environ.get("BENCH_ROUNDS", "60"))
    clients, detail_pk = prepare(Suggestion.objects.count())
    print(f"{rounds} rounds a side, interleaved; before = templates of {args.before}\n")
    print("| page | before p50 / p95 ms | CPU p50 | after p50 / p95 ms | CPU p50 | p50 saved |")
    print("|---|---|---|---|---|---|")
    for case in cases(args.before, detail_pk):
        if args.only and not any(text in case.name for text in args.only):
            continue
        got = measure(clients[case.client], case, rounds)
        row = []
        for side in ("before", "after"):
            wall = [w for w, _c in got[side]]
            row.append(f"{_p(wall, 0.5):.1f} / {_p(wall, 0.95):.1f} | {median(c for _w, c in got[side]):.1f}")
        saved = _p([w for w, _c in got["before"]], 0.5) - _p([w for w, _c in got["after"]], 0.5)
        print(f"| {case.name} | {row[0]} | {row[1]} | {saved:.1f} |", flush=True)


if __name__ == "__main__":
    main()
