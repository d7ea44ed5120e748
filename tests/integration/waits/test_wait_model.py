"""The wait model (issue 11): no provider request sleeps through a transition that nothing in the same
deployment needs; one barrier waits for all of them.

Transitions here last 600 s of the emulator's clock, and the test moves the clock forward itself
(``admin.advance_clock``) once the requests it expects have arrived. So "all N changes were sent before
any transition ended" is checked exactly, not timed: had a request waited for its own transition, the
next ones could never arrive before the clock moved.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from elasticache_emulator.pytest_plugin import EmulatorFactory
from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac import ElastiCacheRbac, RbacBarrier, User, UserGroup
from tests.support import live
from tests.support.later import Later
from tests.support.live import wait_until

LONG = 600.0
PW = "wait-model-password-0001"
PW2 = "wait-model-password-0002"


def _spec(n: int, passwords: list[str]) -> dict[str, Any]:
    users = [{"id": f"u{i}", "accessString": "on ~app:* +@read", "passwords": passwords} for i in range(n)]
    return {"users": users, "groups": [{"id": "app", "members": ["default", *(u["id"] for u in users)]}]}


class Background:
    """``run(on_output=...)`` (a stack's up/destroy) in a thread; :meth:`result` joins it."""

    def __init__(self, run: Callable[..., Any]) -> None:
        self.lines: list[str] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._main, args=(run,), daemon=True)
        self.thread.start()

    def _main(self, run: Callable[..., Any]) -> None:
        try:
            run(on_output=self.lines.append)
        except BaseException as exc:  # reported by result()
            self.error = exc

    @property
    def done(self) -> bool:
        return not self.thread.is_alive()

    def result(self, timeout: float = 300) -> str:
        self.thread.join(timeout)
        assert self.done, "still running"
        if self.error is not None:
            raise self.error
        return "\n".join(self.lines)


def _calls(emu: RunningEmulator, operation: str) -> int:
    return sum(1 for r in emu.admin.requests() if r.operation == operation and r.ok)


@pytest.fixture
def slow(emulator_factory: EmulatorFactory) -> RunningEmulator:
    """An emulator whose transitions take ``LONG`` seconds of its own clock."""
    return emulator_factory(transition_delay=LONG)


def test_component_rotation_sends_every_change_before_any_transition_ends(
    inline_stack: Any, emulator_factory: EmulatorFactory
) -> None:
    emu = emulator_factory()  # instant while the stack is made
    cfg = {"passwords": [PW]}
    stack = inline_stack(
        lambda: ElastiCacheRbac("rbac", _spec(8, cfg["passwords"])) and None, endpoint=emu.endpoint_url
    )
    stack.up(on_output=print)
    emu.admin.configure(transition_delay=LONG)
    emu.admin.clear_requests()

    cfg["passwords"] = [PW, PW2]
    run = Background(stack.up)
    wait_until(lambda: _calls(emu, "ModifyUser") == 8, 120, "8 ModifyUser calls")
    # every change is in while each user is still modifying; the barrier alone is waiting now
    wait_until(lambda: _calls(emu, "DescribeUsers") > 0, 60, "the barrier's first poll")
    assert not run.done
    assert all(u["Status"] == "modifying" for uid, u in live.users(emu).items() if uid != "default")
    emu.admin.advance_clock(LONG)
    run.result()
    assert live.writes(emu) == ["ModifyUser"] * 8
    assert all(
        u["Status"] == "active" and u["Authentication"]["PasswordCount"] == 2
        for u in live.users(emu).values()
        if u["UserId"] != "default"
    )
    live.assert_no_changes(stack)


