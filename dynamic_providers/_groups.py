"""Membership changes to one user group — shared by ``UserGroup`` (authoritative) and
``UserGroupMembership`` (additive).

Contract of :func:`change_membership`:
- Holds the group's process-wide lock (:func:`group_lock`) for the whole change, so concurrent requests
  of this provider process never race on one group.
- Waits until the group is ``active`` with no ``PendingChanges``, computes the change against the *live*
  membership (``UserIds`` + pending adds - pending removes, see :func:`live_members`) through ``plan``,
  and sends it as **one** ``ModifyUserGroup`` carrying ``UserIdsToAdd`` and ``UserIdsToRemove``
  together (plus ``Engine`` when it differs). Nothing is sent when there is nothing to change.
- Removals are filtered against the live members. If the service still answers "not a member" (a user
  deleted out of band is detached asynchronously), the users to remove are re-read; those that are
  gone, deleting or no longer list the group are dropped and the change is retried — a gone user never
  drops the additions of the same change (terraform-provider-aws #49945).
- ``InvalidUserGroupState`` / ``InvalidUserState`` / throttling are retried with backoff until the
  timeout; then it waits for ``active`` with no pending changes again and returns the settled group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from ._client import elasticache_client
from ._errors import NotAMemberError, NotFoundError, RetryableError, map_client_error
from ._retry import call_with_retry, group_lock
from ._waiters import wait_for

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient

__all__ = [
    "AUTHORITATIVE_TAG_KEY",
    "AUTHORITATIVE_TAG_VALUE",
    "Target",
    "change_membership",
    "describe_group",
    "live_members",
]

AUTHORITATIVE_TAG_KEY = "pulumi-elasticache-rbac:membership"
"""Tag an authoritative ``UserGroup`` puts on its group; ``UserGroupMembership`` refuses such groups."""
AUTHORITATIVE_TAG_VALUE = "authoritative"

Plan = Callable[[frozenset[str]], tuple[set[str], set[str]]]
"""Given the live members, return ``(user ids to add, user ids to remove)``."""


@dataclass(frozen=True)
class Target:
    """Where to send calls (plain data, built from a resource's ``region`` / ``profile`` props)."""

    region: str | None
    profile: str | None
    timeout: float

    @property
    def client(self) -> ElastiCacheClient:
        return elasticache_client(self.region, self.profile)


def live_members(group: Any) -> frozenset[str]:
    """``UserIds`` + pending additions - pending removals."""
    pending = group.get("PendingChanges") or {}
    members = set(group.get("UserIds") or [])
    members |= set(pending.get("UserIdsToAdd") or [])
    members -= set(pending.get("UserIdsToRemove") or [])
    return frozenset(members)


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


def wait_group_active(target: Target, user_group_id: str, resource: str) -> Any:
    """Wait for ``active`` with no pending changes; return the group."""
    response = wait_for(
        target.client,
        "UserGroupActive",
        {"UserGroupId": user_group_id},
        resource=resource,
        timeout=target.timeout,
    )
    return response["UserGroups"][0]


def _no_longer_members(target: Target, user_ids: set[str], user_group_id: str) -> set[str]:
    """Of ``user_ids``, those that are gone, deleting, or do not list ``user_group_id`` any more."""
    gone: set[str] = set()
    for uid in sorted(user_ids):
        try:
            users = target.client.describe_users(UserId=uid)["Users"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "UserNotFound":
                gone.add(uid)
                continue
            raise
        user = users[0] if users else None
        if user is None or user.get("Status") == "deleting" or user_group_id not in (user.get("UserGroupIds") or []):
            gone.add(uid)
    return gone


def change_membership(
    target: Target,
    user_group_id: str,
    plan: Plan,
    *,
    resource: str,
    engine: str | None = None,
) -> Any:
    """Apply ``plan`` to the live membership in one ModifyUserGroup; return the settled group."""
    dropped: set[str] = set()

    def attempt() -> None:
        group = wait_group_active(target, user_group_id, resource)
        live = live_members(group)
        add, remove = plan(live)
        add = set(add) - live
        remove = (set(remove) & live) - dropped
        params: dict[str, Any] = {}
        if add:
            params["UserIdsToAdd"] = sorted(add)
        if remove:
            params["UserIdsToRemove"] = sorted(remove)
        if engine and str(group.get("Engine", "")).lower() != engine:
            params["Engine"] = engine
        if not params:
            return
        try:
            target.client.modify_user_group(UserGroupId=user_group_id, **params)
        except ClientError as exc:
            mapped = map_client_error(exc, resource)
            if isinstance(mapped, NotAMemberError) and remove:
                dropped.update(_no_longer_members(target, remove, user_group_id))
            raise mapped from exc

    with group_lock(target.region, target.profile, user_group_id):
        call_with_retry(
            attempt,
            resource=resource,
            what="ModifyUserGroup",
            timeout=target.timeout,
            retry_on=(RetryableError, NotAMemberError),
        )
        return wait_group_active(target, user_group_id, resource)
