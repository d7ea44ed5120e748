"""Scenarios 5 and 8 of issue 6: a group modification lasting longer than 180 s, and resources stuck in
``modifying`` beyond the configured wait timeout."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi.automation import errors as auto_errors

from .conftest import Rig, assert_no_changes, default_cfg, rbac_program


@pytest.mark.slow
def test_group_modification_longer_than_180s_completes(inline_stack: Any, rig: Rig) -> None:
    """pulumi/pulumi#13841 reports dynamic-provider calls hanging past ~180 s. Under engine v3.259.0 a
    single Update call that waits 190 s for the group completes (strategy: it completes; the bounded,
    resumable waits of scenario 8 remain the safety net). The per-wait timeout is raised above the
    transition through the stack config, as a user with slow groups would do."""
    cfg = default_cfg()
    stack = inline_stack(
        rbac_program(cfg),
        endpoint=rig.emu.endpoint_url,
        config={"elasticache-rbac:waitTimeoutSeconds": auto.ConfigValue("240")},
    )
    stack.up(on_output=print)
    rig.admin.configure(timings={"user_group_modify": 190.0})
    cfg["group"] = ["default", "alice", "carol"]
    lines: list[str] = []
    started = time.monotonic()
    up = stack.up(on_output=lines.append)
    took = time.monotonic() - started
    print("\n".join(lines))
    print(f"up with a 190 s group modification took {took:.0f}s")
    assert up.summary.result == "succeeded"
    assert took > 185
    assert rig.members("app") == {"default", "alice", "carol"}
    # the long wait reported progress, naming the resource and what it waits for
    assert any("user group 'app': waiting for user group status 'active'" in line for line in lines)
    rig.admin.configure(timings={"user_group_modify": 0.0})
    assert_no_changes(stack)


def test_stuck_in_modifying_times_out_clearly_and_next_up_resumes(inline_stack: Any, rig: Rig) -> None:
    cfg = default_cfg()
    stack = inline_stack(
        rbac_program(cfg),
        endpoint=rig.emu.endpoint_url,
        config={"elasticache-rbac:waitTimeoutSeconds": auto.ConfigValue("4")},
    )
    stack.up(on_output=print)

    # the service accepts a membership change but the group stays 'modifying' for an hour
    rig.admin.configure(timings={"user_group_modify": 3600.0, "user_membership": 0.0})
    cfg["group"] = ["default", "alice", "carol"]
    rig.admin.clear_requests()
    text = _failed_up(stack)
    assert "user group 'app': still waiting for user group status 'active' with no pending changes" in text
    assert "timeout 4s, last status 'modifying'" in text
    assert "run `pulumi up` again to resume" in text and "elasticache-rbac:waitTimeoutSeconds" in text
    assert rig.writes() == ["ModifyUserGroup"]

    # still stuck: another `up` fails the same way and does not send the change again
    _failed_up(stack)
    assert rig.writes() == ["ModifyUserGroup"]

    # the service settles; the next `up` resumes (only waits) and converges
    rig.admin.advance_clock(3600)
    assert stack.up(on_output=print).summary.result == "succeeded"
    assert rig.writes() == ["ModifyUserGroup"]
    assert rig.members("app") == {"default", "alice", "carol"}
    assert_no_changes(stack)

    # the same for users stuck after ModifyUser
    rig.admin.configure(timings={"user_modify": 3600.0})
    cfg["access"] = "on ~app:* -@all +@read +@write"
    rig.admin.clear_requests()
    text = _failed_up(stack)
    for uid in ("alice", "bob", "carol"):
        assert f"user '{uid}': still waiting for user status 'active' after" in text
    rig.admin.advance_clock(3600)
    assert stack.up(on_output=print).summary.result == "succeeded"
    # one ModifyUser per user: the resumed update compares with the live user and does not resend
    assert rig.writes() == ["ModifyUser"] * 3, rig.writes()
    assert {u: rig.users()[u]["AccessString"] for u in ("alice", "bob", "carol")} == dict.fromkeys(
        ("alice", "bob", "carol"), "on ~app:* -@all +@read +@write"
    )
    rig.admin.configure(timings={"user_modify": 0.0, "user_group_modify": 0.0})
    assert_no_changes(stack)


def _failed_up(stack: Any) -> str:
    output: list[str] = []
    with pytest.raises(auto_errors.CommandError) as failed:
        stack.up(on_output=output.append)
    text = "\n".join(output) + str(failed.value)
    print(text)
    return text
