"""Moving a user or group to another place in the program never deletes it (issue case 3).

- between two ElastiCacheRbac components of a stack: users and groups are named by id, so the resource
  keeps its URN and nothing live changes;
- from a component to a standalone resource: with an alias nothing live changes; with adopt_existing the
  new resource takes the object over (its owner tag) and the old resource's delete leaves it in place.
"""

from __future__ import annotations

from typing import Any

import pulumi

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.components import ElastiCacheRbac
from pulumi_elasticache_rbac.dynamic_providers import User
from tests.support import live

PW = "move-test-password-000001"

ALICE = {"id": "alice", "accessString": "on ~app:* +@read", "passwords": [PW]}
BOB = {"id": "bob", "accessString": "on ~app:* +@read", "passwords": [PW]}


def test_user_and_group_move_between_components(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg = {"alice_in": "a"}

    def program() -> None:
        specs: dict[str, dict[str, Any]] = {"a": {"users": [BOB]}, "b": {"users": []}}
        specs[cfg["alice_in"]]["users"].append(ALICE)
        specs[cfg["alice_in"]]["groups"] = [{"id": "app", "members": ["default", "alice"]}]
        for name, spec in specs.items():
            ElastiCacheRbac(name, spec)

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    cfg["alice_in"] = "b"
    # nothing but the barriers (b gets one: it declares something now; a's stands behind fewer)
    steps = live.plan(stack)
    assert {(op, kind) for op, kind, _ in steps} <= {("create", live.BARRIER), ("update", live.BARRIER)}, steps
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    assert live.writes(emulator) == []
    assert set(live.users(emulator)) == {"default", "alice", "bob"}
    assert live.members(emulator, "app") == {"default", "alice"}
    stack.refresh(on_output=print)
    live.assert_no_changes(stack)
    stack.destroy(on_output=print)
    assert set(live.users(emulator)) == {"default"}


def test_user_moves_from_a_component_to_a_standalone_resource(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg = {"how": "component"}

    def program() -> None:
        rbac = ElastiCacheRbac("rbac", {"users": [BOB] + ([ALICE] if cfg["how"] == "component" else [])})
        if cfg["how"] == "component":
            return
        opts = None
        if cfg["how"] == "alias":
            opts = pulumi.ResourceOptions(aliases=[pulumi.Alias(name="user-alice", parent=rbac)])
        User(
            "alice",
            user_id="alice",
            access_string="on ~app:* +@read",
            authentication_mode={"type": "password", "passwords": [PW]},
            adopt_existing=cfg["how"] == "adopt",
            opts=opts,
        )

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    arn = live.users(emulator)["alice"]["ARN"]

    # without an alias or adopt_existing: refused, naming the owner and both ways out
    cfg["how"] = "plain"
    text = live.failure_text(stack.up)
    assert "already exists" in text and "user-alice" in text and "aliases" in text and "adopt_existing" in text
    assert "alice" in live.users(emulator)

    # with an alias the state moves: nothing live changes
    cfg["how"] = "alias"
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    assert live.writes(emulator) == []
    assert live.users(emulator)["alice"]["ARN"] == arn
    live.assert_no_changes(stack)

    # back into the component without an alias: the component's resource carries the owner mark the
    # object still has, so it resumes it; the standalone resource's delete leaves it in place
    cfg["how"] = "component"
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    assert live.users(emulator)["alice"]["ARN"] == arn
    assert "DeleteUser" not in live.writes(emulator)

    # out again with adopt_existing: taken over (re-tagged), the component's delete leaves it in place
    cfg["how"] = "adopt"
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    assert live.users(emulator)["alice"]["ARN"] == arn
    assert "DeleteUser" not in live.writes(emulator) and "AddTagsToResource" in live.writes(emulator)
    stack.refresh(on_output=print)
    live.assert_no_changes(stack)
    # the standalone resource owns it now: destroying the stack removes it
    stack.destroy(on_output=print)
    assert set(live.users(emulator)) == {"default"}
