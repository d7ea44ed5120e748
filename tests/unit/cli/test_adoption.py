"""The pure half of ``elasticache-rbac export``: live records -> the ``rbac`` value, and merging it with
what a stack file already holds."""

from __future__ import annotations

from typing import Any

from pulumi_elasticache_rbac.cli._account import LiveGroup, LiveUser
from pulumi_elasticache_rbac.cli._adoption import Selection, build, merge, password_commands, select
from pulumi_elasticache_rbac.components import parse_spec


def user(uid: str, auth: str = "password", status: str = "active", name: str | None = None) -> LiveUser:
    return LiveUser(uid, name or uid, "redis", "on ~* +@read", auth, status, f"arn:user:{uid}")


def group(gid: str, members: tuple[str, ...], status: str = "active") -> LiveGroup:
    return LiveGroup(gid, "redis", status, f"arn:group:{gid}", members)


def test_pending_changes_are_where_the_membership_is_going() -> None:
    raw = {"UserGroupId": "G", "UserIds": ["default", "a", "b"], "PendingChanges": {"UserIdsToAdd": ["C"],
           "UserIdsToRemove": ["b"]}}  # fmt: skip
    assert LiveGroup.from_api(raw).members == ("default", "a", "c")


def test_claimed_groups_deleting_objects_and_vanished_members() -> None:
    users = [user("a"), user("gone", status="deleting"), user("x", auth="no-password")]
    groups = [group("claimed", ("default", "a")), group("g", ("default", "a", "gone", "ghost")),
              group("old", ("default",), status="deleting")]  # fmt: skip
    tags: dict[str, dict[str, str] | None] = {arn: {} for arn in [u.arn for u in users] + [g.arn for g in groups]}
    tags["arn:group:claimed"] = {"pulumi-elasticache-rbac:claim:p/s/m@1": "a", "team": "t"}
    chosen_users, chosen_groups, missing = select(users, groups, Selection())
    export = build(chosen_users, chosen_groups, tags, {u.user_id: u for u in users}, Selection())
    assert export.value == {
        "users": [
            {"id": "a", "name": "a", "engine": "redis", "authentication": "password", "accessString": "on ~* +@read",
             "adoptExisting": True},
            {"id": "x", "name": "x", "engine": "redis", "authentication": "no-password-required",
             "accessString": "on ~* +@read", "adoptExisting": True},
        ],
        "groups": [
            {"id": "claimed", "engine": "redis", "tags": {"team": "t"}, "adoptExisting": True},
            {"id": "g", "engine": "redis", "members": ["default", "a"], "adoptExisting": True},
        ],
    }  # fmt: skip
    assert missing == []
    assert export.notes == [
        "user 'gone' is being deleted; left out",
        "user group 'claimed' has members added by memberships of Pulumi stacks; exported without `members`, so "
        "that those memberships keep managing them",
        "user 'gone' of group 'g' is being deleted; left out of it",
        "user 'ghost' of group 'g' no longer exists; left out of it",
        "user group 'old' is being deleted; left out",
    ]
    parse_spec(export.value, root="rbac")  # what the export writes, the component accepts


def test_a_resumed_chunk_adds_to_what_is_there() -> None:
    first: dict[str, Any] = {
        "users": [{"id": "a", "authentication": "password", "passwords": [{"secure": "v1:x"}]}],
        "groups": [],
        "existingUsers": [{"id": "b"}],
        "memberships": [{"group": "shared", "users": ["a"]}],
    }
    chunk = {"users": [{"id": "b", "authentication": "iam"}, {"id": "a", "authentication": "password"}],
             "groups": [{"id": "g", "members": ["a", "b"]}], "existingUsers": [{"id": "c"}]}  # fmt: skip
    assert merge(first, chunk, append=True) == {
        "users": [
            {"id": "a", "authentication": "password", "passwords": [{"secure": "v1:x"}]},
            {"id": "b", "authentication": "iam"},
        ],
        "groups": [{"id": "g", "members": ["a", "b"]}],
        "existingUsers": [{"id": "c"}],
        "memberships": [{"group": "shared", "users": ["a"]}],
    }
    # a fresh export replaces the value, but declared passwords stay
    assert merge(first, chunk, append=False)["users"][1] == first["users"][0]
    assert "memberships" not in merge(first, chunk, append=False)


def test_password_commands_name_the_position_and_the_key() -> None:
    adopted = {"adoptExisting": True}
    value = {"users": [{"id": "a", "authentication": "iam", **adopted},
                       {"id": "b", "authentication": "password", **adopted},
                       {"id": "c", "authentication": "password", "passwords": ["s"], **adopted}]}  # fmt: skip
    assert password_commands(value, "elasticache-rbac:rbac", None) == [
        "pulumi config set --secret --path 'rbac.users[1].passwords[0]'    # b"
    ]
    assert password_commands(value, "team:access", "prod") == [
        "pulumi config set --stack prod --secret --path 'team:access.users[1].passwords[0]'    # b"
    ]
