"""Region: ``aws:region`` stack config, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION`` (pulumi-aws's
order), resolved when a resource is constructed; boto3 alone reads only ``AWS_DEFAULT_REGION``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest

from pulumi_elasticache_rbac.dynamic_providers import _client
from pulumi_elasticache_rbac.dynamic_providers._provider import aws_settings
from pulumi_elasticache_rbac.dynamic_providers.membership import UserGroupMembershipProvider
from pulumi_elasticache_rbac.dynamic_providers.user import UserProvider
from pulumi_elasticache_rbac.dynamic_providers.user_group import UserGroupProvider

SetEnv = Callable[..., None]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[SetEnv]:
    """Set (or, with ``None``, unset) AWS_REGION / AWS_DEFAULT_REGION and the ``aws:region`` config."""
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")  # no profile region from the machine
    monkeypatch.delenv("AWS_PROFILE", raising=False)

    def set_env(*, config: str | None = None, region: str | None = None, default: str | None = None) -> None:
        for name, value in (("AWS_REGION", region), ("AWS_DEFAULT_REGION", default)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        pulumi.runtime.set_all_config({"aws:region": config} if config is not None else {})

    yield set_env
    pulumi.runtime.set_all_config({})


@pytest.mark.parametrize(
    ("config", "region", "default", "expected"),
    [
        ("eu-west-1", "us-west-2", "ap-south-1", "eu-west-1"),  # stack config first
        (None, "us-west-2", "ap-south-1", "us-west-2"),  # then AWS_REGION
        (None, None, "ap-south-1", "ap-south-1"),  # then AWS_DEFAULT_REGION
        (None, "", "ap-south-1", "ap-south-1"),  # an empty variable counts as unset
        (None, None, None, None),  # none: boto3's default (the profile's region)
    ],
)
def test_region_is_resolved_like_pulumi_aws(
    env: SetEnv, config: str | None, region: str | None, default: str | None, expected: str | None
) -> None:
    env(config=config, region=region, default=default)
    assert aws_settings() == {"region": expected, "profile": None}


def test_client_with_only_aws_region_set_has_that_region(env: SetEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    env(region="eu-central-1")
    monkeypatch.setattr(_client, "_CLIENTS", {})
    # e.g. a resource in state from before the fallback, recorded without a region
    assert _client.elasticache_client(None).meta.region_name == "eu-central-1"
    assert _client.elasticache_client("us-east-1").meta.region_name == "us-east-1"


def _arn(region: str) -> str:
    return f"arn:aws:elasticache:{region}:123456789012:user:alice"


USER = {"user_id": "alice", "user_name": "alice", "engine": "redis", "access_string": "on ~* +@all"}
GROUP = {"user_group_id": "app", "engine": "redis"}
MEMBERSHIP = {"user_group_id": "app", "user_ids": ["alice"]}


@pytest.mark.parametrize(
    ("provider", "props"),
    [(UserProvider(), USER), (UserGroupProvider(), GROUP), (UserGroupMembershipProvider(), MEMBERSHIP)],
)
def test_gaining_a_region_replaces_only_a_resource_that_lives_elsewhere(provider: Any, props: dict[str, Any]) -> None:
    def replaces(olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        # inputs only: a membership's diff also reads its group when it is not replaced
        diff = getattr(provider, "diff_inputs", None)
        result = (
            diff({**props, **olds}, {**props, **news})
            if diff
            else provider.diff("id", {**props, **olds}, {**props, **news})
        )
        return list(result.replaces or [])

    # recorded without a region (boto3's default put it in us-east-1), now resolved to us-east-1: stays
    if provider.__class__ is not UserGroupMembershipProvider:
        assert replaces({"region": None, "arn": _arn("us-east-1")}, {"region": "us-east-1"}) == []
        assert replaces({"region": None, "arn": _arn("us-east-1")}, {"region": "eu-west-1"}) == ["region"]
    else:  # no ARN to tell: taken to stay
        assert replaces({"region": None}, {"region": "eu-west-1"}) == []
    assert replaces({"region": "us-east-1"}, {"region": "eu-west-1"}) == ["region"]
    assert replaces({"region": "us-east-1"}, {"region": None}) == ["region"]
    assert replaces({"region": "us-east-1"}, {"region": "us-east-1"}) == []
