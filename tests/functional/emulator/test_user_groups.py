"""User groups: Create/Modify/Delete/DescribeUserGroups rules (reference §1.7-1.10, §2.5-2.9)."""

from __future__ import annotations

from mypy_boto3_elasticache import ElastiCacheClient

from elasticache_emulator.testing import RunningEmulator
from tests.functional.emulator.helpers import describe_group, describe_user, group, raises, user


def test_create_user_group_shows_creating_then_active(ec: ElastiCacheClient) -> None:
    created = group(ec, "g1")
    assert created["Status"] == "creating"
    assert "PendingChanges" not in created
    assert (created["ReplicationGroups"], created["ServerlessCaches"]) == ([], [])
    assert created["ARN"] == "arn:aws:elasticache:us-east-1:123456789012:usergroup:g1"
    assert describe_group(ec, "g1")["Status"] == "active"


def test_user_group_id_is_stored_lowercase(ec: ElastiCacheClient) -> None:
    assert group(ec, "MyGroup")["UserGroupId"] == "mygroup"
    assert describe_group(ec, "MYGROUP")["UserGroupId"] == "mygroup"


def test_malformed_user_group_id_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "UserGroupId is not a valid identifier: 'g_1'"):
        group(ec, "g_1")


def test_duplicate_group_is_rejected(ec: ElastiCacheClient) -> None:
    group(ec, "g1")
    with raises("UserGroupAlreadyExists", "User group g1 already exists."):
        group(ec, "g1")


def test_group_without_default_user_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    with raises("DefaultUserRequired", "^User group needs to contain a user with the user name default.$", 400):
        group(ec, "g1", ["u1"])


def test_group_without_any_user_ids_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("DefaultUserRequired", "user name default"):
        ec.create_user_group(UserGroupId="g1", Engine="redis")


def test_a_custom_user_named_default_satisfies_the_requirement(ec: ElastiCacheClient) -> None:
    user(ec, "new-default", name="default")
    assert group(ec, "g1", ["new-default"])["UserIds"] == ["new-default"]


def test_two_members_with_the_same_user_name_are_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "new-default", name="default")
    with raises("DuplicateUserName", "user name default: users default, new-default"):
        group(ec, "g1", ["default", "new-default"])


def test_unknown_member_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("UserNotFound", "User ghost not found.", 404):
        group(ec, "g1", ["default", "ghost"])


def test_valkey_group_does_not_need_default_user_and_rejects_no_password_users(ec: ElastiCacheClient) -> None:
    user(ec, "v1", engine="valkey")
    assert group(ec, "vg", ["v1"], engine="valkey")["Engine"] == "valkey"
    with raises(
        "InvalidParameterValue", "User default uses no-password authentication and cannot be a member of valkey"
    ):
        group(ec, "vg2", ["default"], engine="valkey")


def test_valkey_group_accepts_redis_password_users(ec: ElastiCacheClient) -> None:
    user(ec, "r1")
    assert group(ec, "vg", ["r1"], engine="valkey")["UserIds"] == ["r1"]


def test_redis_group_rejects_valkey_users(ec: ElastiCacheClient) -> None:
    user(ec, "v1", engine="valkey")
    with raises("InvalidParameterValue", "User v1 has engine valkey and cannot be a member of redis user group g1"):
        group(ec, "g1", ["default", "v1"])


def test_users_per_group_quota(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(quotas={"users_per_user_group": 2}).client(max_attempts=1)
    user(ec, "u1")
    user(ec, "u2")
    with raises("UserGroupQuotaExceeded", "at most 2 users"):
        group(ec, "g1", ["default", "u1", "u2"])


def test_groups_per_region_quota(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(quotas={"user_groups_per_region": 1}).client(max_attempts=1)
    group(ec, "g1")
    with raises("UserGroupQuotaExceeded", "quota of 1 user groups"):
        group(ec, "g2")


def test_users_list_their_groups(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    group(ec, "g1", ["default", "u1"])
    group(ec, "g2", ["default", "u1"])
    assert describe_user(ec, "u1")["UserGroupIds"] == ["g1", "g2"]


# ---------------------------------------------------------------- ModifyUserGroup


def _active_group(ec: ElastiCacheClient, gid: str, members: list[str]) -> None:
    group(ec, gid, members)
    assert describe_group(ec, gid)["Status"] == "active"


def test_modify_group_shows_pending_changes_and_old_user_ids(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    user(ec, "u2")
    _active_group(ec, "g1", ["default", "u1"])
    modified = ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u2"], UserIdsToRemove=["u1"])
    assert modified["Status"] == "modifying"
    assert modified["UserIds"] == ["default", "u1"]
    assert modified["PendingChanges"] == {"UserIdsToAdd": ["u2"], "UserIdsToRemove": ["u1"]}
    after = describe_group(ec, "g1")
    assert (after["Status"], after["UserIds"], "PendingChanges" in after) == ("active", ["default", "u2"], False)


def test_swap_default_user_in_one_call(ec: ElastiCacheClient) -> None:
    user(ec, "new-default", name="default")
    _active_group(ec, "g1", ["default"])
    ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["new-default"], UserIdsToRemove=["default"])
    assert describe_group(ec, "g1")["UserIds"] == ["new-default"]


def test_adding_second_default_named_user_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "new-default", name="default")
    _active_group(ec, "g1", ["default"])
    with raises("DuplicateUserName", "user name default"):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["new-default"])


def test_removing_the_default_user_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    _active_group(ec, "g1", ["default", "u1"])
    with raises("DefaultUserRequired", "user name default"):
        ec.modify_user_group(UserGroupId="g1", UserIdsToRemove=["default"])


def test_removing_a_non_member_rejects_the_whole_request(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    user(ec, "u2")
    _active_group(ec, "g1", ["default"])
    with raises("InvalidParameterValue", "User u2 is not a member of user group g1.", 400):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u1"], UserIdsToRemove=["u2"])
    after = describe_group(ec, "g1")
    assert (after["Status"], after["UserIds"]) == ("active", ["default"])


def test_adding_an_existing_member_is_rejected(ec: ElastiCacheClient) -> None:
    _active_group(ec, "g1", ["default"])
    with raises("InvalidParameterValue", "User default is already a member of user group g1."):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["default"])


def test_adding_an_unknown_user_is_rejected(ec: ElastiCacheClient) -> None:
    _active_group(ec, "g1", ["default"])
    with raises("UserNotFound", "User ghost not found.", 404):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["ghost"])


