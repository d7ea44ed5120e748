"""Replication groups, only as far as user-group association needs (reference §1.11, §2.10).

Create/Modify/Delete/DescribeReplicationGroups with ``UserGroupIds``, ``UserGroupIdsToAdd/Remove``,
``RemoveUserGroups``, in-transit encryption, ``AuthToken`` and ``AuthTokenUpdateStrategy``, ``Engine`` and
``EngineVersion``, ``Tags``. Every other parameter is accepted and ignored; cache clusters, nodes,
shards, snapshots, parameter/subnet/security groups are not emulated (``MemberClusters`` is ``[]``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from elasticache_emulator.exceptions import (
    InvalidParameterCombination,
    InvalidParameterValue,
    InvalidReplicationGroupState,
    InvalidUserGroupState,
    ReplicationGroupAlreadyExists,
)
from elasticache_emulator.models.base import BaseBackend
from elasticache_emulator.models.resources import RegionState, ReplicationGroup, UserGroup
from elasticache_emulator.transitions import Kind
from elasticache_emulator.validation import check_auth_token, check_tags, normalise_engine

__all__ = ["ReplicationGroupBackend"]

ENCRYPTION_IN_TRANSIT_REQUIRED = (
    "User group based access control requires encryption-in-transit to be enabled on the replication group."
)
AUTH_TOKEN_WITH_USER_GROUP = (
    "User group can't be associated with auth token enabled. Pass AuthStrategy delete to proceed"
)
AUTH_TOKEN_REQUIRES_TRANSIT_ENCRYPTION = (
    "AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true."
)
TRANSIT_ENCRYPTION_MODES = ("preferred", "required")
DEFAULT_ENGINE_VERSIONS = {"redis": "7.1", "valkey": "8.0"}


class ReplicationGroupBackend(BaseBackend):
    """One method per replication-group operation; each returns the operation's output shape as a dict."""

    def _rg_dict(self, rg: ReplicationGroup) -> dict[str, Any]:
        pending: dict[str, Any] = {}
        if rg.pending_add or rg.pending_remove:
            pending["UserGroups"] = {
                "UserGroupIdsToAdd": list(rg.pending_add),
                "UserGroupIdsToRemove": list(rg.pending_remove),
            }
        if rg.pending_auth in ("ROTATE", "SET"):
            pending["AuthTokenStatus"] = "ROTATING" if rg.pending_auth == "ROTATE" else "SETTING"
        out: dict[str, Any] = {
            "ReplicationGroupId": rg.replication_group_id,
            "Description": rg.description,
            "Status": rg.status,
            "PendingModifiedValues": pending,
            "MemberClusters": [],
            "AutomaticFailover": "disabled",
            "MultiAZ": "disabled",
            "ClusterEnabled": False,
            "CacheNodeType": rg.cache_node_type,
            "AuthTokenEnabled": rg.auth_token_enabled,
            "TransitEncryptionEnabled": rg.transit_encryption_enabled,
            "AtRestEncryptionEnabled": rg.at_rest_encryption_enabled,
            "ARN": rg.arn,
            "UserGroupIds": list(rg.user_group_ids),
            "ReplicationGroupCreateTime": datetime.fromtimestamp(rg.created_at, tz=UTC),
            "Engine": rg.engine,
        }
        if rg.transit_encryption_mode is not None:
            out["TransitEncryptionMode"] = rg.transit_encryption_mode
        return out

    def _check_attachable(self, state: RegionState, rg_engine: str, gid: str) -> UserGroup:
        group = self._get_group(state, gid)
        if group.status != "active":
            raise InvalidUserGroupState(
                user_group_id=group.user_group_id, status=group.status, action="associated with a replication group"
            )
        if rg_engine == "redis" and group.engine != "redis":
            raise InvalidParameterValue(
                f"User group {group.user_group_id} has engine {group.engine}; a redis replication group can only "
                "use redis user groups."
            )
        return group

    def _check_group_count(self, rgid: str, count: int) -> None:
        limit = self.config.quotas.user_groups_per_replication_group
        if count > limit:
            raise InvalidParameterValue(
                f"Replication group {rgid} can be associated with at most {limit} user group(s); {count} requested."
            )

    def create_replication_group(
        self,
        state: RegionState,
        *,
        replication_group_id: str,
        replication_group_description: str,
        engine: str | None = None,
        engine_version: str | None = None,
        cache_node_type: str | None = None,
        transit_encryption_enabled: bool | None = None,
        transit_encryption_mode: str | None = None,
        at_rest_encryption_enabled: bool | None = None,
        auth_token: str | None = None,
        user_group_ids: Sequence[str] = (),
        tags: Sequence[Mapping[str, Any]] = (),
    ) -> dict[str, Any]:
        """CreateReplicationGroup, only as far as RBAC needs (see the module docstring)."""
        rgid = self._id("ReplicationGroupId", replication_group_id)
        rg_engine = normalise_engine(engine or "redis")
        version = engine_version or DEFAULT_ENGINE_VERSIONS[rg_engine]
        tee = bool(transit_encryption_enabled)
        _check_transit_encryption_mode(transit_encryption_mode)
        if transit_encryption_mode is not None and not tee:
            raise InvalidParameterCombination("TransitEncryptionMode requires TransitEncryptionEnabled to be true.")
        if auth_token is not None:
            if not tee:
                raise InvalidParameterCombination(AUTH_TOKEN_REQUIRES_TRANSIT_ENCRYPTION)
            check_auth_token(auth_token, modify=False)
        gids = self._lower_unique("UserGroupIds", user_group_ids)
        self._check_group_count(rgid, len(gids))
        if gids:
            if auth_token is not None:
                raise InvalidParameterCombination("User group can't be associated with auth token enabled.")
            if not tee:
                raise InvalidParameterCombination(ENCRYPTION_IN_TRANSIT_REQUIRED)
            if rg_engine == "redis" and _version_tuple(version) < (6, 0):
                raise InvalidParameterCombination(
                    f"User group based access control requires Redis OSS 6.0 or later; EngineVersion is {version}."
                )
            for gid in gids:
                self._check_attachable(state, rg_engine, gid)
        arn = state.arn("replicationgroup", rgid)
        tag_dict = check_tags(tags, self.config.quotas.tags_per_resource, arn)
        if rgid in state.replication_groups:
            raise ReplicationGroupAlreadyExists(replication_group_id=rgid)
        rg = ReplicationGroup(
            replication_group_id=rgid,
            description=replication_group_description,
            engine=rg_engine,
            engine_version=version,
            cache_node_type=cache_node_type or "cache.t4g.micro",
            transit_encryption_enabled=tee,
            transit_encryption_mode=(transit_encryption_mode or "required") if tee else None,
            at_rest_encryption_enabled=bool(at_rest_encryption_enabled),
            auth_token_enabled=auth_token is not None,
            user_group_ids=gids,
            arn=arn,
            created_at=time.time(),
            tags=tag_dict,
        )
        state.replication_groups[rgid] = rg
        self._begin(state, Kind.REPLICATION_GROUP, rg, "replication_group_create")
        for gid in gids:
            self._begin(state, Kind.USER_GROUP, state.user_groups[gid], "user_group_association")
        return {"ReplicationGroup": self._rg_dict(rg)}

    def modify_replication_group(
        self,
        state: RegionState,
        *,
        replication_group_id: str,
        user_group_ids_to_add: Sequence[str] = (),
        user_group_ids_to_remove: Sequence[str] = (),
        remove_user_groups: bool | None = None,
        auth_token: str | None = None,
        auth_token_update_strategy: str | None = None,
        transit_encryption_enabled: bool | None = None,
        transit_encryption_mode: str | None = None,
        replication_group_description: str | None = None,
    ) -> dict[str, Any]:
        """ModifyReplicationGroup: user-group association, AUTH-token strategy and in-transit encryption.

        ``modifying`` with ``PendingModifiedValues.UserGroups`` for ``replication_group_modify`` seconds;
        the old ``UserGroupIds`` stay visible until then.
        """
        rg = self._get_rg(state, replication_group_id)
        rgid = rg.replication_group_id
        if rg.status != "available":
            raise InvalidReplicationGroupState(replication_group_id=rgid, status=rg.status, action="modified")
        add = self._lower_unique("UserGroupIdsToAdd", user_group_ids_to_add)
        remove = self._lower_unique("UserGroupIdsToRemove", user_group_ids_to_remove)
        if remove_user_groups and add:
            raise InvalidParameterCombination("RemoveUserGroups cannot be combined with UserGroupIdsToAdd.")
        if remove_user_groups:
            remove = list(rg.user_group_ids)
        strategy = None if auth_token_update_strategy is None else auth_token_update_strategy.upper()
        if strategy is not None and strategy not in ("SET", "ROTATE", "DELETE"):
            raise InvalidParameterValue(
                f"Invalid AuthTokenUpdateStrategy {auth_token_update_strategy}; must be SET, ROTATE or DELETE."
            )
        if auth_token is not None and strategy is None:
            strategy = "ROTATE"
        if strategy in ("SET", "ROTATE") and auth_token is None:
            raise InvalidParameterCombination(f"AuthTokenUpdateStrategy {strategy} must be specified with AuthToken.")
        if auth_token is not None:
            check_auth_token(auth_token, modify=True)
        tee = rg.transit_encryption_enabled if transit_encryption_enabled is None else transit_encryption_enabled
        if strategy == "DELETE" and (not add or not rg.auth_token_enabled):
            raise InvalidParameterValue("Auth token update strategy delete is not supported currently")
        if strategy == "SET" and not rg.auth_token_enabled:
            raise InvalidParameterValue("Auth token update strategy SET is allowed only after ROTATE.")
        for gid in add:
            if gid in rg.user_group_ids:
                raise InvalidParameterValue(f"User group {gid} is already associated with replication group {rgid}.")
        for gid in remove:
            if gid not in rg.user_group_ids:
                raise InvalidParameterValue(f"User group {gid} is not associated with replication group {rgid}.")
        result = rg.after_change(add, remove)
        self._check_group_count(rgid, len(result))
        if add:
            if rg.auth_token_enabled and strategy != "DELETE":
                raise InvalidParameterCombination(AUTH_TOKEN_WITH_USER_GROUP)
            if not tee:
                raise InvalidParameterCombination(ENCRYPTION_IN_TRANSIT_REQUIRED)
            for gid in add:
                self._check_attachable(state, rg.engine, gid)
        if result and not tee:
            raise InvalidParameterCombination(ENCRYPTION_IN_TRANSIT_REQUIRED)
        if result and strategy in ("SET", "ROTATE"):
            raise InvalidParameterCombination(
                f"An AUTH token cannot be set on replication group {rgid} while it uses user group based access "
                "control; remove the user groups in the same request (RemoveUserGroups)."
            )
        if auth_token is not None and not tee:
            raise InvalidParameterCombination(AUTH_TOKEN_REQUIRES_TRANSIT_ENCRYPTION)
        _check_transit_encryption_mode(transit_encryption_mode)
        if transit_encryption_mode is not None:
            rg.transit_encryption_mode = transit_encryption_mode
        rg.transit_encryption_enabled = tee
        if tee and rg.transit_encryption_mode is None:
            rg.transit_encryption_mode = "preferred"
        if replication_group_description is not None:
            rg.description = replication_group_description
        rg.pending_add, rg.pending_remove, rg.pending_auth = add, remove, strategy
        self._begin(state, Kind.REPLICATION_GROUP, rg, "replication_group_modify")
        for gid in add + remove:
            group = state.user_groups.get(gid)
            if group is not None and group.status == "active":
                self._begin(state, Kind.USER_GROUP, group, "user_group_association")
        return {"ReplicationGroup": self._rg_dict(rg)}

    def delete_replication_group(self, state: RegionState, *, replication_group_id: str) -> dict[str, Any]:
        rg = self._get_rg(state, replication_group_id)
        if rg.status != "available":
            raise InvalidReplicationGroupState(
                replication_group_id=rg.replication_group_id, status=rg.status, action="deleted"
            )
        self._begin(state, Kind.REPLICATION_GROUP, rg, "replication_group_delete")
        return {"ReplicationGroup": self._rg_dict(rg)}

    def describe_replication_groups(
        self,
        state: RegionState,
        *,
        replication_group_id: str | None = None,
        max_records: int | None = None,
        marker: str | None = None,
    ) -> dict[str, Any]:
        rgs = list(state.replication_groups.values())
        if replication_group_id is not None:
            rgs = [self._get_rg(state, replication_group_id)]
        return self._page(
            "ReplicationGroups", rgs, self._rg_dict, max_records=max_records, marker=marker, error=InvalidParameterValue
        )


def _check_transit_encryption_mode(mode: str | None) -> None:
    if mode is not None and mode not in TRANSIT_ENCRYPTION_MODES:
        raise InvalidParameterValue(f"Invalid TransitEncryptionMode {mode}.")


def _version_tuple(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in version.split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)
