"""``elasticache-rbac export`` with real boto3 against the emulator over HTTP (no engine): what it
reads and how (paginators, call counts), filters, resuming, the stack file it edits, and every error
as one line with its exit code."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.cli import main

PW = "functional-password-0123456789"


@pytest.fixture
def account(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> RunningEmulator:
    """The emulator holding a small account, and an environment that points the AWS tools at it."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ENDPOINT_URL_ELASTICACHE", emulator.endpoint_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    c = emulator.client()
    c.create_user(
        UserId="app",
        UserName="app",
        Engine="redis",
        AccessString="on ~app:* +@read",
        AuthenticationMode={"Type": "password", "Passwords": [PW]},
        Tags=[{"Key": "team", "Value": "yes"}, {"Key": "pulumi-elasticache-rbac:other", "Value": "x"}],
    )
    c.create_user(
        UserId="svc", UserName="svc", Engine="redis", AccessString="on ~* +get", AuthenticationMode={"Type": "iam"}
    )
    c.create_user(
        UserId="vk",
        UserName="vk",
        Engine="valkey",
        AccessString="on ~* +@all",
        AuthenticationMode={"Type": "password", "Passwords": [PW]},
    )
    c.create_user_group(UserGroupId="grp", Engine="redis", UserIds=["default", "app", "svc"])
    c.create_user_group(UserGroupId="vkg", Engine="valkey", UserIds=["vk"])
    emulator.admin.clear_requests()
    return emulator  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rbac(text: str) -> dict[str, Any]:
    value: dict[str, Any] = yaml.safe_load(text)["config"]["elasticache-rbac:rbac"]
    return value


