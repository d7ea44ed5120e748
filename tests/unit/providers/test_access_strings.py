"""Access strings: validation, comparison by meaning and dry runs against the engine's command table."""

from __future__ import annotations

import time

import pytest

from pulumi_elasticache_rbac.dynamic_providers.access_strings import (
    AccessStringError,
    dry_run,
    equivalent,
    parse,
    validate,
)

HASH_COMMANDS = [
    "hdel",
    "hexists",
    "hget",
    "hgetall",
    "hincrby",
    "hincrbyfloat",
    "hkeys",
    "hlen",
    "hmget",
    "hmset",
    "hrandfield",
    "hscan",
    "hset",
    "hsetnx",
    "hstrlen",
    "hvals",
]


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
        # what the hand-made parser got wrong: order of commands, category expansion, cancelled rules
        ("+get +set", "+set +get"),
        ("+@read -@read +get", "+get"),
        ("on ~* +@read -get", "on ~* -@all +@read -get"),
        ("on ~a %R~a %W~a +@all", "on ~a +@all"),
        ("on ~a ~a +get", "on ~a +get"),
        ("on %R~* %W~* +get", "on ~* +get"),
        ("on ~* +select|0 +select|1 -@all +get", "on ~* +get"),
        # the engine's own category-based rewriting of an explicit list
        ("on ~app:* -@all +@hash", "on ~app:* " + " ".join(f"+{c}" for c in HASH_COMMANDS)),
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
        ("on ~* +@all -get +get", "on ~* -@all +@" + " +@".join(["read", "write", "admin", "pubsub"])),
        ("on ~* +@all", "on ~* -@all " + " ".join(f"+@{c}" for c in ["keyspace", "read", "write", "admin"])),
        ("on ~* +select|0", "on ~* +select|1"),
        ("on ~* (+get ~a)", "on ~* (+get ~b)"),
        ("on ~* skip-sanitize-payload", "on ~*"),
    ],
)
def test_different_strings(a: str, b: str) -> None:
    assert not equivalent(a, b)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("on >averysecretpassword123 ~* +@all", "password rule '>' (add password)"),
        ("on <averysecretpassword123 ~* +@all", "password rule '<' (remove password)"),
        ("on #0123abc ~* +@all", "password rule '#' (add password hash)"),
        ("on !0123abc ~* +@all", "password rule '!' (remove password hash)"),
        ("on nopass ~* +@all", "password rule 'nopass'"),
        ("on resetpass ~* +@all", "password rule 'resetpass'"),
        ("reset on ~* +@all", "'reset' is not allowed"),
        ("on ~* +config", "restricts (config)"),
        ("on ~* +config|get", "restricts (config)"),
        ("on ~* bogus", "'bogus' is not an ACL rule"),
        ("on ~* (on +get)", "not allowed inside a selector"),
        ("on ~* (~a +get", "unbalanced parentheses"),
        ("   ", "empty"),
        # what the engine rejects and the hand-made parser let through
        ("on ~x +gett", "did you mean get?"),
        ("on ~x +@nonsense", "unknown ACL category 'nonsense'"),
        ("on ~x -@al", "did you mean all?"),
        ("on ~x +@reed", "did you mean read?"),
        ("on ~* ~x +@all", "comes after '~*'"),
        ("on allkeys %R~x +@all", "comes after '~*'"),
        ("on &* &news +@all", "comes after '&*'"),
        ("on ~x +client|lst", "did you mean list?"),
        ("on ~x +object|encoding|x", "cannot be allowed"),
        ("on ~x -get|x", "'get' has no subcommands"),
        ("on %X~a", "not a key permission"),
        ("on %~a", "not a key permission"),
        ("on ~a (+get (~b))", "cannot be nested"),
    ],
)
def test_invalid_strings_are_reported(text: str, fragment: str) -> None:
    problems = [str(p) for p in validate(text)]
    assert any(fragment in p for p in problems), problems
    with pytest.raises(AccessStringError):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "on ~* +@all",
        "off -@all",
        "on ~app::* -@all +@read +@hash -setbit",
        "on ~* &* +@all -config|set",
        "on %R~read:* %RW~rw:* +select|0 (~other:* +set) clearselectors",
        "on allkeys allchannels allcommands resetkeys resetchannels nocommands",
        "+get ~keys*",
        "on ~ & +get",  # an empty key / channel pattern is accepted by the engine
        "on ( ~a +get )",
        "on %R",
        "on ~* +@all -config",  # denying a restricted command is fine
    ],
)
def test_valid_strings(text: str) -> None:
    assert validate(text) == []


