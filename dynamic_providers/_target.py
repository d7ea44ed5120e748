"""Where a resource's calls go, and the one "describe a single object" call every kind uses.

:class:`Target` is plain data built from a resource's ``region`` / ``profile`` props and the wait
timeout; its client comes from the per-process cache of :mod:`._client` (never pickled).
:func:`describe_one` answers ``None`` for an object that does not exist, and raises every other service
error mapped through :func:`._errors.map_client_error`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError

from ._client import elasticache_client
from ._errors import NotFoundError, RbacError, RetryableError, map_client_error
from ._retry import call_with_retry

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient

__all__ = ["Target", "describe_group", "describe_one"]

T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """Where to send calls (plain data, built from a resource's ``region`` / ``profile`` props)."""

    region: str | None
    profile: str | None
    timeout: float

    @property
    def client(self) -> ElastiCacheClient:
        return elasticache_client(self.region, self.profile)

    def retry(
        self,
        what: str,
        resource: str,
        attempt: Callable[[], T],
        retry_on: tuple[type[RbacError], ...] = (RetryableError,),
    ) -> T:
        """:func:`._retry.call_with_retry` of ``attempt`` within this target's timeout; ``what`` names the
        call (``ModifyUser``) in progress lines, ``resource`` the object in errors."""
        return call_with_retry(attempt, resource=resource, what=what, timeout=self.timeout, retry_on=retry_on)


def describe_one(call: Callable[..., Any], result_key: str, resource: str, **params: Any) -> Any | None:
    """The single item a ``Describe*`` call returns under ``result_key``, or ``None`` when it does not
    exist; any other service error is raised as the mapped :class:`RbacError` naming ``resource``."""
    try:
        items = call(**params)[result_key]
    except ClientError as exc:
        mapped = map_client_error(exc, resource)
        if isinstance(mapped, NotFoundError):
            return None
        raise mapped from exc
    return items[0] if items else None


def describe_group(target: Target, user_group_id: str, resource: str) -> Any | None:
    """The group as DescribeUserGroups returns it, or ``None`` when it does not exist."""
    return describe_one(target.client.describe_user_groups, "UserGroups", resource, UserGroupId=user_group_id)
