"""The backend's core: regions, the transition scheduler and the checks every operation module shares.

:class:`BaseBackend` owns all regions, the scheduler and the configuration, and is guarded by one lock
(held by the caller, see ``responses.dispatch``). It starts transitions (:meth:`BaseBackend._begin`) and
completes them lazily (:meth:`BaseBackend.advance`): when a transition ends the resource takes its final
status, a user group or replication group applies its pending changes, and a deleted resource disappears
(a user from every group, a user group from every replication group). The operations live in one mixin
per resource kind (``users``, ``user_groups``, ``replication_groups``, ``tagging``), composed into
:class:`~elasticache_emulator.models.Backend`.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from elasticache_emulator.config import EmulatorConfig
from elasticache_emulator.exceptions import (
    EmulatorError,
    InvalidParameterValue,
    ReplicationGroupNotFound,
    UserGroupNotFound,
    UserNotFound,
)
from elasticache_emulator.models.resources import (
    DEFAULT_USER_ID,
    RegionState,
    ReplicationGroup,
    Resource,
    User,
    UserGroup,
    resource_id,
)
from elasticache_emulator.transitions import Clock, Kind, Scheduler
from elasticache_emulator.validation import check_identifier

__all__ = ["BaseBackend"]

Ref = tuple[str, str, Kind, str]
R = TypeVar("R", bound=Resource)


class BaseBackend:
    """State plumbing and shared checks (see the module docstring); operations are in the mixins."""

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

    def _lookup(self, state: RegionState, kind: Kind, rid: str) -> Resource | None:
        if kind is Kind.USER:
            return state.users.get(rid)
        if kind is Kind.USER_GROUP:
            return state.user_groups.get(rid)
        return state.replication_groups.get(rid)

    def _begin(self, state: RegionState, kind: Kind, resource: Resource, name: str) -> None:
        rid = resource_id(resource)
        duration = self.config.timings.duration(name)
        self._scheduler.begin((state.account_id, state.region, kind, rid), resource, name, self.clock.now(), duration)

    def _complete(self, state: RegionState, kind: Kind, resource: Resource) -> None:
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
            resource.commit(state.users)
        elif isinstance(resource, ReplicationGroup) and definition.name == "replication_group_modify":
            resource.commit(state.user_groups)
            if resource.pending_auth in ("ROTATE", "SET"):
                resource.auth_token_enabled = True
            elif resource.pending_auth == "DELETE":
                resource.auth_token_enabled = False
            resource.pending_auth = None

    def _remove(self, state: RegionState, resource: Resource) -> None:
        if isinstance(resource, User):
            state.users.pop(resource.user_id, None)
            # DeleteUser: "The user will be removed from all user groups and in turn from all replication groups."
            for group in state.user_groups.values():
                group.forget(resource.user_id)
        elif isinstance(resource, UserGroup):
            state.user_groups.pop(resource.user_group_id, None)
            for rg in state.replication_groups.values():
                rg.forget(resource.user_group_id)
        else:
            state.replication_groups.pop(resource.replication_group_id, None)

    def resume(
        self,
        state: RegionState,
        kind: Kind,
        resource: Resource,
        transition: str,
        remaining: float,
    ) -> None:
        """Re-schedule a transition restored from a state file, ``remaining`` seconds from now."""
        rid = resource_id(resource)
        self._scheduler.begin(
            (state.account_id, state.region, kind, rid), resource, transition, self.clock.now(), remaining
        )

    # ------------------------------------------------------------------ shared checks

    def _id(self, parameter: str, value: str) -> str:
        q = self.config.quotas
        return check_identifier(
            parameter, value, strict=self.config.rules.strict_identifiers, max_length=q.identifier_max_length
        )

    def _get_user(self, state: RegionState, user_id: str) -> User:
        user = state.users.get(user_id.lower())
        if user is None:
            raise UserNotFound(user_id=user_id.lower())
        return user

    def _get_group(self, state: RegionState, group_id: str) -> UserGroup:
        group = state.user_groups.get(group_id.lower())
        if group is None:
            raise UserGroupNotFound(user_group_id=group_id.lower())
        return group

    def _get_rg(self, state: RegionState, rg_id: str) -> ReplicationGroup:
        rg = state.replication_groups.get(rg_id.lower())
        if rg is None:
            raise ReplicationGroupNotFound(replication_group_id=rg_id.lower())
        return rg

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

    def _lower_unique(self, parameter: str, ids: Iterable[str]) -> list[str]:
        out: list[str] = []
        for raw in ids:
            value = raw.lower()
            if value in out:
                raise InvalidParameterValue(f"The id {value} appears more than once in {parameter}.")
            out.append(value)
        return out

    def _page(
        self,
        list_name: str,
        items: Sequence[R],
        render: Callable[[R], dict[str, Any]],
        *,
        max_records: int | None,
        marker: str | None,
        error: type[EmulatorError],
    ) -> dict[str, Any]:
        """A Describe* output: ``{list_name: [one page, sorted by id, rendered], "Marker": ...}``.

        Stable pagination: the marker encodes the last id returned, so every item appears exactly once
        even when resources are created or deleted between pages. Invalid MaxRecords/Marker -> ``error``.
        """
        q = self.config.quotas
        limit = q.max_records_default if max_records is None else max_records
        if not q.max_records_min <= limit <= q.max_records_max:
            raise error(f"The parameter MaxRecords must be between {q.max_records_min} and {q.max_records_max}.")
        ordered = sorted(items, key=resource_id)
        if marker:
            after = _decode_marker(marker, error)
            ordered = [item for item in ordered if resource_id(item) > after]
        page = ordered[:limit]
        out: dict[str, Any] = {list_name: [render(item) for item in page]}
        if len(ordered) > limit:
            out["Marker"] = _encode_marker(resource_id(page[-1]))
        return out


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
