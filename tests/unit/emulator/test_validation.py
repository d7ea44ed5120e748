"""Identifier, engine, password and authentication-combination rules (reference §2.1-2.3)."""

from __future__ import annotations

from typing import Any

import pytest

from elasticache_emulator.exceptions import EmulatorError, InvalidParameterCombination, InvalidParameterValue
from elasticache_emulator.validation import (
    AuthResult,
    check_identifier,
    check_passwords,
    normalise_engine,
    resolve_authentication,
)

PW = "0123456789abcdef"


def _auth(passwords: Any = None, npr: Any = None, mode: Any = None, required: bool = True) -> AuthResult | None:
    return resolve_authentication(passwords, npr, mode, max_passwords=2, required=required)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (([PW],), AuthResult("password", 1)),  # A1
        (([PW, PW + "x"],), AuthResult("password", 2)),
        ((None, True), AuthResult("no-password")),  # A2
        ((None, None, {"Type": "password", "Passwords": [PW]}), AuthResult("password", 1)),  # A3
        ((None, None, {"Type": "iam"}), AuthResult("iam")),  # A4
        ((None, None, {"Type": "no-password-required"}), AuthResult("no-password")),  # A5
    ],
)
def test_accepted_combinations(args: tuple[Any, ...], expected: AuthResult) -> None:
    assert _auth(*args) == expected


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((), InvalidParameterValue, "Input Authentication type: null is not in the allowed list"),  # A6
        ((None, False), InvalidParameterCombination, "must have at least one password"),  # A7
        (([PW], True), InvalidParameterCombination, "provided authentication type is password"),  # A8
        ((None, True, {"Type": "iam"}), InvalidParameterCombination, "provided authentication type is iam"),  # A9
        (([PW], None, {"Type": "iam"}), InvalidParameterCombination, "not allowed with authentication type: iam"),
        (
            (None, None, {"Type": "no-password-required", "Passwords": [PW]}),
            InvalidParameterCombination,
            "not allowed with authentication type: no-password-required",
        ),  # A10
        (([PW], None, {"Type": "password", "Passwords": [PW]}), InvalidParameterCombination, "multiple arguments"),
        ((None, None, {"Type": "password"}), InvalidParameterCombination, "must have at least one password"),  # A12
        ((None, None, {"Type": "bogus"}), InvalidParameterValue, "bogus is not in the allowed list"),  # A13
        (([PW, PW, PW],), InvalidParameterValue, "at most 2 passwords"),  # A14
    ],
)
def test_rejected_combinations(args: tuple[Any, ...], error: type[EmulatorError], message: str) -> None:
    with pytest.raises(error, match=message):
        _auth(*args)


def test_nothing_given_on_modify_keeps_authentication() -> None:
    assert _auth(required=False) is None


@pytest.mark.parametrize("password", ["short", "x" * 129])
def test_password_length(password: str) -> None:
    with pytest.raises(InvalidParameterValue, match=r"Passwords length must be between 16-128 characters\."):
        check_passwords([password], 2)


@pytest.mark.parametrize("char", [",", '"', "/", "@", " "])
def test_password_forbidden_characters(char: str) -> None:
    with pytest.raises(InvalidParameterValue):
        check_passwords([PW + char], 2)


@pytest.mark.parametrize("value", ["1abc", "a_b", "a!", "-a", ""])
def test_identifier_pattern(value: str) -> None:
    with pytest.raises(InvalidParameterValue, match="not a valid identifier"):
        check_identifier("UserId", value, strict=False, max_length=40)


@pytest.mark.parametrize("value", ["abc-", "a--b"])
def test_strict_identifier_rules(value: str) -> None:
    assert check_identifier("UserId", value, strict=False, max_length=40) == value
    with pytest.raises(InvalidParameterValue):
        check_identifier("UserId", value, strict=True, max_length=40)


def test_identifier_max_length_and_lowercase() -> None:
    assert check_identifier("UserId", "MixedCase", strict=True, max_length=40) == "mixedcase"
    with pytest.raises(InvalidParameterValue, match="at most 40"):
        check_identifier("UserId", "a" * 41, strict=True, max_length=40)


def test_engine_is_case_insensitive_and_limited() -> None:
    assert normalise_engine("REDIS") == "redis"
    assert normalise_engine("Valkey") == "valkey"
    with pytest.raises(InvalidParameterValue, match='Unknown parameter for Engine: "memcached"'):
        normalise_engine("memcached")
