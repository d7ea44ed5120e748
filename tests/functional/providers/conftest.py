"""Fixtures for calling the providers directly against a real emulator over HTTP.

``rbac_env`` starts a fresh emulator (zero transition delays unless reconfigured through ``.admin``)
and points boto3 at it the way the engine would: ``AWS_ENDPOINT_URL_ELASTICACHE``, dummy credentials,
``AWS_REGION``. The providers build their own clients from that environment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from elasticache_emulator.admin import AdminClient
from elasticache_emulator.server import EmulatorServer
from pulumi_elasticache_rbac.dynamic_providers._ownership import forget_claims

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient

REGION = "us-east-1"


@dataclass
class RbacEnv:
    endpoint_url: str
    admin: AdminClient

    def client(self) -> ElastiCacheClient:
        return boto3.client(
            "elasticache",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def writes(self) -> list[str]:
        return [r.operation for r in self.admin.requests() if r.is_write]

    @staticmethod
    def next_deployment() -> None:
        """What follows is another engine run: under the engine each run has its own provider process,
        and a delete never follows a create of the same object within one (see ``_ownership``)."""
        forget_claims()


@pytest.fixture
def rbac_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[RbacEnv]:
    server = EmulatorServer().start()
    forget_claims()
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL_ELASTICACHE", server.endpoint_url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        monkeypatch.setenv("AWS_REGION", REGION)
        monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        monkeypatch.delenv("AWS_PROFILE", raising=False)
        monkeypatch.setenv("ELASTICACHE_RBAC_WAIT_TIMEOUT", "20")
        yield RbacEnv(server.endpoint_url, AdminClient(server.endpoint_url))
    finally:
        server.stop()


def checked(provider: Any, props: dict[str, Any]) -> dict[str, Any]:
    """Run ``check`` like the engine does and return the inputs; fail on check failures."""
    result = provider.check({}, {"__provider": "pickle", "region": REGION, **props})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)
