"""Every input of every resource kind may come from another resource's output, unknown at preview.

Each test builds its inputs from ``Later`` resources (tests/support/later.py: an output known only once
its resource exists, like ``RandomPassword.result``), then runs preview (all unknown) -> up -> preview
(no changes), changes a source value (unknown again) -> up, and checks what is live in the emulator.
"""

from __future__ import annotations

from typing import Any

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup, UserGroupMembership
from tests.support import live
from tests.support.later import Later

PW1 = "unknown-at-preview-pw-01"
PW2 = "unknown-at-preview-pw-02"


def test_user_with_every_input_unknown_at_preview(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg: dict[str, Any] = {"passwords": [PW1], "access": "on ~app:* +@read"}

    def program() -> None:
        user = User(
            "alice",
            user_id=Later("id", "alice").result,
            user_name=Later("name", "alice-name").result,
            engine=Later("engine", "redis").result,
            access_string=Later("access", cfg["access"]).result,
            authentication_mode={
                "type": Later("type", "password").result,
                "passwords": [Later(f"pw{i}", pw, secret=True).result for i, pw in enumerate(cfg["passwords"])],
            },
            tags={"team": Later("team", "platform").result},
        )
        UserGroup("grp", user_group_id="grp", user_ids=["default", user])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    assert live.changes(stack) == {"create": 10}
    stack.up(on_output=print)
    user = live.users(emulator)["alice"]
    assert (user["UserName"], user["AccessString"], user["Authentication"]["PasswordCount"]) == (
        "alice-name",
        "on ~app:* +@read",
        1,
    )
    assert live.members(emulator, "grp") == {"default", "alice"}
    live.assert_no_changes(stack)

    # a rotated password and a new access string, both unknown at preview again
    cfg["passwords"] = [PW1, PW2]
    cfg["access"] = "on ~app:* +@read +@write"
    assert live.changes(stack).get("update", 0) >= 1
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    user = live.users(emulator)["alice"]
    assert (user["AccessString"], user["Authentication"]["PasswordCount"]) == ("on ~app:* +@read +@write", 2)
    assert live.writes(emulator) == ["ModifyUser"]
    live.assert_no_changes(stack)


def test_user_group_with_unknown_id_list_and_tags(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg: dict[str, Any] = {"ids": ["default", "u1"]}

    def program() -> None:
        users = [
            User(u, user_id=u, access_string="on ~* +get", authentication_mode={"type": "iam"}) for u in ("u1", "u2")
        ]
        # the whole list unknown
        UserGroup(
            "whole",
            user_group_id=Later("gid", "whole").result,
            engine=Later("engine", "redis").result,
            user_ids=Later("ids", cfg["ids"], opts=_after(users)).result,
            tags=Later("tags", {"team": "a"}).result,
        )
        # single elements unknown
        UserGroup("elements", user_group_id="elements", user_ids=[Later("d", "default").result, users[1].user_id])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.preview(on_output=print)
    stack.up(on_output=print)
    assert live.members(emulator, "whole") == {"default", "u1"}
    assert live.members(emulator, "elements") == {"default", "u2"}
    live.assert_no_changes(stack)

    cfg["ids"] = ["default", "u1", "u2"]
    emulator.admin.clear_requests()
    stack.up(on_output=print)
    assert live.members(emulator, "whole") == {"default", "u1", "u2"}
    assert live.writes(emulator) == ["ModifyUserGroup"]
    live.assert_no_changes(stack)


def test_membership_with_unknown_group_and_ids(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg: dict[str, Any] = {"ids": ["u1"]}

    def program() -> None:
        users = [
            User(u, user_id=u, access_string="on ~* +get", authentication_mode={"type": "iam"}) for u in ("u1", "u2")
        ]
        group = UserGroup("open", user_group_id="open")
        UserGroupMembership(
            "whole",
            user_group_id=Later("gid", "open", opts=_after([group])).result,
            user_ids=Later("ids", cfg["ids"], opts=_after(users)).result,
        )
        UserGroupMembership("elements", user_group_id=group.user_group_id, user_ids=[Later("one", "u2").result])

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.preview(on_output=print)
    stack.up(on_output=print)
    assert live.members(emulator, "open") == {"default", "u1", "u2"}
    live.assert_no_changes(stack)

    cfg["ids"] = []
    cfg["ids"] = ["u1", "u2"]
    stack.up(on_output=print)
    cfg["ids"] = ["u1"]
    stack.up(on_output=print)
    # u2 is still declared by the other membership: it stays
    assert live.members(emulator, "open") == {"default", "u1", "u2"}
    live.assert_no_changes(stack)


def _after(resources: list[Any]) -> Any:
    import pulumi

    return pulumi.ResourceOptions(depends_on=resources)
