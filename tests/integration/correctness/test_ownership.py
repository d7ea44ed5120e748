"""Ownership of a group's membership between stacks (issue cases 4 and 5).

- Making a group authoritative while memberships of other stacks hold users in it is refused at preview
  and at up, naming the users and the memberships; ``take_over_memberships`` takes them over, and the
  membership stack's next preview reports the conflict; its delete then leaves the group alone.
- Two stacks' memberships that name the same user: the user stays until the last one lets go.
"""

from __future__ import annotations

from typing import Any

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup, UserGroupMembership
from tests.support import live

PW = "ownership-test-password-01"


def _users(*ids: str) -> list[User]:
    return [
        User(u, user_id=u, access_string="on ~* +@read", authentication_mode={"type": "password", "passwords": [PW]})
        for u in ids
    ]


def test_authoritative_takeover_of_a_group_other_stacks_add_to(inline_stack: Any, emulator: RunningEmulator) -> None:
    owner_cfg: dict[str, Any] = {"user_ids": None, "take_over": False}
    team_cfg = {"membership": True}

    def owner() -> None:
        (x,) = _users("x")
        ids: list[str | User] | None = None if owner_cfg["user_ids"] is None else ["default", x]
        UserGroup("g", user_group_id="g", user_ids=ids, take_over_memberships=owner_cfg["take_over"])

    def team() -> None:
        (u1,) = _users("u1")
        if team_cfg["membership"]:
            UserGroupMembership("team-in-g", user_group_id="g", user_ids=[u1.user_id])

    owner_stack = inline_stack(owner, stack="owner", endpoint=emulator.endpoint_url)
    team_stack = inline_stack(team, stack="team", endpoint=emulator.endpoint_url)
    owner_stack.up(on_output=print)
    team_stack.up(on_output=print)
    assert live.members(emulator, "g") == {"default", "u1"}

    # the owner stack gives the group user_ids: refused at preview and at up, nothing written
    owner_cfg["user_ids"] = ["default", "x"]
    text = live.failure_text(owner_stack.preview)
    assert "u1 (held by UserGroupMembership rbac-test/team/team-in-g)" in text, text
    assert "take_over_memberships" in text
    emulator.admin.clear_requests()
    text = live.failure_text(owner_stack.up)
    assert "u1" in text and "take_over_memberships" in text
    assert "ModifyUserGroup" not in live.writes(emulator)
    assert live.members(emulator, "g") == {"default", "u1"}

    # taken over explicitly: the group is the owner's list; the team's preview now reports the conflict
    owner_cfg["take_over"] = True
    owner_stack.up(on_output=print)
    assert live.members(emulator, "g") == {"default", "x"}
    live.assert_no_changes(owner_stack)
    text = live.failure_text(team_stack.preview)
    assert "managed authoritatively now" in text and "Remove this UserGroupMembership" in text, text

    # the team removes its membership: its delete leaves the owner's members alone
    team_cfg["membership"] = False
    emulator.admin.clear_requests()
    team_stack.up(on_output=print)
    assert live.members(emulator, "g") == {"default", "x"}
    assert "ModifyUserGroup" not in live.writes(emulator)


def test_two_stacks_memberships_naming_one_user(inline_stack: Any, emulator: RunningEmulator) -> None:
    cfg = {"b_users": ["shared-user", "b-only"]}

    def users_and_group() -> None:
        _users("shared-user", "b-only")
        UserGroup("g", user_group_id="g")

    def stack_a() -> None:
        UserGroupMembership("a-in-g", user_group_id="g", user_ids=["shared-user"])

    def stack_b() -> None:
        UserGroupMembership("b-in-g", user_group_id="g", user_ids=cfg["b_users"])

    stacks = [
        inline_stack(p, stack=n, endpoint=emulator.endpoint_url)
        for p, n in ((users_and_group, "base"), (stack_a, "a"), (stack_b, "b"))
    ]
    for st in stacks:
        st.up(on_output=print)
    base, a, b = stacks
    assert live.members(emulator, "g") == {"default", "shared-user", "b-only"}

    # b drops the shared user from its list: a still holds it
    cfg["b_users"] = ["b-only"]
    b.up(on_output=print)
    assert live.members(emulator, "g") == {"default", "shared-user", "b-only"}
    cfg["b_users"] = ["shared-user", "b-only"]
    b.up(on_output=print)

    # destroying b keeps the user a still declares
    b.destroy(on_output=print)
    assert live.members(emulator, "g") == {"default", "shared-user"}
    live.assert_no_changes(a)
    # the last one lets go
    a.destroy(on_output=print)
    assert live.members(emulator, "g") == {"default"}
    tags = emulator.client().list_tags_for_resource(ResourceName=live.groups(emulator)["g"]["ARN"])["TagList"]
    assert [t["Key"] for t in tags if "claim" in t["Key"]] == []
    base.destroy(on_output=print)
