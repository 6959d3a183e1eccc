"""Shared fixtures: the named actors every test uses, and gates for the real services.

Tests marked ``postgres`` or ``redis`` need those servers. Locally they are skipped (and listed)
when the server is absent; with ``REQUIRE_SERVICES=1`` (``.ci/run``) a missing server fails them.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from tests.factories import make_actors

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def redis_available() -> bool:
    url = settings.REDIS_URL
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def postgres_in_use() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = {
        "postgres": None if postgres_in_use() else "PostgreSQL 未配置（DATABASE_URL 不是 postgres://）",
        "redis": None if redis_available() else "Redis 不可用（REDIS_URL 未设置或无法连接）",
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and item.get_closest_marker(marker):
                if REQUIRE_SERVICES:
                    item.add_marker(pytest.mark.usefixtures("_required_service_missing"))
                    item.user_properties.append(("missing_service", reason))
                else:
                    item.add_marker(pytest.mark.skip(reason=f"needs {marker}: {reason}"))


@pytest.fixture
def _required_service_missing(request: pytest.FixtureRequest) -> None:
    reasons = [value for key, value in request.node.user_properties if key == "missing_service"]
    pytest.fail(f"required service missing: {'; '.join(reasons)}")


# Every test runs on a fixed "today": a Monday in a year whose holiday schedule is published, far
# from the December edge where next year's schedule starts to matter. The clock ticks from there
# (timeouts and polling keep working); a test that needs another day travels there itself. CI runs
# the suite a second time under faketime to prove nothing reads the real date.
FROZEN_NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Login-failure counters and throttles live in the cache: one test's attempts must not lock
    out the next test's login."""
    from django.core.cache import cache

    from oversight.paging import forget_estimates
    from tracker.calendar import forget_local

    cache.clear()
    forget_estimates()  # the pager's per-worker memory of lists past the cap, too
    forget_local()  # and the calendar's per-process copy of the overrides
    yield
    cache.clear()
    forget_estimates()
    forget_local()


@pytest.fixture(autouse=True)
def _frozen_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("e2e"):
        # The browser keeps cookies by its own (real) clock: make them session cookies so a server
        # living on FROZEN_NOW does not hand out cookies that are already expired.
        request.getfixturevalue("settings").SESSION_EXPIRE_AT_BROWSER_CLOSE = True
        request.getfixturevalue("settings").CSRF_COOKIE_AGE = None
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_content_types() -> None:
    """A transactional test's flush recreates the content types under new ids; a cached id from
    before it (e.g. cached by a live server thread during the flush) would break the next test."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    """Every actor has a password: PBKDF2 at full strength would dominate the run time. Pages
    render {% static %}, whose manifest exists only after collectstatic, which tests skip.
    Uploaded files go to the test's own directory, so a test can see exactly what was written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def actors(db: Any) -> Any:
    """staff, liaison_a, head_a, liaison_b, head_b, deputy, cosigner, reviewer, outsider, and the
    units, session and category they work with (see tests/factories.py)."""
    return make_actors()


@pytest.fixture
def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture(autouse=True)
def _ballot_key_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test has its own ballot key directory (docs/voting.md): round ids repeat across test
    databases, and a key file left by another test must never stand in for this test's."""
    from django.test import override_settings

    with override_settings(BALLOT_KEY_DIR=tmp_path_factory.mktemp("ballot-keys")):
        yield


@pytest.fixture(autouse=True)
def _no_policy_overrides() -> Iterator[None]:
    # Administrators' rule overrides are cached process-wide; every test starts with none (no
    # database read, so pinned query counts are unaffected) and leaves none behind.
    from django.core.cache import cache

    from tracker import policy

    cache.set(policy.CACHE_KEY, {}, None)
    yield
    cache.set(policy.CACHE_KEY, {}, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Tests build tables from the models (--no-migrations); add what only a migration adds:
    pg_trgm and the title trigram index the similar-suggestion lookup uses, and the PostgreSQL-only
    indexes of the lists' orders with empty values last (tests/api/test_orderings.py)."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("oversight.migrations.0007_suggestion_title_trigram")
    nearest = importlib.import_module("oversight.migrations.0008_suggestion_nearest_deadline_deputy_name")
    orderings = importlib.import_module("oversight.migrations.0013_list_orderings")
    copies = importlib.import_module("oversight.migrations.0016_assignment_list_copies")
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        migration.forwards(None, editor)
        nearest.create_order_indexes(None, editor)
        orderings.create_desc_indexes(None, editor)
        copies.create_desc_indexes(None, editor)
