"""``elasticache-rbac acl check``: the answer, the exit codes, and that it never prints a password."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_elasticache_rbac.cli import main
from pulumi_elasticache_rbac.cli.acl import ALLOWED, DENIED, USAGE


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["acl", "check", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["on ~app:* +@read", "GET", "app:1"], capsys)
    assert code == ALLOWED
    assert out.splitlines()[0] == "allowed: GET app:1"
    assert "engine (ACL DRYRUN): OK" in out
    assert "rule: '+@read' allows 'get'; key 'app:1' matches ~app:*" in out


@pytest.mark.parametrize(
    ("access", "argv", "why"),
    [
        ("on ~app:* +@read", ["SET", "app:1", "v"], "This user has no permissions to run the 'set' command"),
        ("on ~app:* +@read", ["GET", "other"], "no key pattern allows read access to 'other'"),
        ("on %R~app:* +@all", ["SET", "app:1", "v"], "no key pattern allows write access to 'app:1'"),
        ("~app:* +@read", ["GET", "app:1"], "the user is off"),
        ("on ~* +@all", ["CONFIG", "GET", "x"], "ElastiCache does not offer 'config'"),
    ],
)
def test_denied(access: str, argv: list[str], why: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([access, *argv], capsys)
    assert code == DENIED
    assert out.startswith("denied: ")
    assert why in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["on ~* +gett", "GET", "k"], "did you mean get?"),
        (["on >averysecretpassword ~* +@all", "GET", "k"], "password rule '>'"),
        (["on ~* +@all", "GETT", "k"], "Command 'GETT' not found"),
        (["on ~* +@all", "GET"], "wrong number of arguments"),
        (["on ~* +@all"], "give a command line"),
        (["--engine", "memcached", "on ~* +@all", "GET", "k"], "no command table"),
        ([], "the following arguments are required"),
    ],
)
def test_usage_errors(argv: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == USAGE
    assert says in err and not out
    assert "averysecretpassword" not in err


def test_engine_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--engine", "valkey", "on ~* +@all", "WAITAOF", "0", "0", "0"], capsys)[0] == ALLOWED
    assert run(["--engine", "redis", "on ~* +@all", "WAITAOF", "0", "0", "0"], capsys)[0] == USAGE


def test_help_lists_acl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "acl" in capsys.readouterr().out
    assert main(["acl", "check", "--help"]) == 0
    assert "ACL DRYRUN" in capsys.readouterr().out


def test_console_script() -> None:
    script = Path(sys.executable).parent / "elasticache-rbac"
    done = subprocess.run(
        [str(script), "acl", "check", "on ~app:* +@read", "SET", "app:1", "v"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == DENIED, done.stderr
    assert done.stdout.startswith("denied: SET app:1 v")
