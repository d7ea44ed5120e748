"""Fixtures for calling the providers directly against a real emulator over HTTP.

``rbac_env`` starts a fresh emulator (zero transition delays unless reconfigured through ``.admin``)
and points boto3 at it the way the engine would: ``AWS_ENDPOINT_URL_ELASTICACHE``, dummy credentials,
``AWS_REGION``. The providers build their own clients from that environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from elasticache_emulator.admin import AdminClient
from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.dynamic_providers._ownership import forget_claims

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient

REGION = "us-east-1"


@dataclass
class RbacEnv:
    """The per-test emulator (the plugin's ``emulator`` fixture) with the environment pointed at it."""

    emulator: RunningEmulator

    @property
    def endpoint_url(self) -> str:
        return self.emulator.endpoint_url

    @property
    def admin(self) -> AdminClient:
        return self.emulator.admin

    def client(self) -> ElastiCacheClient:
        return self.emulator.client(REGION)

    def writes(self) -> list[str]:
        """Every write call the emulator saw since the last ``admin.clear_requests()``, refused ones too."""
        return [r.operation for r in self.admin.requests() if r.is_write]

    @staticmethod
    def next_deployment() -> None:
        """What follows is another engine run: under the engine each run has its own provider process,
        and a delete never follows a create of the same object within one (see ``_ownership``)."""
        forget_claims()


@pytest.fixture
def rbac_env(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> RbacEnv:
    forget_claims()
    monkeypatch.setenv("AWS_ENDPOINT_URL_ELASTICACHE", emulator.endpoint_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("ELASTICACHE_RBAC_WAIT_TIMEOUT", "20")
    return RbacEnv(emulator)


def checked(provider: Any, props: dict[str, Any]) -> dict[str, Any]:
    """Run ``check`` like the engine does and return the inputs; fail on check failures."""
    result = provider.check({}, {"__provider": "pickle", "region": REGION, **props})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)
