"""Upgrade safety: stacks written by earlier code keep working with today's code.

Each fixture (tests/fixtures/<name>, see its README) holds every resource kind, standalone and inside an
``ElastiCacheRbac``, written by that code (providers pickled under its class paths, its owner tags and
claims). With today's code, ``preview`` plans no change but the creation of the component's barrier
(it waits for the children, which return without waiting since issue 11), ``up`` writes nothing,
``refresh`` changes nothing, and ``destroy`` removes every live object.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import live
from tests.support import pulumi_harness as ph
from tests.support.legacy_state import restore

FIXTURES = {
    "legacy-v0.1.0": ["app-default", "app-writer", "default", "orders", "solo"],
    "pre-engine": ["app-default", "app-writer", "default", "orders", "solo", "valkey-user"],
}


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_old_stack_preview_refresh_destroy(fixture: str, pulumi_engine: ph.Engine, tmp_path: Path) -> None:
    restored = restore(pulumi_engine, fixture, tmp_path)
    try:
        client = restored.emulator.client()
        before = sorted(u["UserId"] for u in client.describe_users()["Users"])
        assert before == FIXTURES[fixture]
        restored.emulator.admin.clear_requests()

        steps = live.plan(restored.stack)
        assert steps == [("create", live.BARRIER, "rbac-ready")], steps
        restored.stack.up(on_output=print)
        assert [r.operation for r in restored.emulator.admin.requests() if r.is_write] == []
        live.assert_no_changes(restored.stack)

        refresh = restored.stack.refresh(on_output=print)
        assert set(refresh.summary.resource_changes or {}) == {"same"}, refresh.summary.resource_changes
        assert [r.operation for r in restored.emulator.admin.requests() if r.is_write] == []

        restored.stack.destroy(on_output=print)
        assert [u["UserId"] for u in client.describe_users()["Users"]] == ["default"]
        assert client.describe_user_groups()["UserGroups"] == []
    finally:
        restored.emulator.stop()
