"""User-group association with replication groups (reference §1.11, §2.9, §2.10)."""

from __future__ import annotations

from typing import Any

from mypy_boto3_elasticache import ElastiCacheClient

from tests.functional.emulator.helpers import describe_group, group, raises, user

TOKEN = "an-auth-token-of-20"


def _rg(ec: ElastiCacheClient, rgid: str = "rg1", **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("TransitEncryptionEnabled", True)
    result: dict[str, Any] = dict(
        ec.create_replication_group(ReplicationGroupId=rgid, ReplicationGroupDescription="test", **kwargs)[
            "ReplicationGroup"
        ]
    )
    ec.describe_replication_groups()  # let creation finish (zero delays)
    return result


def _active_group(
    ec: ElastiCacheClient, gid: str = "g1", engine: str = "redis", members: list[str] | None = None
) -> None:
    group(ec, gid, members, engine=engine)
    ec.describe_user_groups()


def test_create_with_user_group_sets_back_reference(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    created = _rg(ec, UserGroupIds=["G1"])
    assert (created["Status"], created["UserGroupIds"]) == ("creating", ["g1"])
    assert describe_group(ec, "g1")["ReplicationGroups"] == ["rg1"]


def test_create_with_unknown_user_group(ec: ElastiCacheClient) -> None:
    with raises("UserGroupNotFound", "User group nope not found.", 404):
        _rg(ec, UserGroupIds=["nope"])


def test_create_with_user_group_needs_in_transit_encryption(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    with raises(
        "InvalidParameterCombination",
        "^User group based access control requires encryption-in-transit to be enabled on the replication group.$",
    ):
        _rg(ec, UserGroupIds=["g1"], TransitEncryptionEnabled=False)


def test_create_with_non_active_user_group(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_group_create": 60}).client(max_attempts=1)
    group(ec, "g1")
    with raises("InvalidUserGroupState", "User group g1 has status creating"):
        _rg(ec, UserGroupIds=["g1"])


def test_redis_replication_group_rejects_valkey_user_group(ec: ElastiCacheClient) -> None:
    user(ec, "v1", engine="valkey")
    _active_group(ec, "vg", engine="valkey", members=["v1"])
    with raises("InvalidParameterValue", "a redis replication group can only use redis user groups"):
        _rg(ec, UserGroupIds=["vg"], Engine="redis")


def test_valkey_replication_group_accepts_redis_and_valkey_groups(ec: ElastiCacheClient) -> None:
    user(ec, "v1", engine="valkey")
    _active_group(ec, "vg", engine="valkey", members=["v1"])
    _active_group(ec, "rg-group")
    assert _rg(ec, "a", Engine="valkey", UserGroupIds=["vg"])["UserGroupIds"] == ["vg"]
    assert _rg(ec, "b", Engine="valkey", UserGroupIds=["rg-group"])["UserGroupIds"] == ["rg-group"]


def test_only_one_user_group_per_replication_group(ec: ElastiCacheClient) -> None:
    _active_group(ec, "g1")
    _active_group(ec, "g2")
    with raises("InvalidParameterValue", "at most 1 user group"):
        _rg(ec, UserGroupIds=["g1", "g2"])


def test_auth_token_and_user_group_are_exclusive_on_create(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    with raises("InvalidParameterCombination", "User group can't be associated with auth token enabled"):
        _rg(ec, UserGroupIds=["g1"], AuthToken=TOKEN)


def test_auth_token_needs_in_transit_encryption(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterCombination", "AuthToken can be specified only on replication groups where"):
        _rg(ec, AuthToken=TOKEN, TransitEncryptionEnabled=False)


def test_user_group_can_serve_several_replication_groups(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec, "rg1", UserGroupIds=["g1"])
    ec.describe_user_groups()
    _rg(ec, "rg2", UserGroupIds=["g1"])
    ec.describe_user_groups()
    assert describe_group(ec, "g1")["ReplicationGroups"] == ["rg1", "rg2"]


def test_modify_adds_user_group_asynchronously(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec)
    modified = ec.modify_replication_group(ReplicationGroupId="rg1", UserGroupIdsToAdd=["g1"])["ReplicationGroup"]
    assert modified["Status"] == "modifying"
    assert modified["UserGroupIds"] == []
    assert modified["PendingModifiedValues"]["UserGroups"] == {"UserGroupIdsToAdd": ["g1"], "UserGroupIdsToRemove": []}
    after = ec.describe_replication_groups(ReplicationGroupId="rg1")["ReplicationGroups"][0]
    assert (after["Status"], after["UserGroupIds"]) == ("available", ["g1"])


def test_adding_user_group_to_auth_token_group_needs_delete_strategy(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec, AuthToken=TOKEN)
    with raises(
        "InvalidParameterCombination",
        "^User group can't be associated with auth token enabled. Pass AuthStrategy delete to proceed$",
    ):
        ec.modify_replication_group(ReplicationGroupId="rg1", UserGroupIdsToAdd=["g1"])


def test_migrating_from_auth_token_to_rbac_with_delete_strategy(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec, AuthToken=TOKEN)
    ec.modify_replication_group(ReplicationGroupId="rg1", UserGroupIdsToAdd=["g1"], AuthTokenUpdateStrategy="DELETE")
    after = ec.describe_replication_groups(ReplicationGroupId="rg1")["ReplicationGroups"][0]
    assert (after["AuthTokenEnabled"], after["UserGroupIds"]) == (False, ["g1"])


def test_delete_strategy_outside_a_migration_is_rejected(ec: ElastiCacheClient) -> None:
    _rg(ec, AuthToken=TOKEN)
    with raises("InvalidParameterValue", "^Auth token update strategy delete is not supported currently$"):
        ec.modify_replication_group(ReplicationGroupId="rg1", AuthTokenUpdateStrategy="DELETE")


def test_remove_user_groups(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec, UserGroupIds=["g1"])
    ec.describe_user_groups()
    ec.modify_replication_group(ReplicationGroupId="rg1", RemoveUserGroups=True)
    assert ec.describe_replication_groups()["ReplicationGroups"][0]["UserGroupIds"] == []
    assert describe_group(ec, "g1")["ReplicationGroups"] == []


def test_removing_a_group_that_is_not_associated(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec)
    with raises("InvalidParameterValue", "User group g1 is not associated with replication group rg1."):
        ec.modify_replication_group(ReplicationGroupId="rg1", UserGroupIdsToRemove=["g1"])


def test_modify_unknown_replication_group(ec: ElastiCacheClient) -> None:
    with raises("ReplicationGroupNotFoundFault", "ReplicationGroup nope not found.", 404):
        ec.modify_replication_group(ReplicationGroupId="nope", RemoveUserGroups=True)


def test_attached_user_group_cannot_be_deleted(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec, UserGroupIds=["g1"])
    ec.describe_user_groups()
    with raises(
        "InvalidUserGroupState",
        "User group g1 is associated with replication group.*rg1. The user group must first be disassociated",
    ):
        ec.delete_user_group(UserGroupId="g1")


def test_user_group_can_be_deleted_after_its_replication_group(ec: ElastiCacheClient) -> None:
    _active_group(ec)
    _rg(ec, UserGroupIds=["g1"])
    ec.describe_user_groups()
    assert ec.delete_replication_group(ReplicationGroupId="rg1")["ReplicationGroup"]["Status"] == "deleting"
    assert ec.delete_user_group(UserGroupId="g1")["Status"] == "deleting"


def test_association_puts_the_user_group_into_modifying(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_group_association": 60}).client(max_attempts=1)
    _active_group(ec)
    _rg(ec, UserGroupIds=["g1"])
    assert describe_group(ec, "g1")["Status"] == "modifying"
