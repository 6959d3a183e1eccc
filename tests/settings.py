"""Settings for the test suite: production settings plus a throwaway SECRET_KEY.

Outside DEBUG the application refuses to start without SECRET_KEY (config/settings.py); the suite
runs with DEBUG off, as production does, so it supplies one here. Child processes the tests start
(the Celery worker, ``manage.py check --deploy``) inherit it through the environment.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789-abcdefghij")

from config.settings import *  # noqa: F403

# The idle-session timeout is tested on its own (tests/security/); elsewhere tests travel in time
# with a logged-in client and must not be logged out by the trip.
SESSION_IDLE_TIMEOUT = 0

# Production's lockout store: the cache (one process here, so the local-memory cache is shared).
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
