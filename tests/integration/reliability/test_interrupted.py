"""Scenario 3 of issue 6: the engine (the `pulumi` CLI) or the dynamic-provider process is SIGKILLed
during a wait; the next run, with the recovery a user would do, converges with nothing lost and nothing
duplicated.

These tests drive the plain CLI on a project directory (``subprocess.Popen``), so the test knows the
pids of the engine and its plugins. After a kill, the engine's children (language host, program,
provider) are orphans that would keep polling: they are killed too, as a dead CI runner would take them
with it.

Recovery found to work with engine v3.259.0 on a file backend (documented in docs/reliability.md):
- engine killed: the stack stays locked and the state holds a pending ``creating``/``updating``
  operation. ``pulumi cancel --yes`` deletes the lock file (file backends too),
  ``pulumi refresh --clear-pending-creates --yes`` drops pending creates, ``pulumi up`` converges: a create
  that was interrupted is resumed by the provider (the object carries its ``created-by`` tag).
- provider killed: the engine fails the step and exits cleanly (no lock, no pending operation); the
  next ``pulumi up`` converges.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from tests.support.live import wait_until

from .conftest import PW, PW2, Rig, assert_no_changes, children, cli, export_plain, state_resources

PROGRAM = """
import json
import pulumi
from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup

cfg = pulumi.Config()
users = {
    "alice": User("alice", user_id="alice", access_string="on ~a:* +@read",
                  authentication_mode={"type": "password", "passwords": [cfg.require_secret("alicePw")]}),
    "bob": User("bob", user_id="bob", access_string="on ~b:* +@read",
                authentication_mode={"type": "password", "passwords": [cfg.require_secret("bobPw")]}),
}
UserGroup("app", user_group_id="app", user_ids=[users.get(m, m) for m in json.loads(cfg.require("members"))])
"""

pytestmark = pytest.mark.slow


def _project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "Pulumi.yaml").write_text(
        f"name: killed\nruntime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\n"
    )
    (proj / "__main__.py").write_text(PROGRAM)
    return proj


def _stack(project_stack: Callable[..., auto.Stack], tmp_path: Path, rig: Rig, members: list[str]) -> auto.Stack:
    stack = project_stack(_project(tmp_path), endpoint=rig.emu.endpoint_url)
    stack.set_config("aws:region", auto.ConfigValue("us-east-1"))
    stack.set_config("alicePw", auto.ConfigValue(PW, secret=True))
    stack.set_config("bobPw", auto.ConfigValue(PW2, secret=True))
    stack.set_config("members", auto.ConfigValue(json.dumps(members)))
    return stack


def _start_up(stack: auto.Stack) -> subprocess.Popen[str]:
    ws: Any = stack.workspace
    return subprocess.Popen(
        [ws.pulumi_command.command, "up", "--yes", "--skip-preview", "--stack", stack.name, "--non-interactive"],
        cwd=ws.work_dir,
        env={**os.environ, **ws.env_vars, "PULUMI_HOME": ws.pulumi_home},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _kill_during(rig: Rig, proc: subprocess.Popen[str], operation: str, which: str, reap: list[int]) -> str:
    """Once ``operation`` was sent and its wait has begun, SIGKILL ``which`` ('engine' or 'provider')."""
    wait_until(lambda: any(r.operation == operation and r.ok for r in rig.admin.requests()), 120, operation)
    seen = len(rig.admin.requests())
    wait_until(lambda: len(rig.admin.requests()) > seen + 1, 30, "the provider polling its wait")
    tree = children(proc.pid)
    reap.extend(pid for pid, _ in tree)
    if which == "engine":
        os.kill(proc.pid, signal.SIGKILL)
    else:
        provider = [pid for pid, cmd in tree if "pulumi.dynamic" in cmd]
        assert len(provider) == 1, tree
        os.kill(provider[0], signal.SIGKILL)
    out, _ = proc.communicate(timeout=120)
    for pid, _ in tree:  # a dead runner takes the engine's children with it
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    print(f"--- pulumi up, {which} killed during {operation} (exit {proc.returncode}) ---\n{out}")
    assert proc.returncode != 0
    return out


def _pending(stack: auto.Stack) -> list[tuple[str, str]]:
    data = json.loads(export_plain(stack))
    return [
        (p["type"], p["resource"]["urn"].rsplit("::", 1)[1]) for p in data["deployment"].get("pending_operations") or []
    ]


def _assert_converged(rig: Rig, stack: auto.Stack, members: set[str]) -> None:
    assert sorted(rig.users()) == ["alice", "bob", "default"]
    assert sorted(rig.groups()) == ["app"]
    assert rig.members("app") == members
    assert sorted(state_resources(stack)) == ["alice", "app", "bob"]
    assert _pending(stack) == []
    exported = export_plain(stack)
    assert PW not in exported and PW2 not in exported
    assert_no_changes(stack)


def test_engine_killed_during_create_wait_then_cancel_refresh_up(
    tmp_path: Path, project_stack: Callable[..., auto.Stack], rig: Rig, reap: list[int]
) -> None:
    stack = _stack(project_stack, tmp_path, rig, ["default", "alice", "bob"])
    rig.admin.configure(timings={"user_group_create": 600})  # the group stays 'creating'
    _kill_during(rig, _start_up(stack), "CreateUserGroup", "engine", reap)

    # what the killed run left: a lock, a pending create, the group in ElastiCache but not in the state
    assert _pending(stack) == [("creating", "app")]
    assert sorted(state_resources(stack)) == ["alice", "bob"]
    locked = cli(stack, "up", "--yes", "--skip-preview", check=False)
    assert locked.returncode != 0 and "locked" in locked.stderr, locked.stderr
    exported = export_plain(stack)  # the pending operation's inputs hold no plaintext password either
    assert PW not in exported and PW2 not in exported

    rig.admin.advance_clock(600)  # the service finishes creating the group meanwhile
    cli(stack, "cancel", "--yes")  # file backend: removes the stale lock
    cli(stack, "refresh", "--clear-pending-creates", "--yes", "--skip-preview")
    rig.admin.clear_requests()
    up = cli(stack, "up", "--yes", "--skip-preview")
    print(up.stdout)
    writes = Counter(r.operation for r in rig.admin.requests() if r.is_write)
    # the create was resumed: one CreateUserGroup answered UserGroupAlreadyExists, nothing deleted
    assert writes == Counter({"CreateUserGroup": 1}), writes
    _assert_converged(rig, stack, {"default", "alice", "bob"})


def test_provider_killed_during_create_wait_then_up_and_engine_killed_during_update_wait(
    tmp_path: Path, project_stack: Callable[..., auto.Stack], rig: Rig, reap: list[int]
) -> None:
    stack = _stack(project_stack, tmp_path, rig, ["default", "alice"])
    rig.admin.configure(timings={"user_group_create": 600})
    out = _kill_during(rig, _start_up(stack), "CreateUserGroup", "provider", reap)
    assert "error reading from server" in out or "EOF" in out
    assert _pending(stack) == []  # the engine saw the failure and recorded it
    rig.admin.advance_clock(600)
    up = cli(stack, "up", "--yes", "--skip-preview")  # no recovery step needed
    print(up.stdout)
    _assert_converged(rig, stack, {"default", "alice"})

    # now a membership change whose wait is interrupted by killing the engine
    stack.set_config("members", auto.ConfigValue(json.dumps(["default", "bob"])))
    rig.admin.configure(timings={"user_group_modify": 600, "user_membership": 0})
    rig.admin.clear_requests()
    _kill_during(rig, _start_up(stack), "ModifyUserGroup", "engine", reap)
    assert _pending(stack) == [("updating", "app")]
    cli(stack, "cancel", "--yes")
    rig.admin.advance_clock(600)
    up = cli(stack, "up", "--yes", "--skip-preview")
    print(up.stdout)
    modifies = [r for r in rig.admin.requests() if r.operation == "ModifyUserGroup" and r.ok]
    assert len(modifies) == 1, "the change was already in flight: the resumed update must not send it again"
    _assert_converged(rig, stack, {"default", "bob"})


COMPONENT_PROGRAM = """
import pulumi
from pulumi_elasticache_rbac import ElastiCacheRbac

