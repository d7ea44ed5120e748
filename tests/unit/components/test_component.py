"""ElastiCacheRbac with Pulumi mocks: children, parents, dependencies, secrets, outputs, config."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any, cast

import pulumi
import pytest
from pulumi.runtime import mocks as pmocks

from pulumi_elasticache_rbac.components import TYPE_TOKEN, ElastiCacheRbac, SpecError, spec_from_config
from tests.support.mocks import pulumi_test

PW = "correct-horse-battery-staple"

SPEC: dict[str, Any] = {
    "users": [
        {"id": "app", "accessString": "on ~app:* +@all", "passwords": [PW]},
        {"id": "svc", "accessString": "on ~* +@read", "authentication": "iam"},
    ],
    "groups": [
        {"id": "app-group", "members": ["default", "app", "svc"]},
        {"id": "shared"},
    ],
    "memberships": [{"group": "shared", "users": ["app"]}, {"group": "elsewhere", "users": ["svc", "ops"]}],
    "existingUsers": [{"id": "ops"}],
}


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: list[pmocks.MockResourceArgs] = []

    def new_resource(self, args: pmocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.resources.append(args)
        outs = dict(args.inputs)
        if "revisions" in outs:  # the barrier: what its provider outputs once everything is active
            outs["user_arns"] = {u: f"arn:aws:elasticache:us-east-1:123456789012:user:{u}" for u in outs["user_ids"]}
            outs["group_arns"] = {
                g: f"arn:aws:elasticache:us-east-1:123456789012:usergroup:{g}" for g in outs["user_group_ids"]
            }
            return f"barrier-{args.name}", outs
        kind = "usergroup" if "user_group_id" in outs else "user"
        rid = outs.get("user_group_id") or outs.get("user_id") or args.name
        if "engine" in outs:  # User or UserGroup (a membership has no engine, no ARN)
            outs["arn"] = f"arn:aws:elasticache:us-east-1:123456789012:{kind}:{rid}"
        return f"{rid}", outs

    def call(self, args: pmocks.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def mocks() -> Iterator[Mocks]:
    m = Mocks()
    pulumi.runtime.set_mocks(m, project="elasticache-rbac", stack="unit", preview=False)
    yield m


def _children() -> tuple[list[pulumi.ResourceTransformationArgs], pulumi.ResourceOptions]:
    seen: list[pulumi.ResourceTransformationArgs] = []

    def record(args: pulumi.ResourceTransformationArgs) -> None:
        if args.type_ != TYPE_TOKEN:  # transformations also see the component itself
            seen.append(args)
        return None

    return seen, pulumi.ResourceOptions(transformations=[record])


@pulumi_test
def test_children_parents_dependencies_and_outputs(mocks: Mocks) -> pulumi.Output[Any]:
    seen, opts = _children()
    rbac = ElastiCacheRbac("rbac", SPEC, opts)

    assert set(rbac.users) == {"app", "svc"}
    assert set(rbac.groups) == {"app-group", "shared"}
    assert set(rbac.memberships) == {"shared", "elsewhere"}
    by_name = {a.name: a for a in seen}
    # users and groups are named by id alone (one object per id: the URN survives a move between components),
    # with aliases to the names that included the component's; memberships keep the component's name
    assert set(by_name) == {
        "user-app",
        "user-svc",
        "group-app-group",
        "group-shared",
        "rbac-membership-shared",
        "rbac-membership-elsewhere",
        "rbac-ready",
    }
    # (the old URNs as plain strings: the component is a child of the stack, so they are known here)
    chain = (
        "urn:pulumi:unit::elasticache-rbac::elasticache-rbac:index:ElastiCacheRbac"
        "$pulumi-python:dynamic/elasticache-rbac"
    )
    assert by_name["user-app"].opts.aliases == [f"{chain}:User::rbac-user-app"]
    assert by_name["group-shared"].opts.aliases == [f"{chain}:UserGroup::rbac-group-shared"]
    assert by_name["user-app"].props["__creator"] == f"{chain}:User::user-app"
    assert all(a.opts.parent is rbac for a in seen)
    group_deps = by_name["group-app-group"].opts.depends_on
    assert set(group_deps) == {rbac.users["app"], rbac.users["svc"]}  # type: ignore[arg-type]
    shared_deps = by_name["rbac-membership-shared"].opts.depends_on
    assert set(shared_deps) == {rbac.users["app"], rbac.groups["shared"]}  # type: ignore[arg-type]
    # children return without waiting; the barrier stands behind all of them and waits once
    assert all(a.props["wait"] is False for a in seen if a.name != "rbac-ready")
    assert set(by_name["rbac-ready"].opts.depends_on) == {  # type: ignore[arg-type]
        *rbac.users.values(),
        *rbac.groups.values(),
        *rbac.memberships.values(),
    }
    # A group without `members` is not authoritative (memberships may add to it).
    assert by_name["group-shared"].props["user_ids"] is None

    def check(values: list[Any]) -> None:
        user_arns, group_arns, group_ids, app_members, elsewhere = values
        assert user_arns == {
            "app": "arn:aws:elasticache:us-east-1:123456789012:user:app",
            "svc": "arn:aws:elasticache:us-east-1:123456789012:user:svc",
        }
        assert group_arns["app-group"].endswith(":usergroup:app-group")
        assert group_ids == ["app-group", "shared"]
        assert app_members == ["default", "app", "svc"]
        assert elsewhere == ["svc", "ops"]
        kinds = {r.name: r.typ for r in mocks.resources}
        assert kinds["rbac"] == TYPE_TOKEN

    return pulumi.Output.all(
        rbac.user_arns,
        rbac.group_arns,
        rbac.group_ids,
        rbac.groups["app-group"].user_ids,
        rbac.memberships["elsewhere"].user_ids,
    ).apply(check)


@pulumi_test
def test_passwords_reach_the_provider_only_as_secrets(mocks: Mocks) -> pulumi.Output[Any]:
    seen, opts = _children()
    ElastiCacheRbac("rbac", {"users": [SPEC["users"][0]]}, opts)
    mode = cast(dict[str, Any], next(a for a in seen if a.name == "user-app").props["authentication_mode"])
    # the type stays plain (known at preview); the passwords are one secret
    assert mode["type"] == "password"
    passwords = mode["passwords"]
    assert isinstance(passwords, pulumi.Output)

    async def known() -> bool:
        return True

    secret = pulumi.Output(set(), asyncio.ensure_future(passwords.is_secret()), asyncio.ensure_future(known()))
    return secret.apply(assert_true)


def assert_true(value: bool) -> None:
    assert value is True


def test_invalid_spec_registers_nothing(mocks: Mocks) -> None:
    bad = {"users": [{"id": "app", "accessString": "on", "passwords": ["short"]}], "groups": [{"id": "g"}]}
    bad["groups"] = [{"id": "g", "members": ["app", "nobody"]}]
    with pytest.raises(SpecError) as info:
        ElastiCacheRbac("rbac", bad)
    paths = [p.path for p in info.value.problems]
    assert paths == ["spec.users[0].passwords[0]", "spec.groups[0].members", "spec.groups[0].members[1]"]
    assert mocks.resources == []


@pulumi_test
def test_empty_spec_has_empty_outputs(mocks: Mocks) -> pulumi.Output[Any]:
    rbac = ElastiCacheRbac("rbac", {})
    return pulumi.Output.all(rbac.user_arns, rbac.group_arns, rbac.group_ids).apply(
        lambda v: assert_true(v == [{}, {}, []])
    )


def _config(value: Any, *, secret: bool = True) -> None:
    key = "elasticache-rbac:rbac"
    raw = value if isinstance(value, str) else json.dumps(value)
    pulumi.runtime.set_all_config({key: raw}, [key] if secret else [])


def test_spec_from_config_paths_name_the_config_key(mocks: Mocks) -> None:
    _config({"users": [{"id": "Bad_Id", "accessString": "on", "passwords": [PW]}], "groupz": []})
    with pytest.raises(SpecError) as info:
        spec_from_config("rbac")
    assert [p.path for p in info.value.problems] == ["rbac.users[0].id", "rbac.groupz"]


def test_spec_from_config_missing_and_malformed(mocks: Mocks) -> None:
    pulumi.runtime.set_all_config({}, [])
    with pytest.raises(SpecError, match=r"`elasticache-rbac:rbac` is not set"):
        spec_from_config("rbac")
    _config("some plain string that is secret")
    with pytest.raises(SpecError) as info:
        spec_from_config("rbac")
    assert "not a structured object" in str(info.value)
    assert "some plain string" not in str(info.value)
    _config([1, 2])
    with pytest.raises(SpecError, match="is a list"):
        spec_from_config("rbac")


def test_plaintext_passwords_in_config_warn(mocks: Mocks, monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda msg, *a, **k: warnings.append(msg))
    _config({"users": [SPEC["users"][0]]}, secret=False)
    spec_from_config("rbac")
    assert len(warnings) == 1 and "--secret --path" in warnings[0] and PW not in warnings[0]
    warnings.clear()
    _config({"users": [SPEC["users"][0]]}, secret=True)
    assert spec_from_config("rbac").users[0].id == "app"
    assert warnings == []


def test_member_user_names_are_plain_when_known(mocks: Mocks) -> None:
    # Plain ids/names: the group's check gets a plain dict, holding what the users' checked inputs hold
    # (ids lowercased, name defaulting to the id), and no Output per member (FINDINGS F6); an id given as
    # an Output takes the Output path (resolved by the engine after the users' check).
    from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup

    seen, opts = _children()
    mode = {"type": "iam"}
    plain = User("plain", user_id="Alice", access_string="on ~* +@all", authentication_mode=mode, opts=opts)
    named = User("named", user_id="bob", user_name="default", access_string="off", authentication_mode=mode, opts=opts)
    UserGroup("g1", user_group_id="g1", user_ids=[plain, named], opts=opts)
    late = User("late", user_id=pulumi.Output.from_input("carol"), access_string="on", authentication_mode=mode)
    UserGroup("g2", user_group_id="g2", user_ids=[plain, late], opts=opts)
    by_name = {a.name: a for a in seen}
    assert by_name["g1"].props["member_user_names"] == {"alice": "alice", "bob": "default"}
    assert isinstance(by_name["g2"].props["member_user_names"], pulumi.Output)


@pulumi_test
def test_nested_component_children_name_their_old_urns_through_the_engine(mocks: Mocks) -> None:
    outer = pulumi.ComponentResource("acme:index:Platform", "platform")
    seen, opts = _children()
    rbac = ElastiCacheRbac(
        "rbac", {"users": [SPEC["users"][0]]}, pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(parent=outer))
    )
    assert rbac.qualified_type is None  # its URN's type chain is the engine's to tell
    user = next(a for a in seen if a.name == "user-app")
    aliases = user.opts.aliases or []
    assert len(aliases) == 1 and isinstance(aliases[0], pulumi.Alias) and aliases[0].name == "rbac-user-app"
    assert isinstance(user.props["__creator"], pulumi.Output)
