"""State and rules of the emulated ElastiCache RBAC control plane: one method per API operation.

State is kept per (account id, region) in a :class:`RegionState`; :class:`Backend` owns all regions,
the transition scheduler and the configuration, and is guarded by one lock (held by the caller, see
``responses.dispatch``). Every operation returns a plain dict shaped like the operation's output shape
in botocore's model; ``responses`` turns it into XML.

Back-references are derived, never stored: ``User.UserGroupIds`` is computed from the groups' committed
``UserIds`` and ``UserGroup.ReplicationGroups`` from the replication groups' committed ``UserGroupIds``.
Passwords and AUTH tokens are never stored (only their count / whether one is set).

Not emulated (knowingly): serverless caches (``UserGroup.ServerlessCaches`` is always ``[]``); cache
clusters, nodes, shards, snapshots, parameter/subnet/security groups (replication groups exist only as
far as user-group association needs: every other CreateReplicationGroup parameter is accepted and
ignored); IAM authorisation of callers; the ~5 s after CreateUser during which the real service refuses
tagging; access-string canonicalisation; renamed commands; the data plane (no Redis/Valkey server).
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from elasticache_emulator import access_strings
from elasticache_emulator.config import EmulatorConfig
from elasticache_emulator.exceptions import (
    DefaultUserAssociatedToUserGroup,
    DefaultUserRequired,
    DuplicateUserName,
    EmulatorError,
    InvalidARN,
    InvalidParameterCombination,
    InvalidParameterValue,
    InvalidReplicationGroupState,
    InvalidUserGroupState,
    InvalidUserState,
    ReplicationGroupAlreadyExists,
    ReplicationGroupNotFound,
    TagNotFound,
    TagQuotaPerResourceExceeded,
    UserAlreadyExists,
    UserGroupAlreadyExists,
    UserGroupNotFound,
    UserGroupQuotaExceeded,
    UserNotFound,
    UserQuotaExceeded,
)
from elasticache_emulator.transitions import Clock, Kind, Pending, Scheduler
from elasticache_emulator.validation import (
    check_auth_token,
    check_identifier,
    check_tags,
    normalise_engine,
    resolve_authentication,
)

__all__ = ["DEFAULT_ACCOUNT_ID", "Backend", "RegionState", "ReplicationGroup", "User", "UserGroup"]

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_USER_ID = "default"
ENCRYPTION_IN_TRANSIT_REQUIRED = (
    "User group based access control requires encryption-in-transit to be enabled on the replication group."
)
AUTH_TOKEN_WITH_USER_GROUP = (
    "User group can't be associated with auth token enabled. Pass AuthStrategy delete to proceed"
)
DEFAULT_ENGINE_VERSIONS = {"redis": "7.1", "valkey": "8.0"}

Ref = tuple[str, str, Kind, str]
T = TypeVar("T")


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


class Backend:
    """All emulated state plus the rules. Callers hold :attr:`lock` and call :meth:`advance` first."""

    def __init__(self, config: EmulatorConfig | None = None, clock: Clock | None = None) -> None:
        self.lock = threading.RLock()
        self.config = config or EmulatorConfig()
        self.clock = clock or Clock()
        self._regions: dict[tuple[str, str], RegionState] = {}
        self._scheduler: Scheduler[Ref] = Scheduler()

    # ------------------------------------------------------------------ state plumbing

    def region(self, account_id: str, region: str) -> RegionState:
        """The state of (account, region), created on first use with the built-in ``default`` user."""
        key = (account_id, region)
        state = self._regions.get(key)
        if state is None:
            state = RegionState(account_id, region)
            state.users[DEFAULT_USER_ID] = User(
                user_id=DEFAULT_USER_ID,
                user_name="default",
                engine="redis",
                access_string="on ~* +@all",
                auth_type="no-password",
                password_count=0,
                arn=state.arn("user", DEFAULT_USER_ID),
                builtin=True,
            )
            self._regions[key] = state
        return state

    def regions(self) -> list[RegionState]:
        return list(self._regions.values())

    def pending_transitions(self) -> int:
        """How many transitions are scheduled (including superseded entries not yet popped)."""
        return len(self._scheduler)

    def reset(self) -> None:
        self._regions.clear()
        self._scheduler.clear()

    def advance(self) -> None:
        """Complete every transition that is due (lazy evaluation; see ``transitions``)."""
        now = self.clock.now()
        for ref, seq in self._scheduler.due(now):
            account, region, kind, rid = ref
            state = self._regions.get((account, region))
            if state is None:
                continue
            resource = self._lookup(state, kind, rid)
            if resource is None or resource.pending is None or resource.pending.seq != seq:
                continue
            self._complete(state, kind, resource)

    def _lookup(self, state: RegionState, kind: Kind, rid: str) -> User | UserGroup | ReplicationGroup | None:
        if kind is Kind.USER:
            return state.users.get(rid)
        if kind is Kind.USER_GROUP:
            return state.user_groups.get(rid)
        return state.replication_groups.get(rid)

    def _begin(self, state: RegionState, kind: Kind, resource: User | UserGroup | ReplicationGroup, name: str) -> None:
        rid = _resource_id(resource)
        duration = self.config.timings.duration(name)
        self._scheduler.begin((state.account_id, state.region, kind, rid), resource, name, self.clock.now(), duration)

    def _complete(self, state: RegionState, kind: Kind, resource: User | UserGroup | ReplicationGroup) -> None:
        assert resource.pending is not None
        definition = resource.pending.definition
        resource.pending = None
        if definition.after is None:
            self._remove(state, resource)
            return
        resource.status = definition.after
        if isinstance(resource, UserGroup):
            # Pending changes come from ModifyUserGroup, or from DeleteUser detaching a member while the
            # group was in any transition; whichever transition ends applies them.
            resource.user_ids = [u for u in resource.user_ids if u not in resource.pending_remove] + [
                u for u in resource.pending_add if u in state.users
            ]
            resource.pending_add, resource.pending_remove = [], []
        elif isinstance(resource, ReplicationGroup) and definition.name == "replication_group_modify":
            resource.user_group_ids = [g for g in resource.user_group_ids if g not in resource.pending_remove] + [
                g for g in resource.pending_add if g in state.user_groups
            ]
            resource.pending_add, resource.pending_remove = [], []
            if resource.pending_auth in ("ROTATE", "SET"):
                resource.auth_token_enabled = True
            elif resource.pending_auth == "DELETE":
                resource.auth_token_enabled = False
            resource.pending_auth = None

    def _remove(self, state: RegionState, resource: User | UserGroup | ReplicationGroup) -> None:
        if isinstance(resource, User):
            state.users.pop(resource.user_id, None)
            # DeleteUser: "The user will be removed from all user groups and in turn from all replication groups."
            for group in state.user_groups.values():
                for ids in (group.user_ids, group.pending_add, group.pending_remove):
                    if resource.user_id in ids:
                        ids.remove(resource.user_id)
        elif isinstance(resource, UserGroup):
            state.user_groups.pop(resource.user_group_id, None)
            for rg in state.replication_groups.values():
                for ids in (rg.user_group_ids, rg.pending_add, rg.pending_remove):
                    if resource.user_group_id in ids:
                        ids.remove(resource.user_group_id)
        else:
            state.replication_groups.pop(resource.replication_group_id, None)

    def resume(
        self,
        state: RegionState,
        kind: Kind,
        resource: User | UserGroup | ReplicationGroup,
        transition: str,
        remaining: float,
    ) -> None:
        """Re-schedule a transition restored from a state file, ``remaining`` seconds from now."""
        rid = _resource_id(resource)
        self._scheduler.begin(
            (state.account_id, state.region, kind, rid), resource, transition, self.clock.now(), remaining
        )

    # ------------------------------------------------------------------ rendering to output dicts

    def _user_dict(
        self, state: RegionState, user: User, groups_of: Mapping[str, list[str]] | None = None
    ) -> dict[str, Any]:
        groups_of = state.groups_of_user() if groups_of is None else groups_of
        auth: dict[str, Any] = {"Type": user.auth_type}
        if user.auth_type == "password":
            auth["PasswordCount"] = user.password_count
        return {
            "UserId": user.user_id,
            "UserName": user.user_name,
            "Status": user.status,
            "Engine": user.engine,
            "MinimumEngineVersion": self.config.rules.minimum_engine_versions.get(user.engine, "6.0"),
            "AccessString": user.access_string,
            "UserGroupIds": list(groups_of.get(user.user_id, [])),
            "Authentication": auth,
            "ARN": user.arn,
        }

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

    # ------------------------------------------------------------------ shared checks

    def _id(self, parameter: str, value: str) -> str:
        q = self.config.quotas
        return check_identifier(
            parameter, value, strict=self.config.rules.strict_identifiers, max_length=q.identifier_max_length
        )

    def _get_user(self, state: RegionState, user_id: str) -> User:
        user = state.users.get(user_id.lower())
        if user is None:
            raise UserNotFound(f"User {user_id.lower()} not found.")
        return user

    def _get_group(self, state: RegionState, group_id: str) -> UserGroup:
        group = state.user_groups.get(group_id.lower())
        if group is None:
            raise UserGroupNotFound(f"User group {group_id.lower()} not found.")
        return group

    def _get_rg(self, state: RegionState, rg_id: str) -> ReplicationGroup:
        rg = state.replication_groups.get(rg_id.lower())
        if rg is None:
            raise ReplicationGroupNotFound(f"ReplicationGroup {rg_id.lower()} not found.")
        return rg

    def _check_user_auth_engine(self, user_id: str, engine: str, auth_type: str, user_name: str) -> None:
        if auth_type == "iam" and user_id != user_name:
            raise InvalidParameterCombination("User Id and User name must be same for authentication type: iam")
        if engine == "valkey" and auth_type == "no-password" and self.config.rules.valkey_users_require_authentication:
            raise InvalidParameterValue(
                f"User {user_id}: valkey engine does not support no-password authentication; "
                "use a password or IAM authentication."
            )

    def _check_member_engine(self, group_id: str, group_engine: str, user: User) -> None:
        rules = self.config.rules
        if (
            group_engine == "valkey"
            and user.auth_type == "no-password"
            and rules.valkey_groups_reject_no_password_users
        ):
            raise InvalidParameterValue(
                f"User {user.user_id} uses no-password authentication and cannot be a member of valkey user "
                f"group {group_id}. A valkey user group can only contain users that authenticate with a "
                "password or IAM."
            )
        if group_engine == "redis" and user.engine != "redis" and rules.redis_groups_require_redis_users:
            raise InvalidParameterValue(
                f"User {user.user_id} has engine {user.engine} and cannot be a member of redis user group "
                f"{group_id}. A redis user group can only contain redis users."
            )

    def _check_membership(self, group_id: str, engine: str, members: Sequence[User]) -> None:
        rules = self.config.rules
        needs_default = (engine == "redis" and rules.redis_groups_require_default_user) or (
            engine == "valkey" and rules.valkey_groups_require_default_user
        )
        if needs_default and not any(u.user_name == "default" for u in members):
            raise DefaultUserRequired("User group needs to contain a user with the user name default.")
        by_name: dict[str, list[str]] = {}
        for user in members:
            by_name.setdefault(user.user_name, []).append(user.user_id)
        for name, ids in by_name.items():
            if len(ids) > 1:
                raise DuplicateUserName(
                    f"User group {group_id} cannot contain more than one user with the user name {name}: "
                    f"users {', '.join(ids)}."
                )
        for user in members:
            self._check_member_engine(group_id, engine, user)

    def _lower_unique(self, parameter: str, ids: Iterable[str]) -> list[str]:
        out: list[str] = []
        for raw in ids:
            value = raw.lower()
            if value in out:
                raise InvalidParameterValue(f"The id {value} appears more than once in {parameter}.")
            out.append(value)
        return out

    def _mark_members_modifying(self, state: RegionState, user_ids: Iterable[str]) -> None:
        if not self.config.rules.membership_changes_mark_users_modifying:
            return
        for uid in user_ids:
            user = state.users.get(uid)
            if user is not None and not user.builtin and user.status == "active":
                self._begin(state, Kind.USER, user, "user_membership")

    def _paginate(
        self,
        items: list[T],
        key: Callable[[T], str],
        max_records: int | None,
        marker: str | None,
        error: type[EmulatorError],
    ) -> tuple[list[T], str | None]:
        """Stable pagination: the marker encodes the last id returned, so every item appears exactly once
        even when resources are created or deleted between pages."""
        q = self.config.quotas
        limit = q.max_records_default if max_records is None else max_records
        if not q.max_records_min <= limit <= q.max_records_max:
            raise error(f"The parameter MaxRecords must be between {q.max_records_min} and {q.max_records_max}.")
        ordered = sorted(items, key=key)
        if marker:
            after = _decode_marker(marker, error)
            ordered = [item for item in ordered if key(item) > after]
        page = ordered[:limit]
        next_marker = _encode_marker(key(page[-1])) if len(ordered) > limit else None
        return page, next_marker

    # ------------------------------------------------------------------ users

    def create_user(
        self,
        state: RegionState,
        *,
        user_id: str,
        user_name: str,
        engine: str,
        access_string: str,
        passwords: Sequence[str] | None = None,
        no_password_required: bool | None = None,
        authentication_mode: Mapping[str, Any] | None = None,
        tags: Sequence[Mapping[str, Any]] = (),
    ) -> dict[str, Any]:
        """CreateUser: validation, then existence, then quota. The new user is ``active`` at once."""
        uid = self._id("UserId", user_id)
        engine = normalise_engine(engine)
        self._check_access_string(access_string)
        auth = resolve_authentication(
            passwords,
            no_password_required,
            authentication_mode,
            max_passwords=self.config.quotas.passwords_per_user,
            required=True,
        )
        assert auth is not None
        self._check_user_auth_engine(uid, engine, auth.type, user_name)
        arn = state.arn("user", uid)
        tag_dict = check_tags(tags, self.config.quotas.tags_per_resource, arn)
        if uid in state.users:
            raise UserAlreadyExists(f"User {uid} already exists.")
        quota = self.config.quotas.users_per_region
        if len(state.users) >= quota:
            raise UserQuotaExceeded(
                f"The quota of {quota} users per region has been exceeded; cannot create user {uid}."
            )
        user = User(
            user_id=uid,
            user_name=user_name,
            engine=engine,
            access_string=access_strings.normalise(access_string),
            auth_type=auth.type,
            password_count=auth.password_count,
            arn=arn,
            tags=tag_dict,
        )
        state.users[uid] = user
        return self._user_dict(state, user)

    def _check_access_string(self, value: str) -> None:
        try:
            access_strings.validate(value, self.config.rules.forbidden_commands)
        except access_strings.AccessStringError as exc:
            raise InvalidParameterValue(str(exc)) from None

    def modify_user(
        self,
        state: RegionState,
        *,
        user_id: str,
        access_string: str | None = None,
        append_access_string: str | None = None,
        passwords: Sequence[str] | None = None,
        no_password_required: bool | None = None,
        authentication_mode: Mapping[str, Any] | None = None,
        engine: str | None = None,
    ) -> dict[str, Any]:
        """ModifyUser: changes apply at once; the user shows ``modifying`` for ``user_modify`` seconds."""
        user = self._get_user(state, user_id)
        if user.builtin:
            raise InvalidParameterValue(f"User {user.user_id} is the built-in default user and cannot be modified.")
        if user.status != "active":
            raise InvalidUserState(f"User {user.user_id} has status {user.status}. Only active users can be modified.")
        if all(
            v is None
            for v in (access_string, append_access_string, passwords, no_password_required, authentication_mode, engine)
        ):
            raise InvalidParameterCombination(
                f"No modifications were requested for user {user.user_id}: specify at least one of AccessString, "
                "AppendAccessString, Passwords, NoPasswordRequired, AuthenticationMode or Engine."
            )
        if access_string is not None and append_access_string is not None:
            raise InvalidParameterCombination("AccessString and AppendAccessString cannot be specified together.")
        new_access = user.access_string
        if access_string is not None:
            self._check_access_string(access_string)
            new_access = access_strings.normalise(access_string)
        if append_access_string is not None:
            self._check_access_string(append_access_string)
            new_access = access_strings.append(user.access_string, append_access_string)
        auth = resolve_authentication(
            passwords,
            no_password_required,
            authentication_mode,
            max_passwords=self.config.quotas.passwords_per_user,
            required=False,
        )
        new_engine = user.engine if engine is None else normalise_engine(engine)
        new_type = user.auth_type if auth is None else auth.type
        self._check_user_auth_engine(user.user_id, new_engine, new_type, user.user_name)
        candidate = User(**{**user.__dict__, "engine": new_engine, "auth_type": new_type})
        for group in state.user_groups.values():
            if user.user_id in group.user_ids or user.user_id in group.pending_add:
                self._check_member_engine(group.user_group_id, group.engine, candidate)
        user.access_string = new_access
        user.engine = new_engine
        if auth is not None:
            user.auth_type, user.password_count = auth.type, auth.password_count
        self._begin(state, Kind.USER, user, "user_modify")
        return self._user_dict(state, user)

    def delete_user(self, state: RegionState, *, user_id: str) -> dict[str, Any]:
        """DeleteUser: ``deleting`` for ``user_delete`` seconds, then gone. Its groups drop it meanwhile
        (``rules.delete_user_detaches_from_groups``), else when it disappears."""
        user = self._get_user(state, user_id)
        if user.builtin:
            raise InvalidParameterValue(f"User {user.user_id} is the built-in default user and cannot be deleted.")
        if user.status != "active":
            raise InvalidUserState(f"User {user.user_id} has status {user.status}. Only active users can be deleted.")
        if user.user_name == "default":
            groups = sorted(
                g.user_group_id
                for g in state.user_groups.values()
                if user.user_id in g.user_ids or user.user_id in g.pending_add
            )
            if groups:
                raise DefaultUserAssociatedToUserGroup(
                    f"User {user.user_id} is associated to user group(s) {', '.join(groups)}. A user with the user "
                    "name default cannot be deleted while it is a member of a user group; remove it first."
                )
        self._begin(state, Kind.USER, user, "user_delete")
        if self.config.rules.delete_user_detaches_from_groups:
            self._detach_from_groups(state, user.user_id)
        return self._user_dict(state, user)

    def _detach_from_groups(self, state: RegionState, user_id: str) -> None:
        """DeleteUser removes the user from its groups on its own: each group gets a pending removal, shown
        as ``modifying`` + ``PendingChanges`` for ``user_group_modify`` seconds (a group already in a
        transition applies it when that ends). The committed ``UserIds`` are untouched until then, so the
        DeleteUser response still lists the groups."""
        for group in state.user_groups.values():
            if group.status == "deleting":
                continue
            if user_id in group.pending_add:
                group.pending_add.remove(user_id)
            if user_id in group.user_ids and user_id not in group.pending_remove:
                group.pending_remove.append(user_id)
                if group.status == "active":
                    self._begin(state, Kind.USER_GROUP, group, "user_group_modify")

    def describe_users(
        self,
        state: RegionState,
        *,
        engine: str | None = None,
        user_id: str | None = None,
        filters: Sequence[Mapping[str, Any]] = (),
        max_records: int | None = None,
        marker: str | None = None,
    ) -> dict[str, Any]:
        """DescribeUsers: all users (incl. ``default`` and ``deleting`` ones), narrowed by the arguments."""
        users = list(state.users.values())
        if user_id is not None:
            users = [self._get_user(state, user_id)]
        if engine is not None:
            users = [u for u in users if u.engine == engine.lower()]
        accepted = self.config.rules.describe_users_filter_names
        for flt in filters:
            name = str(flt.get("Name", ""))
            if name not in accepted or name not in _USER_FILTERS:
                raise InvalidParameterCombination(
                    f"Filter name {name} is not supported. Supported filter names: {', '.join(accepted)}."
                )
            values = {str(v).lower() for v in flt.get("Values", [])}
            users = [u for u in users if _USER_FILTERS[name](u).lower() in values]
        page, next_marker = self._paginate(users, lambda u: u.user_id, max_records, marker, InvalidParameterCombination)
        groups_of = state.groups_of_user()
        out: dict[str, Any] = {"Users": [self._user_dict(state, u, groups_of) for u in page]}
        if next_marker:
            out["Marker"] = next_marker
        return out

    # ------------------------------------------------------------------ user groups

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
            raise UserGroupAlreadyExists(f"User group {gid} already exists.")
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
            raise UserGroupQuotaExceeded(
                f"User group {gid} would have {len(members)} users; a user group can have at most "
                f"{q.users_per_user_group} users."
            )
        if len(state.user_groups) >= q.user_groups_per_region:
            raise UserGroupQuotaExceeded(
                f"The quota of {q.user_groups_per_region} user groups per region has been exceeded; "
                f"cannot create user group {gid}."
            )
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
            raise InvalidUserGroupState(
                f"User group {gid} has status {group.status}. Only active user groups can be modified."
            )
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
        result = [u for u in group.user_ids if u not in remove] + add
        self._check_membership(gid, new_engine, [state.users[u] for u in result])
        limit = self.config.quotas.users_per_user_group
        if len(result) > limit:
            raise InvalidParameterValue(
                f"User group {gid} would have {len(result)} users; a user group can have at most {limit} users."
            )
        if new_engine == "valkey":
            for rgid, rg in sorted(state.replication_groups.items()):
                if rg.engine == "redis" and (gid in rg.user_group_ids or gid in rg.pending_add):
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
            raise InvalidUserGroupState(
                f"User group {gid} has status {group.status}. Only active user groups can be deleted."
            )
        attached = sorted(
            rgid for rgid, rg in state.replication_groups.items() if gid in rg.user_group_ids or gid in rg.pending_add
        )
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
        page, next_marker = self._paginate(
            groups, lambda g: g.user_group_id, max_records, marker, InvalidParameterCombination
        )
        rgs_of = state.replication_groups_of_group()
        out: dict[str, Any] = {"UserGroups": [self._group_dict(state, g, rgs_of) for g in page]}
        if next_marker:
            out["Marker"] = next_marker
        return out

    # ------------------------------------------------------------------ tags

    def _taggable(self, state: RegionState, arn: str) -> dict[str, str | None]:
        parts = arn.split(":")
        if len(parts) != 7 or parts[0] != "arn" or parts[2] != "elasticache" or not parts[6]:
            raise InvalidARN(f"The ARN {arn} is not a valid ElastiCache ARN.")
        _, partition, _, region, account, rtype, rid = parts
        if (partition, region, account) != (partition_for(state.region), state.region, state.account_id):
            raise InvalidARN(f"The ARN {arn} does not belong to account {state.account_id} in region {state.region}.")
        check_available = self.config.rules.tagging_requires_active
        if rtype == "user":
            user = self._get_user(state, rid)
            if check_available and user.status != "active":
                raise UserNotFound(f"{user.user_id} is not available for tagging")
            return user.tags
        if rtype == "usergroup":
            group = self._get_group(state, rid)
            if check_available and group.status != "active":
                raise UserGroupNotFound(f"{group.user_group_id} is not available for tagging")
            return group.tags
        if rtype == "replicationgroup":
            return self._get_rg(state, rid).tags
        raise InvalidARN(f"The ARN {arn} names a resource type ({rtype}) the emulator does not support.")

    @staticmethod
    def _tag_list(tags: Mapping[str, str | None]) -> dict[str, Any]:
        return {"TagList": [{"Key": k} if v is None else {"Key": k, "Value": v} for k, v in tags.items()]}

    def list_tags_for_resource(self, state: RegionState, *, resource_name: str) -> dict[str, Any]:
        return self._tag_list(self._taggable(state, resource_name))

    def add_tags_to_resource(
        self, state: RegionState, *, resource_name: str, tags: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]:
        current = self._taggable(state, resource_name)
        new = {**current, **check_tags(tags, len(tags) + 1, resource_name)}
        limit = self.config.quotas.tags_per_resource
        if len(new) > limit:
            raise TagQuotaPerResourceExceeded(
                f"Resource {resource_name} would have {len(new)} tags; the maximum number of tags permitted on "
                f"a resource is {limit}."
            )
        current.clear()
        current.update(new)
        return self._tag_list(current)

    def remove_tags_from_resource(
        self, state: RegionState, *, resource_name: str, tag_keys: Sequence[str]
    ) -> dict[str, Any]:
        current = self._taggable(state, resource_name)
        missing = [k for k in tag_keys if k not in current]
        if missing and self.config.rules.remove_missing_tag_raises:
            raise TagNotFound(f"Tag key {missing[0]} was not found on resource {resource_name}.")
        for key in tag_keys:
            current.pop(key, None)
        return self._tag_list(current)

    # ------------------------------------------------------------------ replication groups

    def _check_attachable(self, state: RegionState, rg_engine: str, gid: str) -> UserGroup:
        group = self._get_group(state, gid)
        if group.status != "active":
            raise InvalidUserGroupState(
                f"User group {group.user_group_id} has status {group.status}. Only active user groups can be "
                "associated with a replication group."
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
        description: str,
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
        if transit_encryption_mode is not None and transit_encryption_mode not in ("preferred", "required"):
            raise InvalidParameterValue(f"Invalid TransitEncryptionMode {transit_encryption_mode}.")
        if transit_encryption_mode is not None and not tee:
            raise InvalidParameterCombination("TransitEncryptionMode requires TransitEncryptionEnabled to be true.")
        if auth_token is not None:
            if not tee:
                raise InvalidParameterCombination(
                    "AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true."
                )
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
            raise ReplicationGroupAlreadyExists(f"Replication group {rgid} already exists.")
        rg = ReplicationGroup(
            replication_group_id=rgid,
            description=description,
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
        description: str | None = None,
    ) -> dict[str, Any]:
        """ModifyReplicationGroup: user-group association, AUTH-token strategy and in-transit encryption.

        ``modifying`` with ``PendingModifiedValues.UserGroups`` for ``replication_group_modify`` seconds;
        the old ``UserGroupIds`` stay visible until then.
        """
        rg = self._get_rg(state, replication_group_id)
        rgid = rg.replication_group_id
        if rg.status != "available":
            raise InvalidReplicationGroupState(
                f"Replication group {rgid} has status {rg.status}. Only available replication groups can be modified."
            )
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
        result = [g for g in rg.user_group_ids if g not in remove] + add
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
            raise InvalidParameterCombination(
                "AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true."
            )
        if transit_encryption_mode is not None:
            if transit_encryption_mode not in ("preferred", "required"):
                raise InvalidParameterValue(f"Invalid TransitEncryptionMode {transit_encryption_mode}.")
            rg.transit_encryption_mode = transit_encryption_mode
        rg.transit_encryption_enabled = tee
        if tee and rg.transit_encryption_mode is None:
            rg.transit_encryption_mode = "preferred"
        if description is not None:
            rg.description = description
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
                f"Replication group {rg.replication_group_id} has status {rg.status}. Only available replication "
                "groups can be deleted."
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
        page, next_marker = self._paginate(
            rgs, lambda r: r.replication_group_id, max_records, marker, InvalidParameterValue
        )
        out: dict[str, Any] = {"ReplicationGroups": [self._rg_dict(r) for r in page]}
        if next_marker:
            out["Marker"] = next_marker
        return out


_USER_FILTERS: dict[str, Callable[[User], str]] = {
    "UserId": lambda u: u.user_id,
    "UserName": lambda u: u.user_name,
    "Engine": lambda u: u.engine,
    "Status": lambda u: u.status,
}


def _resource_id(resource: User | UserGroup | ReplicationGroup) -> str:
    if isinstance(resource, User):
        return resource.user_id
    if isinstance(resource, UserGroup):
        return resource.user_group_id
    return resource.replication_group_id


def _encode_marker(last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode()


def _decode_marker(marker: str, error: type[EmulatorError]) -> str:
    try:
        data = json.loads(base64.urlsafe_b64decode(marker.encode()))
        after = data["after"]
        if not isinstance(after, str):
            raise TypeError(after)
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise error(f"Invalid marker: {marker}") from None
    return after


def _version_tuple(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in version.split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)
