"""Wire-level fidelity: declared error codes, error envelope, account/region scoping, the AWS CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import botocore.session
import pytest

from elasticache_emulator.responses import DECLARED, NAMESPACE, accepted_parameters, snake_case
from elasticache_emulator.testing import RunningEmulator
from tests.functional.emulator.helpers import group, raises, user

COMMON_CODES = {"Throttling"}


@pytest.mark.parametrize("operation", sorted(DECLARED))
def test_every_emitted_code_is_declared_for_the_operation_in_botocore_model(operation: str) -> None:
    model = botocore.session.get_session().get_service_model("elasticache", api_version="2015-02-02")
    op = model.operation_model(operation)
    declared = {shape.metadata.get("error", {}).get("code", shape.name) for shape in op.error_shapes}
    assert set(DECLARED[operation]) - declared - COMMON_CODES == set()


def test_http_status_of_each_emitted_code_matches_the_model() -> None:
    from elasticache_emulator.responses import HANDLERS

    model = botocore.session.get_session().get_service_model("elasticache", api_version="2015-02-02")
    for name, op in HANDLERS.items():
        statuses = {
            s.metadata["error"]["code"]: s.metadata["error"]["httpStatusCode"]
            for s in model.operation_model(name).error_shapes
        }
        for error in op.errors:
            assert statuses[error.code] == error.status, (name, error.code)


@pytest.mark.parametrize("operation", sorted(DECLARED))
def test_every_backend_parameter_is_a_member_of_the_operation_input_shape(operation: str) -> None:
    """The dispatcher fills backend keywords from the model's members by name; a misnamed one would never be set."""
    model = botocore.session.get_session().get_service_model("elasticache", api_version="2015-02-02")
    shape = model.operation_model(operation).input_shape
    assert shape is not None
    members = {snake_case(name) for name in shape.members}
    assert accepted_parameters(operation) - members == set()


def test_error_envelope_is_the_query_protocol_one(emulator: RunningEmulator) -> None:
    request = urllib.request.Request(
        emulator.endpoint_url + "/",
        data=b"Action=DescribeUsers&Version=2015-02-02&UserId=ghost",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    with info.value as response:
        assert response.code == 404
        body = response.read().decode()
    assert body.startswith("<?xml")
    assert f'<ErrorResponse xmlns="{NAMESPACE}"><Error><Type>Sender</Type><Code>UserNotFound</Code>' in body
    assert "<Message>User ghost not found.</Message></Error><RequestId>" in body


def test_unknown_action(emulator: RunningEmulator) -> None:
    request = urllib.request.Request(emulator.endpoint_url + "/", data=b"Action=CreateCacheCluster&Version=2015-02-02")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    with info.value as response:
        assert b"<Code>InvalidAction</Code>" in response.read()


def test_state_is_per_region(emulator: RunningEmulator) -> None:
    east, west = emulator.client("us-east-1"), emulator.client("eu-west-1")
    user(east, "u1")
    assert [u["UserId"] for u in west.describe_users()["Users"]] == ["default"]
    assert west.describe_users()["Users"][0]["ARN"] == "arn:aws:elasticache:eu-west-1:123456789012:user:default"


def test_state_is_per_account_from_a_12_digit_access_key(emulator: RunningEmulator) -> None:
    other = emulator.client(account_id="111122223333")
    created = user(other, "u1")
    assert created["ARN"] == "arn:aws:elasticache:us-east-1:111122223333:user:u1"
    with raises("UserNotFound"):
        emulator.client(max_attempts=1).describe_users(UserId="u1")


def test_china_region_uses_its_partition(emulator: RunningEmulator) -> None:
    arn = emulator.client("cn-north-1").describe_users()["Users"][0]["ARN"]
    assert arn == "arn:aws-cn:elasticache:cn-north-1:123456789012:user:default"


def test_aws_cli_lists_users_and_groups(emulator: RunningEmulator, tmp_path: Path) -> None:
    ec = emulator.client()
    user(ec, "cli-user")
    group(ec, "cli-group")
    aws = Path(sys.executable).with_name("aws")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "dummy",
        "AWS_SECRET_ACCESS_KEY": "dummy",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
    }
    outputs = {}
    for command in ("describe-users", "describe-user-groups"):
        done = subprocess.run(
            [str(aws), "elasticache", command, "--endpoint-url", emulator.endpoint_url, "--output", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        outputs[command] = json.loads(done.stdout)
    assert [u["UserId"] for u in outputs["describe-users"]["Users"]] == ["cli-user", "default"]
    assert [g["UserGroupId"] for g in outputs["describe-user-groups"]["UserGroups"]] == ["cli-group"]


def test_missing_required_parameter_from_a_non_sdk_client(emulator: RunningEmulator) -> None:
    request = urllib.request.Request(
        emulator.endpoint_url + "/",
        data=b"Action=CreateUser&Version=2015-02-02&UserId=u1&UserName=u1&Engine=redis&NoPasswordRequired=true",
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    with info.value as response:
        body = response.read()
    assert b"<Code>MissingParameter</Code>" in body
    assert b"The request must contain the parameter AccessString." in body
