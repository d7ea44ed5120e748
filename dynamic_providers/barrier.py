"""``RbacBarrier``: one wait for many users and groups, instead of one wait per resource.

The dynamic-provider host serves four requests at once, and a request that sleeps through a transition
holds one of them: N resources that each wait for their own transition take ceil(N/4) transition
times. Resources created with ``wait=False`` return as soon as the service accepted their change; a
barrier then waits for all of them in one request, so N changes cost about one transition time.

Contracts:
- ``check`` makes no API call and reports nothing: ids come from the resources the barrier stands behind.
- ``diff``: a change exactly when the users or groups it waits for, or the ``revision`` of a resource it
  stands behind, changed (every create and update of a resource outputs a new revision; unknown at
  preview while the resource changes). A no-op preview shows no change; it never replaces.
- ``create`` / ``update`` wait until every listed user is ``active`` and every listed group ``active``
  with no pending changes, polling ``DescribeUsers`` and ``DescribeUserGroups`` (all pages) once per
  round on the waiters' schedule (:data:`._waiters.WAIT_BACKOFF`), with progress lines; a listed object
  that does not exist, or is being deleted, fails; the timeout (:func:`._waiters.resolve_timeout`)
  names every object still not active. Outputs the ARNs and the group ids, known only once they are
  active — wire a cache to them. An ``up`` cut off during the wait leaves the old inputs in state, so
  the next ``up`` waits again.
- ``read`` keeps the stored outputs; ``delete`` does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, UpdateResult
from pydantic import Field

from ._engine import KindProvider
from ._errors import WaitError, WaitTimeoutError
from ._kind import Inputs, Kind
from ._membership_change import live_members
from ._ownership import OWNER_KEY
from ._provider import BARRIER_TYPE, resource_props
from ._target import Target
from ._validation import is_known
from ._waiters import TIMEOUT_ENV, WAIT_BACKOFF, Progress
from .membership import UserGroupMembership
from .user import User
from .user_group import UserGroup

__all__ = ["RbacBarrier", "RbacBarrierProvider", "wait_until_active"]


class BarrierInputs(Inputs):
    """The checked inputs of an ``RbacBarrier``."""

    user_ids: list[str] = Field(default_factory=list)
    user_group_ids: list[str] = Field(default_factory=list)
    other_group_ids: list[str] = Field(default_factory=list)


def _changed(name: str) -> Any:
    def rule(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        new = news.get(name)
        if not is_known(new) or not isinstance(new, list):
            return True
        return sorted(map(str, olds.get(name) or [])) != sorted(map(str, new))

    return rule


def _revisions_changed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether a resource the barrier stands behind changed: its revision differs or is unknown.

    A resource whose outputs predate revisions (state written before them) has no revision (``""``): at
    preview the engine hands it over as unknown even when the resource does not change, so an unknown
    revision counts as a change only when a revision was recorded before. Such a resource records its first
    revision at its next change, which ``up`` sees (known by then) and waits for.
    """
    new, old = news.get("revisions"), olds.get("revisions")
    if not isinstance(new, Mapping) or not isinstance(old, Mapping) or set(new) != set(old):
        return True
    return any(old.get(key) != value and (is_known(value) or bool(old.get(key))) for key, value in new.items())


BARRIER = Kind(
    name="RbacBarrier",
    id_field="name",
    failures=lambda _props, _name: [],
    compare={
        **{name: _changed(name) for name in ("user_ids", "user_group_ids", "other_group_ids")},
        "revisions": _revisions_changed,
    },
)


