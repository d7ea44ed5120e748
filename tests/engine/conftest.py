"""The real-engine tier: a ``redis-server`` (installed when missing) on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.redis_server import RedisServer, start


@pytest.fixture(scope="session")
def redis_engine() -> Iterator[RedisServer]:
    """A fresh ``redis-server`` for the session; stopped afterwards. Fails (never skips) when the
    server cannot be installed or started."""
    server = start()
    try:
        yield server
    finally:
        server.stop()
