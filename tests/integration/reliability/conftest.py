"""Shared rig of the reliability tier: the real engine, the emulator over HTTP, and a small RBAC program.

``Rig`` bundles one emulator (``emulator_factory``, so each test chooses timings and faults) with helpers
to read it back; :func:`rbac_program` builds users, one authoritative group and one additive membership
from a mutable ``cfg`` dict, so a test changes the desired state between runs. :func:`cli` runs the plain
``pulumi`` CLI with exactly the environment the Automation API stack uses (for ``stack export`` without
``--show-secrets``, ``cancel``, ``refresh --clear-pending-creates``).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from elasticache_emulator.pytest_plugin import EmulatorFactory
from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup, UserGroupMembership

PW = "reliability-pw-alpha-0001"
PW2 = "reliability-pw-bravo-0002"
PW3 = "reliability-pw-charlie-0003"


@dataclass
class Rig:
    emu: RunningEmulator
    stacks: list[auto.Stack] = field(default_factory=list)

    @property
    def admin(self) -> Any:
        return self.emu.admin

    def client(self) -> Any:
        return self.emu.client()

    def quiet(self) -> None:
        """Stop injecting faults (so the test's own reads are not throttled)."""
        self.admin.configure(faults={"throttle_probability": 0.0})
        self.admin.clear_faults()

    def writes(self) -> list[str]:
        return [r.operation for r in self.admin.requests() if r.is_write and r.ok]

    def users(self) -> dict[str, Any]:
        return {u["UserId"]: u for u in self.client().describe_users()["Users"]}

    def groups(self) -> dict[str, Any]:
        return {g["UserGroupId"]: g for g in self.client().describe_user_groups()["UserGroups"]}

    def members(self, gid: str) -> set[str]:
        return set(self.groups()[gid].get("UserIds") or [])


@pytest.fixture
def rig(emulator_factory: EmulatorFactory) -> Rig:
    return Rig(emulator_factory())


def default_cfg() -> dict[str, Any]:
    return {
        "users": {"alice": [PW], "bob": [PW2], "carol": [PW3]},
        "group": ["default", "alice", "bob"],
        "shared": ["carol"],
        "access": "on ~app:* -@all +@read",
    }


def rbac_program(cfg: dict[str, Any]) -> Callable[[], None]:
    """Users from ``cfg["users"]`` (id -> passwords), authoritative group ``app`` with ``cfg["group"]``,
    group ``shared`` (membership not owned) with a ``UserGroupMembership`` of ``cfg["shared"]``."""

    def program() -> None:
        users = {
            uid: User(
                uid,
                user_id=uid,
                access_string=cfg["access"],
                authentication_mode={"type": "password", "passwords": pws},
            )
            for uid, pws in cfg["users"].items()
        }
        UserGroup("app", user_group_id="app", user_ids=[users.get(m, m) for m in cfg["group"]])
        shared = UserGroup("shared", user_group_id="shared")
        if cfg["shared"]:
            UserGroupMembership(
                "shared-members", user_group_id=shared.user_group_id, user_ids=[users[m].user_id for m in cfg["shared"]]
            )

    return program


def cli(stack: auto.Stack, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The plain ``pulumi`` CLI on ``stack`` with the stack's environment (as a user would type it)."""
    ws: Any = stack.workspace
    env = {**os.environ, **ws.env_vars, "PULUMI_HOME": ws.pulumi_home}
    pulumi = str(Path(ws.pulumi_command.command))
    result = subprocess.run(
        [pulumi, *args, "--stack", stack.name, "--non-interactive"],
        cwd=ws.work_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"pulumi {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def export_plain(stack: auto.Stack) -> str:
    """``pulumi stack export`` without ``--show-secrets`` (the Automation API's export adds it)."""
    out = cli(stack, "stack", "export").stdout
    json.loads(out)
    return out


def assert_no_changes(stack: auto.Stack) -> None:
    preview = stack.preview()
    assert set(preview.change_summary) <= {"same"}, preview.change_summary


def state_resources(stack: auto.Stack) -> list[str]:
    data = json.loads(export_plain(stack))
    return [
        r["urn"].rsplit("::", 1)[1]
        for r in data["deployment"].get("resources", [])
        if r["type"].startswith("pulumi-python:dynamic")
    ]


def children(pid: int) -> list[tuple[int, str]]:
    """Descendants of ``pid`` as (pid, command line), from /proc."""
    found: list[tuple[int, str]] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append((int(entry.name), cmd))
            found += children(int(entry.name))
    return found


@pytest.fixture
def reap() -> Iterator[list[int]]:
    """Pids this test started indirectly (orphans of a killed engine); SIGKILLed at teardown."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
