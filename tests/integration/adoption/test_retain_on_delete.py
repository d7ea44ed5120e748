"""Trying the tool on a live account without the risk of ``destroy``: ``retain_on_delete`` on the
component reaches its children (the engine gives children their parent's option), so ``destroy``
removes the objects from the stack and leaves them live, and the same program adopts them again. The
root project sets it from the stack config ``retainOnDelete``.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi import automation as auto

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.components import ElastiCacheRbac
from tests.support import live

from .conftest import Adopting, export

ACCESS = "on ~orders:* +@read"


def test_destroy_with_retain_on_delete_leaves_adopted_objects_live(
    inline_stack: Any, emulator: RunningEmulator
) -> None:
    client = emulator.client()
    client.create_user(
        UserId="orders", UserName="orders", Engine="redis", AccessString=ACCESS, AuthenticationMode={"Type": "iam"}
    )
    client.create_user_group(UserGroupId="app", Engine="redis", UserIds=["default", "orders"])
    live.wait_until(lambda: live.groups(emulator)["app"]["Status"] == "active", 60, "group app active")

    def program() -> None:
        spec = {
            "users": [{"id": "orders", "accessString": ACCESS, "authentication": "iam", "adoptExisting": True}],
            "groups": [{"id": "app", "members": ["default", "orders"], "adoptExisting": True}],
        }
        ElastiCacheRbac("rbac", spec, opts=pulumi.ResourceOptions(retain_on_delete=True))

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    for attempt in ("adopt", "adopt again after destroy"):
        emulator.admin.clear_requests()
        stack.up(on_output=print)
        # adoption writes nothing
        assert live.writes(emulator) == [], attempt
        live.assert_no_changes(stack)

        emulator.admin.clear_requests()
        stack.destroy(on_output=print)
        assert [w for w in live.writes(emulator) if w.startswith("Delete")] == [], (attempt, live.writes(emulator))
        assert set(live.users(emulator)) == {"default", "orders"}, attempt
        assert live.members(emulator, "app") == {"default", "orders"}, attempt
        assert live.users(emulator)["orders"]["AccessString"] == ACCESS, attempt


def test_root_project_retain_on_delete_config(adopting: Adopting) -> None:
    emu, stack = adopting.emu, adopting.stack
    client = emu.client()
    client.create_user(
        UserId="orders", UserName="orders", Engine="redis", AccessString=ACCESS, AuthenticationMode={"Type": "iam"}
    )
    client.create_user_group(UserGroupId="app", Engine="redis", UserIds=["default", "orders"])
    export(emu, "--stack-file", str(adopting.stack_file))
    stack.set_config("retainOnDelete", auto.ConfigValue("true"))

    stack.up(on_output=print)
    emu.admin.clear_requests()
    stack.destroy(on_output=print)
    assert adopting.writes() == []
    assert set(live.users(emu)) == {"default", "orders"}
    assert live.members(emu, "app") == {"default", "orders"}
