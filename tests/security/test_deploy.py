"""Start-up and deployment settings, run in child processes with production-like environments."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
STRONG_KEY = "k3Jx9-v8QmZp2LwR7tYb4NcH6dFs1GaE0uIoXyVq5WeTrUiOpAsDfGhJkLzXcVbNm"


# Set by this test run (tests/settings.py, the browser tests' conftest), never by a deployment.
_TEST_ONLY = {
    "SECRET_KEY",
    "DEBUG",
    "DEMO",
    "BEHIND_TLS_PROXY",
    "SECURE_COOKIES",
    "CACHE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _TEST_ONLY}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)})
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-c", code], env)


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_without_secret_key_production_refuses_to_start(tmp_path: Path) -> None:
    result = _python(SETUP + "print('started')", _env(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_debug_and_demo_start_without_a_secret_key(tmp_path: Path) -> None:
    debug = _python(SETUP + "print(settings.DEBUG)", _env(tmp_path, DEBUG="1"))
    assert debug.stdout.strip() == "True", debug.stderr
    demo = _python(SETUP + "print(settings.DEBUG, len(settings.SECRET_KEY) >= 50)", _env(tmp_path, DEMO="1"))
    assert demo.stdout.strip() == "False True", demo.stderr
    # The demo's generated key stays the same across restarts (sessions survive).
    key = (tmp_path / "demo-secret-key").read_text()
    again = _python(SETUP + "print(settings.SECRET_KEY)", _env(tmp_path, DEMO="1"))
    assert again.stdout.strip() == key


def _production(tmp_path: Path) -> dict[str, str]:
    return _env(
        tmp_path,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="oversight.example.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://oversight.example.gov.cn",
        BEHIND_TLS_PROXY="1",
        TRUSTED_PROXY_COUNT="1",
        CACHE_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4",
        STATIC_MANIFEST="0",  # no collectstatic in a test
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = _run([sys.executable, "manage.py", "check", "--deploy"], _production(tmp_path))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    ids = set(re.findall(r"\(([a-z_]+\.[WE]\d+)\)", output))
    # tracker.W001 reports an unpublished holiday schedule (an operational condition that depends on
    # today's date, see docs/reminders.md); every other warning is a deployment defect.
    assert ids <= {"tracker.W001"}, output


def test_behind_tls_proxy_redirects_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    code = SETUP + (
        "from django.test import Client; c = Client(); "
        "r = c.get('/accounts/login/', HTTP_HOST='oversight.example.gov.cn'); "
        "print(r.status_code, r['Location']); "
        "r = c.get('/accounts/login/', HTTP_HOST='oversight.example.gov.cn', HTTP_X_FORWARDED_PROTO='https'); "
        "print(r.status_code, r['Strict-Transport-Security']); "
        "print(r.cookies['csrftoken']['secure'], settings.SESSION_COOKIE_SECURE)"
    )
    result = _python(code, _production(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "301 https://oversight.example.gov.cn/accounts/login/"
    assert lines[1] == "200 max-age=31536000; includeSubDomains"
    assert lines[2] == "True True"


def test_the_demo_shows_the_chinese_404_and_serves_static_but_not_media(tmp_path: Path, django_db_setup: Any) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "draft.html").write_text("<script>alert(1)</script>")
    code = SETUP + (
        "from django.test import Client; c = Client(); "
        "r = c.get('/no-such-page/'); print(r.status_code, '页面不存在' in r.content.decode()); "
        "print(c.get('/static/css/app.css').status_code); "
        "print(c.get('/media/draft.html').status_code)"
    )
    result = _python(code, _env(tmp_path, DEMO="1", SQLITE_ONLY="1", DATABASE_URL=f"sqlite:///{tmp_path}/demo.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == ["404 True", "200", "404"]
