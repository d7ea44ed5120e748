"""Users: CreateUser / ModifyUser / DeleteUser / DescribeUsers rules (reference §1.3-1.6, §2.1-2.5, §2.7-2.9)."""

from __future__ import annotations

from mypy_boto3_elasticache import ElastiCacheClient

from tests.functional.emulator.helpers import PW, PW2, describe_group, describe_user, group, raises, user


def test_builtin_default_user_is_listed_with_its_documented_shape(ec: ElastiCacheClient) -> None:
    users = ec.describe_users()["Users"]
    assert users == [
        {
            "UserId": "default",
            "UserName": "default",
            "Status": "active",
            "Engine": "redis",
            "MinimumEngineVersion": "6.0",
            "AccessString": "on ~* +@all",
            "UserGroupIds": [],
            "Authentication": {"Type": "no-password"},
            "ARN": "arn:aws:elasticache:us-east-1:123456789012:user:default",
        }
    ]


def test_create_user_returns_active_user_with_password_count(ec: ElastiCacheClient) -> None:
    created = user(ec, "u1", Passwords=[PW, PW2])
    assert created["Status"] == "active"
    assert created["Authentication"] == {"Type": "password", "PasswordCount": 2}
    assert created["ARN"] == "arn:aws:elasticache:us-east-1:123456789012:user:u1"
    assert created["UserGroupIds"] == []


def test_passwords_are_never_returned(ec: ElastiCacheClient, emulator) -> None:  # type: ignore[no-untyped-def]
    user(ec, "u1")
    assert PW not in str(ec.describe_users()) and PW not in str(emulator.admin.requests())


def test_user_id_is_stored_lowercase_and_looked_up_case_insensitively(ec: ElastiCacheClient) -> None:
    created = user(ec, "MixedCase", name="MixedName")
    assert created["UserId"] == "mixedcase"
    assert created["ARN"].endswith(":user:mixedcase")
    assert describe_user(ec, "MIXEDCASE")["UserId"] == "mixedcase"


def test_user_name_keeps_its_case(ec: ElastiCacheClient) -> None:
    assert user(ec, "u1", name="myUser")["UserName"] == "myUser"


def test_user_names_need_not_be_unique(ec: ElastiCacheClient) -> None:
    user(ec, "user1", name="myUser")
    user(ec, "user2", name="myUser")
    assert {u["UserId"] for u in ec.describe_users()["Users"]} == {"default", "user1", "user2"}


def test_malformed_user_id_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", r"UserId is not a valid identifier: '1bad_id!'", 400):
        user(ec, "1bad_id!")


def test_user_id_with_trailing_hyphen_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "must not end with a hyphen"):
        user(ec, "bad-")


def test_user_id_longer_than_40_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "at most 40 characters"):
        user(ec, "a" * 41)


def test_duplicate_user_id_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    with raises("UserAlreadyExists", "User u1 already exists.", 400):
        user(ec, "U1")


def test_creating_default_user_id_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("UserAlreadyExists", "User default already exists."):
        user(ec, "default")


def test_engine_is_case_insensitive(ec: ElastiCacheClient) -> None:
    assert user(ec, "u1", engine="REDIS")["Engine"] == "redis"


def test_unknown_engine_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", 'Unknown parameter for Engine: "memcached", must be one of: redis, valkey'):
        user(ec, "u1", engine="memcached")


def test_valkey_user_reports_its_minimum_engine_version(ec: ElastiCacheClient) -> None:
    assert user(ec, "u1", engine="valkey")["MinimumEngineVersion"] == "7.2"


def test_no_password_user_is_described_as_no_password(ec: ElastiCacheClient) -> None:
    created = ec.create_user(
        UserId="u1",
        UserName="u1",
        Engine="redis",
        AccessString="on ~* +@all",
        AuthenticationMode={"Type": "no-password-required"},
    )
    assert created["Authentication"] == {"Type": "no-password"}


def test_iam_user_needs_user_id_equal_to_user_name(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterCombination", "User Id and User name must be same for authentication type: iam"):
        user(ec, "u1", name="other", Passwords=None, AuthenticationMode={"Type": "iam"})


def test_iam_user_is_created(ec: ElastiCacheClient) -> None:
    created = ec.create_user(
        UserId="iam1", UserName="iam1", Engine="redis", AccessString="on ~* +@all", AuthenticationMode={"Type": "iam"}
    )
    assert created["Authentication"] == {"Type": "iam"}


def test_user_without_any_authentication_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "Input Authentication type: null is not in the allowed list"):
        ec.create_user(UserId="u1", UserName="u1", Engine="redis", AccessString="on ~* +@all")


def test_three_passwords_are_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "at most 2 passwords"):
        user(ec, "u1", Passwords=[PW, PW2, PW + "3"])


def test_short_password_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "^Passwords length must be between 16-128 characters.$"):
        user(ec, "u1", Passwords=["short"])


def test_password_with_at_sign_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "cannot contain"):
        user(ec, "u1", Passwords=["user@example.com-long"])


