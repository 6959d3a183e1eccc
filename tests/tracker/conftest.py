from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.tracker import kinds
from tracker import calendar
from tracker.deadlines import open_deadline
from tracker.models import Deadline


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    # The override cache is process-wide; a test must not see another test's overrides.
    calendar.clear_cache()
    kinds.register()
    yield
    calendar.clear_cache()


@pytest.fixture
def make_user(db: Any) -> Any:
    counter = iter(range(1, 1_000_000))

    def make(**extra: Any) -> Any:
        n = next(counter)
        extra.setdefault("email", f"u{n}@example.org")
        return get_user_model().objects.create(username=f"trk-user-{n}", **extra)

    return make


@pytest.fixture
def make_deadline(make_user: Any) -> Any:
    def make(
        *, owner: Any = None, start: date, rule: dict[str, object] | None = None, start_label: str = "交办"
    ) -> Deadline:
        owner = owner or make_user()
        return open_deadline(
            case=owner, subject=owner, kind=kinds.KIND, start=start, rule=rule or {"months": 1}, start_label=start_label
        )

    return make
