"""Shared helpers of the emulator's functional tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient

PW = "correct-horse-battery"
PW2 = "another-long-password"


@contextmanager
def raises(
    code: str, message: str | None = None, status: int | None = None
) -> Iterator[pytest.ExceptionInfo[ClientError]]:
    """Expect a ClientError with this wire code; ``message`` is a regex searched in the message."""
    with pytest.raises(ClientError) as info:
        yield info
    error = info.value.response["Error"]
    assert error["Code"] == code, error
    if message is not None:
        assert re.search(message, error["Message"]), error["Message"]
    if status is not None:
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status


def user(
    ec: ElastiCacheClient,
    user_id: str,
    *,
    name: str | None = None,
    engine: str = "redis",
    access: str = "on ~* +@all",
    nopass: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"NoPasswordRequired": True} if nopass else {"Passwords": [PW]}
    kwargs.update(extra)
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    result: dict[str, Any] = dict(
        ec.create_user(UserId=user_id, UserName=name or user_id, Engine=engine, AccessString=access, **kwargs)
    )
    return result


def group(
    ec: ElastiCacheClient, group_id: str, user_ids: list[str] | None = None, engine: str = "redis"
) -> dict[str, Any]:
    ids = ["default"] if user_ids is None else user_ids
    result: dict[str, Any] = dict(ec.create_user_group(UserGroupId=group_id, Engine=engine, UserIds=ids))
    return result


def describe_user(ec: ElastiCacheClient, user_id: str) -> dict[str, Any]:
    result: dict[str, Any] = dict(ec.describe_users(UserId=user_id)["Users"][0])
    return result


def describe_group(ec: ElastiCacheClient, group_id: str) -> dict[str, Any]:
    result: dict[str, Any] = dict(ec.describe_user_groups(UserGroupId=group_id)["UserGroups"][0])
    return result
