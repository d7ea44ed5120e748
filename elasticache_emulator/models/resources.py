"""The emulated resources as plain dataclasses, and :class:`RegionState`, everything one (account, region) holds.

Ids are the lower-case stored ids. Back-references are derived, never stored: ``User.UserGroupIds`` is
computed from the groups' committed ``UserIds`` (:meth:`RegionState.groups_of_user`) and
``UserGroup.ReplicationGroups`` from the replication groups' committed ``UserGroupIds``. Passwords and
AUTH tokens are never stored (only their count / whether one is set). These field names are also the
state file's format (``state_file``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field

from elasticache_emulator.transitions import Pending

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_USER_ID",
    "MemberHolder",
    "RegionState",
    "ReplicationGroup",
    "Resource",
    "User",
    "UserGroup",
    "partition_for",
    "resource_id",
]

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_USER_ID = "default"


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@dataclass
class User:
    user_id: str
    user_name: str
    engine: str
    access_string: str
    auth_type: str
    password_count: int
    arn: str
    status: str = "active"
    pending: Pending | None = None
    tags: dict[str, str | None] = field(default_factory=dict)
    builtin: bool = False


class MemberHolder:
    """A committed member list (:attr:`members`) plus a pending change, applied when a transition ends.

    A user group's members are user ids, a replication group's are user-group ids. The pending lists are
    what ``PendingChanges`` / ``PendingModifiedValues.UserGroups`` show.
    """

    pending_add: list[str]
    pending_remove: list[str]

    @property
    def members(self) -> list[str]:
        raise NotImplementedError

    def includes(self, member_id: str) -> bool:
        """A committed member, or one whose addition is pending."""
        return member_id in self.members or member_id in self.pending_add

    def after_change(self, add: Iterable[str], remove: Container[str]) -> list[str]:
        """The member list once ``remove`` is taken out and ``add`` appended."""
        return [m for m in self.members if m not in remove] + list(add)

    def commit(self, existing: Container[str]) -> None:
        """Apply the pending change (additions that no longer exist are dropped) and clear it."""
        self.members[:] = self.after_change([m for m in self.pending_add if m in existing], self.pending_remove)
        self.pending_add, self.pending_remove = [], []

    def forget(self, member_id: str) -> None:
        """Drop a member that has disappeared, committed or pending."""
        for ids in (self.members, self.pending_add, self.pending_remove):
            if member_id in ids:
                ids.remove(member_id)


@dataclass
class UserGroup(MemberHolder):
    user_group_id: str
    engine: str
    user_ids: list[str]
    arn: str
    status: str = "creating"
    pending: Pending | None = None
    tags: dict[str, str | None] = field(default_factory=dict)
    pending_add: list[str] = field(default_factory=list)
    pending_remove: list[str] = field(default_factory=list)

    @property
    def members(self) -> list[str]:
        return self.user_ids


@dataclass
class ReplicationGroup(MemberHolder):
    replication_group_id: str
    description: str
    engine: str
    engine_version: str
    cache_node_type: str
    transit_encryption_enabled: bool
    transit_encryption_mode: str | None
    at_rest_encryption_enabled: bool
    auth_token_enabled: bool
    user_group_ids: list[str]
    arn: str
    created_at: float
    status: str = "creating"
    pending: Pending | None = None
    tags: dict[str, str | None] = field(default_factory=dict)
    pending_add: list[str] = field(default_factory=list)
    pending_remove: list[str] = field(default_factory=list)
    pending_auth: str | None = None
    """``ROTATE``/``SET`` (token becomes enabled) or ``DELETE`` (token removed) at the end of a modify."""

    @property
    def members(self) -> list[str]:
        return self.user_group_ids


Resource = User | UserGroup | ReplicationGroup


def resource_id(resource: Resource) -> str:
    if isinstance(resource, User):
        return resource.user_id
    if isinstance(resource, UserGroup):
        return resource.user_group_id
    return resource.replication_group_id


@dataclass
class RegionState:
    """Everything one (account, region) holds; ids are the lower-case stored ids."""

    account_id: str
    region: str
    users: dict[str, User] = field(default_factory=dict)
    user_groups: dict[str, UserGroup] = field(default_factory=dict)
    replication_groups: dict[str, ReplicationGroup] = field(default_factory=dict)

    def arn(self, resource_type: str, resource_id: str) -> str:
        return (
            f"arn:{partition_for(self.region)}:elasticache:{self.region}:{self.account_id}:"
            f"{resource_type}:{resource_id}"
        )

    def groups_of_user(self) -> dict[str, list[str]]:
        """user id -> sorted ids of groups whose committed ``UserIds`` contain it."""
        return _holders_of(self.user_groups)

    def replication_groups_of_group(self) -> dict[str, list[str]]:
        """user group id -> sorted ids of replication groups whose committed ``UserGroupIds`` contain it."""
        return _holders_of(self.replication_groups)


def _holders_of(holders: Mapping[str, MemberHolder]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for holder_id in sorted(holders):
        for member_id in holders[holder_id].members:
            index.setdefault(member_id, []).append(holder_id)
    return index
