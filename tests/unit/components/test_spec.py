"""Whole-spec validation: every rule, every problem at once, each with its path and a fix."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pydantic import SecretStr

from pulumi_elasticache_rbac.components import ElastiCacheRbacSpec, GroupSpec, SpecError, UserSpec, parse_spec

PW = "correct-horse-battery-staple"
PW2 = "another-long-password-0123"


def user(uid: str, **kw: Any) -> dict[str, Any]:
    return {"id": uid, "accessString": "on ~app:* +@all", "passwords": [PW], **kw}


def problems(spec: dict[str, Any], root: str = "spec") -> dict[str, str]:
    """path -> 'message. Fix: fix' (asserting the spec is rejected)."""
    with pytest.raises(SpecError) as info:
        parse_spec(spec, root=root)
    out: dict[str, str] = {}
    for p in info.value.problems:
        assert p.fix, p
        out[p.path] = out.get(p.path, "") + str(p)
    return out


def test_valid_spec_parses_and_normalises_case() -> None:
    spec = parse_spec(
        {
            "users": [
                user("App-Writer", engine="REDIS"),
                {"id": "reader", "access_string": "on ~* +@read", "authentication": "IAM"},
                {
                    "id": "my-default",
                    "name": "default",
                    "accessString": "off -@all",
                    "authentication": "no-password-required",
                },
            ],
            "groups": [{"id": "App", "members": ["my-default", "app-writer", "Reader"]}],
        }
    )
    assert [u.id for u in spec.users] == ["app-writer", "reader", "my-default"]
    assert spec.users[0].engine == "redis"
    assert spec.users[1].authentication == "iam"
    assert spec.users[2].user_name == "default"
    assert spec.groups[0].id == "app"
    assert spec.groups[0].member_ids == ["my-default", "app-writer", "reader"]


def test_passwords_never_appear_in_reprs_or_errors() -> None:
    spec = parse_spec({"users": [user("app")], "groups": []})
    assert PW not in repr(spec)
    bad = "short,@pw"
    with pytest.raises(SpecError) as info:
        parse_spec({"users": [user("app", passwords=[bad])]})
    assert bad not in str(info.value)


def test_typed_models_and_user_objects_as_members() -> None:
    app = UserSpec(id="app", access_string="on ~* +@all", passwords=[SecretStr(PW)])
    spec = ElastiCacheRbacSpec(users=[app], groups=[GroupSpec(id="g", members=["default", app])])
    assert parse_spec(spec) is spec
    assert spec.groups[0].member_ids == ["default", "app"]


def test_output_passwords_are_accepted_unchecked() -> None:
    out = pulumi.Output.secret("not-checked-here")
    spec = parse_spec({"users": [user("app", passwords=[out])]})
    assert spec.users[0].passwords[0] is out


def test_all_problems_at_once_with_paths_in_document_order() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec(
            {
                "users": [
                    user("ok"),
                    user("bad--id"),
                    *[user(f"u{i}") for i in range(9)],
                    user("x", engine="memcached"),
                ],
                "groups": [{"id": "g", "members": ["default", "nobody"]}],
            },
            root="rbac",
        )
    paths = [p.path for p in info.value.problems]
    assert paths == ["rbac.users[1].id", "rbac.users[11].engine", "rbac.groups[0].members[1]"]
    text = str(info.value)
    assert text.startswith("ElastiCacheRbac spec has 3 problems:")
    assert "Fix:" in text


@pytest.mark.parametrize(
    ("spec", "path", "needle"),
    [
        # field rules
        ({"users": [user("1abc")]}, "spec.users[0].id", "not a valid identifier"),
        ({"users": [user("ends-")]}, "spec.users[0].id", "not a valid identifier"),
        ({"users": [user("a" * 41)]}, "spec.users[0].id", "41 characters"),
        ({"users": [user("default")]}, "spec.users[0].id", "built-in user"),
        ({"groups": [{"id": "under_score", "members": ["default"]}]}, "spec.groups[0].id", "not a valid identifier"),
        ({"users": [user("a", engine="memcached")]}, "spec.users[0].engine", "not supported"),
        ({"groups": [{"id": "g", "engine": "memcached"}]}, "spec.groups[0].engine", "not supported"),
        ({"users": [user("a", authentication="ldap")]}, "spec.users[0].authentication", "is not one of"),
        ({"users": [user("a", passwords=[])]}, "spec.users[0].passwords", "needs 1 or 2 passwords"),
        ({"users": [user("a", passwords=[PW, PW2, PW])]}, "spec.users[0].passwords", "(3 given)"),
        ({"users": [user("a", passwords=["x" * 15])]}, "spec.users[0].passwords[0]", "16-128"),
        ({"users": [user("a", passwords=["x" * 129])]}, "spec.users[0].passwords[0]", "16-128"),
        ({"users": [user("a", passwords=[PW + "@"])]}, "spec.users[0].passwords[0]", "forbidden characters"),
        ({"users": [user("a", passwords=[PW + " x"])]}, "spec.users[0].passwords[0]", "forbidden characters"),
        ({"users": [user("a", authentication="iam")]}, "spec.users[0].passwords", "not allowed with authentication"),
        ({"users": [user("a", accessString="  ")]}, "spec.users[0].accessString", "is empty"),
        ({"users": [user("a", accessString="on >secret ~* +@all")]}, "spec.users[0].accessString", "password"),
        ({"users": [user("a", accessString="reset on ~* +@all")]}, "spec.users[0].accessString", "reset"),
        ({"users": [user("a", accessString="on nopass ~* +@all")]}, "spec.users[0].accessString", "password"),
        ({"users": [user("a", name="")]}, "spec.users[0].name", "non-empty string"),
        # iam id == name
        (
            {"users": [{"id": "svc", "name": "Svc", "accessString": "on ~* +@read", "authentication": "iam"}]},
            "spec.users[0].name",
            "must equal its id",
        ),
        # valkey rules
        (
            {
                "users": [
                    {"id": "v", "engine": "valkey", "accessString": "on", "authentication": "no-password-required"}
                ]
            },
            "spec.users[0].authentication",
            "valkey users cannot",
        ),
        (
            {"groups": [{"id": "vg", "engine": "valkey", "members": ["default"]}]},
            "spec.groups[0].members[0]",
            "cannot join a valkey group",
        ),
        (
            {"users": [user("v", engine="valkey")], "groups": [{"id": "g", "members": ["default", "v"]}]},
            "spec.groups[0].members[1]",
            "redis user group can only contain redis users",
        ),
        # whole-spec membership rules
        ({"groups": [{"id": "g", "members": ["default", "nobody"]}]}, "spec.groups[0].members[1]", "unknown user id"),
        (
            {"users": [user("app")], "groups": [{"id": "g", "members": ["default", "apq"]}]},
            "spec.groups[0].members[1]",
            "did you mean `app`",
        ),
        (
            {"users": [user("app")], "groups": [{"id": "g", "members": ["app"]}]},
            "spec.groups[0].members",
            "user name is `default`",
        ),
        ({"groups": [{"id": "g", "members": []}]}, "spec.groups[0].members", "user name is `default`"),
        (
            {
                "users": [user("my-default", name="default")],
                "groups": [{"id": "g", "members": ["default", "my-default"]}],
            },
            "spec.groups[0].members[1]",
            "both have the user name `default`",
        ),
        ({"groups": [{"id": "g", "members": ["default", "default"]}]}, "spec.groups[0].members[1]", "listed twice"),
        ({"users": [user("a"), user("A")]}, "spec.users[1].id", "already declared"),
        (
            {"groups": [{"id": "g", "members": ["default"]}, {"id": "G", "members": ["default"]}]},
            "spec.groups[1].id",
            "already declared",
        ),
        (
            {
                "users": [user("a")],
                "groups": [{"id": "g", "members": ["default"]}],
                "memberships": [{"group": "g", "users": ["a"]}],
            },
            "spec.memberships[0].group",
            "fight",
        ),
        ({"memberships": [{"group": "other", "users": []}]}, "spec.memberships[0].users", "at least one user"),
        ({"memberships": [{"group": "other", "users": ["ghost"]}]}, "spec.memberships[0].users[0]", "unknown user id"),
        (
            {
                "users": [user("a"), user("b")],
                "memberships": [{"group": "o", "users": ["a"]}, {"group": "o", "users": ["b"]}],
            },
            "spec.memberships[1].group",
            "merge",
        ),
        # shapes
        ({"users": [{"id": "a"}]}, "spec.users[0].accessString", "required"),
        ({"users": [user("a", acessString="x")]}, "spec.users[0].acessString", "did you mean `accessString`"),
        ({"grups": []}, "spec.grups", "did you mean `groups`"),
        ({"users": {"id": "a"}}, "spec.users", "must be a list"),
        ({"users": [user("a", passwords="not-a-list-0123456")]}, "spec.users[0].passwords", "valid list"),
    ],
)
def test_each_rule_names_path_problem_and_fix(spec: dict[str, Any], path: str, needle: str) -> None:
    found = problems(spec)
    assert path in found, found
    assert needle in found[path], found[path]


def test_existing_users_are_known_members_and_checked() -> None:
    spec = parse_spec(
        {
            "existingUsers": [{"id": "ops", "name": "default"}],
            "groups": [{"id": "g", "members": ["ops"]}],
            "memberships": [{"group": "elsewhere", "users": ["ops"]}],
        }
    )
    assert spec.existing_users[0].user_name == "default"
    found = problems(
        {
            "existing_users": [{"id": "ops", "authentication": "no-password-required"}],
            "groups": [{"id": "vg", "engine": "valkey", "members": ["ops"]}],
        }
    )
    assert "has no password" in found["spec.groups[0].members[0]"]


def test_not_a_mapping() -> None:
    found = problems(["users"])  # type: ignore[arg-type]
    assert "spec" in found


def test_users_per_group_quota_is_checked_at_preview() -> None:
    users = [{"id": f"u{i}", "accessString": "on ~* +get", "authentication": "iam"} for i in range(100)]
    spec = {"users": users, "groups": [{"id": "big", "members": ["default", *(u["id"] for u in users)]}]}
    with pytest.raises(SpecError) as info:
        parse_spec(spec, root="rbac")
    assert [p.path for p in info.value.problems] == ["rbac.groups[0].members"]
    assert "at most 100 users in one user group" in str(info.value) and "spread the users" in str(info.value)
    spec["groups"][0]["members"] = spec["groups"][0]["members"][:100]  # type: ignore[index]
    parse_spec(spec, root="rbac")