def test_standalone_resources_still_wait_unless_told_not_to(inline_stack: Any, slow: RunningEmulator) -> None:
    cfg: dict[str, Any] = {"access": "on ~a:* +@read", "wait": True}

    def program() -> None:
        User(
            "alice",
            user_id="alice",
            access_string=cfg["access"],
            authentication_mode={"type": "password", "passwords": [PW]},
            wait=cfg["wait"],
        )

    stack = inline_stack(program, endpoint=slow.endpoint_url)
    stack.up(on_output=print)  # CreateUser answers 'active'
    cfg["access"] = "on ~a:* +@all"
    run = Background(stack.up)
    wait_until(lambda: _calls(slow, "ModifyUser") == 1, 60, "ModifyUser")
    seen = _calls(slow, "DescribeUsers")
    wait_until(lambda: _calls(slow, "DescribeUsers") > seen + 1, 60, "polls of the wait")
    assert not run.done  # active when up returns: it waits
    slow.admin.advance_clock(LONG)
    run.result()
    assert live.users(slow)["alice"]["Status"] == "active"

    # wait=False: up returns while the user is still modifying
    cfg["access"] = "on ~a:* +get"
    cfg["wait"] = False
    stack.up(on_output=print)
    assert live.users(slow)["alice"]["Status"] == "modifying"
    slow.admin.advance_clock(LONG)


def test_public_barrier_waits_once_for_standalone_resources(
    inline_stack: Any, emulator_factory: EmulatorFactory
) -> None:
    emu = emulator_factory()
    cfg = {"access": "on ~a:* +@read"}

    def program() -> None:
        users = [
            User(u, user_id=u, access_string=cfg["access"], authentication_mode={"type": "iam"}, wait=False)
            for u in ("a1", "a2", "a3", "a4", "a5")
        ]
        group = UserGroup("g", user_group_id="g", user_ids=["default", *users], wait=False)
        barrier = RbacBarrier("ready", users=users, groups=[group])
        pulumi.export("groups", barrier.user_group_ids)
        pulumi.export("arns", barrier.user_arns)

    stack = inline_stack(program, endpoint=emu.endpoint_url)
    up = stack.up(on_output=print)
    assert up.outputs["groups"].value == ["g"]
    assert sorted(up.outputs["arns"].value) == ["a1", "a2", "a3", "a4", "a5"]
    live.assert_no_changes(stack)  # the barrier shows no change when nothing changed

    emu.admin.configure(transition_delay=LONG)
    cfg["access"] = "on ~a:* +@all"
    steps = live.plan(stack)
    assert ("update", live.BARRIER, "ready") in steps, steps
    run = Background(stack.up)
    wait_until(lambda: _calls(emu, "ModifyUser") == 5, 120, "5 ModifyUser calls")
    assert not run.done
    emu.admin.advance_clock(LONG)
    run.result()
    assert all(u["Status"] == "active" for u in live.users(emu).values())


def test_barrier_timeout_names_every_object_still_not_active(
    inline_stack: Any, emulator_factory: EmulatorFactory
) -> None:
    emu = emulator_factory()
    cfg = {"passwords": [PW]}
    stack = inline_stack(
        lambda: ElastiCacheRbac("rbac", _spec(3, cfg["passwords"])) and None,
        endpoint=emu.endpoint_url,
        config={"elasticache-rbac:waitTimeoutSeconds": auto.ConfigValue("3")},
    )
    stack.up(on_output=print)
    emu.admin.configure(transition_delay=LONG)
    cfg["passwords"] = [PW2]
    text = live.failure_text(stack.up)
    for uid in ("u0", "u1", "u2"):
        assert f"user {uid!r} (modifying)" in text, text
    assert "run `pulumi up` again to wait again" in text
    assert PW2 not in text
    # the next up waits again (the barrier's state kept the old inputs) and converges
    emu.admin.advance_clock(LONG)
    steps = live.plan(stack)
    assert ("update", live.BARRIER, "rbac-ready") in steps, steps
    emu.admin.clear_requests()
    stack.up(on_output=print)
    assert live.writes(emu) == []  # nothing sent again: the users were modified already
    live.assert_no_changes(stack)


