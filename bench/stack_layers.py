"""The suggestion list with less and less of the stack around it (docs/benchmarks.md "Why the lists
stay above 2× their floor").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ov_bench .venv/bin/python bench/stack_layers.py

Four requests of the benchmark's staff member, with token authentication, interleaved
``BENCH_ROUNDS`` (default 300) times in one process: a bare Django view behind the product's
middleware, a DRF ``APIView`` returning a constant (the request cycle and authentication, one
query), and the suggestion list with one row and with 50. Prints the p50 / p95 of each in ms:
what the list costs before its first row, and per row.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, clear_url_caches, path

from bench.lists import percentiles, prepare, timed  # sets Django up as the list benchmark does
from oversight.models import Suggestion


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"{}", content_type="application/json")


def _layers() -> list[URLPattern]:
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class Constant(APIView):
        def get(self, request: Any) -> Response:
            return Response({"ok": True})

    return [path("bench-layers/bare/", bare), path("bench-layers/constant/", Constant.as_view())]


URLS = (
    ("bare Django view, our middleware", "/bench-layers/bare/"),
    ("DRF APIView, token authentication, a constant", "/bench-layers/constant/"),
    ("suggestion list, 1 row", "/api/v1/suggestions/?page_size=1"),
    ("suggestion list, 50 rows", "/api/v1/suggestions/?page_size=50"),
)


def main() -> None:
    import bench.urls

    bench.urls.urlpatterns[:0] = _layers()
    clear_url_caches()
    rounds = int(os.environ.get("BENCH_ROUNDS", "300"))
    clients, _pk = prepare(Suggestion.objects.count())
    client = clients["staff"]
    samples: dict[str, list[float]] = {url: [] for _name, url in URLS}
    for _name, url in URLS:
        assert client.get(url).status_code == 200, url  # warm-up
    for _ in range(rounds):
        for _name, url in URLS:

            def get(url: str = url) -> None:
                client.get(url).content  # noqa: B018  (read in full)

            samples[url].append(timed(get))
    print(f"{Suggestion.objects.count():,} suggestions, {rounds} rounds\n")
    print("| request | p50 / p95 ms |")
    print("|---|---|")
    for name, url in URLS:
        p = percentiles(samples[url])
        print(f"| {name} | {p['p50']} / {p['p95']} |")


if __name__ == "__main__":
    main()
