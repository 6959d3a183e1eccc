"""/healthz and /readyz as a load balancer and a monitor read them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from tracker.models import Heartbeat
from tracker.tasks import heartbeat

DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_answers_without_touching_the_database() -> None:
    # No django_db mark: any database access here would raise.
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.redis
def test_readyz_is_ok_when_database_redis_calendar_and_beat_are() -> None:
    heartbeat()  # what the beat schedules every minute
    body = Client().get("/readyz").json()
    assert body["status"] == "ok", body
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["calendar"] == {"status": "ok", "unpublished_years": []}
    assert body["checks"]["queue"]["length"] >= 0


@pytest.mark.django_db
@pytest.mark.redis
def test_readyz_warns_of_a_stale_beat_but_stays_in_the_balancer() -> None:
    Heartbeat.objects.create(name="beat", at=timezone.now() - timedelta(minutes=10))
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["heartbeat"]["status"] == "warn"
    assert response.json()["checks"]["heartbeat"]["age_seconds"] >= 600
    assert Client().get("/readyz?strict=1").status_code == 503


@pytest.mark.django_db
def test_readyz_with_redis_down_warns_and_strict_monitoring_fails() -> None:
    heartbeat()
    with override_settings(REDIS_URL=DEAD_REDIS):
        response = Client().get("/readyz")
        strict = Client().get("/readyz?strict=1")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"]["status"] == "warn"
    assert strict.status_code == 503


@pytest.mark.django_db
def test_readyz_reports_a_year_without_a_published_calendar() -> None:
    import time_machine

    with time_machine.travel("2026-12-10 10:00 +0800", tick=False):
        body = Client().get("/readyz").json()
    assert body["checks"]["calendar"]["status"] == "warn"
    assert 2027 in body["checks"]["calendar"]["unpublished_years"]


@pytest.mark.postgres  # an in-memory SQLite database cannot go away
@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_when_the_database_is_down(database_down: Any) -> None:
    with database_down():
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "fail"
    assert Client().get("/readyz").json()["checks"]["database"] == {"status": "ok"}