cfg = pulumi.Config()
users = [{"id": u, "accessString": cfg.require("access"), "authentication": "iam"} for u in ("alice", "bob")]
ElastiCacheRbac("rbac", {"users": users, "groups": [{"id": "app", "members": ["default", "alice", "bob"]}]})
"""


def test_barrier_provider_killed_mid_wait_then_up_waits_again(
    tmp_path: Path, project_stack: Callable[..., auto.Stack], rig: Rig, reap: list[int]
) -> None:
    proj = _project(tmp_path)
    (proj / "__main__.py").write_text(COMPONENT_PROGRAM)
    stack = project_stack(proj, endpoint=rig.emu.endpoint_url)
    stack.set_config("aws:region", auto.ConfigValue("us-east-1"))
    stack.set_config("access", auto.ConfigValue("on ~a:* +@read"))
    cli(stack, "up", "--yes", "--skip-preview")

    # the users' changes are accepted at once; the provider dies while the barrier waits for them
    rig.admin.configure(timings={"user_modify": 600})
    stack.set_config("access", auto.ConfigValue("on ~a:* +@all"))
    rig.admin.clear_requests()
    proc = _start_up(stack)
    wait_until(
        lambda: sum(r.operation == "ModifyUser" and r.ok for r in rig.admin.requests()) == 2, 120, "ModifyUser x2"
    )
    out = _kill_during(rig, proc, "DescribeUsers", "provider", reap)  # the barrier's listing
    assert "rbac-ready" in out
    assert _pending(stack) == []

    rig.admin.advance_clock(600)
    rig.admin.clear_requests()
    up = cli(stack, "up", "--yes")  # with its preview: the barrier shows as to be updated again
    print(up.stdout)
    assert "rbac-ready" in up.stdout
    assert [r.operation for r in rig.admin.requests() if r.is_write] == []  # nothing sent twice
    assert {u["AccessString"] for uid, u in rig.users().items() if uid != "default"} == {"on ~a:* +@all"}
    assert all(u["Status"] == "active" for u in rig.users().values())
    assert_no_changes(stack)
