"""The real-engine tier: a ``redis-server`` (installed when missing) on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.redis_server import RedisServer, start


@pytest.fixture(scope="package")
def redis_engine() -> Iterator[RedisServer]:
    """A fresh ``redis-server`` for this tier; stopped when its tests are done. Fails (never skips) when the
    server cannot be installed or started."""
    server = start()
    try:
        yield server
    finally:
        server.stop()
