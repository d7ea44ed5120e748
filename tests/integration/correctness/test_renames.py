"""Renaming a user or a group that others depend on converges with the fewest writes, and a group never
lacks a member named ``default`` on the way (issue case 2).

- A new ``user_id`` is another object: the new user is created first, the group swaps it in with one
  ModifyUserGroup, then the old user is deleted.
- A new ``user_name`` under the same id must delete first (ElastiCache cannot rename a user): the group
  then puts the re-created user back.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.components import ElastiCacheRbac
from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup, UserGroupMembership
from tests.support import live

PW = "rename-test-password-0001"


def _user(name: str, uid: str, **over: Any) -> User:
    mode = over.pop("authentication_mode", {"type": "password", "passwords": [PW]})
    return User(name, user_id=uid, access_string="on ~app:* +@read", authentication_mode=mode, **over)


def test_new_user_id_in_an_authoritative_group_and_a_membership(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg = {"uid": "alice"}

    def program() -> None:
        alice = _user("alice", cfg["uid"])
        UserGroup("app", user_group_id="app", user_ids=["default", alice])
        shared = UserGroup("shared", user_group_id="shared")
        UserGroupMembership("team", user_group_id=shared.user_group_id, user_ids=[alice.user_id])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    cfg["uid"] = "alice2"
    summary = live.changes(stack)
    assert summary.get("replace") == 1 and summary.get("update") == 2, summary
    emulator.admin.clear_requests()
    stack.up(on_output=print)

    assert set(live.users(emulator)) == {"default", "alice2"}
    assert live.members(emulator, "app") == {"default", "alice2"}
    assert live.members(emulator, "shared") == {"default", "alice2"}
    writes = live.writes(emulator)
    # the new user exists before any group names it; the old one is deleted after both swapped it out
    assert writes[0] == "CreateUser" and writes[-1] == "DeleteUser", writes
    assert Counter(writes) == Counter(
        {"CreateUser": 1, "ModifyUserGroup": 2, "DeleteUser": 1, "AddTagsToResource": 1}  # the membership's claim
    ), writes
    live.assert_no_changes(stack)


def test_new_id_of_the_default_named_member_swaps_in_one_call(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg = {"uid": "app-default"}

    def program() -> None:
        default = _user(
            "app-default", cfg["uid"], user_name="default", authentication_mode={"type": "no-password-required"}
        )
        alice = _user("alice", "alice")
        UserGroup("app", user_group_id="app", user_ids=[default, alice])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    assert live.members(emulator, "app") == {"app-default", "alice"}
    cfg["uid"] = "new-default"
    emulator.admin.clear_requests()
    stack.up(on_output=print)

    assert live.members(emulator, "app") == {"new-default", "alice"}
    assert "app-default" not in live.users(emulator)
    assert live.writes(emulator) == ["CreateUser", "ModifyUserGroup", "DeleteUser"]
    swap = next(r for r in emulator.admin.requests() if r.operation == "ModifyUserGroup")
    assert swap.params.get("UserIdsToAdd.member.1") == "new-default"
    assert swap.params.get("UserIdsToRemove.member.1") == "app-default"
    live.assert_no_changes(stack)


def test_renaming_the_default_named_member_in_place_fails_preview_with_the_way_out(
    inline_stack: Any, emulator: RunningEmulator
) -> None:
    cfg = {"name": "default"}

    def program() -> None:
        default = _user(
            "app-default", "app-default", user_name=cfg["name"], authentication_mode={"type": "no-password-required"}
        )
        UserGroup("app", user_group_id="app", user_ids=[default, "default"] if cfg["name"] != "default" else [default])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    cfg["name"] = "not-default"
    text = live.failure_text(stack.preview)
    assert "user_name cannot change from 'default'" in text and "new user_id" in text
    assert live.members(emulator, "app") == {"app-default"}


def test_component_member_renames(inline_stack: Any, emulator: RunningEmulator) -> None:
    """In ElastiCacheRbac: a member's id (a new resource) and another member's name (a replacement)."""
    cfg: dict[str, Any] = {"writer": "writer", "reader_name": "reader"}

    def program() -> None:
        ElastiCacheRbac(
            "rbac",
            {
                "users": [
                    {"id": cfg["writer"], "accessString": "on ~* +@all", "passwords": [PW]},
                    {"id": "reader", "name": cfg["reader_name"], "accessString": "on ~* +@read", "passwords": [PW]},
                ],
                "groups": [{"id": "app", "members": ["default", cfg["writer"], "reader"]}],
            },
        )

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)

    cfg["writer"] = "writer2"
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    assert live.members(emulator, "app") == {"default", "writer2", "reader"}
    assert live.writes(emulator) == ["CreateUser", "ModifyUserGroup", "DeleteUser"]
    live.assert_no_changes(stack)

    cfg["reader_name"] = "reader.two"
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    assert live.users(emulator)["reader"]["UserName"] == "reader.two"
    assert live.members(emulator, "app") == {"default", "writer2", "reader"}
    assert live.writes(emulator) == ["DeleteUser", "CreateUser", "ModifyUserGroup"]
    live.assert_no_changes(stack)


def test_new_group_id_with_a_membership(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg = {"gid": "team-a"}

    def program() -> None:
        alice = _user("alice", "alice")
        group = UserGroup("team", user_group_id=cfg["gid"])
        UserGroupMembership("alice-in-team", user_group_id=group.user_group_id, user_ids=[alice.user_id])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    cfg["gid"] = "team-b"
    stack.up(on_output=print)
    assert set(live.groups(emulator)) == {"team-b"}
    assert live.members(emulator, "team-b") == {"default", "alice"}
    live.assert_no_changes(stack)
