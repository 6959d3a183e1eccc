"""A Redis cache that behaves like an empty cache while Redis is unreachable.

The shared cache holds nothing that must survive (throttle counters, cached lookups), so when
Redis stops, pages and the API go on answering — without throttling memory — instead of failing
every request with a connection error. Short socket timeouts (settings.CACHES) keep a dead Redis
from adding more than half a second to a request.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def _quiet(self, name: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            log.warning("cache %s skipped, Redis unavailable: %s", name, error)
            return default

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._quiet("get", default, key, default, version)

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        return self._quiet("get_many", {}, keys, version)  # type: ignore[no-any-return]

    def set(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> None:
        self._quiet("set", None, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = 300, version: int | None = None) -> list[str]:
        return self._quiet("set_many", [], data, timeout, version)  # type: ignore[no-any-return]

    def add(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> bool:
        return bool(self._quiet("add", False, key, value, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(self._quiet("delete", False, key, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._quiet("delete_many", None, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return bool(self._quiet("has_key", False, key, version))

    def touch(self, key: Any, timeout: Any = 300, version: int | None = None) -> bool:
        return bool(self._quiet("touch", False, key, timeout, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            log.warning("cache incr skipped, Redis unavailable: %s", error)
            raise ValueError(f"Key '{key}' not found") from error
