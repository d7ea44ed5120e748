"""DescribeUsers / DescribeUserGroups: filters and pagination (reference §1.6, §1.10, §1.12, §2.11)."""

from __future__ import annotations

from mypy_boto3_elasticache import ElastiCacheClient

from tests.functional.emulator.helpers import group, raises, user


def test_describe_users_by_engine(ec: ElastiCacheClient) -> None:
    user(ec, "r1")
    user(ec, "v1", engine="valkey")
    assert [u["UserId"] for u in ec.describe_users(Engine="valkey")["Users"]] == ["v1"]
    assert [u["UserId"] for u in ec.describe_users(Engine="REDIS")["Users"]] == ["default", "r1"]


def test_describe_users_with_user_id_filter(ec: ElastiCacheClient) -> None:
    for uid in ("a1", "b1", "c1"):
        user(ec, uid)
    found = ec.describe_users(Filters=[{"Name": "UserId", "Values": ["A1", "c1"]}])["Users"]
    assert [u["UserId"] for u in found] == ["a1", "c1"]


def test_describe_users_with_unsupported_filter(ec: ElastiCacheClient) -> None:
    with raises(
        "InvalidParameterCombination", "Filter name UserName is not supported. Supported filter names: UserId."
    ):
        ec.describe_users(Filters=[{"Name": "UserName", "Values": ["x"]}])


def test_more_filter_names_can_be_enabled(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(rules={"describe_users_filter_names": ["UserId", "UserName"]}).client()
    user(ec, "u1", name="alice")
    found = ec.describe_users(Filters=[{"Name": "UserName", "Values": ["alice"]}])["Users"]
    assert [u["UserId"] for u in found] == ["u1"]


def test_describe_users_pagination_returns_every_user_exactly_once(ec: ElastiCacheClient) -> None:
    for i in range(45):
        user(ec, f"user-{i:02d}")
    pages = list(ec.get_paginator("describe_users").paginate(PaginationConfig={"PageSize": 20}))
    ids = [u["UserId"] for page in pages for u in page["Users"]]
    assert len(pages) == 3
    assert sorted(ids) == sorted(["default"] + [f"user-{i:02d}" for i in range(45)])
    assert len(ids) == len(set(ids))


def test_pagination_is_stable_when_users_change_between_pages(ec: ElastiCacheClient) -> None:
    for i in range(30):
        user(ec, f"u{i:02d}")
    first = ec.describe_users(MaxRecords=20)
    ec.delete_user(UserId="u00")  # already seen
    user(ec, "aaa")  # sorts before the marker: not returned on later pages
    second = ec.describe_users(MaxRecords=20, Marker=first["Marker"])
    assert second.get("Marker") is None
    ids = [u["UserId"] for u in first["Users"] + second["Users"]]
    assert len(ids) == len(set(ids)) == 31


def test_describe_user_groups_pagination_returns_every_group_exactly_once(ec: ElastiCacheClient) -> None:
    for i in range(25):
        group(ec, f"g{i:02d}")
    pages = list(ec.get_paginator("describe_user_groups").paginate(PaginationConfig={"PageSize": 20}))
    ids = [g["UserGroupId"] for page in pages for g in page["UserGroups"]]
    assert ids == [f"g{i:02d}" for i in range(25)]


def test_max_records_below_the_minimum_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterCombination", "MaxRecords must be between 20 and 100"):
        ec.describe_users(MaxRecords=5)


def test_invalid_marker_is_rejected(ec: ElastiCacheClient) -> None:
    with raises("InvalidParameterCombination", "Invalid marker: garbage"):
        ec.describe_user_groups(Marker="garbage")


def test_describe_unknown_user_group(ec: ElastiCacheClient) -> None:
    with raises("UserGroupNotFound", "User group nope not found.", 404):
        ec.describe_user_groups(UserGroupId="nope")


def test_deleting_user_is_listed_until_gone(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(timings={"user_delete": 60}).client()
    user(ec, "u1")
    ec.delete_user(UserId="u1")
    assert {u["UserId"]: u["Status"] for u in ec.describe_users()["Users"]}["u1"] == "deleting"
