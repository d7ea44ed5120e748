from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from elasticache_emulator.testing import RunningEmulator

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient


@pytest.fixture
def ec(emulator: RunningEmulator) -> ElastiCacheClient:
    """A boto3 client on the per-test emulator (no retries, so injected errors surface)."""
    return emulator.client(max_attempts=1)
