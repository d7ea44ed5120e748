"""The emulated resources as plain dataclasses, and :class:`RegionState`, everything one (account, region) holds.

Ids are the lower-case stored ids. Back-references are derived, never stored: ``User.UserGroupIds`` is
computed from the groups' committed ``UserIds`` (:meth:`RegionState.groups_of_user`) and
``UserGroup.ReplicationGroups`` from the replication groups' committed ``UserGroupIds``. Passwords and
AUTH tokens are never stored (only their count / whether one is set). These field names are also the
state file's format (``state_file``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from elasticache_emulator.transitions import Pending

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_USER_ID",
    "RegionState",
    "ReplicationGroup",
    "User",
    "UserGroup",
    "partition_for",
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


@dataclass
class UserGroup:
    user_group_id: str
    engine: str
    user_ids: list[str]
    arn: str
    status: str = "creating"
    pending: Pending | None = None
    tags: dict[str, str | None] = field(default_factory=dict)
    pending_add: list[str] = field(default_factory=list)
    pending_remove: list[str] = field(default_factory=list)


@dataclass
class ReplicationGroup:
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
        index: dict[str, list[str]] = {}
        for gid in sorted(self.user_groups):
            for uid in self.user_groups[gid].user_ids:
                index.setdefault(uid, []).append(gid)
        return index

    def replication_groups_of_group(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for rgid in sorted(self.replication_groups):
            for gid in self.replication_groups[rgid].user_group_ids:
                index.setdefault(gid, []).append(rgid)
        return index
