"""An emulator per test for the provider integration tests (the engine reaches it over HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest

from elasticache_emulator.admin import AdminClient
from elasticache_emulator.server import EmulatorServer


@dataclass
class Emu:
    endpoint_url: str
    admin: AdminClient

    def client(self):  # type: ignore[no-untyped-def]
        return boto3.client(
            "elasticache",
            endpoint_url=self.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def writes(self) -> list[str]:
        return [r.operation for r in self.admin.requests() if r.is_write]

    def members(self, gid: str) -> set[str]:
        return set(self.client().describe_user_groups(UserGroupId=gid)["UserGroups"][0].get("UserIds", []))


@pytest.fixture
def emu() -> Iterator[Emu]:
    server = EmulatorServer().start()
    try:
        yield Emu(server.endpoint_url, AdminClient(server.endpoint_url))
    finally:
        server.stop()