def test_same_user_added_and_removed_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    _active_group(ec, "g1", ["default", "u1"])
    with raises("InvalidParameterCombination", "User u1 cannot be both added to and removed from user group g1"):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u1"], UserIdsToRemove=["u1"])


def test_modify_without_changes_is_rejected(ec: ElastiCacheClient) -> None:
    _active_group(ec, "g1", ["default"])
    with raises("InvalidParameterCombination", "No modifications were requested for user group g1"):
        ec.modify_user_group(UserGroupId="g1")


def test_modify_unknown_group(ec: ElastiCacheClient) -> None:
    with raises("UserGroupNotFound", "User group nope not found.", 404):
        ec.modify_user_group(UserGroupId="nope", UserIdsToAdd=["default"])


def test_modify_group_while_creating_is_rejected(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_group_create": 60}).client(max_attempts=1)
    user(ec, "u1")
    group(ec, "g1")
    with raises(
        "InvalidUserGroupState", "^User group g1 has status creating. Only active user groups can be modified.$"
    ):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u1"])


def test_modify_group_while_modifying_is_rejected(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_group_modify": 60}).client(max_attempts=1)
    user(ec, "u1")
    user(ec, "u2")
    group(ec, "g1")
    ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u1"])
    with raises(
        "InvalidUserGroupState", "User group g1 has status modifying. Only active user groups can be modified."
    ):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u2"])


def test_membership_change_puts_the_user_briefly_into_modifying(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_membership": 60}).client(max_attempts=1)
    user(ec, "u1")
    group(ec, "g1")
    ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u1"])
    assert describe_user(ec, "u1")["Status"] == "modifying"
    with raises("InvalidUserState", "^User u1 has status modifying. Only active users can be modified.$"):
        ec.modify_user(UserId="u1", AccessString="on ~* +@read")


def test_modify_group_engine_to_valkey_with_default_user_is_rejected(ec: ElastiCacheClient) -> None:
    _active_group(ec, "g1", ["default"])
    with raises("InvalidParameterValue", "User default uses no-password authentication"):
        ec.modify_user_group(UserGroupId="g1", Engine="valkey")


def test_modify_group_engine(ec: ElastiCacheClient) -> None:
    user(ec, "r1")
    group(ec, "vg", ["r1"], engine="valkey")
    ec.describe_user_groups()
    ec.modify_user_group(UserGroupId="vg", Engine="REDIS", UserIdsToAdd=["default"])
    after = describe_group(ec, "vg")
    assert (after["Engine"], after["UserIds"]) == ("redis", ["r1", "default"])


def test_too_many_members_via_modify_is_invalid_parameter_value(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(quotas={"users_per_user_group": 1}).client(max_attempts=1)
    user(ec, "u1")
    group(ec, "g1")
    ec.describe_user_groups()
    with raises("InvalidParameterValue", "at most 1 users"):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u1"])


# ---------------------------------------------------------------- DeleteUserGroup


def test_delete_group_shows_deleting_then_is_gone_and_keeps_users(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    _active_group(ec, "g1", ["default", "u1"])
    assert ec.delete_user_group(UserGroupId="g1")["Status"] == "deleting"
    with raises("UserGroupNotFound", "User group g1 not found.", 404):
        ec.describe_user_groups(UserGroupId="g1")
    assert describe_user(ec, "u1")["UserGroupIds"] == []


def test_delete_unknown_group(ec: ElastiCacheClient) -> None:
    with raises("UserGroupNotFound", "User group nope not found.", 404):
        ec.delete_user_group(UserGroupId="nope")


def test_delete_group_while_creating_is_rejected(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_group_create": 60}).client(max_attempts=1)
    group(ec, "g1")
    with raises("InvalidUserGroupState", "User group g1 has status creating. Only active user groups can be deleted."):
        ec.delete_user_group(UserGroupId="g1")


def test_deleting_group_stays_visible_until_gone(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    emu: RunningEmulator = emulator_factory(timings={"user_group_delete": 60})
    ec = emu.client(max_attempts=1)
    group(ec, "g1")
    ec.describe_user_groups()
    ec.delete_user_group(UserGroupId="g1")
    assert describe_group(ec, "g1")["Status"] == "deleting"
    emu.admin.advance_clock(61)
    with raises("UserGroupNotFound"):
        ec.describe_user_groups(UserGroupId="g1")
