"""examples/replication-group with Pulumi mocks: the AWS resource plugin cannot run on these machines,
so this checks the wiring — the ReplicationGroup gets the component's user group id, with in-transit
encryption on — without the engine."""

from __future__ import annotations

import json
import runpy
from typing import Any

import pulumi
from pulumi.runtime import mocks as pmocks

from tests.support.mocks import pulumi_test
from tests.support.pulumi_harness import REPO_ROOT

PROGRAM = REPO_ROOT / "examples" / "replication-group" / "__main__.py"
PROJECT = "rbac-replication-group"


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.inputs: dict[str, dict[str, Any]] = {}

    def new_resource(self, args: pmocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.inputs[args.name] = dict(args.inputs)
        outs = dict(args.inputs)
        if args.typ == "aws:elasticache/replicationGroup:ReplicationGroup":
            outs["primaryEndpointAddress"] = "master.cache.example.use1.cache.amazonaws.com"
        if args.typ == "aws:elasticache/subnetGroup:SubnetGroup":
            outs["name"] = args.name
        if "user_group_id" in outs and "engine" in outs:
            outs["arn"] = f"arn:aws:elasticache:us-east-1:123456789012:usergroup:{outs['user_group_id']}"
        elif "user_id" in outs:
            outs["arn"] = f"arn:aws:elasticache:us-east-1:123456789012:user:{outs['user_id']}"
        return f"{args.name}-id", outs

    def call(self, args: pmocks.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


def test_replication_group_wiring() -> None:
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack="unit", preview=False)
    pulumi.runtime.set_all_config(
        {
            f"{PROJECT}:appPassword": "app-password-0123456789",
            f"{PROJECT}:subnetIds": json.dumps(["subnet-1", "subnet-2"]),
        },
        [f"{PROJECT}:appPassword"],
    )

    @pulumi_test
    def program() -> pulumi.Output[Any]:
        names = runpy.run_path(str(PROGRAM))

        def check(values: list[Any]) -> None:
            user_group_ids, exported_ids = values
            assert user_group_ids == exported_ids == ["cache-users"]
            cache = mocks.inputs["cache"]
            assert cache["transitEncryptionEnabled"] is True
            assert cache["subnetGroupName"] == "cache-subnets"
            assert cache["userGroupIds"] == ["cache-users"]
            assert mocks.inputs["cache-subnets"]["subnetIds"] == ["subnet-1", "subnet-2"]

        cache, rbac = names["cache"], names["rbac"]
        return pulumi.Output.all(cache.user_group_ids, rbac.group_ids).apply(check)

    program()
