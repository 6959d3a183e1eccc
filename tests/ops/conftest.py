from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError


@pytest.fixture
def database_down() -> Callable[[], AbstractContextManager[None]]:
    """PostgreSQL gone: the open connection is dropped and every new one is refused, as when the
    server restarts; leaving the block lets connections succeed again (no process restart)."""

    @contextmanager
    def down() -> Iterator[None]:
        connection.close()

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

        with mock.patch.object(connection, "get_new_connection", side_effect=refuse):
            yield
        connection.close()

    return down
