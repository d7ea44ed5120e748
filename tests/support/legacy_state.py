"""Restore a stack written by an earlier release (``tests/fixtures/legacy-*``) on the real engine.

A fixture holds what that release left behind: the project (``project/``), its stack config
(``Pulumi.<stack>.yaml``, secrets encrypted with :data:`~tests.support.pulumi_harness.TEST_PASSPHRASE`),
the ``pulumi stack export`` (``stack.json``: providers pickled by class path, passwords as ciphertext)
and the emulator's state file (``emulator-state.json``: the live users and groups). :func:`restore`
copies all of it to a scratch directory, starts an emulator from that state, imports the stack and
returns both, so that a test can run today's code against yesterday's state.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pulumi import automation as auto

from elasticache_emulator.testing import RunningEmulator, start_emulator
from tests.support import pulumi_harness as ph

FIXTURES = ph.REPO_ROOT / "tests" / "fixtures"


@dataclass
class Restored:
    stack: auto.Stack
    emulator: RunningEmulator
    project_dir: Path


def restore(engine: ph.Engine, fixture: str, scratch: Path, *, stack_name: str = "legacy") -> Restored:
    """Copy ``tests/fixtures/<fixture>`` under ``scratch``, start its emulator, import its stack.

    The caller stops ``.emulator`` (``with``-style: ``restored.emulator.stop()``).
    """
    src = FIXTURES / fixture
    project = scratch / "project"
    shutil.copytree(src / "project", project, ignore=shutil.ignore_patterns("__pycache__"))
    yaml = project / "Pulumi.yaml"
    yaml.write_text(yaml.read_text().replace("VIRTUALENV", sys.prefix))
    shutil.copyfile(src / f"Pulumi.{stack_name}.yaml", project / f"Pulumi.{stack_name}.yaml")
    state_file = scratch / "emulator-state.json"
    shutil.copyfile(src / "emulator-state.json", state_file)
    emulator = start_emulator(state_path=state_file)
    try:
        env = ph.pulumi_env(engine, scratch / "pulumi", aws_endpoint=emulator.endpoint_url)
        stack = ph.project_stack(engine, env, project, stack=stack_name)
        ws = stack.workspace
        ws.pulumi_command.run(
            ["stack", "import", "--stack", stack_name, "--file", str(src / "stack.json")], ws.work_dir, ws.env_vars
        )
    except BaseException:
        emulator.stop()
        raise
    return Restored(stack, emulator, project)
