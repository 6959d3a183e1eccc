"""Imported by the Celery workers of test_worker.py (``-I``): the unit outcome handler waits while
the file named by ``BALLOT_TEST_HOLD`` exists, after touching ``<that file>.started`` — so a test
can keep one worker inside the count (holding the round's row lock) while another one sweeps."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from oversight import voting_outcomes
from oversight.services import voting  # noqa: F401 - the services the handlers call

# The unit items of these tests are 年终票决 (kind unit_suggestions), whose handler is per kind
# (oversight/vote_consequences.py, registered by the app's ready()).
_original = voting_outcomes.get_outcome_handler("oversight.unit", "unit_suggestions")


def _held(subject: Any, passed: bool, item: Any, actor: Any) -> None:
    hold = Path(os.environ.get("BALLOT_TEST_HOLD", "/nonexistent"))
    if hold.exists():
        hold.with_suffix(".started").touch()
        deadline = time.monotonic() + 60
        while hold.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    assert _original is not None
    _original(subject, passed, item, actor)


voting_outcomes.register_outcome_handler("oversight.unit", _held, kind="unit_suggestions")
