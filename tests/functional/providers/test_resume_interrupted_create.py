"""An interrupted create (engine or provider process killed between the create call and the end of its
wait) leaves the object in ElastiCache but not in the stack. The next create of the *same* resource sees
its own ``created-by`` tag and resumes; anything else still fails with AlreadyExists."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from pulumi_elasticache_rbac.dynamic_providers import (
    AlreadyExistsError,
    UserGroupMembershipProvider,
    UserGroupProvider,
    UserProvider,
    WaitTimeoutError,
)
from pulumi_elasticache_rbac.dynamic_providers._ownership import OWNER_KEY as CREATOR_KEY
from pulumi_elasticache_rbac.dynamic_providers._ownership import OWNER_TAG_KEY as CREATOR_TAG_KEY

from .conftest import RbacEnv, checked

PW = "correct-horse-battery-1"
ME = "urn:pulumi:stack::proj::pulumi-python:dynamic/elasticache-rbac:UserGroup::app"


def group_props(**over: Any) -> dict[str, Any]:
    return checked(UserGroupProvider(), {"user_group_id": "app", "user_ids": ["default", "alice"], **over})


def user_props(**over: Any) -> dict[str, Any]:
    props = {
        "user_id": "alice",
        "access_string": "on ~* +@all",
        "authentication_mode": {"type": "password", "passwords": [PW]},
        **over,
    }
    return checked(UserProvider(), props)


def tags(env: RbacEnv, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in env.client().list_tags_for_resource(ResourceName=arn)["TagList"]}


def test_group_create_tags_the_creator_and_resumes_its_own_interrupted_create(rbac_env: RbacEnv) -> None:
    UserProvider().create(user_props())
    # what an interrupted first `up` left behind: the group, created with this resource's tag, still
    # creating, with only part of the members
    rbac_env.admin.configure(timings={"user_group_create": 1.0})
    rbac_env.client().create_user_group(
        UserGroupId="app", Engine="redis", UserIds=["default"], Tags=[{"Key": CREATOR_TAG_KEY, "Value": ME}]
    )
    created = UserGroupProvider().create(group_props(**{CREATOR_KEY: ME, "tags": {"team": "a"}}))
    outs = created.outs or {}
    assert created.id == "app" and outs["adopted"] is False
    assert outs["user_ids"] == ["alice", "default"]
    live = rbac_env.client().describe_user_groups(UserGroupId="app")["UserGroups"][0]
    assert set(live["UserIds"]) == {"default", "alice"}
    assert tags(rbac_env, live["ARN"]) == {
        CREATOR_TAG_KEY: ME,
        "team": "a",
        "pulumi-elasticache-rbac:membership": "authoritative",
    }
    # refresh never reports the provider's own tags as drift
    read = UserGroupProvider().read("app", outs)
    assert (read.outs or {})["tags"] == {"team": "a"}


def test_group_create_of_someone_elses_group_still_fails(rbac_env: RbacEnv) -> None:
    UserProvider().create(user_props())
    rbac_env.client().create_user_group(
        UserGroupId="app", Engine="redis", UserIds=["default"], Tags=[{"Key": CREATOR_TAG_KEY, "Value": "other"}]
    )
    rbac_env.client().create_user_group(UserGroupId="untagged", Engine="redis", UserIds=["default"])
    with pytest.raises(AlreadyExistsError, match="adopt_existing"):
        UserGroupProvider().create(group_props(**{CREATOR_KEY: ME}))
    with pytest.raises(AlreadyExistsError):
        UserGroupProvider().create(group_props(user_group_id="untagged", **{CREATOR_KEY: ME}))
    # nothing was changed on either group, and neither was deleted by the failed creates
    groups = {g["UserGroupId"]: g for g in rbac_env.client().describe_user_groups()["UserGroups"]}
    assert {gid: g["UserIds"] for gid, g in groups.items()} == {"app": ["default"], "untagged": ["default"]}


def test_user_create_resumes_its_own_interrupted_create(rbac_env: RbacEnv) -> None:
    me = "urn:pulumi:stack::proj::pulumi-python:dynamic/elasticache-rbac:User::alice"
    created = UserProvider().create(user_props(**{CREATOR_KEY: me}))
    assert tags(rbac_env, (created.outs or {})["arn"]) == {CREATOR_TAG_KEY: me}
    # the state was lost (the engine died before recording the create): the same resource again, now
    # with a changed access string
    rbac_env.admin.clear_requests()
    again = UserProvider().create(user_props(**{CREATOR_KEY: me, "access_string": "on ~app:* +@read"}))
    assert (again.outs or {})["adopted"] is False
    live = rbac_env.client().describe_users(UserId="alice")["Users"][0]
    assert live["AccessString"] == "on ~app:* +@read"
    assert [u["UserId"] for u in rbac_env.client().describe_users()["Users"]].count("alice") == 1
    assert rbac_env.writes() == ["CreateUser", "ModifyUser"]
    # another resource's user with that id is not taken over
    with pytest.raises(AlreadyExistsError):
        UserProvider().create(user_props(**{CREATOR_KEY: me.replace("::alice", "::someone-else")}))


def test_user_update_after_a_timed_out_wait_does_not_send_the_change_again(rbac_env: RbacEnv) -> None:
    p = UserProvider()
    old = p.create(user_props()).outs or {}
    news = user_props(access_string="on ~app:* +@read")
    rbac_env.admin.configure(timings={"user_modify": 3600.0})
    p.configure(ConfigureRequest(Config({"elasticache-rbac:waitTimeoutSeconds": "1"}, project_name="test")))
    with pytest.raises(WaitTimeoutError, match="run `pulumi up` again to resume"):
        p.update("alice", old, news)
    rbac_env.admin.advance_clock(3600)
    rbac_env.admin.clear_requests()
    p.update("alice", old, news)  # the engine retries with the same old outputs
    assert rbac_env.writes() == []
    assert rbac_env.client().describe_users(UserId="alice")["Users"][0]["AccessString"] == "on ~app:* +@read"


def test_membership_on_a_group_another_pipeline_is_modifying_waits_instead_of_failing(rbac_env: RbacEnv) -> None:
    """Tagging calls fail with "not available for tagging" while a group is modifying (found by the
    concurrent-modification scenario of tests/integration/reliability)."""
    for uid in ("alice", "bob"):
        UserProvider().create(user_props(user_id=uid))
    rbac_env.client().create_user_group(UserGroupId="shared", Engine="redis", UserIds=["default"])
    rbac_env.admin.configure(timings={"user_group_modify": 1.0})
    rbac_env.client().modify_user_group(UserGroupId="shared", UserIdsToAdd=["bob"])  # someone else's change
    props = checked(UserGroupMembershipProvider(), {"user_group_id": "shared", "user_ids": ["alice"]})
    UserGroupMembershipProvider().create(props)
    members = rbac_env.client().describe_user_groups(UserGroupId="shared")["UserGroups"][0]["UserIds"]
    assert set(members) == {"default", "alice", "bob"}
