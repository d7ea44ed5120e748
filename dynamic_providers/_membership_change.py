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
  timeout; then it waits for ``active`` with no pending changes again and returns the settled group
  (when nothing had to be sent, the group as the first wait saw it: no second DescribeUserGroups).
  With ``settle=False`` it returns as soon as the service accepted the change (the ModifyUserGroup
  answer: ``modifying``, the change pending — :func:`live_members` already counts it): a later wait
  (the barrier, :mod:`.barrier`) covers the transition.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from ._errors import NotAMemberError, RetryableError, map_client_error
from ._retry import group_lock
from ._target import Target, describe_one
from ._waiters import wait_for

__all__ = ["Plan", "change_membership", "live_members", "wait_group_active"]

Plan = Callable[[frozenset[str]], tuple[set[str], set[str]]]
"""Given the live members, return ``(user ids to add, user ids to remove)``."""


def live_members(group: Any) -> frozenset[str]:
    """``UserIds`` + pending additions - pending removals."""
    pending = group.get("PendingChanges") or {}
    members = set(group.get("UserIds") or [])
    members |= set(pending.get("UserIdsToAdd") or [])
    members -= set(pending.get("UserIdsToRemove") or [])
    return frozenset(members)


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


def _no_longer_members(target: Target, user_ids: set[str], user_group_id: str, resource: str) -> set[str]:
    """Of ``user_ids``, those that are gone, deleting, or do not list ``user_group_id`` any more."""
    gone: set[str] = set()
    for uid in sorted(user_ids):
        user = describe_one(target.client.describe_users, "Users", resource, UserId=uid)
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
    settle: bool = True,
) -> Any:
    """Apply ``plan`` to the live membership in one ModifyUserGroup; return the group: settled, or with
    ``settle=False`` as the accepted change left it (``modifying``, the change pending)."""
    dropped: set[str] = set()
    settled: list[Any] = []  # the group to return without another wait

    def attempt() -> None:
        settled.clear()
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
            settled.append(group)
            return
        try:
            accepted = target.client.modify_user_group(UserGroupId=user_group_id, **params)
            if not settle:
                settled.append(accepted)
        except ClientError as exc:
            mapped = map_client_error(exc, resource)
            if isinstance(mapped, NotAMemberError) and remove:
                dropped.update(_no_longer_members(target, remove, user_group_id, resource))
            raise mapped from exc

    with group_lock(target.region, target.profile, user_group_id):
        target.retry("ModifyUserGroup", resource, attempt, retry_on=(RetryableError, NotAMemberError))
        return settled[0] if settled else wait_group_active(target, user_group_id, resource)
