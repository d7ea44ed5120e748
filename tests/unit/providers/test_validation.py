"""Check-time rules: every failure at once, naming resource, field and fix; unknowns tolerated."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime import rpc

from pulumi_elasticache_rbac.dynamic_providers import _client
from pulumi_elasticache_rbac.dynamic_providers._validation import group_failures, membership_failures, user_failures
from pulumi_elasticache_rbac.dynamic_providers.membership import UserGroupMembershipProvider
from pulumi_elasticache_rbac.dynamic_providers.user import UserProvider
from pulumi_elasticache_rbac.dynamic_providers.user_group import UserGroupProvider

U = rpc.UNKNOWN
PW = "correct-horse-battery-1"


def user(**over: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "user_id": "alice",
        "engine": "redis",
        "access_string": "on ~* +@all",
        "authentication_mode": {"type": "password", "passwords": [PW]},
    }
    props.update(over)
    return props


def fields(failures: list[tuple[str, str]]) -> list[str]:
    return sorted(f for f, _ in failures)


def test_valid_user_has_no_failures() -> None:
    assert user_failures(user(), "alice") == []


@pytest.mark.parametrize(
    ("over", "field", "fragment"),
    [
        ({"user_id": "1abc"}, "user_id", "must start with a letter"),
        ({"user_id": "a_b"}, "user_id", "must start with a letter"),
        ({"user_id": "abc-"}, "user_id", "must not end with a hyphen"),
        ({"user_id": "a--b"}, "user_id", "two consecutive hyphens"),
        ({"user_id": "a" * 41}, "user_id", "at most 40"),
        ({"user_id": "Default"}, "user_id", "built-in user"),
        ({"engine": "memcached"}, "engine", "use 'redis' or 'valkey'"),
        ({"access_string": "on >secretsecretsecret1 ~* +@all"}, "access_string", "password rule"),
        ({"access_string": "reset on ~* +@all"}, "access_string", "'reset'"),
        ({"authentication_mode": {"type": "password", "passwords": []}}, "authentication_mode", "1 or 2"),
        (
            {"authentication_mode": {"type": "password", "passwords": [PW, PW + "x", PW + "y"]}},
            "authentication_mode",
            "1 or 2",
        ),
        ({"authentication_mode": {"type": "password", "passwords": ["short"]}}, "authentication_mode", "16-128"),
        ({"authentication_mode": {"type": "password", "passwords": ["x" * 129]}}, "authentication_mode", "16-128"),
        ({"authentication_mode": {"type": "password", "passwords": [PW + "@"]}}, "authentication_mode", "forbidden"),
        ({"authentication_mode": {"type": "password", "passwords": [PW + "/"]}}, "authentication_mode", "forbidden"),
        ({"authentication_mode": {"type": "iam", "passwords": [PW]}}, "authentication_mode", "not allowed"),
        ({"authentication_mode": {"type": "bogus"}}, "authentication_mode", "is not one of"),
        ({"authentication_mode": None}, "authentication_mode", "is required"),
        ({"authentication_mode": {"type": "iam"}, "user_name": "bob"}, "user_name", "must equal its user_id"),
        (
            {"authentication_mode": {"type": "no-password-required"}, "engine": "VALKEY"},
            "authentication_mode",
            "valkey users cannot be no-password",
        ),
        ({"tags": {str(i): "v" for i in range(51)}}, "tags", "at most 50"),
    ],
)
def test_user_rules(over: dict[str, Any], field: str, fragment: str) -> None:
    failures = user_failures(user(**over), "res")
    assert any(f == field and fragment in reason for f, reason in failures), failures
    # each reason names the resource
    assert all("User 'res'" in reason for _, reason in failures)


def test_iam_user_with_matching_names_is_valid() -> None:
    assert user_failures(user(user_id="Bob", authentication_mode={"type": "iam"}), None) == []


def test_all_user_failures_reported_at_once_without_passwords() -> None:
    bad_pw = "short@pw"
    failures = user_failures(
        user(
            user_id="9x",
            engine="memcached",
            access_string="reset bogus",
            authentication_mode={"type": "password", "passwords": [bad_pw]},
        ),
        "res",
    )
    assert set(fields(failures)) == {"user_id", "engine", "access_string", "authentication_mode"}
    assert len(failures) >= 6
    assert not any(bad_pw in reason for _, reason in failures)


def test_unknown_values_skip_their_rules() -> None:
    props = user(user_id=U, engine=U, access_string=U, authentication_mode={"type": "password", "passwords": U})
    assert user_failures(props, "res") == []
    assert user_failures(user(authentication_mode=U), "res") == []


def group(**over: Any) -> dict[str, Any]:
    props: dict[str, Any] = {"user_group_id": "app", "engine": "redis", "user_ids": ["default", "alice"]}
    props.update(over)
    return props


def test_valid_group() -> None:
    assert group_failures(group(), "g") == []
    assert group_failures(group(user_ids=None), "g") == []
    assert group_failures(group(engine="valkey", user_ids=["alice"]), "g") == []


@pytest.mark.parametrize(
    ("over", "fragment"),
    [
        ({"user_group_id": "-x"}, "must start with a letter"),
        ({"engine": "memcached"}, "use 'redis' or 'valkey'"),
        ({"user_ids": ["default", "Alice", "alice"]}, "listed twice"),
        ({"user_ids": ["default", "bad_id"]}, "must start with a letter"),
        ({"user_ids": []}, "needs a member whose user name is 'default'"),
        ({"engine": "valkey", "user_ids": ["default", "alice"]}, "cannot join a valkey group"),
        # names known: no default-named member
        ({"user_ids": ["alice"], "member_user_names": {"alice": "alice"}}, "user name is 'default'"),
        # names known: duplicate user name (default swap done wrong)
        (
            {"user_ids": ["default", "newdef"], "member_user_names": {"newdef": "default"}},
            "both have the user name 'default'",
        ),
    ],
)
def test_group_rules(over: dict[str, Any], fragment: str) -> None:
    failures = group_failures(group(**over), "g")
    assert any(fragment in reason for _, reason in failures), failures
    assert all("UserGroup 'g'" in reason for _, reason in failures)


def test_group_default_rule_needs_known_names() -> None:
    # alice's user name is unknown: she might be named 'default', so nothing is reported
    assert group_failures(group(user_ids=["alice"]), "g") == []
    assert group_failures(group(user_ids=["alice"], member_user_names=U), "g") == []
    assert group_failures(group(user_ids=U), "g") == []


def test_membership_rules() -> None:
    assert membership_failures({"user_group_id": "app", "user_ids": ["alice"]}, "m") == []
    failures = membership_failures({"user_group_id": "app--x", "user_ids": []}, "m")
    assert fields(failures) == ["user_group_id", "user_ids"]
    assert membership_failures({"user_group_id": U, "user_ids": U}, "m") == []


def test_check_normalizes_and_makes_no_client() -> None:
    before = dict(_client._CLIENTS)
    res = UserProvider().check({}, {**user(user_id="Alice", engine="REDIS"), "__name": "a"})
    assert res.failures == []
    assert res.inputs["user_id"] == "alice"
    assert res.inputs["user_name"] == "alice"
    assert res.inputs["engine"] == "redis"
    res = UserGroupProvider().check({}, {**group(user_group_id="App", user_ids=["DEFAULT", "Bob"])})
    assert res.inputs["user_group_id"] == "app"
    assert res.inputs["user_ids"] == ["default", "bob"]
    res = UserGroupMembershipProvider().check({}, {"user_group_id": "App", "user_ids": ["Bob"]})
    assert res.inputs == {"user_group_id": "app", "user_ids": ["bob"]}
    assert before == _client._CLIENTS


def test_check_failures_carry_no_property_so_the_engine_never_echoes_values() -> None:
    res = UserProvider().check(
        {},
        user(
            access_string="on >leakedpassword123 ~* +@all",
            authentication_mode={"type": "password", "passwords": ["tiny"]},
        ),
    )
    assert len(res.failures) == 2
    assert all(f.property == "" for f in res.failures)
    assert not any("tiny" in f.reason or "leaked" in f.reason for f in res.failures)
    assert any("access_string" in f.reason for f in res.failures)
