"""Access strings: syntax rules and comparison by meaning (pure logic)."""

from __future__ import annotations

import pytest

from pulumi_elasticache_rbac.dynamic_providers._access_strings import AccessStringError, equivalent, parse, validate


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("on ~* +@all", "ON allkeys allcommands"),
        ("on ~* +@all", "+@all   ~*  on"),
        # the service's documented rewriting: `off` made explicit, `-@all` appended
        ("~objects:* ~items:* ~public:*", "off ~objects:* ~items:* ~public:* -@all"),
        # redundant rules collapsed (aws-cli modify-user example)
        ("on ~app::* -@all +@read on ~* +@all", "on ~* +@all"),
        ("on ~a ~b +get", "on ~b ~a +GET"),
        ("on ~* +get -get", "on ~* -get"),
        ("on ~* &* +@all", "on ~* allchannels +@all"),
        ("on %RW~a +@all", "on ~a +@all"),
        ("on ~* +@all (~x +get) (~y +set)", "on ~* +@all (~y +set) (~x +get)"),
        ("on ~* +@all (~x +get) clearselectors", "on ~* +@all"),
        ("on ~a resetkeys ~b +@all", "on ~b +@all"),
    ],
)
def test_equivalent_strings(a: str, b: str) -> None:
    assert equivalent(a, b)
    assert parse(a) == parse(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("on ~* +@all", "off ~* +@all"),
        ("on ~* +@all", "on ~app:* +@all"),
        ("on ~* +@read -get", "on ~* +@read"),
        ("on ~* -get +@read", "on ~* +@read -get"),  # order between a category and a command matters
        ("on ~* +@all", "on ~* +@all &*"),
        ("on %R~a +@all", "on ~a +@all"),
        ("on ~Key +@all", "on ~key +@all"),  # key patterns are case-sensitive
    ],
)
def test_different_strings(a: str, b: str) -> None:
    assert not equivalent(a, b)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("on >averysecretpassword123 ~* +@all", "password rule '>...'"),
        ("on <averysecretpassword123 ~* +@all", "password rule '<...'"),
        ("on #0123abc ~* +@all", "password rule '#...'"),
        ("on !0123abc ~* +@all", "password rule '!...'"),
        ("on nopass ~* +@all", "password rule 'nopass'"),
        ("on resetpass ~* +@all", "password rule 'resetpass'"),
        ("reset on ~* +@all", "'reset' is not allowed"),
        ("on ~* +config", "restricts (config)"),
        ("on ~* +config|get", "restricts (config)"),
        ("on ~* bogus", "'bogus' is not an ACL rule"),
        ("on ~ +@all", "'~' needs a key pattern"),
        ("on ~* (on +get)", "not allowed inside a selector"),
        ("on ~* (~a +get", "unbalanced parentheses"),
        ("   ", "empty"),
    ],
)
def test_invalid_strings_are_reported(text: str, fragment: str) -> None:
    problems = [f"{what}; {fix}" for what, fix in validate(text)]
    assert any(fragment in p for p in problems), problems
    with pytest.raises(AccessStringError):
        parse(text)


def test_every_problem_is_reported_and_no_password_is_echoed() -> None:
    problems = validate("reset on >hunter2hunter2hunter2 ~* +config bogus")
    assert len(problems) == 4
    assert all(fix for _, fix in problems)
    assert not any("hunter2" in what + fix for what, fix in problems)


def test_denying_a_restricted_command_is_allowed() -> None:
    assert validate("on ~* +@all -config") == []


def test_canonical_rendering() -> None:
    assert str(parse("~a +get on")) == "on ~a +get"
    assert str(parse("~a")) == "off ~a -@all"


def test_unparseable_strings_compare_by_tokens() -> None:
    assert equivalent("on  bogus", "on bogus")
    assert not equivalent("on bogus", "off bogus")
    assert equivalent(None, None)
    assert not equivalent(None, "on ~* +@all")
