"""``UserGroup``: one ElastiCache RBAC user group (input model + provider).

Membership ownership:
- With ``user_ids`` the group owns its membership **authoritatively**: every update makes the live
  membership equal to ``user_ids`` in one ModifyUserGroup (see :mod:`._groups`), and the group carries
  the tag ``pulumi-elasticache-rbac:membership=authoritative``. ``UserGroupMembership`` refuses to
  touch a group with that tag (an :class:`OwnershipConflictError` naming both), so the two never fight.
- Without ``user_ids`` the membership is not managed here (use ``UserGroupMembership``). ElastiCache
  requires a member named ``default`` in a redis group, so such a group is created holding the built-in
  ``default`` user; a valkey group is created empty.

Contracts: ``check`` makes no API call (ids/engine lowercased; default-user and duplicate-name rules
run when member user names are known — pass ``User`` resources in ``user_ids`` for that). ``diff``:
``user_group_id`` and ``region`` replace (delete first); ``engine``, ``user_ids`` (as a set) and ``tags``
update in place. ``create`` is transactional (a group that does not become active is deleted again;
an adopted one is kept); a group that exists with this resource's own ``created-by`` tag (an earlier
create of the same resource was interrupted) is resumed, i.e. converged to the inputs (see
:mod:`._provider`). ``read`` reports the live membership (``user_ids``), engine and attachments;
a vanished group is reported gone. ``delete`` is idempotent and refuses a group still attached to a
replication group or serverless cache, naming them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi
from botocore.exceptions import ClientError
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict

from ._errors import AlreadyExistsError, DependencyViolationError, NotFoundError
from ._groups import (
    OWNER_TAG_KEY,
    OWNER_TAG_VALUE,
    Target,
    change_membership,
    describe_group,
    wait_group_active,
)
from ._provider import (
    CREATOR_KEY,
    CREATOR_TAG_KEY,
    NAME_KEY,
    RbacProvider,
    aws_settings,
    check_failures,
    creator_token,
    differs,
    raise_failures,
    region_moves,
    strip_internal,
)
from ._retry import call_with_retry, group_lock
from ._tags import read_tags, sync_tags, tag_list
from ._validation import group_failures, is_known
from ._waiters import wait_for
from .user import User

__all__ = ["UserGroup", "UserGroupInputs", "UserGroupProvider"]


class UserGroupInputs(BaseModel):
    """The checked inputs of a ``UserGroup`` (ids and engine already lowercase)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    user_group_id: str
    engine: Literal["redis", "valkey"] = "redis"
    user_ids: list[str] | None = None
    tags: dict[str, str] | None = None
    adopt_existing: bool = False
    region: str | None = None
    profile: str | None = None

    @property
    def label(self) -> str:
        return f"user group {self.user_group_id!r}"

    @property
    def authoritative(self) -> bool:
        return self.user_ids is not None

    def all_tags(self) -> dict[str, str]:
        tags = dict(self.tags or {})
        if self.authoritative:
            tags[OWNER_TAG_KEY] = OWNER_TAG_VALUE
        return tags


