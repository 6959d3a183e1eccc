"""API test fixtures: a frozen clock, a clean throttle cache, clients per actor, and two cases
(A: our deputy and co-signer, handled by unit A; B: another deputy, handled by unit B) that can be
moved to any workflow stage through the real services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.api.world import World

# A Monday in a year the national calendar covers, so working-day windows are real ones.
FROZEN_AT = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clean_throttles() -> Iterator[None]:
    """Throttle counters live in the cache; one test's requests must not throttle the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(FROZEN_AT, tick=False):
        yield


@pytest.fixture
def client_for() -> Callable[[Any], APIClient]:
    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def world(actors: Any, frozen: None) -> World:
    return World(actors)
