"""``acl check``: the CLI's answer, its exit codes, and that it never prints a password."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from dynamic_providers.acl_check import ALLOWED, DENIED, USAGE, main, register


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", "on ~app:* +@read", "GET", "app:1"], capsys)
    assert code == ALLOWED
    assert out.splitlines()[0] == "allowed: GET app:1"
    assert "engine (ACL DRYRUN): OK" in out
    assert "rule: '+@read' allows 'get'; key 'app:1' matches ~app:*" in out


@pytest.mark.parametrize(
    ("access", "argv", "why"),
    [
        ("on ~app:* +@read", ["SET", "app:1", "v"], "This user has no permissions to run the 'set' command"),
        ("on ~app:* +@read", ["GET", "other"], "no key pattern allows read access to 'other'"),
        ("~app:* +@read", ["GET", "app:1"], "the user is off"),
        ("on ~* +@all", ["CONFIG", "GET", "x"], "ElastiCache does not offer 'config'"),
    ],
)
def test_denied(access: str, argv: list[str], why: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", access, *argv], capsys)
    assert code == DENIED
    assert out.startswith("denied: ")
    assert why in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["check", "on ~* +gett", "GET", "k"], "did you mean get?"),
        (["check", "on >averysecretpassword ~* +@all", "GET", "k"], "password rule '>'"),
        (["check", "on ~* +@all", "GETT", "k"], "Command 'GETT' not found"),
        (["check", "on ~* +@all", "GET"], "wrong number of arguments"),
        (["check", "on ~* +@all"], "give a command line"),
        (["check", "--engine", "memcached", "on ~* +@all", "GET", "k"], "no command table"),
        (["nosuch"], "invalid choice"),
    ],
)
def test_usage_errors(argv: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(argv, capsys)
    assert code == USAGE
    assert says in out
    assert "averysecretpassword" not in out


def test_engine_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--engine", "valkey", "on ~* +@all", "WAITAOF", "0", "0", "0"], capsys)[0] == ALLOWED
    assert run(["check", "--engine", "redis", "on ~* +@all", "WAITAOF", "0", "0", "0"], capsys)[0] == USAGE


def test_register_adds_acl_check_to_a_console_script() -> None:
    parser = argparse.ArgumentParser(prog="elasticache-rbac")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["acl", "check", "on ~a +get", "GET", "a"])
    assert args.handler(args) == ALLOWED


def test_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dynamic_providers.acl_check", "check", "on ~app:* +@read", "SET", "app:1", "v"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == DENIED, done.stderr
    assert done.stdout.startswith("denied: SET app:1 v")