def test_every_problem_is_reported_and_no_password_is_echoed() -> None:
    problems = validate("reset on >hunter2hunter2hunter2 ~* +config bogus (~a <hunter2hunter2hunter2")
    assert len(problems) == 5
    assert all(p.fix for p in problems)
    assert not any("hunter2" in str(p) for p in problems)
    assert [p.rule for p in problems] == [1, 3, 5, 6, 7]


def test_valkey_tables_know_their_own_commands() -> None:
    assert validate("on ~* +waitaof", engine="redis")
    assert validate("on ~* +waitaof", engine="valkey") == []
    assert validate("on ~* +client|capa", engine="valkey-7.2")
    with pytest.raises(ValueError, match="no command table"):
        validate("on", engine="memcached")


def test_unparseable_strings_compare_by_tokens() -> None:
    assert equivalent("on  bogus", "on bogus")
    assert not equivalent("on bogus", "off bogus")
    assert equivalent(None, None)
    assert not equivalent(None, "on ~* +@all")


@pytest.mark.parametrize(
    ("text", "argv", "allowed", "reason", "rule"),
    [
        ("on ~app:* +@read", "GET app:1", True, "OK", "'+@read' allows 'get'"),
        ("on ~app:* +@read", "SET app:1 v", False, "run the 'set' command", "no rule allows 'set'"),
        ("on ~app:* +@read", "GET other", False, "access the 'other' key", "key patterns: ~app:*"),
        ("on %R~app:* +@all", "SET app:1 v", False, "access the 'app:1' key", "write access"),
        ("on %R~app:* +@all", "SET app:1 v GET", False, "access the 'app:1' key", "read and write access"),
        ("on %W~app:* +@all", "SET app:1 v", True, "OK", "'+@all' allows 'set'"),
        ("on %R~src %W~dst +@all", "COPY src dst", True, "OK", "allows 'copy'"),
        ("on %R~src %W~dst +@all", "COPY dst src", False, "access the 'dst' key", "read access"),
        ("on ~* +@all -flushall", "FLUSHALL", False, "run the 'flushall' command", "'-flushall' denies"),
        ("on ~* +@all -config|set", "CONFIG SET a b", False, "run the 'config|set' command", "denies"),
        ("on ~* -@all +select|0", "SELECT 0", True, "OK", "'+select|0'"),
        ("on ~* -@all +select|0", "SELECT 1", False, "run the 'select' command", "only '+select|0' allow it"),
        ("on ~* &news.* +@all", "PUBLISH news.a hi", True, "OK", "allows 'publish'"),
        ("on ~* &news.* +@all", "PUBLISH chat hi", False, "access the 'chat' channel", "&news.*"),
        ("on ~* &news.* +@all", "PSUBSCRIBE news.a", False, "access the 'news.a' channel", "channel"),
        ("on ~a +get (~b +set)", "SET b v", True, "OK", "(selector 1)"),
        ("on ~a +get (~b +set)", "SET a v", False, "access the 'a' key", "(selector 1)"),
        ("on ~x -@all", "AUTH u p", True, "OK", "'auth' needs no permission"),
        ("on ~x +eval", "EVAL s 2 x y", False, "access the 'y' key", "key patterns: ~x"),
        ("on ~x +@all", "GETT x", False, "Command 'GETT' not found", ""),
        ("on ~x +@all", "GET", False, "wrong number of arguments for 'get' command", ""),
    ],
)
def test_dry_run(text: str, argv: str, allowed: bool, reason: str, rule: str) -> None:
    result = dry_run(text, argv.split())
    assert result.allowed is allowed
    assert reason in result.reason
    assert rule in result.rule


def test_dry_run_reports_what_the_engine_does_not_check() -> None:
    off = dry_run("~* +@all", ["GET", "k"])
    assert off.allowed and not off.enabled and not off.usable
    assert "the user is off" in off.explain()
    config = dry_run("on ~* +@all", ["CONFIG", "GET", "x"])
    assert config.allowed and config.restricted and not config.usable
    with pytest.raises(AccessStringError):
        dry_run("on +gett", ["GET", "k"])


def test_parsing_is_cached_and_fast() -> None:
    text = "on ~app:* -@all +@read +@hash -setbit (~other:* +set) &news.*"
    start = time.perf_counter()
    for _ in range(2000):
        assert equivalent(text, text)
    assert (time.perf_counter() - start) / 2000 < 0.001
