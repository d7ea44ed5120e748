"""Access-string rules (reference §2.4)."""

from __future__ import annotations

import pytest

from elasticache_emulator.access_strings import AccessStringError, append, is_enabled, normalise, tokenize, validate
from elasticache_emulator.config import DEFAULT_FORBIDDEN_COMMANDS


@pytest.mark.parametrize(
    "value",
    [
        "on ~* +@all",
        "off -@all",
        "on ~app::* -@all +@read +@hash -setbit",
        "on ~* &* +@all -config|set",
        "on %R~read:* %RW~rw:* +get|x (~other:* +set) clearselectors",
        "on allkeys allchannels allcommands resetkeys resetchannels nocommands",
        "+get ~keys*",
    ],
)
def test_valid_access_strings_pass(value: str) -> None:
    validate(value, DEFAULT_FORBIDDEN_COMMANDS)


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("on >secretpassword ~* +@all", "rule 2 is a '>' (add password) rule"),
        ("on ~* <oldsecretpassword", "rule 3 is a '<' (remove password) rule"),
        ("on #abcdef0123 ~*", "rule 2 is a '#' (add password hash) rule"),
        ("!abcdef0123 on ~*", "rule 1 is a '!' (remove password hash) rule"),
        ("on ~* (~a:* >secretpassword)", "rule 3, item 2 of its selector is a '>' (add password) rule"),
    ],
)
def test_password_rules_are_rejected_naming_position_and_kind_never_the_token(value: str, named: str) -> None:
    with pytest.raises(AccessStringError, match="You can't specify passwords in an access string") as exc:
        validate(value)
    assert named in str(exc.value)
    for secret in ("secretpassword", "abcdef0123"):
        assert secret not in str(exc.value)


@pytest.mark.parametrize("value", ["on >secretpassword (~a", "on >secretpassword ~a)", "(~a (>secretpassword))"])
def test_structural_errors_do_not_quote_the_string(value: str) -> None:
    with pytest.raises(AccessStringError) as exc:
        validate(value)
    assert "secretpassword" not in str(exc.value)


@pytest.mark.parametrize("value", ["on nopass ~* +@all", "on resetpass ~*"])
def test_nopass_and_resetpass_are_password_rules(value: str) -> None:
    with pytest.raises(AccessStringError, match="passwords"):
        validate(value)


def test_reset_is_rejected() -> None:
    with pytest.raises(AccessStringError, match="reset"):
        validate("reset on ~* +@all")


def test_granting_a_forbidden_command_is_rejected_but_denying_it_is_fine() -> None:
    with pytest.raises(AccessStringError, match="'config' is restricted"):
        validate("on ~* +config", DEFAULT_FORBIDDEN_COMMANDS)
    validate("on ~* +@all -config", DEFAULT_FORBIDDEN_COMMANDS)


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_blank_is_rejected(value: str) -> None:
    with pytest.raises(AccessStringError, match="non-whitespace"):
        validate(value)


@pytest.mark.parametrize("value", ["on ~* bogus", "on ~* +", "on (~* (+get))", "on (~x", "on +get)", "on (on)"])
def test_malformed_rules_are_rejected(value: str) -> None:
    with pytest.raises(AccessStringError):
        validate(value)


def test_tokenize_keeps_selectors_whole() -> None:
    assert tokenize("on  (~a:* +get)\t+set") == ["on", "(~a:* +get)", "+set"]


def test_normalise_collapses_whitespace_only() -> None:
    assert normalise("  on   ~*  +@all ") == "on ~* +@all"


def test_append_puts_new_rules_last() -> None:
    assert append("on ~app::* -@all +@read", "on ~* +@all") == "on ~app::* -@all +@read on ~* +@all"


def test_user_is_off_unless_on_comes_last() -> None:
    assert not is_enabled("~* +@all")
    assert is_enabled("off on ~*")
    assert not is_enabled("on ~* off")