def test_passwords_in_two_arguments_are_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterCombination", "Passwords provided via multiple arguments"):
        user(ec, "u1", AuthenticationMode={"Type": "password", "Passwords": [PW2]})


def test_valkey_user_cannot_be_no_password(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "valkey engine does not support no-password"):
        user(ec, "u1", engine="valkey", nopass=True)


def test_blank_access_string_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "non-whitespace"):
        user(ec, "u1", access="   ")


def test_password_in_access_string_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "You can't specify passwords in an access string") as info:
        user(ec, "u1", access="on >secretpassword ~* +@all")
    message = info.value.response["Error"]["Message"]
    assert "secretpassword" not in message and "rule 2 is a '>' (add password) rule" in message


def test_reset_in_access_string_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "reset"):
        user(ec, "u1", access="reset on ~* +@all")


def test_granting_forbidden_command_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "'shutdown' is restricted"):
        user(ec, "u1", access="on ~* +shutdown")


def test_too_many_tags_are_rejected(ec: ElastiCacheClient) -> None:
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    with raises("TagQuotaPerResourceExceeded", "51 tags"):
        user(ec, "u1", Tags=tags)


def test_user_quota(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(quotas={"users_per_region": 2}).client(max_attempts=1)
    user(ec, "u1")
    with raises("UserQuotaExceeded", "quota of 2 users"):
        user(ec, "u2")


# ---------------------------------------------------------------- ModifyUser


def test_modify_user_replaces_access_string_and_shows_modifying(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    modified = ec.modify_user(UserId="u1", AccessString="on ~app:* +@read")
    assert (modified["Status"], modified["AccessString"]) == ("modifying", "on ~app:* +@read")
    assert describe_user(ec, "u1")["Status"] == "active"


def test_append_access_string_appends(ec: ElastiCacheClient) -> None:
    user(ec, "u1", access="on ~app::* -@all +@read")
    modified = ec.modify_user(UserId="u1", AppendAccessString="+@hash")
    assert modified["AccessString"] == "on ~app::* -@all +@read +@hash"


def test_access_string_and_append_together_are_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    with raises("InvalidParameterCombination", "cannot be specified together"):
        ec.modify_user(UserId="u1", AccessString="on ~* +@all", AppendAccessString="+get")


def test_modify_user_without_changes_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    with raises("InvalidParameterCombination", "No modifications were requested for user u1"):
        ec.modify_user(UserId="u1")


def test_modify_user_switches_to_no_password(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    assert ec.modify_user(UserId="u1", NoPasswordRequired=True)["Authentication"] == {"Type": "no-password"}


def test_modify_user_sets_two_passwords(ec: ElastiCacheClient) -> None:
    user(ec, "u1", nopass=True)
    modified = ec.modify_user(UserId="u1", Passwords=[PW, PW2])
    assert modified["Authentication"] == {"Type": "password", "PasswordCount": 2}


def test_modify_user_to_iam_requires_matching_name(ec: ElastiCacheClient) -> None:
    user(ec, "u1", name="other")
    with raises("InvalidParameterCombination", "must be same for authentication type: iam"):
        ec.modify_user(UserId="u1", AuthenticationMode={"Type": "iam"})


def test_modify_user_changes_engine(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    modified = ec.modify_user(UserId="u1", Engine="VALKEY")
    assert (modified["Engine"], modified["MinimumEngineVersion"]) == ("valkey", "7.2")


def test_modify_no_password_user_to_valkey_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1", nopass=True)
    with raises("InvalidParameterValue", "valkey engine does not support no-password"):
        ec.modify_user(UserId="u1", Engine="valkey")


def test_modify_member_of_redis_group_to_valkey_is_rejected(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    group(ec, "g1", ["default", "u1"])
    with raises("InvalidParameterValue", "cannot be a member of redis user group g1"):
        ec.modify_user(UserId="u1", Engine="valkey")


def test_modify_unknown_user(ec: ElastiCacheClient) -> None:
    with raises("UserNotFound", "User nope not found.", 404):
        ec.modify_user(UserId="nope", AccessString="on ~* +@all")


def test_default_user_cannot_be_modified(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "User default is the built-in default user and cannot be modified."):
        ec.modify_user(UserId="default", AccessString="off")


def test_modify_rejects_password_in_append(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    with raises("InvalidParameterValue", "passwords"):
        ec.modify_user(UserId="u1", AppendAccessString=">pw")


# ---------------------------------------------------------------- DeleteUser


def test_delete_user_shows_deleting_then_is_gone(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    assert ec.delete_user(UserId="u1")["Status"] == "deleting"
    with raises("UserNotFound", "User u1 not found.", 404):
        ec.describe_users(UserId="u1")


def test_delete_unknown_user(ec: ElastiCacheClient) -> None:
    with raises("UserNotFound", "User ghost not found.", 404):
        ec.delete_user(UserId="ghost")


def test_default_user_cannot_be_deleted(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterValue", "cannot be deleted"):
        ec.delete_user(UserId="default")


def test_delete_member_keeps_group_ids_in_response_and_leaves_groups(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    group(ec, "g1", ["default", "u1"])
    ec.describe_user_groups()  # let the group become active
    deleted = ec.delete_user(UserId="u1")
    assert (deleted["Status"], deleted["UserGroupIds"]) == ("deleting", ["g1"])
    assert ec.describe_user_groups(UserGroupId="g1")["UserGroups"][0]["UserIds"] == ["default"]


def test_delete_member_detaches_it_through_a_group_modification(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    emu = emulator_factory(timings={"user_delete": 120, "user_group_modify": 60})
    ec = emu.client(max_attempts=1)
    user(ec, "u1")
    group(ec, "g1", ["default", "u1"])
    deleted = ec.delete_user(UserId="u1")
    assert (deleted["Status"], deleted["UserGroupIds"]) == ("deleting", ["g1"])
    during = describe_group(ec, "g1")
    assert (during["Status"], during["UserIds"]) == ("modifying", ["default", "u1"])
    assert during["PendingChanges"] == {"UserIdsToRemove": ["u1"]}
    emu.admin.advance_clock(61)
    after = describe_group(ec, "g1")
    assert (after["Status"], after["UserIds"], "PendingChanges" in after) == ("active", ["default"], False)
    assert (describe_user(ec, "u1")["Status"], describe_user(ec, "u1")["UserGroupIds"]) == ("deleting", [])


def test_removing_a_detached_deleting_user_rejects_the_whole_request(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    emu = emulator_factory(timings={"user_delete": 120})
    ec = emu.client(max_attempts=1)
    user(ec, "u1")
    user(ec, "u2")
    group(ec, "g1", ["default", "u1"])
    ec.delete_user(UserId="u1")
    assert describe_group(ec, "g1")["UserIds"] == ["default"]
    with raises("InvalidParameterValue", "^User u1 is not a member of user group g1.$", 400):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u2"], UserIdsToRemove=["u1"])
    after = describe_group(ec, "g1")
    assert (after["Status"], after["UserIds"], "PendingChanges" in after) == ("active", ["default"], False)
    assert describe_user(ec, "u2")["UserGroupIds"] == []
    assert describe_user(ec, "u1")["Status"] == "deleting"


def test_removing_a_deleted_user_rejects_the_whole_request(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    user(ec, "u2")
    group(ec, "g1", ["default", "u1"])
    ec.delete_user(UserId="u1")
    with raises("InvalidParameterValue", "^User u1 is not a member of user group g1.$", 400):
        ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u2"], UserIdsToRemove=["u1"])
    assert describe_group(ec, "g1")["UserIds"] == ["default"]


def test_delete_member_of_a_modifying_group_is_dropped_when_that_change_ends(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    emu = emulator_factory(timings={"user_group_modify": 60, "user_delete": 120})
    ec = emu.client(max_attempts=1)
    user(ec, "u1")
    user(ec, "u2")
    group(ec, "g1", ["default", "u1"])
    ec.modify_user_group(UserGroupId="g1", UserIdsToAdd=["u2"])
    ec.delete_user(UserId="u1")
    assert describe_group(ec, "g1")["PendingChanges"] == {"UserIdsToAdd": ["u2"], "UserIdsToRemove": ["u1"]}
    emu.admin.advance_clock(61)
    assert describe_group(ec, "g1")["UserIds"] == ["default", "u2"]


def test_delete_member_without_detaching_keeps_it_listed_until_gone(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    emu = emulator_factory(timings={"user_delete": 60}, rules={"delete_user_detaches_from_groups": False})
    ec = emu.client(max_attempts=1)
    user(ec, "u1")
    group(ec, "g1", ["default", "u1"])
    ec.delete_user(UserId="u1")
    listed = describe_group(ec, "g1")
    assert (listed["Status"], listed["UserIds"]) == ("active", ["default", "u1"])
    emu.admin.advance_clock(61)
    assert describe_group(ec, "g1")["UserIds"] == ["default"]


def test_deleting_a_default_named_user_in_a_group_is_refused(ec: ElastiCacheClient) -> None:
    user(ec, "new-default", name="default")
    group(ec, "g1", ["new-default"])
    with raises("DefaultUserAssociatedToUserGroup", "User new-default is associated to user group.*g1"):
        ec.delete_user(UserId="new-default")


def test_deleting_a_default_named_user_outside_groups_is_allowed(ec: ElastiCacheClient) -> None:
    user(ec, "new-default", name="default")
    assert ec.delete_user(UserId="new-default")["Status"] == "deleting"


def test_deleting_a_user_twice_is_rejected(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_delete": 60}).client(max_attempts=1)
    user(ec, "u1")
    ec.delete_user(UserId="u1")
    with raises("InvalidUserState", "^User u1 has status deleting. Only active users can be deleted.$"):
        ec.delete_user(UserId="u1")


def test_modify_user_while_modifying_is_rejected(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_modify": 60}).client(max_attempts=1)
    user(ec, "u1")
    ec.modify_user(UserId="u1", AccessString="on ~* +@read")
    with raises("InvalidUserState", "^User u1 has status modifying. Only active users can be modified.$", 400):
        ec.modify_user(UserId="u1", AccessString="on ~* +@all")
