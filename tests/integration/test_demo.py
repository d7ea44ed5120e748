"""The README's one-command demo: `make up` twice (the second is a no-op), `make status`, `make down`.

Runs the real Makefile targets in a clean environment (no PULUMI_* / AWS_* from the test process),
with the demo's state under a temporary directory and the emulator on a free port, so it never touches
a developer's own `.state/`.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import boto3

from tests.support.pulumi_harness import REPO_ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _make(target: str, env: dict[str, str]) -> str:
    proc = subprocess.run(
        ["make", "--no-print-directory", "-s", target],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"make {target} failed ({proc.returncode}):\n{out}"
    return out


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_make_up_twice_then_down(tmp_path: Path) -> None:
    port = _free_port()
    state = tmp_path / "demo-state"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "AWS_"))}
    env |= {"DEMO_STATE_DIR": str(state), "DEMO_EMULATOR_PORT": str(port)}
    stack_file = REPO_ROOT / "Pulumi.local.yaml"
    stack_file_before = stack_file.read_bytes()
    endpoint = f"http://127.0.0.1:{port}"

    try:
        first = _make("up", env)
        assert "+ 8 created" in first, first
        assert (state / "emulator.pid").is_file()
        assert (state / "emulator-state.json").is_file()
        # What the demo prints is read back from the emulator.
        assert "In the emulator" in first
        for line in ("app-writer", "app-reader", "locked-default", "members: app-reader, app-writer, locked-default"):
            assert line in first, line

        client = boto3.client(
            "elasticache", endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id="testing", aws_secret_access_key="testing",
        )  # fmt: skip
        groups = {g["UserGroupId"]: g for g in client.describe_user_groups()["UserGroups"]}
        assert set(groups) == {"app", "readers"}
        assert set(groups["app"]["UserIds"]) == {"locked-default", "app-writer", "app-reader"}

        second = _make("up", env)
        assert "Emulator already running" in second
        assert "8 unchanged" in second, second
        for change in ("created", "updated", "deleted", "replaced"):
            assert f" {change}" not in second.split("Updating")[-1], second

        status = _make("status", env)
        assert "Emulator running" in status and "groupIds" in status
    finally:
        down = _make("down", env)

    assert "8 deleted" in down, down
    assert not (state / "emulator.pid").exists()
    assert not _port_open(port)
    assert stack_file.read_bytes() == stack_file_before  # `stack rm --preserve-config`