def wait_until_active(
    target: Target, user_ids: Iterable[str], group_ids: Iterable[str], label: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Wait until every user is active and every group active with no pending changes; return them by id.

    One round = every page of ``DescribeUsers`` (when users are awaited) and of ``DescribeUserGroups``
    (when groups are), on the schedule of :data:`WAIT_BACKOFF`; see the module docstring.
    """
    users_wanted, groups_wanted = sorted(set(user_ids)), sorted(set(group_ids))
    what = f"{len(users_wanted)} user(s) and {len(groups_wanted)} user group(s) to be active"
    progress = Progress(label, what)
    attempt = 0
    while True:
        users = _listing(target, "describe_users", "Users", "UserId", users_wanted)
        groups = _listing(target, "describe_user_groups", "UserGroups", "UserGroupId", groups_wanted)
        gone = [f"user {u!r}" for u in users_wanted if u not in users or users[u].get("Status") == "deleting"]
        gone += [f"user group {g!r}" for g in groups_wanted if g not in groups or groups[g].get("Status") == "deleting"]
        if gone:
            raise WaitError(f"{label}: stopped waiting: {', '.join(gone)} does not exist or is being deleted")
        pending = [f"user {u!r} ({users[u].get('Status')})" for u in users_wanted if users[u].get("Status") != "active"]
        pending += [
            f"user group {g!r} ({groups[g].get('Status')}{', changes pending' if _has_pending(groups[g]) else ''})"
            for g in groups_wanted
            if groups[g].get("Status") != "active" or _has_pending(groups[g])
        ]
        if not pending:
            return users, groups
        shown = ", ".join(pending[:5]) + (f" and {len(pending) - 5} more" if len(pending) > 5 else "")
        delay = WAIT_BACKOFF.delay(attempt, elapsed=progress.elapsed())
        if not progress.pause(delay, target.timeout, f"{len(pending)} not active yet: {shown}"):
            raise WaitTimeoutError(
                f"{label}: still waiting after {progress.elapsed():.0f}s (timeout {target.timeout:.0f}s) for "
                f"{', '.join(pending)}. Nothing was rolled back; run `pulumi up` again to wait again, or raise the "
                f"timeout with {TIMEOUT_ENV} / elasticache-rbac:waitTimeoutSeconds."
            )
        attempt += 1


def _has_pending(group: Any) -> bool:
    pending = group.get("PendingChanges") or {}
    return bool(pending.get("UserIdsToAdd") or pending.get("UserIdsToRemove"))


def _listing(target: Target, method: str, key: str, id_key: str, wanted: Sequence[str]) -> dict[str, Any]:
    """Every listed object of ``wanted``, by id (no call when nothing is wanted)."""
    if not wanted:
        return {}
    found: dict[str, Any] = {}
    want = set(wanted)
    for page in target.client.get_paginator(method).paginate(PaginationConfig={"PageSize": 100}):  # type: ignore[call-overload]
        for item in page[key]:
            if item[id_key] in want:
                found[item[id_key]] = item
    return found


class RbacBarrierProvider(KindProvider):
    """Dynamic provider of :class:`RbacBarrier` (contracts in the module docstring)."""

    kind = BARRIER

    def inputs(self, props: Mapping[str, Any]) -> BarrierInputs:
        return BarrierInputs.model_validate(props)

    def _wait(self, props: Mapping[str, Any]) -> dict[str, Any]:
        inp, target = self.prepare(props)
        label = f"RbacBarrier {self.name_of(props)!r}"
        groups_awaited = [*inp.user_group_ids, *inp.other_group_ids]
        users, groups = wait_until_active(target, inp.user_ids, groups_awaited, label)
        return {
            OWNER_KEY: self.owner_of(props),
            "user_ids": inp.user_ids,
            "user_group_ids": inp.user_group_ids,
            "other_group_ids": inp.other_group_ids,
            "revisions": props.get("revisions") or {},
            "user_arns": {u: users[u]["ARN"] for u in inp.user_ids},
            "group_arns": {g: groups[g]["ARN"] for g in inp.user_group_ids},
            "group_members": {g: sorted(live_members(groups[g])) for g in inp.user_group_ids},
            "region": inp.region,
            "profile": inp.profile,
        }

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(f"barrier-{self.name_of(props)}", self._wait(props))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._wait(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, {k: v for k, v in props.items() if not k.startswith("__") or k == OWNER_KEY})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        return None

    def diff_live(self, olds: Mapping[str, Any], news: Mapping[str, Any], result: DiffResult) -> DiffResult:
        return result


class RbacBarrier(Resource, module="elasticache-rbac", name="RbacBarrier"):
    """Waits, in one request, until the users and groups of the given resources are active.

    Create users, groups and memberships with ``wait=False`` (they then return as soon as the service
    accepted their change) and put them behind one barrier: its outputs (``user_arns``, ``group_arns``,
    ``user_group_ids``) are known only once everything is active, so a cache wired to them starts after
    the RBAC is in place. ``ElastiCacheRbac`` does this for its children. Memberships' groups are waited
    for too, but not output. See the module docstring for the contracts.
    """

    user_ids: pulumi.Output[list[str]]
    user_group_ids: pulumi.Output[list[str]]
    user_arns: pulumi.Output[dict[str, str]]
    group_arns: pulumi.Output[dict[str, str]]
    group_members: pulumi.Output[dict[str, list[str]]]

    def __init__(
        self,
        resource_name: str,
        *,
        users: Sequence[User] = (),
        groups: Sequence[UserGroup] = (),
        memberships: Sequence[UserGroupMembership] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        stands_behind: list[User | UserGroup | UserGroupMembership] = [*users, *groups, *memberships]
        # "" for a resource whose state predates revisions (a None value would drop its key)
        revisions = {
            f"{r.pulumi_resource_type}::{r.pulumi_resource_name}": r.revision.apply(lambda v: v or "")
            for r in stands_behind
        }
        if len(revisions) < len(stands_behind):
            raise ValueError(
                f"RbacBarrier {resource_name!r}: two of the resources it waits for share a type and a name"
            )
        props = resource_props(
            BARRIER_TYPE,
            resource_name,
            opts,
            {
                "user_ids": [u.user_id for u in users],
                "user_group_ids": [g.user_group_id for g in groups],
                "other_group_ids": [m.user_group_id for m in memberships],
                "revisions": revisions,
            },
            ("user_arns", "group_arns", "group_members"),
        )
        deps = pulumi.ResourceOptions(depends_on=list[pulumi.Resource](stands_behind))
        super().__init__(RbacBarrierProvider(), resource_name, props, pulumi.ResourceOptions.merge(opts, deps))
