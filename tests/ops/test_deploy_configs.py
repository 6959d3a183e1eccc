"""The example deployment files parse and say what docs/operations.md promises."""

from __future__ import annotations

import configparser
import runpy
from pathlib import Path
from typing import Any

import crossplane

ROOT = Path(__file__).resolve().parents[2]


def _directives(block: list[dict[str, Any]]) -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    for item in block:
        found.setdefault(item["directive"], []).append(item["args"])
        for key, value in _directives(item.get("block", [])).items():
            found.setdefault(key, []).extend(value)
    return found


def test_nginx_example_parses_and_buffers_slow_bodies() -> None:
    parsed = crossplane.parse(str(ROOT / "deploy/nginx.conf"), single=True, check_ctx=False)
    assert parsed["status"] == "ok", parsed["errors"]
    d = _directives(parsed["config"][0]["parsed"])
    assert d["proxy_request_buffering"] == [["on"]]
    assert d["client_body_timeout"] == [["10s"]] and d["client_header_timeout"] == [["10s"]]
    assert len(d["server"]) >= 2 + 1  # two upstream web nodes (+ the server block itself)
    assert ["http://oversight_web"] in d["proxy_pass"]
    assert d["internal"] == [[]]  # attachments only through X-Accel-Redirect from the download view


def test_gunicorn_config_bounds_every_request() -> None:
    config = runpy.run_path(str(ROOT / "config/gunicorn.conf.py"))
    assert config["worker_class"] == "sync"
    nginx = _directives(
        crossplane.parse(str(ROOT / "deploy/nginx.conf"), single=True, check_ctx=False)["config"][0]["parsed"]
    )
    read_timeout = int(nginx["proxy_read_timeout"][0][0].rstrip("s"))
    # gunicorn gives up on a stuck request before nginx does, so its limit is the one that acts.
    assert 0 < config["timeout"] < read_timeout
    assert config["workers"] >= 1 and config["max_requests"] > 0


def test_systemd_units_run_one_beat_and_any_number_of_workers() -> None:
    units = {}
    for path in (ROOT / "deploy/systemd").glob("*.service"):
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        parser.read(path)
        units[path.name] = parser["Service"]["ExecStart"]
    assert "gunicorn -c config/gunicorn.conf.py config.wsgi" in units["oversight-web.service"]
    assert " worker " in units["oversight-worker@.service"]
    assert " beat " in units["oversight-beat.service"]
    env = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy/env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "SECRET_KEY", "MEDIA_ROOT"} <= set(env)
