"""The providers under the real Pulumi engine (Automation API, inline programs) against the emulator."""

from __future__ import annotations

import json
from typing import Any

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup, UserGroupMembership
from tests.support import live

PW = "integration-secret-pw-1"
PW2 = "integration-secret-pw-2"


def export_without_secrets(stack: Any) -> str:
    """`pulumi stack export` as a user runs it (the Automation API's export adds --show-secrets)."""
    ws = stack.workspace
    result = ws.pulumi_command.run(["stack", "export", "--stack", stack.name], ws.work_dir, ws.env_vars)
    json.loads(result.stdout)
    return str(result.stdout)


def no_changes(stack: Any) -> None:
    result = stack.preview()
    assert set(result.change_summary) <= {"same"}, result.change_summary


def test_lifecycle_preview_refresh_repair_destroy(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg: dict[str, Any] = {"members": ["default", "alice", "bob"], "bob_access": "on ~bob:* +@read", "pw": [PW]}

    def program() -> None:
        alice = User(
            "alice",
            user_id="Alice",
            access_string="on ~* +@all",
            authentication_mode={"type": "password", "passwords": cfg["pw"]},
        )
        bob = User(
            "bob",
            user_id="bob",
            access_string=cfg["bob_access"],
            authentication_mode={"type": "password", "passwords": [PW2]},
        )
        carol = User("carol", user_id="carol", access_string="on ~c:* +get", authentication_mode={"type": "iam"})
        users = {"alice": alice, "bob": bob, "carol": carol}
        UserGroup(
            "app",
            user_group_id="app",
            user_ids=["default" if m == "default" else users[m] for m in cfg["members"]],
        )

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    up = stack.up(on_output=print)
    assert up.summary.result == "succeeded"
    assert live.members(emulator, "app") == {"default", "alice", "bob"}
    no_changes(stack)

    # membership change: one ModifyUserGroup, nothing else written
    emulator.admin.clear_requests()
    cfg["members"] = ["default", "alice", "carol"]
    stack.up(on_output=print)
    assert live.members(emulator, "app") == {"default", "alice", "carol"}
    assert live.write_attempts(emulator) == ["ModifyUserGroup"]
    no_changes(stack)

    # out-of-band drift: a member removed, an access string changed
    emulator.client().modify_user_group(UserGroupId="app", UserIdsToRemove=["carol"])
    emulator.client().modify_user(UserId="bob", AccessString="on ~* +@all")
    refresh = stack.refresh(on_output=print)
    assert refresh.summary.resource_changes.get("update", 0) >= 2, refresh.summary.resource_changes
    stack.up(on_output=print)
    assert live.members(emulator, "app") == {"default", "alice", "carol"}
    assert emulator.client().describe_users(UserId="bob")["Users"][0]["AccessString"] == "on ~bob:* +@read"
    no_changes(stack)

    # password rotation, then no plaintext password anywhere in the state
    cfg["pw"] = [PW, PW + "-new"]
    stack.up(on_output=print)
    assert emulator.client().describe_users(UserId="alice")["Users"][0]["Authentication"]["PasswordCount"] == 2
    no_changes(stack)
    exported = export_without_secrets(stack)
    assert '"ciphertext"' in exported  # the passwords are there, encrypted
    for secret in (PW, PW2, PW + "-new"):
        assert secret not in exported

    stack.destroy(on_output=print)
    assert emulator.client().describe_user_groups()["UserGroups"] == []
    assert [u["UserId"] for u in emulator.client().describe_users()["Users"]] == ["default"]


def test_two_memberships_one_group_and_write_count(inline_stack: Any, emulator: RunningEmulator) -> None:
    ids = ["a1", "a2", "b1", "b2", "b3", "b4", "b5", "m1", "m2"]
    cfg: dict[str, Any] = {"members": ["default", "a1", "a2"]}

    def program() -> None:
        users = {
            i: User(
                i, user_id=i, access_string="on ~* +@all", authentication_mode={"type": "password", "passwords": [PW]}
            )
            for i in ids
        }
        UserGroup("app", user_group_id="app", user_ids=[users[m] if m != "default" else m for m in cfg["members"]])
        shared = UserGroup("shared", user_group_id="shared")  # membership not owned by the group
        UserGroupMembership("m1", user_group_id=shared.user_group_id, user_ids=[users["m1"].user_id])
        UserGroupMembership("m2", user_group_id=shared.user_group_id, user_ids=[users["m2"].user_id])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    assert live.members(emulator, "shared") == {"default", "m1", "m2"}
    assert live.members(emulator, "app") == {"default", "a1", "a2"}
    no_changes(stack)

    emulator.admin.clear_requests()
    cfg["members"] = ["default", "b1", "b2", "b3", "b4", "b5"]
    stack.up(on_output=print)
    writes = live.write_attempts(emulator)
    print("writes for add 5 / remove 2:", writes)
    assert writes == ["ModifyUserGroup"]
    assert live.members(emulator, "app") == {"default", "b1", "b2", "b3", "b4", "b5"}
    stack.destroy(on_output=print)
    assert emulator.client().describe_user_groups()["UserGroups"] == []


def test_bad_inputs_fail_preview_with_zero_api_calls(inline_stack: Any, emulator: RunningEmulator) -> None:

    def program() -> None:
        User(
            "bad-user",
            user_id="9bad--id",
            engine="memcached",
            access_string="reset on >leakedpassword123456 ~* +@all",
            authentication_mode={"type": "password", "passwords": ["short@pw"]},
        )

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    emulator.admin.clear_requests()
    text = live.failure_text(stack.preview)
    assert "bad-user" in text and "user_id" in text and "engine" in text and "'reset'" in text
    assert "16-128 characters" in text and "forbidden characters" in text
    assert "leakedpassword" not in text and "short@pw" not in text
    assert emulator.admin.requests() == []
