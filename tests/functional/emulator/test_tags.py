"""Tagging of user and user-group ARNs (reference §2.12)."""

from __future__ import annotations

from mypy_boto3_elasticache import ElastiCacheClient

from tests.functional.emulator.helpers import group, raises, user

USER_ARN = "arn:aws:elasticache:us-east-1:123456789012:user:u1"
GROUP_ARN = "arn:aws:elasticache:us-east-1:123456789012:usergroup:g1"


def test_tags_given_on_create_are_listed(ec: ElastiCacheClient) -> None:
    user(ec, "u1", Tags=[{"Key": "team", "Value": "a"}])
    assert ec.list_tags_for_resource(ResourceName=USER_ARN)["TagList"] == [{"Key": "team", "Value": "a"}]


def test_add_and_remove_tags_on_a_user_group(ec: ElastiCacheClient) -> None:
    group(ec, "g1")
    ec.describe_user_groups()
    added = ec.add_tags_to_resource(
        ResourceName=GROUP_ARN, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    )
    assert added["TagList"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    removed = ec.remove_tags_from_resource(ResourceName=GROUP_ARN, TagKeys=["a"])
    assert removed["TagList"] == [{"Key": "b", "Value": "2"}]


def test_add_tags_overwrites_values(ec: ElastiCacheClient) -> None:
    user(ec, "u1", Tags=[{"Key": "a", "Value": "1"}])
    assert ec.add_tags_to_resource(ResourceName=USER_ARN, Tags=[{"Key": "a", "Value": "2"}])["TagList"] == [
        {"Key": "a", "Value": "2"}
    ]


def test_tags_on_unknown_user(ec: ElastiCacheClient) -> None:
    with raises("UserNotFound", "User u1 not found.", 404):
        ec.list_tags_for_resource(ResourceName=USER_ARN)


def test_tags_on_unknown_group(ec: ElastiCacheClient) -> None:
    with raises("UserGroupNotFound", "User group g1 not found.", 404):
        ec.add_tags_to_resource(ResourceName=GROUP_ARN, Tags=[{"Key": "a", "Value": "1"}])


def test_malformed_arn(ec: ElastiCacheClient) -> None:
    with raises("InvalidARN", "The ARN not-an-arn is not a valid ElastiCache ARN.", 400):
        ec.list_tags_for_resource(ResourceName="not-an-arn")


def test_arn_of_another_region(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    with raises("InvalidARN", "does not belong to account 123456789012 in region us-east-1"):
        ec.list_tags_for_resource(ResourceName=USER_ARN.replace("us-east-1", "eu-west-1"))


def test_tag_quota_on_add(ec: ElastiCacheClient) -> None:
    user(ec, "u1", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with raises("TagQuotaPerResourceExceeded", "51 tags"):
        ec.add_tags_to_resource(ResourceName=USER_ARN, Tags=[{"Key": "one-more", "Value": "v"}])


def test_removing_an_absent_tag_key(ec: ElastiCacheClient) -> None:
    user(ec, "u1")
    with raises("TagNotFound", "Tag key nope was not found on resource", 404):
        ec.remove_tags_from_resource(ResourceName=USER_ARN, TagKeys=["nope"])


def test_modifying_user_is_not_available_for_tagging(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_modify": 60}).client(max_attempts=1)
    user(ec, "u1")
    ec.modify_user(UserId="u1", AccessString="on ~* +@read")
    with raises("UserNotFound", "^u1 is not available for tagging$", 404):
        ec.list_tags_for_resource(ResourceName=USER_ARN)


def test_creating_group_is_not_available_for_tagging(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_group_create": 60}).client(max_attempts=1)
    group(ec, "g1")
    with raises("UserGroupNotFound", "^g1 is not available for tagging$", 404):
        ec.list_tags_for_resource(ResourceName=GROUP_ARN)


def test_tags_given_on_create_user_group_are_listed(ec: ElastiCacheClient) -> None:
    ec.create_user_group(UserGroupId="g1", Engine="redis", UserIds=["default"], Tags=[{"Key": "env", "Value": "dev"}])
    ec.describe_user_groups()
    assert ec.list_tags_for_resource(ResourceName=GROUP_ARN)["TagList"] == [{"Key": "env", "Value": "dev"}]


def test_too_many_tags_on_create_user_group(ec: ElastiCacheClient) -> None:
    with raises("TagQuotaPerResourceExceeded", "maximum number of tags permitted on a resource is 50"):
        ec.create_user_group(
            UserGroupId="g1", Engine="redis", UserIds=["default"], Tags=[{"Key": f"k{i}"} for i in range(51)]
        )
