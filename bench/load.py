"""Throughput: requests per second at 8 concurrent clients against gunicorn with 2 workers.

    .venv/bin/python -m bench.load                       # on ov_bench (200,000 suggestions)
    .venv/bin/python -m bench.load --seconds 20 --clients 8 --workers 2

Starts gunicorn from config/gunicorn.conf.py on a free loopback port (127.0.0.1 only), runs
``--clients`` threads for ``--seconds`` (bounded in time and count; it stops by itself), each
keeping one HTTP/1.1 connection and cycling through a mix of the API list (staff, liaison,
deputy), a search and a suggestion's detail, then stops gunicorn and prints one Markdown row.
The clients share the 2 cores with the server, as on the machine the numbers are recorded on.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import psycopg

from bench.data import database_url

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 200_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_MINT = """
import json
from oversight.models import User
from security.models import ApiToken
people = {"staff": "bench_staff", "liaison": "bench_liaison_7", "deputy": "bench_deputy_42"}
print(json.dumps({role: ApiToken.objects.create(user=User.objects.get(username=name), name="bench.load")[1]
                  for role, name in people.items()}))
"""


def _tokens(url: str) -> dict[str, str]:
    """API tokens (hashed at rest, so minted through the application) for the benchmark's staff
    member, a liaison and a deputy, and the suggestion whose detail is read."""
    env = os.environ | {"DATABASE_URL": url, "SECRET_KEY": "bench"}
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _MINT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tokens: dict[str, str] = json.loads(out.strip().splitlines()[-1])
    with psycopg.connect(url) as conn:
        detail = conn.execute("SELECT max(id) FROM oversight_suggestion WHERE status = 'replied'").fetchone()
    tokens["detail"] = str(detail[0] if detail else 1)
    return tokens


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="ov_bench")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    url = database_url(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"), args.db)
    tokens = _tokens(url)
    port = _free_port()
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        "API_RATE_USER": "10000000/min",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DB_CONN_MAX_AGE": "60",
    }
    env.pop("CACHE_URL", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "config/gunicorn.conf.py", "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=ROOT,
        env=env,
    )
    mix = [
        ("staff", "/api/v1/suggestions/?page_size=50"),
        ("liaison", "/api/v1/suggestions/?page_size=50"),
        ("deputy", "/api/v1/suggestions/?page_size=50"),
        ("staff", "/api/v1/suggestions/?page_size=50&q=" + quote("公交")),
        ("staff", f"/api/v1/suggestions/{tokens['detail']}/"),
    ]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + 30
        while True:  # wait for the workers (bounded)
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        time.sleep(1.0)
        stop_at = time.monotonic() + args.seconds

        def client(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            i = n
            while time.monotonic() < stop_at and len(latencies) < MAX_REQUESTS:
                role, path = mix[i % len(mix)]
                i += 1
                started = time.perf_counter()
                conn.request("GET", path, headers={"Authorization": f"Token {tokens[role]}"})
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if response.status != 200:
                        errors[0] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=40)
    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print("| date | clients | gunicorn workers | duration | requests | errors | requests/s | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {date.today()} | {args.clients} | {args.workers} (sync) | {wall:.0f} s | {len(latencies):,} "
        f"| {errors[0]} | {len(latencies) / wall:.0f} | {statistics.median(ordered):.1f} | {p95:.1f} |"
    )


if __name__ == "__main__":
    main()