def test_prints_the_account_as_stack_config(account: RunningEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0, err
    config = yaml.safe_load(out)["config"]
    assert config["aws:region"] == "us-east-1"
    assert config["elasticache-rbac:rbac"] == {
        "users": [
            {"id": "app", "name": "app", "engine": "redis", "authentication": "password",
             "accessString": "on ~app:* +@read", "tags": {"team": "yes"}, "adoptExisting": True},
            {"id": "svc", "name": "svc", "engine": "redis", "authentication": "iam", "accessString": "on ~* +get",
             "adoptExisting": True},
            {"id": "vk", "name": "vk", "engine": "valkey", "authentication": "password", "accessString": "on ~* +@all",
             "adoptExisting": True},
        ],
        "groups": [
            {"id": "grp", "engine": "redis", "members": ["default", "app", "svc"], "adoptExisting": True},
            {"id": "vkg", "engine": "valkey", "members": ["vk"], "adoptExisting": True},
        ],
    }  # fmt: skip
    assert "team: 'yes'" in out  # a YAML 1.1 boolean stays a string
    assert "pulumi config set --secret --path 'rbac.users[0].passwords[0]'    # app" in err
    assert "pulumi config set --secret --path 'rbac.users[2].passwords[0]'    # vk" in err
    assert PW not in out + err
    assert [r.operation for r in account.admin.requests() if r.is_write] == []


def test_pages_through_the_paginators(
    emulator: RunningEmulator, account: RunningEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    c = emulator.client()
    for i in range(47):
        c.create_user(UserId=f"u{i:03d}", UserName=f"u{i:03d}", Engine="redis", AccessString="on ~* +@read",
                      AuthenticationMode={"Type": "iam"})  # fmt: skip
    for i in range(23):
        c.create_user_group(UserGroupId=f"g{i:03d}", Engine="redis", UserIds=["default", f"u{i:03d}"])
    emulator.admin.clear_requests()
    code, out, err = run(capsys, "--page-size", "20")
    assert code == 0, err
    counts = emulator.admin.call_counts()
    users, groups = 47 + 3 + 1, 23 + 2  # with the built-in default, which is listed but not exported
    assert counts["DescribeUsers"] == math.ceil(users / 20)
    assert counts["DescribeUserGroups"] == math.ceil(groups / 20)
    assert counts["ListTagsForResource"] == (users - 1) + groups
    assert {r.params.get("MaxRecords") for r in emulator.admin.requests() if r.operation.startswith("Describe")} == {
        "20"
    }
    spec = rbac(out)
    assert len(spec["users"]) == 50 and len(spec["groups"]) == 25
    assert f"API calls: {sum(counts.values())}" in err


def test_max_items_then_starting_token_adds_up_to_one_whole_export(
    account: RunningEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    whole, chunked = tmp_path / "Pulumi.whole.yaml", tmp_path / "Pulumi.chunked.yaml"
    for path in (whole, chunked):
        path.write_text("config:\n  aws:region: us-east-1\n")
    assert run(capsys, "--stack-file", str(whole))[0] == 0
    code, _, err = run(capsys, "--stack-file", str(chunked), "--max-items", "2")
    tokens = 0
    while "--starting-token " in err:
        tokens += 1
        token = err.split("--starting-token ")[1].split()[0]
        code, _, err = run(capsys, "--stack-file", str(chunked), "--max-items", "2", "--starting-token", token)
        assert code == 0, err
    assert tokens == 2  # 3 users + 2 groups, 2 at a time
    assert rbac(chunked.read_text()) == rbac(whole.read_text())


def test_filters_and_referenced_members(account: RunningEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--group-id", "GRP")
    assert code == 0, err
    spec = rbac(out)
    assert spec["users"] == [] and [g["id"] for g in spec["groups"]] == ["grp"]
    assert spec["existingUsers"] == [
        {"id": "app", "name": "app", "engine": "redis", "authentication": "password"},
        {"id": "svc", "name": "svc", "engine": "redis", "authentication": "iam"},
    ]
    spec = rbac(run(capsys, "--group-id", "grp", "--with-members")[1])
    assert [u["id"] for u in spec["users"]] == ["app", "svc"] and "existingUsers" not in spec
    spec = rbac(run(capsys, "--engine", "valkey")[1])
    assert [u["id"] for u in spec["users"]] == ["vk"] and [g["id"] for g in spec["groups"]] == ["vkg"]
    spec = rbac(run(capsys, "--user-id", "svc")[1])
    assert [u["id"] for u in spec["users"]] == ["svc"] and spec["groups"] == []


def test_engine_filter_keeps_a_groups_members_of_another_engine(
    account: RunningEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    c = account.client()
    c.create_user(UserId="rd", UserName="rd", Engine="redis", AccessString="on ~* +@read",
                  AuthenticationMode={"Type": "password", "Passwords": [PW]})  # fmt: skip
    c.modify_user_group(UserGroupId="vkg", UserIdsToAdd=["rd"])
    code, out, err = run(capsys, "--engine", "valkey")
    assert code == 0, err
    spec = rbac(out)
    assert [u["id"] for u in spec["users"]] == ["vk"]
    assert spec["groups"] == [{"id": "vkg", "engine": "valkey", "members": ["vk", "rd"], "adoptExisting": True}]
    assert spec["existingUsers"] == [{"id": "rd", "name": "rd", "engine": "redis", "authentication": "password"}]


def test_objects_a_stack_manages_are_left_out_unless_asked(
    account: RunningEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    c = account.client()
    arn = c.describe_users(UserId="svc")["Users"][0]["ARN"]
    c.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "pulumi-elasticache-rbac:created-by", "Value": "urn:x"}])
    code, out, err = run(capsys)
    assert code == 0 and [u["id"] for u in rbac(out)["users"]] == ["app", "vk"]
    assert "user 'svc' is managed by a Pulumi stack (urn:x); left out" in err
    assert {"id": "svc", "name": "svc", "engine": "redis", "authentication": "iam"} in rbac(out)["existingUsers"]
    _, out, _ = run(capsys, "--include-managed")
    assert [u["id"] for u in rbac(out)["users"]] == ["app", "svc", "vk"]


STACK_FILE = """\
# prod stack: keep this comment
encryptionsalt: v1:abc
config:
  aws:region: us-east-1  # the region
  other:flag: 'yes'
  other:count: "3"
  elasticache-rbac:rbac:
    users:
      - id: app
        accessString: old
        passwords:
          - secure: v1:cipher
  other:secret:
    secure: v1:other
"""


def test_merges_into_the_stack_file_keeping_everything_else(
    account: RunningEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "Pulumi.prod.yaml"
    path.write_text(STACK_FILE)
    code, out, err = run(capsys, "--stack-file", str(path))
    assert code == 0 and out == "", err
    text = path.read_text()
    for kept in ("# prod stack: keep this comment", "encryptionsalt: v1:abc", "aws:region: us-east-1  # the region",
                 "other:flag: 'yes'", 'other:count: "3"', "other:secret:\n    secure: v1:other"):  # fmt: skip
        assert kept in text, text
    spec = rbac(text)
    # a password declared before stays declared, right after the authentication type
    assert list(spec["users"][0]) == ["id", "name", "engine", "authentication", "passwords", "accessString", "tags",
                                      "adoptExisting"]  # fmt: skip
    assert spec["users"][0]["passwords"] == [{"secure": "v1:cipher"}]
    assert "rbac.users[0]" not in err  # its passwords are managed already
    assert "pulumi config set --stack prod --secret --path 'rbac.users[2].passwords[0]'    # vk" in err


def test_config_key_and_a_new_region_key(
    account: RunningEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text("config:\n  team:rbac: {}\n")
    code, _, err = run(capsys, "--stack-file", str(path), "--config-key", "team:rbac")
    assert code == 0, err
    config = yaml.safe_load(path.read_text())["config"]
    assert config["aws:region"] == "us-east-1" and len(config["team:rbac"]["users"]) == 3
    assert "--path 'team:rbac.users[0].passwords[0]'" in err


def _only_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize(
    ("args", "env", "code", "expected"),
    [
        ((), {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}, 2, "no usable AWS credentials"),
        ((), {"AWS_REGION": None}, 2, "no AWS region given. Fix: pass --region"),
        (("--region", "mars-north-1"), {"AWS_ENDPOINT_URL_ELASTICACHE": None}, 2, "unknown region 'mars-north-1'"),
        (("--region", "bad region!"), {}, 2, "doesn't match a supported format. Fix: pass a region"),
        ((), {"AWS_ENDPOINT_URL_ELASTICACHE": "http://127.0.0.1:9"}, 1, "cannot reach ElastiCache"),
        (("--starting-token", "nonsense"), {}, 2, "is not a token this command printed"),
        (("--starting-token", "users:nonsense"), {}, 2, "the service rejected the --starting-token"),
        (("--starting-token", "groups:a___b___c"), {}, 2, "bad --starting-token (Bad starting token"),
        (("--profile", "nope"), {}, 2, "The config profile (nope) could not be found"),
        (("--user-id", "nobody"), {}, 1, "not found in us-east-1: nobody"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(
    account: RunningEmulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    env: dict[str, str | None],
    code: int,
    expected: str,
) -> None:
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    got, out, err = run(capsys, "--quiet", *args)
    line = _only_error(err)
    assert (got, out) == (code, ""), err
    assert line.startswith("elasticache-rbac export: error: ") and expected in line and "Fix:" in line, line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("config: [", "is not valid YAML (line 1)"),
        ("- a list\n", "its top level is not a mapping"),
        ("encryptionsalt: v1:abc\n", "has no `config` section. Fix: set the stack's region first"),
        ("config: 3\n", "has a `config` that is not a mapping"),
        ("config:\n  aws:region: eu-west-1\n", "targets aws:region eu-west-1, but the account is read in us-east-1"),
        (None, "does not exist. Fix: create the stack first"),
    ],
)
def test_bad_stack_files_are_refused_before_anything_is_written(
    account: RunningEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str | None, expected: str
) -> None:
    path = tmp_path / "Pulumi.x.yaml"
    if text is not None:
        path.write_text(text)
    code, _, err = run(capsys, "--quiet", "--stack-file", str(path))
    assert code == 2 and expected in _only_error(err), err
    assert (path.read_text() if text is not None else None) == text


def test_a_stack_file_that_cannot_be_written_is_left_as_it_was(account: RunningEmulator, tmp_path: Path) -> None:
    # A file-size limit of 0 makes every write fail, also for root (who may write to any folder); Python
    # ignores SIGXFSZ, so the write raises EFBIG. A child process sets it once imports are done (importing
    # pulumi probes the temporary folder by writing to it) and runs the command.
    path = tmp_path / "Pulumi.full.yaml"
    path.write_text("config:\n  aws:region: us-east-1\n")
    child = (
        "import resource, sys\n"
        "from pulumi_elasticache_rbac.cli import main\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child, "export", "--quiet", "--stack-file", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == "", done.stderr
    line = _only_error(done.stderr)
    assert f"cannot write stack file {path}: File too large. Fix:" in line, line
    assert path.read_text() == "config:\n  aws:region: us-east-1\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
