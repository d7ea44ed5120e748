"""Round-trips on the real engine, one account shape each: built with boto3 -> ``elasticache-rbac export
--stack-file`` -> ``preview`` creates only -> ``up`` with zero write calls -> ``preview`` no changes.
Each case also checks what the export wrote for the feature it is about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from tests.support import live

from .conftest import Adopting, export

PW = "round-trip-password-0123456789"


def _user(
    c: Any, uid: str, auth: str, *, engine: str = "redis", name: str | None = None, access: str = "on ~* +@read"
) -> None:
    mode: dict[str, Any] = {"Type": auth, **({"Passwords": [PW]} if auth == "password" else {})}
    c.create_user(UserId=uid, UserName=name or uid, Engine=engine, AccessString=access, AuthenticationMode=mode)


def several_groups(c: Any) -> None:
    for uid in ("ann", "bob", "cat"):
        _user(c, uid, "password")
    c.create_user_group(UserGroupId="g1", Engine="redis", UserIds=["default", "ann", "bob"])
    c.create_user_group(UserGroupId="g2", Engine="redis", UserIds=["default", "ann", "cat"])
    c.create_user_group(UserGroupId="g3", Engine="redis", UserIds=["default", "ann", "bob", "cat"])


def only_default(c: Any) -> None:
    c.create_user_group(UserGroupId="d1", Engine="redis", UserIds=["default"])
    c.create_user_group(UserGroupId="d2", Engine="redis", UserIds=["default"], Tags=[{"Key": "env", "Value": "on"}])


def valkey(c: Any) -> None:
    _user(c, "vk-app", "password", engine="valkey", access="on ~app:* +@all")
    _user(c, "vk-iam", "iam", engine="valkey")
    _user(c, "rd-app", "password")  # a redis user with a password may join a valkey group
    c.create_user_group(UserGroupId="vk", Engine="valkey", UserIds=["vk-app", "vk-iam", "rd-app"])
    c.create_user_group(UserGroupId="vk-empty", Engine="valkey")


def iam(c: Any) -> None:
    _user(c, "svc-orders", "iam", access="on ~orders:* +@all")
    _user(c, "svc-report", "iam", access="on ~* -@all +get +mget")
    c.create_user_group(UserGroupId="iam-app", Engine="redis", UserIds=["default", "svc-orders", "svc-report"])


def named_default(c: Any) -> None:
    _user(c, "app-default", "no-password-required", name="default", access="off -@all")
    _user(c, "app", "password")
    c.create_user_group(UserGroupId="swapped", Engine="redis", UserIds=["app-default", "app"])


def replication_group(c: Any) -> None:
    _user(c, "cache-app", "password")
    c.create_user_group(UserGroupId="cache-users", Engine="redis", UserIds=["default", "cache-app"])
    c.create_replication_group(
        ReplicationGroupId="cache",
        ReplicationGroupDescription="attached to an adopted group",
        Engine="redis",
        TransitEncryptionEnabled=True,
        UserGroupIds=["cache-users"],
    )


@dataclass(frozen=True)
class Case:
    build: Callable[[Any], None]
    creates: int  # the stack, the component, users and groups (the component's barrier comes on top)
    check: Callable[[dict[str, Any]], bool]


def _groups(spec: dict[str, Any]) -> dict[str, list[str]]:
    return {g["id"]: g.get("members") for g in spec["groups"]}


CASES = {
    "users-in-several-groups": Case(several_groups, 8, lambda s: _groups(s)["g3"] == ["default", "ann", "bob", "cat"]),
    "groups-holding-only-default": Case(
        only_default, 4, lambda s: s["users"] == [] and set(map(tuple, _groups(s).values())) == {("default",)}
    ),
    "valkey": Case(
        valkey,
        7,
        lambda s: (
            _groups(s) == {"vk": ["vk-app", "vk-iam", "rd-app"], "vk-empty": []}
            and {u["id"]: u["engine"] for u in s["users"]}
            == {"rd-app": "redis", "vk-app": "valkey", "vk-iam": "valkey"}
        ),
    ),
    "iam-users": Case(iam, 5, lambda s: {u["authentication"] for u in s["users"]} == {"iam"}),
    "user-named-default": Case(
        named_default, 5, lambda s: s["users"][1] == {**s["users"][1], "id": "app-default", "name": "default"}
    ),
    "group-attached-to-a-replication-group": Case(
        replication_group, 4, lambda s: _groups(s)["cache-users"] is not None
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_round_trip(name: str, adopting: Adopting) -> None:
    case = CASES[name]
    emu, stack = adopting.emu, adopting.stack
    case.build(emu.client())
    before = (live.users(emu), live.groups(emu))

    export(emu, "--stack-file", str(adopting.stack_file))
    spec = yaml.safe_load(adopting.stack_file.read_text())["config"]["elasticache-rbac:rbac"]
    assert case.check(spec), spec

    preview = stack.preview(on_output=print)
    assert dict(preview.change_summary) == {"create": case.creates + 1}, preview.change_summary
    emu.admin.clear_requests()
    stack.up(on_output=print)
    assert adopting.writes() == []
    live.assert_no_changes(stack)
    assert (live.users(emu), live.groups(emu)) == before
