"""Read back what exists in an emulator, and what an engine run did, for integration tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pulumi import automation as auto

from elasticache_emulator.testing import RunningEmulator


def users(emu: RunningEmulator) -> dict[str, Any]:
    """Live users by id."""
    return {u["UserId"]: u for u in emu.client().describe_users()["Users"]}


def groups(emu: RunningEmulator) -> dict[str, Any]:
    """Live user groups by id."""
    return {g["UserGroupId"]: g for g in emu.client().describe_user_groups()["UserGroups"]}


def members(emu: RunningEmulator, group_id: str) -> set[str]:
    """The live members of ``group_id`` (its ``UserIds``)."""
    return set(groups(emu)[group_id].get("UserIds") or [])


def writes(emu: RunningEmulator) -> list[str]:
    """The successful write calls logged since the last ``admin.clear_requests()``, in order."""
    return [r.operation for r in emu.admin.requests() if r.is_write and r.ok]


def write_attempts(emu: RunningEmulator) -> list[str]:
    """Every write call logged since the last ``admin.clear_requests()``, refused ones too, in order."""
    return [r.operation for r in emu.admin.requests() if r.is_write]


def changes(stack: auto.Stack) -> dict[str, int]:
    """The change summary of a ``preview`` (``{"same": n}`` when nothing would change)."""
    # typed as OpType keys, but the Automation API hands plain strings
    return {str(getattr(op, "value", op)): n for op, n in stack.preview(on_output=print).change_summary.items()}


def plan(stack: auto.Stack) -> list[tuple[str, str, str]]:
    """What a ``preview`` would do, resource by resource: ``(operation, type, name)`` of every step that
    is not ``same`` (from the engine's step events)."""
    steps: list[tuple[str, str, str]] = []

    def record(event: auto.EngineEvent) -> None:
        pre = event.resource_pre_event
        if pre is not None:
            op = str(getattr(pre.metadata.op, "value", pre.metadata.op))
            if op != "same":
                steps.append((op, pre.metadata.type, pre.metadata.urn.rsplit("::", 1)[-1]))

    stack.preview(on_output=print, on_event=record)
    return steps


BARRIER = "pulumi-python:dynamic/elasticache-rbac:RbacBarrier"


def assert_no_changes(stack: auto.Stack) -> None:
    summary = changes(stack)
    assert set(summary) == {"same"}, summary


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``predicate`` every 0.1 s until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


STALE_ENGINE = ("Resource monitor has terminated", "StatusCode.UNAVAILABLE")
"""How an inline-program run fails when its program cannot reach its engine (see :func:`failure_text`)."""


def failure_text(run: Callable[..., Any]) -> str:
    """Run ``run(on_output=...)`` (a stack's ``preview`` / ``up`` / ``destroy``), which must fail; return its
    whole output and error text.

    After many failing inline-program runs in one process, a run now and then (2 of 5 full test runs on 2
    busy cores, 2026-12-02) fails before registering any resource, its program unable to reach its engine
    (:data:`STALE_ENGINE`: "Resource monitor has terminated", or an RPC to an earlier run's engine port);
    the log shows earlier runs' program threads still calling their finished engines. The cause is in the
    SDK's in-process language server and was not found. Such a run did nothing and is run once more; the
    caller checks the second run's text as any other.
    """
    text = ""
    for _ in range(2):
        lines: list[str] = []
        try:
            run(on_output=lines.append)
        except auto.errors.CommandError as exc:
            text = "\n".join(lines) + "\n" + str(exc)
        else:
            raise AssertionError("expected the run to fail; it succeeded:\n" + "\n".join(lines))
        if not any(sign in text for sign in STALE_ENGINE):
            break
    return text
