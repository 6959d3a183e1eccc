from __future__ import annotations

from typing import Any

import pytest

from tests.oversight.stats.world import World, build


@pytest.fixture
def world(actors: Any) -> World:
    return build(actors)
