"""Upgrade safety: a stack written by release 0.1.0 keeps working with today's code.

The fixture (tests/fixtures/legacy-v0.1.0, see its README) holds every resource kind, standalone and
inside an ``ElastiCacheRbac``, with the providers pickled under their 0.1.0 class paths. Today's code
must show no changes on ``preview`` and ``refresh``, and ``destroy`` must remove every live object.
"""

from __future__ import annotations

from pathlib import Path

from tests.support import pulumi_harness as ph
from tests.support.legacy_state import restore


def test_v010_stack_preview_refresh_destroy(pulumi_engine: ph.Engine, tmp_path: Path) -> None:
    restored = restore(pulumi_engine, "legacy-v0.1.0", tmp_path)
    try:
        client = restored.emulator.client()
        before = sorted(u["UserId"] for u in client.describe_users()["Users"])
        assert before == ["app-default", "app-writer", "default", "orders", "solo"]
        restored.emulator.admin.clear_requests()

        preview = restored.stack.preview(on_output=print)
        assert set(preview.change_summary) == {"same"}, preview.change_summary

        refresh = restored.stack.refresh(on_output=print)
        assert set(refresh.summary.resource_changes or {}) == {"same"}, refresh.summary.resource_changes
        assert [r.operation for r in restored.emulator.admin.requests() if r.is_write] == []

        restored.stack.destroy(on_output=print)
        assert [u["UserId"] for u in client.describe_users()["Users"]] == ["default"]
        assert client.describe_user_groups()["UserGroups"] == []
    finally:
        restored.emulator.stop()
