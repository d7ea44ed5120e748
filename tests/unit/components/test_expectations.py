"""Permission expectations: checked when the spec is parsed, failing ones named with their path, the
user, the command line and the deciding rule."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_elasticache_rbac.components import ElastiCacheRbacSpec, ExpectationSpec, SpecError, UserSpec, parse_spec

PW = "correct-horse-battery-staple"


def users() -> list[dict[str, Any]]:
    return [
        {"id": "app-reader", "accessString": "on ~app:* -@all +@read", "passwords": [PW]},
        {"id": "app-writer", "accessString": "on ~app:* -@all +@read +@write", "passwords": [PW]},
        {"id": "locked", "name": "default", "authentication": "no-password-required", "accessString": "off -@all"},
        {"id": "sleeper", "accessString": "~* +@all", "passwords": [PW]},
    ]


def problems(expectations: list[dict[str, Any]]) -> dict[str, str]:
    with pytest.raises(SpecError) as info:
        parse_spec({"users": users(), "expectations": expectations}, root="rbac")
    return {p.path: str(p) for p in info.value.problems}


def test_expectations_that_hold_pass() -> None:
    spec = parse_spec(
        {
            "users": users(),
            "expectations": [
                {"user": "App-Reader", "allow": ["GET app:1", "MGET app:1 app:2"], "deny": ["SET app:1 v", "FLUSHALL"]},
                {"user": "app-writer", "allow": ["SET app:1 v", 'SET app:1 "two words"'], "deny": ["GET other"]},
                {"user": "locked", "deny": ["GET app:1"]},
                {"user": "sleeper", "deny": ["GET app:1"]},  # allowed by the rules, but the user is off
                {"user": "app-writer", "deny": ["CONFIG SET maxmemory 1"]},  # not offered by ElastiCache
            ],
        }
    )
    assert spec.expectations[0].user == "app-reader"


def test_failing_expectations_name_user_command_and_rule() -> None:
    found = problems(
        [
            {"user": "app-reader", "allow": ["GET app:1", "SET app:1 v"], "deny": ["FLUSHALL", "GET app:2"]},
            {"user": "app-writer", "allow": ["GET other"]},
            {"user": "sleeper", "allow": ["GET x"]},
        ]
    )
    assert set(found) == {
        "rbac.expectations[0].allow[1]",
        "rbac.expectations[0].deny[1]",
        "rbac.expectations[1].allow[0]",
        "rbac.expectations[2].allow[0]",
    }
    assert "user `app-reader` may not run `SET app:1 v`" in found["rbac.expectations[0].allow[1]"]
    assert "'-@all' denies 'set'" in found["rbac.expectations[0].allow[1]"]
    deny = found["rbac.expectations[0].deny[1]"]
    assert "user `app-reader` may run `GET app:2`: '+@read' allows 'get'; key 'app:2' matches ~app:*" in deny
    assert "no key pattern allows read access to 'other'" in found["rbac.expectations[1].allow[0]"]
    assert "the user is off" in found["rbac.expectations[2].allow[0]"]


def test_bad_expectations_are_reported() -> None:
    found = problems(
        [
            {"user": "nobody", "allow": ["GET x"]},
            {"user": "app-reader", "allow": ["GETT app:1", "GET", "", '"open']},
            {"user": "app-reader", "alow": ["GET x"]},
        ]
    )
    assert "user `nobody` is not declared" in found["rbac.expectations[0].user"]
    assert "did you mean GET?" in found["rbac.expectations[1].allow[0]"]
    assert "wrong number of arguments" in found["rbac.expectations[1].allow[1]"]
    assert "is empty" in found["rbac.expectations[1].allow[2]"]
    assert "not a command line" in found["rbac.expectations[1].allow[3]"]
    assert "did you mean `allow`?" in found["rbac.expectations[2].alow"]


def test_an_invalid_access_string_is_reported_once_not_per_expectation() -> None:
    spec = {
        "users": [{"id": "typo", "accessString": "on ~x +gett", "passwords": [PW]}],
        "expectations": [{"user": "typo", "allow": ["GET x"]}],
    }
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    assert [p.path for p in info.value.problems] == ["spec.users[0].accessString"]
    assert "did you mean get?" in str(info.value)


def test_typed_spec() -> None:
    spec = ElastiCacheRbacSpec(
        users=[UserSpec(id="r", access_string="on ~a:* +get", passwords=[PW])],  # type: ignore[list-item]
        expectations=[ExpectationSpec(user="r", allow=["GET a:1"], deny=["GET b"])],
    )
    assert parse_spec(spec) is spec
    bad = spec.model_copy(update={"expectations": [ExpectationSpec(user="r", allow=["GET b"])]})
    with pytest.raises(SpecError, match=r"spec.expectations\[0\].allow\[0\]: user `r` may not run `GET b`"):
        parse_spec(bad)
