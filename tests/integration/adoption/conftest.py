"""Shared rig of the adoption tier: a copy of the root project, an account built with boto3, and the
``elasticache-rbac export`` console script run as a person would (a subprocess with the AWS
environment pointing at the emulator).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from pulumi import automation as auto

from elasticache_emulator.testing import RunningEmulator
from tests.support.pulumi_harness import root_project

EXPORT = Path(sys.executable).parent / "elasticache-rbac"


def aws_env(emu: RunningEmulator, **extra: str) -> dict[str, str]:
    """The environment of a person pointing the AWS tools at the emulator, plus ``extra``."""
    return {**emu.aws_environment(), **extra}


def export(emu: RunningEmulator, *args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``elasticache-rbac export ARGS`` against ``emu``; fails the test on a non-zero exit."""
    done = subprocess.run(
        [str(EXPORT), "export", *args],
        env=dict(env or aws_env(emu)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"export failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


@dataclass
class Adopting:
    """A stack of the root project (``Pulumi.test.yaml`` in :attr:`project`) against :attr:`emu`."""

    emu: RunningEmulator
    stack: auto.Stack
    project: Path

    @property
    def stack_file(self) -> Path:
        return self.project / f"Pulumi.{self.stack.name}.yaml"

    def writes(self) -> list[str]:
        """Every write call logged since the last clear, failed ones included."""
        return [r.operation for r in self.emu.admin.requests() if r.is_write]


@pytest.fixture
def adopting(tmp_path: Path, project_stack: Callable[..., auto.Stack], emulator: RunningEmulator) -> Adopting:
    project = root_project(tmp_path / "root")
    stack = project_stack(project, stack="test", endpoint=emulator.endpoint_url)
    stack.set_config("aws:region", auto.ConfigValue("us-east-1"))  # writes Pulumi.test.yaml with `config`
    return Adopting(emulator, stack, project)
