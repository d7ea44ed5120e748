"""Provider methods called directly against the emulator over HTTP (real boto3, no engine)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from pulumi_elasticache_rbac.dynamic_providers import (
    AlreadyExistsError,
    DependencyViolationError,
    OwnershipConflictError,
    UserGroupMembershipProvider,
    UserGroupProvider,
    UserProvider,
)
from pulumi_elasticache_rbac.dynamic_providers._fingerprint import legacy_fingerprint as _legacy_fingerprint
from pulumi_elasticache_rbac.dynamic_providers._fingerprint import password_fingerprint

from .conftest import RbacEnv, checked

PW = "correct-horse-battery-1"
PW2 = "correct-horse-battery-2"


def make_user(uid: str, *, name: str | None = None, **over: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "user_id": uid,
        "access_string": "on ~* +@all",
        "authentication_mode": {"type": "password", "passwords": [PW]},
    }
    if name:
        props["user_name"] = name
    props.update(over)
    return checked(UserProvider(), props)


def create_users(*uids: str) -> None:
    for uid in uids:
        UserProvider().create(make_user(uid))


def group_props(gid: str = "app", **over: Any) -> dict[str, Any]:
    return checked(UserGroupProvider(), {"user_group_id": gid, **over})


def members(env: RbacEnv, gid: str = "app") -> set[str]:
    return set(env.client().describe_user_groups(UserGroupId=gid)["UserGroups"][0].get("UserIds", []))


def test_user_lifecycle(rbac_env: RbacEnv) -> None:
    p = UserProvider()
    props = make_user("Alice", tags={"team": "a"})
    created = p.create(props)
    assert created.id == "alice"
    outs = created.outs or {}
    assert outs["arn"].endswith(":user:alice") and outs["status"] == "active"
    assert (outs["authentication_type"], outs["password_count"]) == ("password", 1)
    assert PW not in repr(outs)

    read = p.read("alice", outs)
    assert read.id == "alice"
    assert p.diff("alice", read.outs or {}, props).changes is False  # no perpetual diff

    news = {
        **props,
        "access_string": "on ~app:* +@read",
        "authentication_mode": {"type": "password", "passwords": [PW, PW2]},
    }
    assert p.diff("alice", outs, news).changes
    updated = p.update("alice", outs, news).outs or {}
    assert updated["password_count"] == 2 and updated["arn"] == outs["arn"]
    assert updated["password_fingerprint"] != outs["password_fingerprint"]
    live = rbac_env.client().describe_users(UserId="alice")["Users"][0]
    assert live["AccessString"].split()[:2] == ["on", "~app:*"]
    assert p.diff("alice", updated, news).changes is False

    rbac_env.next_deployment()
    p.delete("alice", updated)
    p.delete("alice", updated)  # idempotent
    assert p.read("alice", updated).id is None


def test_read_reports_out_of_band_changes(rbac_env: RbacEnv) -> None:
    p = UserProvider()
    props = make_user("bob")
    outs = p.create(props).outs or {}
    rbac_env.client().modify_user(UserId="bob", AccessString="on ~other:* +@all")
    refreshed = p.read("bob", outs).outs or {}
    assert refreshed["access_string"] == "on ~other:* +@all"
    assert p.diff("bob", refreshed, props).changes  # next up repairs it
    repaired = p.update("bob", refreshed, props).outs or {}
    assert rbac_env.client().describe_users(UserId="bob")["Users"][0]["AccessString"] == "on ~* +@all"
    assert p.diff("bob", repaired, props).changes is False


def test_create_existing_user_fails_or_adopts(rbac_env: RbacEnv) -> None:
    rbac_env.client().create_user(
        UserId="carol", UserName="carol", Engine="redis", AccessString="off", NoPasswordRequired=True
    )
    p = UserProvider()
    with pytest.raises(AlreadyExistsError, match="adopt_existing=True"):
        p.create(make_user("carol"))
    outs = p.create(make_user("carol", adopt_existing=True)).outs or {}
    assert outs["adopted"] is True
    live = rbac_env.client().describe_users(UserId="carol")["Users"][0]
    assert live["Authentication"]["Type"] == "password" and live["AccessString"] == "on ~* +@all"


def test_group_waits_through_creating_modifying_deleting(rbac_env: RbacEnv) -> None:
    create_users("u1", "u2")
    rbac_env.admin.configure(transition_delay=0.4)
    p = UserGroupProvider()
    props = group_props(user_ids=["default", "u1"])
    outs = p.create(props).outs or {}
    assert outs["status"] == "active" and outs["user_ids"] == ["default", "u1"]
    news = group_props(user_ids=["default", "u2"])
    outs = p.update("app", outs, news).outs or {}
    assert outs["status"] == "active" and outs["user_ids"] == ["default", "u2"]
    statuses = [r for r in rbac_env.admin.requests("DescribeUserGroups") if r.ok]
    assert len(statuses) >= 3  # it polled while the group was creating / modifying
    rbac_env.next_deployment()
    p.delete("app", outs)
    assert p.read("app", outs).id is None


def test_add_five_remove_two_is_one_write(rbac_env: RbacEnv) -> None:
    create_users("a1", "a2", "b1", "b2", "b3", "b4", "b5")
    p = UserGroupProvider()
    outs = p.create(group_props(user_ids=["default", "a1", "a2"])).outs or {}
    rbac_env.admin.clear_requests()
    news = group_props(user_ids=["default", "b1", "b2", "b3", "b4", "b5"])
    outs = p.update("app", outs, news).outs or {}
    assert rbac_env.writes() == ["ModifyUserGroup"]
    call = rbac_env.admin.requests("ModifyUserGroup")[0]
    assert sum(k.startswith("UserIdsToAdd") for k in call.params) == 5
    assert sum(k.startswith("UserIdsToRemove") for k in call.params) == 2
    assert members(rbac_env) == {"default", "b1", "b2", "b3", "b4", "b5"}


def test_retries_through_throttling_and_invalid_state(rbac_env: RbacEnv) -> None:
    create_users("u1", "u2")
    p = UserGroupProvider()
    outs = p.create(group_props(user_ids=["default"])).outs or {}
    rbac_env.admin.clear_requests()
    rbac_env.admin.add_fault(
        "ModifyUserGroup", "InvalidUserGroupState", message="User group app has status modifying.", times=2
    )
    rbac_env.admin.add_fault("ModifyUserGroup", "Throttling", message="Rate exceeded", times=4)
    outs = p.update("app", outs, group_props(user_ids=["default", "u1", "u2"])).outs or {}
    assert members(rbac_env) == {"default", "u1", "u2"}
    calls = rbac_env.admin.requests("ModifyUserGroup")
    assert [c.error_code for c in calls][-1] is None
    assert {c.error_code for c in calls} >= {"InvalidUserGroupState", "Throttling"}
    assert sum(c.ok for c in calls) == 1


def test_user_modify_retries_invalid_user_state(rbac_env: RbacEnv) -> None:
    p = UserProvider()
    props = make_user("dave")
    outs = p.create(props).outs or {}
    rbac_env.admin.add_fault("ModifyUser", "InvalidUserState", message="User dave has status modifying.", times=2)
    news = {**props, "access_string": "on ~x:* +@all"}
    p.update("dave", outs, news)
    assert rbac_env.client().describe_users(UserId="dave")["Users"][0]["AccessString"] == "on ~x:* +@all"


def test_create_is_transactional(rbac_env: RbacEnv) -> None:
    p = UserGroupProvider()
    rbac_env.admin.add_fault("DescribeUserGroups", "InvalidParameterCombination", message="boom", times=1)
    with pytest.raises(Exception, match="boom"):
        p.create(group_props(user_ids=["default"]))
    assert rbac_env.client().describe_user_groups()["UserGroups"] == []
    # A user is created 'active' (CreateUser says so), so its create has no wait that could fail after
    # the write: a failing DescribeUsers no longer matters (the wait-then-delete branch is kept for a
    # CreateUser answer that is not 'active', which the emulator never gives).
    rbac_env.admin.add_fault("DescribeUsers", "InvalidParameterCombination", message="boom", times=1)
    assert (UserProvider().create(make_user("erin")).outs or {})["status"] == "active"


def test_gone_user_removal_keeps_additions(rbac_env: RbacEnv) -> None:
    create_users("a", "b", "c")
    p = UserGroupProvider()
    outs = p.create(group_props(user_ids=["default", "a", "b"])).outs or {}
    # b is deleted out of band; the service detaches it asynchronously
    rbac_env.admin.configure(timings={"user_delete": 1.0})
    rbac_env.client().delete_user(UserId="b")
    # and answers the removal of b with "not a member" once
    rbac_env.admin.add_fault(
        "ModifyUserGroup", "InvalidParameterValue", message="User b is not a member of user group app.", times=1
    )
    p.update("app", outs, group_props(user_ids=["default", "a", "c"]))
    # the addition of c went through although the removal of b was refused
    assert {"default", "a", "c"} <= members(rbac_env)
    ok = [c for c in rbac_env.admin.requests("ModifyUserGroup") if c.ok]
    assert len(ok) == 1 and "UserIdsToAdd.member.1" in ok[0].params
    time.sleep(1.2)  # the service finishes detaching b
    assert members(rbac_env) == {"default", "a", "c"}


def test_memberships_are_additive_and_serialized(rbac_env: RbacEnv) -> None:
    create_users("a", "b", "x")
    gp = UserGroupProvider()
    gp.create(group_props())  # not authoritative: starts with the built-in default user
    rbac_env.client().modify_user_group(UserGroupId="app", UserIdsToAdd=["x"])  # someone else's member
    mp = UserGroupMembershipProvider()
    m1 = mp.create(checked(mp, {"user_group_id": "APP", "user_ids": ["a"]}))
    m2 = mp.create(checked(mp, {"user_group_id": "app", "user_ids": ["b"]}))
    assert m1.id != m2.id and m1.id.startswith("app/")
    assert members(rbac_env) == {"default", "x", "a", "b"}
    # removal out of band shows as drift, update repairs it
    rbac_env.client().modify_user_group(UserGroupId="app", UserIdsToRemove=["a"])
    read = mp.read(m1.id, m1.outs or {}).outs or {}
    assert read["user_ids"] == []
    news = checked(mp, {"user_group_id": "app", "user_ids": ["a"]})
    assert mp.diff(m1.id, read, news).changes
    mp.update(m1.id, read, news)
    assert members(rbac_env) == {"default", "x", "a", "b"}
    mp.delete(m1.id, m1.outs or {})
    assert members(rbac_env) == {"default", "x", "b"}
    mp.delete(m1.id, m1.outs or {})  # idempotent
    assert members(rbac_env) == {"default", "x", "b"}


def test_membership_refuses_authoritative_group(rbac_env: RbacEnv) -> None:
    create_users("a")
    UserGroupProvider().create(group_props(user_ids=["default"]))
    rbac_env.admin.clear_requests()
    mp = UserGroupMembershipProvider()
    with pytest.raises(OwnershipConflictError, match="managed by a UserGroup with user_ids"):
        mp.create(checked(mp, {"user_group_id": "app", "user_ids": ["a"]}))
    assert rbac_env.writes() == []


def test_delete_refuses_attached_group_and_default_named_member(rbac_env: RbacEnv) -> None:
    p = UserProvider()
    newdef = make_user("newdef", name="default")
    p.create(newdef)
    gp = UserGroupProvider()
    g = gp.create(group_props(user_ids=["newdef"])).outs or {}
    rbac_env.next_deployment()
    with pytest.raises(DependencyViolationError, match="remove it from app"):
        p.delete("newdef", newdef)
    rbac_env.client().create_replication_group(
        ReplicationGroupId="rg1",
        ReplicationGroupDescription="d",
        Engine="redis",
        TransitEncryptionEnabled=True,
        UserGroupIds=["app"],
    )
    with pytest.raises(DependencyViolationError, match="replication group"):
        gp.delete("app", g)
    assert members(rbac_env) == {"newdef"}


def test_create_uses_the_create_user_answer_when_already_active(rbac_env: RbacEnv) -> None:
    rbac_env.admin.clear_requests()
    outs = UserProvider().create(make_user("alice")).outs or {}
    assert [r.operation for r in rbac_env.admin.requests()] == ["CreateUser"]  # no DescribeUsers after it
    live = rbac_env.client().describe_users(UserId="alice")["Users"][0]
    assert (outs["status"], outs["arn"], outs["password_count"]) == ("active", live["ARN"], 1)
    assert outs["minimum_engine_version"] == live["MinimumEngineVersion"]


def test_fingerprint_never_contains_password() -> None:
    fp = password_fingerprint([PW])
    assert PW not in fp and fp.startswith("v2:hmac-sha256:")


def test_update_rewrites_a_pre_v2_fingerprint_without_resending_passwords(rbac_env: RbacEnv) -> None:
    p = UserProvider()
    props = make_user("alice")
    outs = p.create(props).outs or {}
    outs["password_fingerprint"] = _legacy_fingerprint([PW], 1000, "ab" * 16)  # as an older version wrote it
    rbac_env.admin.clear_requests()
    updated = p.update("alice", outs, {**props, "tags": {"team": "a"}}).outs or {}
    assert updated["password_fingerprint"].startswith("v2:hmac-sha256:")
    assert "ModifyUser" not in rbac_env.writes()  # same passwords: nothing re-sent
    assert p.diff("alice", updated, {**props, "tags": {"team": "a"}}).changes is False
