"""Issue 13's acceptance, on the real engine: an account built with boto3 -> ``elasticache-rbac export
--stack-file`` -> ``preview`` shows adoption only -> ``up`` makes zero write calls -> ``preview`` shows
no changes -> one member changed is exactly one ``ModifyUserGroup``. Then the printed command that
starts managing a password user's passwords, run as printed."""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import Any

import yaml

from tests.support import live

from .conftest import Adopting, export

PW = "hand-made-password-0123456789"
NEW_PW = "declared-password-0123456789"


def build_account(c: Any) -> None:
    """A team's hand-made RBAC: password, iam and no-password users, a `default`-named user, users in
    several groups, a group holding only `default`, a user in no group, tags."""

    def user(
        uid: str, auth: dict[str, Any], access: str = "on ~app:* +@read", name: str | None = None, **kw: Any
    ) -> None:
        c.create_user(
            UserId=uid, UserName=name or uid, Engine="redis", AccessString=access, AuthenticationMode=auth, **kw
        )

    user("app-writer", {"Type": "password", "Passwords": [PW]}, "on ~app:* -@all +@read +@write",
         Tags=[{"Key": "team", "Value": "payments"}, {"Key": "cost-center", "Value": "42"}])  # fmt: skip
    user("app-reader", {"Type": "password", "Passwords": [PW, PW + "x"]})
    user("orders", {"Type": "iam"}, "on ~orders:* +@all")
    user("locked-default", {"Type": "no-password-required"}, "off -@all", name="default")
    user("unused", {"Type": "iam"}, "on ~* +@read")
    app_members = ["locked-default", "app-writer", "app-reader", "orders"]
    c.create_user_group(
        UserGroupId="app", Engine="redis", UserIds=app_members, Tags=[{"Key": "team", "Value": "payments"}]
    )
    c.create_user_group(UserGroupId="readers", Engine="redis", UserIds=["default", "app-reader"])
    c.create_user_group(UserGroupId="bare", Engine="redis", UserIds=["default"])


def test_export_up_without_a_write_then_one_member_change(adopting: Adopting) -> None:
    emu, stack = adopting.emu, adopting.stack
    build_account(emu.client())
    emu.admin.clear_requests()

    done = export(emu, "--stack-file", str(adopting.stack_file))
    assert adopting.writes() == []  # the export only reads
    spec = yaml.safe_load(adopting.stack_file.read_text())["config"]["elasticache-rbac:rbac"]
    assert [u["id"] for u in spec["users"]] == ["app-reader", "app-writer", "locked-default", "orders", "unused"]
    assert {g["id"]: g["members"] for g in spec["groups"]} == {
        "app": ["locked-default", "app-writer", "app-reader", "orders"],
        "bare": ["default"],
        "readers": ["default", "app-reader"],
    }
    assert all(e["adoptExisting"] is True for e in spec["users"] + spec["groups"])
    assert spec["users"][1]["tags"] == {"cost-center": "42", "team": "payments"}
    assert PW not in done.stdout + done.stderr + adopting.stack_file.read_text()
    commands = [line.split("#")[0].strip() for line in done.stderr.splitlines() if "pulumi config set" in line]
    assert commands == [
        "pulumi config set --stack test --secret --path 'rbac.users[0].passwords[0]'",
        "pulumi config set --stack test --secret --path 'rbac.users[1].passwords[0]'",
    ]

    # preview: adoption only (the stack, the component, 5 users, 3 groups, the component's barrier), a
    # warning per password user
    lines: list[str] = []
    preview = stack.preview(on_output=lines.append)
    assert dict(preview.change_summary) == {"create": 11}, preview.change_summary
    text = "\n".join(lines)
    for uid in ("app-writer", "app-reader"):
        assert f"User 'user-{uid}': adopted keeping its live passwords" in text, text

    emu.admin.clear_requests()
    up = stack.up(on_output=print)
    assert up.summary.result == "succeeded"
    assert adopting.writes() == []  # every write operation, failed ones included
    live.assert_no_changes(stack)
    assert adopting.writes() == []

    # one member changed: app-reader leaves `app`
    stack.remove_config("rbac.groups[0].members[2]", path=True)
    emu.admin.clear_requests()
    up = stack.up(on_output=print)
    # the group, and the barrier that waits for it
    assert up.summary.resource_changes == {"update": 2, "same": 9}, up.summary.resource_changes
    writes = adopting.writes()
    assert writes.count("ModifyUserGroup") == 1, writes
    # the group's first update also marks it as owned authoritatively (one tag write)
    assert sorted(writes) == ["AddTagsToResource", "ModifyUserGroup"], writes
    assert live.members(emu, "app") == {"locked-default", "app-writer", "orders"}
    live.assert_no_changes(stack)

    # the printed command, run as printed (the value on stdin), starts managing the passwords: one ModifyUser
    ws: Any = stack.workspace
    env = {**os.environ, **ws.env_vars, "PULUMI_HOME": ws.pulumi_home}
    argv = shlex.split(commands[1])
    set_password = subprocess.run(
        [ws.pulumi_command.command, *argv[1:]], cwd=adopting.project, env=env, input=NEW_PW,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert set_password.returncode == 0, set_password.stderr
    assert NEW_PW not in adopting.stack_file.read_text()  # stored as a secret
    emu.admin.clear_requests()
    stack.up(on_output=print)
    assert adopting.writes() == ["ModifyUser"]
    assert live.users(emu)["app-writer"]["Authentication"] == {"Type": "password", "PasswordCount": 1}
    live.assert_no_changes(stack)
