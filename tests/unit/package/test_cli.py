"""``elasticache-rbac``: ``--version``, ``--help``, usage errors, and the subcommand registry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_elasticache_rbac import __version__
from pulumi_elasticache_rbac.cli import SUBCOMMANDS, main

SAMPLE = "tests.unit.package._sample_command"
"""A command module written against the registry contract (test-only; the package registers its own)."""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"elasticache-rbac {__version__}\n"


def test_help_lists_the_registered_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"], subcommands=(*SUBCOMMANDS, SAMPLE)) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: elasticache-rbac [-h] [--version] COMMAND ...")
    assert "--version" in out
    assert "echo-count" in out and "repeat a word (test command)" in out


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "error: a command is required" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-such-option"]) == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_dispatches_to_the_handler_and_returns_its_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["echo-count", "hi", "--times", "3"], subcommands=(SAMPLE,)) == 3
    assert capsys.readouterr().out == "hi\nhi\nhi\n"
    assert main(["echo-count", "--help"], subcommands=(SAMPLE,)) == 0
    assert "--times" in capsys.readouterr().out


def test_console_script_and_module_entry_points() -> None:
    script = Path(sys.executable).parent / "elasticache-rbac"
    for argv in ([str(script), "--version"], [sys.executable, "-m", "pulumi_elasticache_rbac.cli", "--version"]):
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
        assert (done.returncode, done.stdout) == (0, f"elasticache-rbac {__version__}\n"), done.stderr
