"""State file persistence and the ``elasticache-emulator`` console script."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from elasticache_emulator.testing import start_emulator
from tests.functional.emulator.helpers import PW, describe_group, describe_user, group, user


def test_state_file_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with start_emulator(state_path=path) as emu:
        ec = emu.client()
        user(ec, "u1", Tags=[{"Key": "k", "Value": "v"}])
        group(ec, "g1", ["default", "u1"])
    assert PW not in path.read_text()
    with start_emulator(state_path=path) as emu:
        ec = emu.client()
        assert describe_user(ec, "u1")["UserGroupIds"] == ["g1"]
        assert describe_group(ec, "g1")["Status"] == "active"
        arn = describe_user(ec, "u1")["ARN"]
        assert ec.list_tags_for_resource(ResourceName=arn)["TagList"] == [{"Key": "k", "Value": "v"}]


def test_state_file_keeps_in_flight_transitions(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with start_emulator(state_path=path, timings={"user_modify": 300}) as emu:
        ec = emu.client()
        user(ec, "u1")
        ec.modify_user(UserId="u1", AccessString="on ~* +@read")
    with start_emulator(state_path=path) as emu:
        assert describe_user(emu.client(), "u1")["Status"] == "modifying"
        emu.admin.advance_clock(301)
        assert describe_user(emu.client(), "u1")["Status"] == "active"


def _start_cli(*args: str) -> tuple[subprocess.Popen[str], str]:
    script = Path(sys.executable).with_name("elasticache-emulator")
    proc = subprocess.Popen(
        [str(script), "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line.startswith("elasticache-emulator listening on http://127.0.0.1:"), line
    return proc, line.rsplit(" ", 1)[-1]


def test_cli_serves_writes_state_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    proc, url = _start_cli("--state-file", str(path), "--transition-delay", "0")
    try:
        import boto3

        ec = boto3.client(
            "elasticache",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        user(ec, "cli-user")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 0, stderr
    users = json.loads(path.read_text())["regions"][0]["users"]
    assert {u["user_id"] for u in users} == {"default", "cli-user"}


def test_cli_rejects_bad_timing_names() -> None:
    script = Path(sys.executable).with_name("elasticache-emulator")
    done = subprocess.run(
        [str(script), "--port", "0", "--transition", "nope=1"], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 2 and "unknown transition" in done.stderr