def _normalize(news: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(news)
    gid = out.get("user_group_id")
    if isinstance(gid, str) and is_known(gid):
        out["user_group_id"] = gid.lower()
    engine = out.get("engine")
    if engine is None:
        out["engine"] = "redis"
    elif isinstance(engine, str) and is_known(engine):
        out["engine"] = engine.lower()
    ids = out.get("user_ids")
    if isinstance(ids, list):
        out["user_ids"] = [u.lower() if isinstance(u, str) and is_known(u) else u for u in ids]
    names = out.get("member_user_names")
    if isinstance(names, Mapping) and is_known(names):
        out["member_user_names"] = {str(k).lower(): v for k, v in names.items()}
    return out


class UserGroupProvider(RbacProvider):
    """Dynamic provider of :class:`UserGroup` (contracts in the module docstring)."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = _normalize(news)
        return CheckResult(inputs, check_failures(group_failures(inputs, self.name_of(news))))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        olds, news = strip_internal(olds), strip_internal(news)
        replaces = ["user_group_id"] if differs(olds.get("user_group_id"), news.get("user_group_id")) else []
        replaces += ["region"] if region_moves(olds, news) else []
        changed = list(replaces)
        if differs(olds.get("engine"), news.get("engine")):
            changed.append("engine")
        new_ids = news.get("user_ids")
        if not is_known(new_ids):
            changed.append("user_ids")
        elif new_ids is None:
            if olds.get("manages_membership"):
                changed.append("user_ids")
        elif not olds.get("manages_membership") or set(olds.get("user_ids") or []) != set(new_ids):
            changed.append("user_ids")
        if differs(olds.get("tags"), news.get("tags")):
            changed.append("tags")
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces))

    def create(self, props: dict[str, Any]) -> CreateResult:
        raise_failures(group_failures(props, self.name_of(props)))
        inp = UserGroupInputs.model_validate(_normalize(props))
        target = self.target(props)
        # The service requires a member named 'default' in a redis group (see the module docstring).
        default_members = ["default"] if inp.engine == "redis" else []
        initial = list(inp.user_ids) if inp.user_ids is not None else default_members
        params: dict[str, Any] = {"UserGroupId": inp.user_group_id, "Engine": inp.engine}
        if initial:
            params["UserIds"] = initial
        creator = self.creator_of(props)
        create_tags = {**inp.all_tags(), **({CREATOR_TAG_KEY: creator} if creator else {})}
        if create_tags:
            params["Tags"] = tag_list(create_tags)
        adopted = resumed = False
        with group_lock(target.region, target.profile, inp.user_group_id):
            try:
                call_with_retry(
                    lambda: target.client.create_user_group(**params),
                    resource=inp.label,
                    what="CreateUserGroup",
                    timeout=target.timeout,
                )
            except AlreadyExistsError:
                if inp.adopt_existing:
                    adopted = True
                elif creator and self._created_by(target, inp, creator):
                    resumed = True
                else:
                    raise
        try:
            if adopted or resumed:
                group = self._converge(target, inp, current_tags=None)
            else:
                group = wait_group_active(target, inp.user_group_id, inp.label)
        except Exception:
            if not (adopted or resumed):
                self._delete_quietly(target, inp.user_group_id)
            raise
        return CreateResult(inp.user_group_id, self._outputs(inp, group, adopted))

    def _created_by(self, target: Target, inp: UserGroupInputs, creator: str) -> bool:
        """Whether the existing group carries ``creator`` as its created-by tag (an interrupted create)."""
        group = wait_group_active(target, inp.user_group_id, inp.label)  # tagging calls need an active group
        return read_tags(target, group["ARN"], inp.label).get(CREATOR_TAG_KEY) == creator

    def _converge(self, target: Target, inp: UserGroupInputs, current_tags: dict[str, str] | None) -> Any:
        """Make the live group match ``inp``: membership (if authoritative), engine, tags."""
        desired = set(inp.user_ids or [])

        def plan(live: frozenset[str]) -> tuple[set[str], set[str]]:
            if not inp.authoritative:
                return set(), set()
            return desired - live, set(live) - desired

        group = change_membership(target, inp.user_group_id, plan, resource=inp.label, engine=inp.engine)
        if current_tags is None:
            current_tags = read_tags(target, group["ARN"], inp.label)
        current_tags = {k: v for k, v in current_tags.items() if k != CREATOR_TAG_KEY}  # never touched
        wanted = inp.all_tags()
        sync_tags(target, inp.label, group["ARN"], current_tags, wanted)
        return group

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        raise_failures(group_failures(news, self.name_of(news)))
        inp = UserGroupInputs.model_validate(_normalize(news))
        target = self.target(news)
        old_tags = dict(olds.get("tags") or {})
        if olds.get("manages_membership"):
            old_tags[OWNER_TAG_KEY] = OWNER_TAG_VALUE
        group = self._converge(target, inp, current_tags=old_tags)
        return UpdateResult(self._outputs(inp, group, bool(olds.get("adopted"))))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        target = self.target(props)
        label = f"user group {id_!r}"
        group = describe_group(target, id_, label)
        if group is None or group.get("Status") == "deleting":
            return ReadResult(None, {})
        outs = {k: v for k, v in props.items() if not k.startswith("__")}
        outs.update(self._live_fields(group))
        try:
            tags = read_tags(target, group["ARN"], label)
        except NotFoundError:
            # "not available for tagging": the group exists but is not active (being modified); keep the
            # tags last seen rather than failing the refresh
            tags = dict(props.get("tags") or {})
        tags.pop(OWNER_TAG_KEY, None)
        tags.pop(CREATOR_TAG_KEY, None)
        outs["tags"] = tags
        return ReadResult(id_, outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        target = self.target(props)
        label = f"user group {id_!r}"
        with group_lock(target.region, target.profile, id_):
            group = describe_group(target, id_, label)
            if group is None:
                return
            self._refuse_if_attached(group, label)
            try:
                call_with_retry(
                    lambda: target.client.delete_user_group(UserGroupId=id_),
                    resource=label,
                    what="DeleteUserGroup",
                    timeout=target.timeout,
                )
            except NotFoundError:
                return
            wait_for(target.client, "UserGroupDeleted", {"UserGroupId": id_}, resource=label, timeout=target.timeout)

    # -- helpers -------------------------------------------------------------------------------------

    @staticmethod
    def _refuse_if_attached(group: Any, label: str) -> None:
        rgs = list(group.get("ReplicationGroups") or [])
        caches = list(group.get("ServerlessCaches") or [])
        if not rgs and not caches:
            return
        what = []
        if rgs:
            what.append(
                f"replication group(s) {', '.join(rgs)} (ModifyReplicationGroup UserGroupIdsToRemove, "
                "or remove the group from the replication group's user_group_ids)"
            )
        if caches:
            what.append(f"serverless cache(s) {', '.join(caches)} (ModifyServerlessCache RemoveUserGroup)")
        raise DependencyViolationError(
            f"{label}: cannot delete a user group still attached to {' and '.join(what)}; detach it first",
            code="InvalidUserGroupState",
            operation="DeleteUserGroup",
            service_message="",
        )

    @staticmethod
    def _delete_quietly(target: Target, user_group_id: str) -> None:
        """Undo a failed create (best effort: the original error is what the user needs to see)."""
        with contextlib.suppress(ClientError):
            target.client.delete_user_group(UserGroupId=user_group_id)

    @staticmethod
    def _live_fields(group: Any) -> dict[str, Any]:
        pending = group.get("PendingChanges") or {}
        members = set(group.get("UserIds") or []) | set(pending.get("UserIdsToAdd") or [])
        members -= set(pending.get("UserIdsToRemove") or [])
        return {
            "engine": str(group.get("Engine", "")).lower(),
            "arn": group.get("ARN"),
            "status": group.get("Status"),
            "user_ids": sorted(members),
            "replication_groups": sorted(group.get("ReplicationGroups") or []),
            "serverless_caches": sorted(group.get("ServerlessCaches") or []),
            "minimum_engine_version": group.get("MinimumEngineVersion"),
        }

    def _outputs(self, inp: UserGroupInputs, group: Any, adopted: bool) -> dict[str, Any]:
        return {
            "user_group_id": inp.user_group_id,
            "manages_membership": inp.authoritative,
            "tags": dict(inp.tags or {}),
            "adopted": adopted,
            "adopt_existing": inp.adopt_existing,
            "region": inp.region,
            "profile": inp.profile,
            **self._live_fields(group),
        }


class UserGroup(Resource, module="elasticache-rbac", name="UserGroup"):
    """An ElastiCache RBAC user group; with ``user_ids`` it owns its membership authoritatively.

    ``user_ids`` items may be user ids or :class:`User` resources; with ``User`` resources the
    default-user and duplicate-user-name rules are checked at preview.
    """

    user_group_id: pulumi.Output[str]
    engine: pulumi.Output[str]
    arn: pulumi.Output[str]
    status: pulumi.Output[str]
    user_ids: pulumi.Output[list[str]]
    replication_groups: pulumi.Output[list[str]]
    serverless_caches: pulumi.Output[list[str]]
    minimum_engine_version: pulumi.Output[str]
    manages_membership: pulumi.Output[bool]
    tags: pulumi.Output[dict[str, str]]
    adopted: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        user_group_id: pulumi.Input[str],
        engine: pulumi.Input[str] = "redis",
        user_ids: Sequence[pulumi.Input[str] | User] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        adopt_existing: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        ids: list[pulumi.Input[str]] | None = None
        names: pulumi.Input[dict[str, str]] | None = None
        if user_ids is not None:
            ids = [u.user_id if isinstance(u, User) else u for u in user_ids]
            users = [u for u in user_ids if isinstance(u, User)]
            plain = [u._plain_member_name for u in users]
            if users and all(p is not None for p in plain):
                # the same dict the outputs below would resolve to, without 2 Outputs per member (F6)
                names = {p[0]: p[1] for p in plain if p is not None}
            elif users:
                names = pulumi.Output.all(*[pulumi.Output.all(u.user_id, u.user_name) for u in users]).apply(
                    lambda pairs: {str(i): str(n) for i, n in pairs}
                )
        props: dict[str, Any] = {
            "user_group_id": user_group_id,
            "engine": engine,
            "user_ids": ids,
            "member_user_names": names,
            "tags": tags,
            "adopt_existing": adopt_existing,
            NAME_KEY: resource_name,
            CREATOR_KEY: creator_token("UserGroup", resource_name),
            **aws_settings(),
            **dict.fromkeys(
                (
                    "arn",
                    "status",
                    "replication_groups",
                    "serverless_caches",
                    "minimum_engine_version",
                    "manages_membership",
                    "adopted",
                )
            ),
        }
        super().__init__(UserGroupProvider(), resource_name, props, opts)
