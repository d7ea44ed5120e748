"""Every example project under the real engine against the emulator: up -> preview (no changes) ->
step2/step3 where present -> destroy. (``replication-group`` needs the AWS plugin: it is tested with
mocks in tests/unit/components/test_example_replication_group.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pulumi import automation as auto

from elasticache_emulator.testing import RunningEmulator
from tests.integration.examples._projects import copy_example, live, use_step

StackFactory = Callable[..., auto.Stack]


def _stack(
    project_stack: StackFactory, project: Path, emulator: RunningEmulator, secrets: dict[str, str]
) -> auto.Stack:
    stack = project_stack(project, stack="test", endpoint=emulator.endpoint_url)
    stack.set_config("aws:region", auto.ConfigValue("us-east-1"))
    for key, value in secrets.items():
        stack.set_config(key, auto.ConfigValue(value, secret=True))
    return stack


def _up(stack: auto.Stack) -> auto.UpResult:
    result = stack.up()
    assert result.summary.result == "succeeded", result.stdout
    return result


def _assert_no_changes(stack: auto.Stack) -> None:
    preview = stack.preview()
    assert set(preview.change_summary) == {"same"}, preview.change_summary


def _destroy(stack: auto.Stack) -> None:
    result = stack.destroy()
    assert result.summary.result == "succeeded", result.stdout


def test_quickstart(
    tmp_path: Path, project_stack: StackFactory, emulator: RunningEmulator, pulumi_state_dir: Path
) -> None:
    project = copy_example("quickstart", tmp_path / "quickstart")
    stack = _stack(
        project_stack,
        project,
        emulator,
        {"writerPassword": "writer-password-0123456789", "readerPassword": "reader-password-0123456789"},
    )
    up = _up(stack)
    assert up.summary.resource_changes == {"create": 7}  # stack, component, 3 users, 1 group, the barrier
    assert up.outputs["groupIds"].value == ["qs-app"]
    assert set(up.outputs["userArns"].value) == {"qs-writer", "qs-reader", "qs-default"}

    client = emulator.client()
    users, groups = live(client)
    assert set(groups["qs-app"]["UserIds"]) == {"qs-default", "qs-writer", "qs-reader"}
    assert users["qs-default"]["UserName"] == "default"
    assert users["qs-writer"]["Authentication"] == {"Type": "password", "PasswordCount": 1}

    _assert_no_changes(stack)
    # The backend's state files (checkpoints, history, backups) never hold a password in plaintext.
    state_files = [p for p in (pulumi_state_dir / "backend").rglob("*") if p.is_file()]
    assert state_files
    for path in state_files:
        assert b"password-0123456789" not in path.read_bytes(), path

    # A change that breaks a permission expectation fails the preview, naming user, command and rule.
    program = project / "__main__.py"
    original = program.read_text()
    program.write_text(
        original.replace('access_string="on ~app:* -@all +@read",', 'access_string="on ~* -@all +@read",')
    )
    with pytest.raises(auto.CommandError) as info:
        stack.preview()
    text = str(info.value)
    assert "spec.expectations[0].deny[2]: user `qs-reader` may run `GET billing:1`" in text, text
    assert "'+@read' allows 'get'; every key is allowed (~*)" in text
    assert "Traceback" not in text
    program.write_text(original)

    _destroy(stack)
    users, groups = live(client)
    assert set(users) == {"default"}
    assert groups == {}


def test_password_rotation(tmp_path: Path, project_stack: StackFactory, emulator: RunningEmulator) -> None:
    project = copy_example("password-rotation", tmp_path / "rotation")
    stack = _stack(
        project_stack,
        project,
        emulator,
        {"password": "old-password-0123456789", "nextPassword": "new-password-0123456789"},
    )
    client = emulator.client()

    def password_count() -> int:
        return int(live(client)[0]["rotating-app"]["Authentication"]["PasswordCount"])

    assert _up(stack).outputs["passwordCount"].value == 1
    _assert_no_changes(stack)

    use_step(project, "step2")  # both passwords: the overlap window
    up = _up(stack)
    assert up.summary.resource_changes == {"update": 2, "same": 3}  # the user, and the barrier that waits for it
    assert up.outputs["passwordCount"].value == 2
    assert password_count() == 2
    _assert_no_changes(stack)

    use_step(project, "step3")  # only the new one
    up = _up(stack)
    assert up.summary.resource_changes == {"update": 2, "same": 3}
    assert password_count() == 1
    _assert_no_changes(stack)

    _destroy(stack)
    assert "rotating-app" not in live(client)[0]


def test_iam_users(tmp_path: Path, project_stack: StackFactory, emulator: RunningEmulator) -> None:
    project = copy_example("iam-users", tmp_path / "iam")
    stack = _stack(project_stack, project, emulator, {})
    stack.set_config("cacheName", auto.ConfigValue("orders-cache"))
    up = _up(stack)

    users, groups = live(emulator.client())
    assert users["orders-service"]["Authentication"]["Type"] == "iam"
    assert set(groups["iam-app"]["UserIds"]) == {"default", "orders-service", "reporting"}

    policy = json.loads(up.outputs["connectPolicyJson"].value)
    (statement,) = policy["Statement"]
    assert statement["Action"] == ["elasticache:Connect"]
    assert statement["Resource"] == [
        "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders-cache",
        "arn:aws:elasticache:us-east-1:123456789012:user:orders-service",
        "arn:aws:elasticache:us-east-1:123456789012:user:reporting",
    ]
    _assert_no_changes(stack)
    _destroy(stack)


def test_shared_group_across_two_projects(
    tmp_path: Path, project_stack: StackFactory, emulator: RunningEmulator
) -> None:
    root = copy_example("shared-group", tmp_path / "shared-group")
    owner = _stack(project_stack, root / "owner", emulator, {"teamAPassword": "team-a-password-0123456789"})
    consumer = _stack(project_stack, root / "consumer", emulator, {"teamBPassword": "team-b-password-0123456789"})
    client = emulator.client()

    def members() -> set[str]:
        return set(live(client)[1]["shared-cache-users"]["UserIds"])

    assert _up(owner).outputs["groupId"].value == "shared-cache-users"
    assert members() == {"default", "team-a"}
    _up(consumer)
    assert members() == {"default", "team-a", "team-b"}

    # Neither project wants to undo the other's membership.
    _assert_no_changes(owner)
    _assert_no_changes(consumer)

    _destroy(consumer)
    assert members() == {"default", "team-a"}
    _assert_no_changes(owner)
    _destroy(owner)
    users, groups = live(client)
    assert groups == {}
    assert set(users) == {"default"}


def test_valkey(tmp_path: Path, project_stack: StackFactory, emulator: RunningEmulator) -> None:
    project = copy_example("valkey", tmp_path / "valkey")
    stack = _stack(project_stack, project, emulator, {"appPassword": "valkey-password-0123456789"})
    _up(stack)
    users, groups = live(emulator.client())
    assert groups["vk-app"]["Engine"] == "valkey"
    assert set(groups["vk-app"]["UserIds"]) == {"vk-app", "vk-metrics"}
    assert users["vk-app"]["Engine"] == "valkey"
    _assert_no_changes(stack)
    _destroy(stack)
    assert live(emulator.client())[1] == {}


def test_adopt(tmp_path: Path, project_stack: StackFactory, emulator: RunningEmulator) -> None:
    """The README's walk-through: a hand-made account -> export -> up without a write -> no changes ->
    one member removed -> the printed password command."""
    project = copy_example("adopt", tmp_path / "adopt")
    stack = _stack(project_stack, project, emulator, {})
    aws = emulator.aws_environment()

    def run(*argv: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(argv, cwd=project, env=aws, input=stdin, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done

    run(sys.executable, "make_account.py")
    exported = run(str(Path(sys.executable).parent / "elasticache-rbac"), "export", "--stack-file",
                   str(project / "Pulumi.test.yaml"))  # fmt: skip
    command = next(line for line in exported.stderr.splitlines() if "pulumi config set" in line)
    assert command.strip().startswith("pulumi config set --stack test --secret --path 'rbac.users[2].passwords[0]'")

    assert dict(stack.preview().change_summary) == {"create": 8}  # with the component's barrier
    emulator.admin.clear_requests()
    _up(stack)
    assert [r.operation for r in emulator.admin.requests() if r.is_write] == []
    _assert_no_changes(stack)

    stack.remove_config("rbac.groups[1].members[2]", path=True)  # shop-reader leaves shop
    emulator.admin.clear_requests()
    _up(stack)
    writes = [r.operation for r in emulator.admin.requests() if r.is_write]
    assert sorted(writes) == ["AddTagsToResource", "ModifyUserGroup"], writes
    assert set(live(emulator.client())[1]["shop"]["UserIds"]) == {"shop-default", "shop-writer"}
    _assert_no_changes(stack)

    stack.set_config(
        "rbac.users[2].passwords[0]", auto.ConfigValue("shop-writer-password-0123", secret=True), path=True
    )
    emulator.admin.clear_requests()
    _up(stack)
    assert [r.operation for r in emulator.admin.requests() if r.is_write] == ["ModifyUser"]
    _assert_no_changes(stack)
    _destroy(stack)
    users, groups = live(emulator.client())
    assert set(users) == {"default"} and groups == {}
