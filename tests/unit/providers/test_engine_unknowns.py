"""check and diff with the values the engine really sends at preview (``pulumi.output.Unknown`` objects,
produced by the SDK's own deserializer: tests/support/engine_values.py), input by input, for every kind."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_elasticache_rbac.dynamic_providers._fingerprint import password_fingerprint
from pulumi_elasticache_rbac.dynamic_providers.membership import UserGroupMembershipProvider
from pulumi_elasticache_rbac.dynamic_providers.user import UserProvider
from pulumi_elasticache_rbac.dynamic_providers.user_group import UserGroupProvider
from tests.support.engine_values import UNKNOWN, engine_sends

PW = "correct-horse-battery-1"

USER = {
    "__provider": "pickle",
    "__name": "alice",
    "user_id": "alice",
    "user_name": "alice",
    "engine": "redis",
    "access_string": "on ~* +@all",
    "authentication_mode": {"type": "password", "passwords": [PW]},
    "tags": {"team": "a"},
    "region": "us-east-1",
    "adopt_existing": False,
}
USER_OUTS = {
    "__provider": "pickle",
    "user_id": "alice",
    "user_name": "alice",
    "engine": "redis",
    "access_string": "on ~* +@all",
    "authentication_type": "password",
    "password_count": 1,
    "password_fingerprint": password_fingerprint([PW]),
    "tags": {"team": "a"},
    "region": "us-east-1",
    "arn": "arn:aws:elasticache:us-east-1:123456789012:user:alice",
    "user_group_ids": [],
}
GROUP = {
    "__provider": "pickle",
    "__name": "app",
    "user_group_id": "app",
    "engine": "redis",
    "user_ids": ["default", "alice"],
    "member_user_names": {"alice": "alice"},
    "tags": {"team": "a"},
    "region": "us-east-1",
}
GROUP_OUTS = {
    "__provider": "pickle",
    "user_group_id": "app",
    "engine": "redis",
    "user_ids": ["alice", "default"],
    "member_user_names": {"alice": "alice"},
    "manages_membership": True,
    "tags": {"team": "a"},
    "region": "us-east-1",
}
MEMBERSHIP = {
    "__provider": "pickle",
    "__name": "m",
    "user_group_id": "app",
    "user_ids": ["alice"],
    "region": "us-east-1",
}

USER_UNKNOWNS: list[dict[str, Any]] = [
    {"user_id": UNKNOWN},
    {"user_name": UNKNOWN},
    {"engine": UNKNOWN},
    {"access_string": UNKNOWN},
    {"authentication_mode": UNKNOWN},
    {"authentication_mode": {"type": UNKNOWN, "passwords": [PW]}},
    {"authentication_mode": {"type": "password", "passwords": UNKNOWN}},
    {"authentication_mode": {"type": "password", "passwords": [UNKNOWN]}},
    {"authentication_mode": {"type": "password", "passwords": [PW, UNKNOWN]}},
    {"tags": UNKNOWN},
    {"tags": {"team": UNKNOWN}},
    {"region": UNKNOWN},
    {"user_id": UNKNOWN, "user_name": None},
]


@pytest.mark.parametrize("over", USER_UNKNOWNS)
def test_user_check_defers_unknowns(over: dict[str, Any]) -> None:
    result = UserProvider().check({}, engine_sends({**USER, **over}))
    assert result.failures == []


def test_user_check_still_reports_known_problems_next_to_unknowns() -> None:
    news = engine_sends({**USER, "user_id": UNKNOWN, "authentication_mode": {"type": "password", "passwords": ["x"]}})
    reasons = [f.reason for f in UserProvider().check({}, news).failures]
    assert len(reasons) == 1 and "16-128 characters" in reasons[0] and "authentication_mode.passwords[0]" in reasons[0]


@pytest.mark.parametrize("over", USER_UNKNOWNS)
def test_user_diff_with_unknowns_is_a_change(over: dict[str, Any]) -> None:
    provider = UserProvider()
    news = provider.check({}, engine_sends({**USER, **over})).inputs
    diff = provider.diff("alice", engine_sends(USER_OUTS), news)
    assert diff.changes is True
    expected = [k for k in ("user_id", "user_name", "region") if k in over]  # over["user_name"] = None:
    # the name defaults to the id, unknown here
    assert sorted(diff.replaces or []) == sorted(expected)
    # only a new name under the same id must delete first
    assert diff.delete_before_replace is (expected == ["user_name"])


def test_user_diff_known_rename_creates_first() -> None:
    p = UserProvider()
    d = p.diff("alice", engine_sends(USER_OUTS), engine_sends({**USER, "user_id": "alice2", "user_name": "alice2"}))
    assert (d.changes, sorted(d.replaces or []), d.delete_before_replace) == (True, ["user_id", "user_name"], False)
    d = p.diff("alice", engine_sends(USER_OUTS), engine_sends({**USER, "user_name": "alice.smith"}))
    assert (d.replaces, d.delete_before_replace) == (["user_name"], True)


GROUP_UNKNOWNS: list[dict[str, Any]] = [
    {"user_group_id": UNKNOWN},
    {"engine": UNKNOWN},
    {"user_ids": UNKNOWN},
    {"user_ids": ["default", UNKNOWN]},
    {"member_user_names": UNKNOWN},
    {"member_user_names": {"alice": UNKNOWN}},
    {"tags": UNKNOWN},
    {"region": UNKNOWN},
]


@pytest.mark.parametrize("over", GROUP_UNKNOWNS)
def test_group_check_and_diff_with_unknowns(over: dict[str, Any]) -> None:
    provider = UserGroupProvider()
    result = provider.check({}, engine_sends({**GROUP, **over}))
    assert result.failures == []
    diff = provider.diff("app", engine_sends(GROUP_OUTS), result.inputs)
    assert diff.changes is True
    assert diff.replaces == [k for k in ("user_group_id", "region") if k in over]
    assert not diff.delete_before_replace


def test_group_diff_sees_a_member_renamed() -> None:
    # the user 'alice' was replaced under a new user_name: the group must put her back
    provider = UserGroupProvider()
    news = engine_sends({**GROUP, "member_user_names": {"alice": "alice.smith"}})
    assert provider.diff("app", engine_sends(GROUP_OUTS), news).changes is True
    assert provider.diff("app", engine_sends(GROUP_OUTS), engine_sends(GROUP)).changes is False


@pytest.mark.parametrize(
    "over",
    [{"user_group_id": UNKNOWN}, {"user_ids": UNKNOWN}, {"user_ids": [UNKNOWN]}, {"user_ids": ["alice", UNKNOWN]}],
)
def test_membership_check_with_unknowns(over: dict[str, Any]) -> None:
    result = UserGroupMembershipProvider().check({}, engine_sends({**MEMBERSHIP, **over}))
    assert result.failures == []
