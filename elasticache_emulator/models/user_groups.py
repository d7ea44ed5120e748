"""User groups: CreateUserGroup, ModifyUserGroup, DeleteUserGroup, DescribeUserGroups (reference §1.7-1.10,
§2.5-2.9)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from elasticache_emulator.exceptions import (
    DefaultUserRequired,
    DuplicateUserName,
    InvalidParameterCombination,
    InvalidParameterValue,
    InvalidUserGroupState,
    UserGroupAlreadyExists,
    UserGroupQuotaExceeded,
)
from elasticache_emulator.models.base import BaseBackend
from elasticache_emulator.models.resources import RegionState, User, UserGroup
from elasticache_emulator.transitions import Kind
from elasticache_emulator.validation import check_tags, normalise_engine

__all__ = ["UserGroupBackend"]


class UserGroupBackend(BaseBackend):
    """One method per user-group operation; each returns the operation's output shape as a dict."""

    def _group_dict(
        self, state: RegionState, group: UserGroup, rgs_of: Mapping[str, list[str]] | None = None
    ) -> dict[str, Any]:
        rgs_of = state.replication_groups_of_group() if rgs_of is None else rgs_of
        out: dict[str, Any] = {
            "UserGroupId": group.user_group_id,
            "Status": group.status,
            "Engine": group.engine,
            "UserIds": list(group.user_ids),
            "MinimumEngineVersion": self.config.rules.minimum_engine_versions.get(group.engine, "6.0"),
            "ReplicationGroups": list(rgs_of.get(group.user_group_id, [])),
            "ServerlessCaches": [],
            "ARN": group.arn,
        }
        pending: dict[str, Any] = {}
        if group.pending_remove:
            pending["UserIdsToRemove"] = list(group.pending_remove)
        if group.pending_add:
            pending["UserIdsToAdd"] = list(group.pending_add)
        if pending:
            out["PendingChanges"] = pending
        return out

    def _check_membership(self, group_id: str, engine: str, members: Sequence[User]) -> None:
        rules = self.config.rules
        needs_default = (engine == "redis" and rules.redis_groups_require_default_user) or (
            engine == "valkey" and rules.valkey_groups_require_default_user
        )
        if needs_default and not any(u.user_name == "default" for u in members):
            raise DefaultUserRequired()
        by_name: dict[str, list[str]] = {}
        for user in members:
            by_name.setdefault(user.user_name, []).append(user.user_id)
        for name, ids in by_name.items():
            if len(ids) > 1:
                raise DuplicateUserName(user_group_id=group_id, user_name=name, user_ids=", ".join(ids))
        for user in members:
            self._check_member_engine(group_id, engine, user)

    def _mark_members_modifying(self, state: RegionState, user_ids: Iterable[str]) -> None:
        if not self.config.rules.membership_changes_mark_users_modifying:
            return
        for uid in user_ids:
            user = state.users.get(uid)
            if user is not None and not user.builtin and user.status == "active":
                self._begin(state, Kind.USER, user, "user_membership")

    def create_user_group(
        self,
        state: RegionState,
        *,
        user_group_id: str,
        engine: str,
        user_ids: Sequence[str] = (),
        tags: Sequence[Mapping[str, Any]] = (),
    ) -> dict[str, Any]:
        """CreateUserGroup: ``creating`` for ``user_group_create`` seconds, then ``active``."""
        gid = self._id("UserGroupId", user_group_id)
        engine = normalise_engine(engine)
        arn = state.arn("usergroup", gid)
        tag_dict = check_tags(tags, self.config.quotas.tags_per_resource, arn)
        if gid in state.user_groups:
            raise UserGroupAlreadyExists(user_group_id=gid)
        ids = self._lower_unique("UserIds", user_ids)
        members = [self._get_user(state, uid) for uid in ids]
        for user in members:
            if user.status == "deleting":
                raise InvalidParameterValue(
                    f"User {user.user_id} is being deleted and cannot be added to a user group."
                )
        self._check_membership(gid, engine, members)
        q = self.config.quotas
        if len(members) > q.users_per_user_group:
            raise UserGroupQuotaExceeded(_too_many_members(gid, len(members), q.users_per_user_group))
        if len(state.user_groups) >= q.user_groups_per_region:
            raise UserGroupQuotaExceeded(quota=q.user_groups_per_region, user_group_id=gid)
        group = UserGroup(user_group_id=gid, engine=engine, user_ids=ids, arn=arn, tags=tag_dict)
        state.user_groups[gid] = group
        self._begin(state, Kind.USER_GROUP, group, "user_group_create")
        self._mark_members_modifying(state, ids)
        return self._group_dict(state, group)

    def modify_user_group(
        self,
        state: RegionState,
        *,
        user_group_id: str,
        user_ids_to_add: Sequence[str] = (),
        user_ids_to_remove: Sequence[str] = (),
        engine: str | None = None,
    ) -> dict[str, Any]:
        """ModifyUserGroup: all-or-nothing validation; then ``modifying`` with ``PendingChanges`` (the old
        ``UserIds`` still shown) for ``user_group_modify`` seconds. An engine change applies at once."""
        group = self._get_group(state, user_group_id)
        gid = group.user_group_id
        if group.status != "active":
            raise InvalidUserGroupState(user_group_id=gid, status=group.status, action="modified")
        if not user_ids_to_add and not user_ids_to_remove and engine is None:
            raise InvalidParameterCombination(
                f"No modifications were requested for user group {gid}: specify UserIdsToAdd, UserIdsToRemove "
                "or Engine."
            )
        add = self._lower_unique("UserIdsToAdd", user_ids_to_add)
        remove = self._lower_unique("UserIdsToRemove", user_ids_to_remove)
        both = sorted(set(add) & set(remove))
        if both:
            raise InvalidParameterCombination(
                f"User {both[0]} cannot be both added to and removed from user group {gid} in one request."
            )
        new_engine = group.engine if engine is None else normalise_engine(engine)
        for uid in list(add):
            user = self._get_user(state, uid)
            if user.status == "deleting":
                raise InvalidParameterValue(f"User {uid} is being deleted and cannot be added to user group {gid}.")
            if uid in group.user_ids:
                if self.config.rules.reject_adding_existing_member:
                    raise InvalidParameterValue(f"User {uid} is already a member of user group {gid}.")
                add.remove(uid)
        for uid in remove:
            if uid not in group.user_ids:
                raise InvalidParameterValue(f"User {uid} is not a member of user group {gid}.")
        result = group.after_change(add, remove)
        self._check_membership(gid, new_engine, [state.users[u] for u in result])
        limit = self.config.quotas.users_per_user_group
        if len(result) > limit:
            raise InvalidParameterValue(_too_many_members(gid, len(result), limit))
        if new_engine == "valkey":
            for rgid, rg in sorted(state.replication_groups.items()):
                if rg.engine == "redis" and rg.includes(gid):
                    raise InvalidParameterValue(
                        f"User group {gid} is associated with redis replication group {rgid}; only redis user "
                        "groups can be used with redis replication groups."
                    )
        group.engine = new_engine
        group.pending_add, group.pending_remove = add, remove
        self._begin(state, Kind.USER_GROUP, group, "user_group_modify")
        self._mark_members_modifying(state, add + remove)
        return self._group_dict(state, group)

    def delete_user_group(self, state: RegionState, *, user_group_id: str) -> dict[str, Any]:
        """DeleteUserGroup: refused while associated; ``deleting`` then gone. Users are kept."""
        group = self._get_group(state, user_group_id)
        gid = group.user_group_id
        if group.status != "active":
            raise InvalidUserGroupState(user_group_id=gid, status=group.status, action="deleted")
        attached = sorted(rgid for rgid, rg in state.replication_groups.items() if rg.includes(gid))
        if attached:
            raise InvalidUserGroupState(
                f"User group {gid} is associated with replication group(s) {', '.join(attached)}. The user group "
                "must first be disassociated from the replication group before it can be deleted."
            )
        self._begin(state, Kind.USER_GROUP, group, "user_group_delete")
        return self._group_dict(state, group)

    def describe_user_groups(
        self,
        state: RegionState,
        *,
        user_group_id: str | None = None,
        max_records: int | None = None,
        marker: str | None = None,
    ) -> dict[str, Any]:
        groups = list(state.user_groups.values())
        if user_group_id is not None:
            groups = [self._get_group(state, user_group_id)]
        rgs_of = state.replication_groups_of_group()
        return self._page(
            "UserGroups",
            groups,
            lambda g: self._group_dict(state, g, rgs_of),
            max_records=max_records,
            marker=marker,
            error=InvalidParameterCombination,
        )


def _too_many_members(user_group_id: str, count: int, limit: int) -> str:
    """The text of both size errors: UserGroupQuotaExceeded (create) and InvalidParameterValue (modify, which
    does not declare UserGroupQuotaExceeded)."""
    return f"User group {user_group_id} would have {count} users; a user group can have at most {limit} users."