def test_destroy_returns_once_accepted_and_an_immediate_up_converges(
    inline_stack: Any, emulator_factory: EmulatorFactory
) -> None:
    emu = emulator_factory()
    stack = inline_stack(lambda: ElastiCacheRbac("rbac", _spec(4, [PW])) and None, endpoint=emu.endpoint_url)
    stack.up(on_output=print)
    emu.admin.configure(timings={"user_delete": LONG, "user_group_delete": LONG})

    stack.destroy(on_output=print)  # returns: nothing waits for the deletions
    statuses = {u["UserId"]: u["Status"] for u in live.users(emu).values()}
    assert statuses == {"default": "active", **{f"u{i}": "deleting" for i in range(4)}}
    assert live.groups(emu)["app"]["Status"] == "deleting"

    run = Background(stack.up)  # at once: each create waits for its old object to go
    wait_until(lambda: _calls(emu, "DescribeUserGroups") + _calls(emu, "DescribeUsers") > 8, 60, "waits for deletions")
    assert not run.done
    emu.admin.advance_clock(LONG)  # the deletions end
    run.result()
    assert sorted(live.users(emu)) == ["default", "u0", "u1", "u2", "u3"]
    assert live.members(emu, "app") == {"default", "u0", "u1", "u2", "u3"}
    live.assert_no_changes(stack)


def test_a_deletion_slower_than_the_wait_timeout(inline_stack: Any, emulator_factory: EmulatorFactory) -> None:
    emu = emulator_factory()
    stack = inline_stack(
        lambda: ElastiCacheRbac("rbac", {"users": _spec(1, [PW])["users"]}) and None,
        endpoint=emu.endpoint_url,
        config={"elasticache-rbac:waitTimeoutSeconds": auto.ConfigValue("3")},
    )
    stack.up(on_output=print)
    emu.admin.configure(timings={"user_delete": LONG})
    stack.destroy(on_output=print)
    text = live.failure_text(stack.up)
    assert "user 'u0': still waiting for user deleted" in text, text
    emu.admin.advance_clock(LONG)
    stack.up(on_output=print)
    assert live.users(emu)["u0"]["Status"] == "active"
    live.assert_no_changes(stack)


def test_progress_lines_appear_during_the_one_wait(inline_stack: Any, emulator_factory: EmulatorFactory) -> None:
    emu = emulator_factory()
    cfg = {"passwords": [PW]}
    stack = inline_stack(
        lambda: ElastiCacheRbac("rbac", _spec(2, cfg["passwords"])) and None, endpoint=emu.endpoint_url
    )
    stack.up(on_output=print)
    emu.admin.configure(timings={"user_modify": 7.0})  # real seconds: progress lines start after 5 s
    cfg["passwords"] = [PW2]
    lines: list[str] = []
    stack.up(on_output=lines.append)
    text = "\n".join(lines)
    assert "[elasticache-rbac] RbacBarrier 'rbac-ready': waiting for 2 user(s) and 1 user group(s) to be active" in text
    assert "user 'u0' (modifying)" in text


def test_a_resource_wired_to_the_component_sees_no_change_when_rbac_changes(
    inline_stack: Any, emulator: RunningEmulator
) -> None:
    """A replication group wired to ``group_ids`` (here ``Later``, which reports a change whenever its
    input differs or is unknown, as a real provider does) plans nothing at a password rotation, an access
    string change or a new member: the barrier's wiring outputs stay known at preview."""
    cfg: dict[str, Any] = {"passwords": [PW], "n": 2, "access": "on ~app:* +@read"}

    def program() -> None:
        spec = _spec(cfg["n"], cfg["passwords"])
        spec["users"][0]["accessString"] = cfg["access"]
        rbac = ElastiCacheRbac("rbac", spec)
        Later("cache", rbac.group_ids)

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    changes: list[tuple[str, Any]] = [
        ("passwords", [PW, PW2]),
        ("access", "on ~app:* +@read +@write"),
        ("n", 3),
    ]
    for key, value in changes:
        cfg[key] = value
        steps = live.plan(stack)
        assert steps and not [s for s in steps if s[2] == "cache"], (key, steps)
        stack.up(on_output=print)
        live.assert_no_changes(stack)
    assert live.members(emulator, "app") == {"default", "u0", "u1", "u2"}
