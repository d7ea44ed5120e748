"""State and rules of the emulated ElastiCache RBAC control plane: one method per API operation.

State is kept per (account id, region) in a :class:`RegionState`; :class:`Backend` owns all regions,
the transition scheduler and the configuration, and is guarded by one lock (held by the caller, see
``responses.dispatch``). Every operation returns a plain dict shaped like the operation's output shape
in botocore's model; ``responses`` turns it into XML.

Laid out like moto's larger services (``moto/ec2/models/``): one module per concern, composed here::

    resources           User, UserGroup, ReplicationGroup, RegionState (dataclasses; the state-file format)
    base                BaseBackend: regions, transitions (begin / advance / complete), shared checks, paging
    users               UserBackend: Create/Modify/Delete/DescribeUsers
    user_groups         UserGroupBackend: Create/Modify/Delete/DescribeUserGroups
    replication_groups  ReplicationGroupBackend: the user-group side of replication groups
    tagging             TaggingBackend: Add/List/RemoveTags

Not emulated (knowingly): serverless caches (``UserGroup.ServerlessCaches`` is always ``[]``); cache
clusters, nodes, shards, snapshots, parameter/subnet/security groups (replication groups exist only as
far as user-group association needs: every other CreateReplicationGroup parameter is accepted and
ignored); IAM authorisation of callers; the ~5 s after CreateUser during which the real service refuses
tagging; access-string canonicalisation; renamed commands; the data plane (no Redis/Valkey server).
"""

from __future__ import annotations

from elasticache_emulator.models.replication_groups import ReplicationGroupBackend
from elasticache_emulator.models.resources import (
    DEFAULT_ACCOUNT_ID,
    RegionState,
    ReplicationGroup,
    User,
    UserGroup,
)
from elasticache_emulator.models.tagging import TaggingBackend
from elasticache_emulator.models.user_groups import UserGroupBackend
from elasticache_emulator.models.users import UserBackend

__all__ = ["DEFAULT_ACCOUNT_ID", "Backend", "RegionState", "ReplicationGroup", "User", "UserGroup"]


class Backend(UserBackend, UserGroupBackend, ReplicationGroupBackend, TaggingBackend):
    """All emulated state plus the rules. Callers hold :attr:`lock` and call :meth:`advance` first."""
