"""``UserGroup``: one ElastiCache RBAC user group — its description for the provider engine, and what
is its own (membership ownership).

Membership ownership:
- With ``user_ids`` the group owns its membership **authoritatively**: every update makes the live
  membership equal to ``user_ids`` in one ModifyUserGroup (:mod:`._membership_change`), and the group
  carries the authoritative marker (:mod:`._claims`). ``UserGroupMembership`` refuses to touch a group
  with that marker, so the two never fight. Giving a group ``user_ids`` it did not have is refused (at
  preview and at ``up``) while memberships hold users in it or it has members it does not list, unless
  ``take_over_memberships``. An adopted group gets its marker at its first update (adoption writes
  nothing the live group does not need), which first checks the claims too.
- Without ``user_ids`` the membership is not managed here (use ``UserGroupMembership``). ElastiCache
  requires a member named ``default`` in a redis group, so such a group is created holding the built-in
  ``default`` user; a valkey group is created empty.

Contracts beyond the engine's (:mod:`._engine`): ``check`` lowercases ids and engine; the default-user
and duplicate-name rules run when member user names are known (pass ``User`` resources in ``user_ids``).
``diff``: ``user_group_id`` and ``region`` replace, creating the new group first (a cache can switch to
it before the old one, which ElastiCache refuses to delete while a cache uses it, goes); ``engine``,
``user_ids`` (as a set), a member's user name (the re-created member is put back) and ``tags`` update in
place. ``read`` reports the live membership (``user_ids``), engine, attachments and tags (this package's
own tags left out). ``delete`` refuses a group still attached to a replication group or serverless
cache, naming them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import pulumi
from pulumi.dynamic import DiffResult, Resource, UpdateResult

from ._claims import AUTHORITATIVE_TAG_KEY, AUTHORITATIVE_TAG_VALUE, claim_holder, claims, is_claim_key
from ._engine import KindProvider, revised
from ._errors import DependencyViolationError, NotReadyForTaggingError, OwnershipConflictError
from ._kind import Inputs, Kind, ObjectApi
from ._membership_change import change_membership, live_members, wait_group_active
from ._ownership import OWNER_KEY, OWNER_TAG_KEY, carry_owner_tag
from ._provider import GROUP_TYPE, resource_props
from ._retry import group_lock
from ._tags import read_tags, sync_tags, tag_list
from ._target import Target, describe_group
from ._validation import group_failures, is_known
from .user import User

__all__ = ["UserGroup", "UserGroupInputs", "UserGroupProvider"]


class UserGroupInputs(Inputs):
    """The checked inputs of a ``UserGroup`` (ids and engine already lowercase)."""

    user_group_id: str
    engine: Literal["redis", "valkey"] = "redis"
    user_ids: list[str] | None = None
    member_user_names: dict[str, str] | None = None
    tags: dict[str, str] | None = None
    adopt_existing: bool = False
    take_over_memberships: bool = False

    @property
    def object_id(self) -> str:
        return self.user_group_id

    @property
    def label(self) -> str:
        return f"user group {self.user_group_id!r}"

    @property
    def authoritative(self) -> bool:
        return self.user_ids is not None


def _user_ids_changed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """``user_ids`` as a set; giving them up or taking them on (ownership) is a change too."""
    new_ids = news.get("user_ids")
    if not is_known(new_ids) or not isinstance(new_ids, list | None):
        return True
    if new_ids is None:
        return bool(olds.get("manages_membership"))
    return not olds.get("manages_membership") or set(olds.get("user_ids") or []) != set(new_ids)


def _member_renamed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether a member's user name changed: that user is deleted and created again (ElastiCache cannot
    rename a user), which takes it out of this group, so the group must put it back. Outputs written
    before member names were recorded compare as unchanged."""
    old, new = olds.get("member_user_names"), news.get("member_user_names")
    if not isinstance(old, Mapping) or new is None:
        return False
    if not is_known(new) or not isinstance(new, Mapping):
        return True
    return any(k in old and old[k] != v for k, v in new.items())


def _live_fields(group: Any) -> dict[str, Any]:
    return {
        "engine": str(group.get("Engine", "")).lower(),
        "arn": group.get("ARN"),
        "status": group.get("Status"),
        "user_ids": sorted(live_members(group)),
        "replication_groups": sorted(group.get("ReplicationGroups") or []),
        "serverless_caches": sorted(group.get("ServerlessCaches") or []),
        "minimum_engine_version": group.get("MinimumEngineVersion"),
    }


USER_GROUP = Kind(
    name="UserGroup",
    id_field="user_group_id",
    failures=group_failures,
    lower=("user_group_id", "engine"),
    lower_items=("user_ids",),
    defaults={"engine": "redis"},
    replace_create_first=("user_group_id",),
    compare_equal=("engine", "tags"),
    compare={"user_ids": _user_ids_changed, "member_user_names": _member_renamed},
    api=ObjectApi("UserGroup", "user group"),
    live_fields=_live_fields,
)


class UserGroupProvider(KindProvider):
    """Dynamic provider of :class:`UserGroup` (contracts in the module docstring)."""

    kind = USER_GROUP

    def normalize_more(self, inputs: dict[str, Any]) -> dict[str, Any]:
        names = inputs.get("member_user_names")
        if isinstance(names, Mapping) and is_known(names):
            inputs["member_user_names"] = {str(k).lower(): v for k, v in names.items()}
        return inputs

    @contextlib.contextmanager
    def object_lock(self, target: Target, object_id: str) -> Iterator[None]:
        with group_lock(target.region, target.profile, object_id):
            yield

    def diff_live(self, olds: Mapping[str, Any], news: Mapping[str, Any], result: DiffResult) -> DiffResult:
        gid, new_ids = news.get("user_group_id"), news.get("user_ids")
        takes_over = not olds.get("manages_membership") and isinstance(new_ids, list) and is_known(new_ids)
        if takes_over and not result.replaces and isinstance(gid, str) and not news.get("take_over_memberships"):
            # refused at preview already: a read-only look at the group and the claims on it
            label = f"UserGroup {self.name_of(news)!r} (user_group_id {gid!r})"
            target = self.target(news)
            group = describe_group(target, gid, label)
            tags = self._tags_or_none(target, group, label) if group is not None else None
            if group is not None and tags is not None:
                self._refuse_takeover(label, group, tags, {str(u) for u in new_ids or []}, transition=True)
        return result

    # -- create --------------------------------------------------------------------------------------

    def inputs(self, props: Mapping[str, Any]) -> UserGroupInputs:
        return UserGroupInputs.model_validate(props)

    def create_params(self, inp: UserGroupInputs, owner: str | None) -> dict[str, Any]:
        # The service requires a member named 'default' in a redis group (see the module docstring).
        default_members = ["default"] if inp.engine == "redis" else []
        initial = list(inp.user_ids) if inp.user_ids is not None else default_members
        params: dict[str, Any] = {"UserGroupId": inp.user_group_id, "Engine": inp.engine}
        if initial:
            params["UserIds"] = initial
        tags = dict(inp.tags or {})
        if inp.authoritative:
            tags[AUTHORITATIVE_TAG_KEY] = AUTHORITATIVE_TAG_VALUE
        if owner:
            tags[OWNER_TAG_KEY] = owner
        if tags:
            params["Tags"] = tag_list(tags)
        return params

    def check_adoption(self, inp: UserGroupInputs, existing: Any, live_tags: Mapping[str, str]) -> None:
        if inp.authoritative and live_tags.get(AUTHORITATIVE_TAG_KEY) != AUTHORITATIVE_TAG_VALUE:
            self._refuse_takeover(
                inp.label,
                existing,
                live_tags,
                set(inp.user_ids or []),
                transition=False,
                allowed=inp.take_over_memberships,
            )

    def converge(
        self,
        target: Target,
        inp: UserGroupInputs,
        existing: Any,
        live_tags: Mapping[str, str],
        *,
        resumed: bool,
        retag: str | None,
    ) -> tuple[Any, dict[str, Any]]:
        # an adoption writes no marker of this package (the group's first update adds it); a resumed
        # create converges to what the create would have made
        group, marked = self._converge(
            target,
            inp,
            current_tags=dict(live_tags),
            live_tags=live_tags,
            extra={OWNER_TAG_KEY: retag} if retag else None,
            mark=resumed,
        )
        return group, {"marked": marked}

    def settle_created(self, target: Target, inp: UserGroupInputs, created: Any) -> tuple[Any, dict[str, Any]]:
        group = wait_group_active(target, inp.user_group_id, inp.label) if inp.wait else created
        return group, {"marked": inp.authoritative}

    def outputs(
        self, inp: UserGroupInputs, live: Any, *, adopted: bool, owner: str | None, **extra: Any
    ) -> dict[str, Any]:
        return {
            OWNER_KEY: owner,
            "marked": bool(extra.get("marked")),
            "user_group_id": inp.user_group_id,
            "member_user_names": dict(inp.member_user_names or {}),
            "manages_membership": inp.authoritative,
            "tags": dict(inp.tags or {}),
            "adopted": adopted,
            "adopt_existing": inp.adopt_existing,
            "region": inp.region,
            "profile": inp.profile,
            **_live_fields(live),
        }

    def _converge(
        self,
        target: Target,
        inp: UserGroupInputs,
        current_tags: Mapping[str, str],
        *,
        live_tags: Mapping[str, str] | None = None,
        extra: Mapping[str, str] | None = None,
        mark: bool = True,
    ) -> tuple[Any, bool]:
        """Make the live group match ``inp``: membership (if authoritative), engine, tags; return the
        settled group and whether it carries the authoritative marker.

        ``current_tags``: the tags this resource set; ``live_tags``: the group's tags when already read.
        The owner tag and membership claims are not this resource's tags and are left alone, except that
        ``extra`` tags are set and, on a takeover (``take_over_memberships``), the claims are removed.
        ``mark=False`` (an adoption): the authoritative marker is only kept when the group has it.
        """
        desired = set(inp.user_ids or [])

        def plan(live: frozenset[str]) -> tuple[set[str], set[str]]:
            if not inp.authoritative:
                return set(), set()
            return desired - live, set(live) - desired

        group = change_membership(
            target, inp.user_group_id, plan, resource=inp.label, engine=inp.engine, settle=inp.wait
        )
        take_over = inp.authoritative and inp.take_over_memberships
        if take_over and live_tags is None:
            live_tags = read_tags(target, group["ARN"], inp.label)
        current = {k: v for k, v in current_tags.items() if k != OWNER_TAG_KEY and not is_claim_key(k)}
        if take_over:
            current.update({k: v for k, v in (live_tags or {}).items() if is_claim_key(k)})  # not wanted: removed
        marker_live = (live_tags or {}).get(AUTHORITATIVE_TAG_KEY) == AUTHORITATIVE_TAG_VALUE
        marked = inp.authoritative and (mark or marker_live)
        wanted = {**dict(inp.tags or {}), **(extra or {})}
        if marked:
            wanted[AUTHORITATIVE_TAG_KEY] = AUTHORITATIVE_TAG_VALUE
        sync_tags(target, inp.label, group["ARN"], current, wanted)
        return group, marked

    # -- update --------------------------------------------------------------------------------------

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inp, target = self.prepare(news)
        old_tags = dict(olds.get("tags") or {})
        marked_before = bool(olds.get("manages_membership")) and olds.get("marked", True) is not False
        if marked_before:
            old_tags[AUTHORITATIVE_TAG_KEY] = AUTHORITATIVE_TAG_VALUE
        elif inp.authoritative:
            # owning a membership others may hold (a group gaining user_ids, or one adopted without its
            # marker): refused unless take_over_memberships; checked live, once the group is active
            group = wait_group_active(target, inp.user_group_id, inp.label)
            tags = read_tags(target, group["ARN"], inp.label)
            self._refuse_takeover(
                inp.label,
                group,
                tags,
                set(inp.user_ids or []),
                transition=not olds.get("manages_membership"),
                allowed=inp.take_over_memberships,
            )
        group, marked = self._converge(target, inp, current_tags=old_tags)
        carry_owner_tag(target, inp.label, group["ARN"], self.owner_of(olds), self.owner_of(news))
        outs = self.outputs(inp, group, adopted=bool(olds.get("adopted")), owner=self.owner_of(news), marked=marked)
        return UpdateResult(revised(outs))

    # -- ownership of the membership -------------------------------------------------------------------

    @staticmethod
    def _tags_or_none(target: Target, group: Any, label: str) -> dict[str, str] | None:
        """The group's tags, or ``None`` while it is being modified (tagging calls refuse it then)."""
        try:
            return read_tags(target, group["ARN"], label)
        except NotReadyForTaggingError:
            return None

    @staticmethod
    def _refuse_takeover(
        label: str,
        group: Any,
        tags: Mapping[str, str],
        desired: set[str],
        *,
        transition: bool,
        allowed: bool = False,
    ) -> None:
        """Refuse to own a membership that others hold (see :mod:`._claims`), unless ``allowed``.

        Held: the users memberships claim, and — when a group without ``user_ids`` gets them
        (``transition``) — live members it does not list (other than the built-in ``default`` it was
        created with): someone added those, a membership made before claims existed or a person.
        """
        if allowed:
            return
        live = live_members(group)
        held = claims(tags)
        lines = [
            f"{', '.join(sorted(users & live))} (held by UserGroupMembership {claim_holder(key)})"
            for key, users in sorted(held.items())
            if users & live
        ]
        if transition:
            claimed = set().union(*held.values()) if held else set()
            unlisted = sorted(live - desired - claimed - {"default"})
            if unlisted:
                lines.append(f"{', '.join(unlisted)} (members it does not list, added outside it)")
        if lines:
            raise OwnershipConflictError(
                f"{label}: giving the group user_ids would make it own its whole membership, but others hold "
                f"members in it: {'; '.join(lines)}. Remove those memberships first (their delete releases "
                "their users), or set take_over_memberships=True to take the membership over (members it does "
                "not list are then removed, and those memberships report the conflict at their next preview)"
            )

    # -- read / delete -------------------------------------------------------------------------------

    def read_more(self, target: Target, live: Any, props: Mapping[str, Any], label: str) -> dict[str, Any]:
        try:
            tags = read_tags(target, live["ARN"], label)
        except NotReadyForTaggingError:
            # the group exists but is not active (being modified): keep the tags last seen rather than
            # failing the refresh
            tags = dict(props.get("tags") or {})
        mine = {
            k: v for k, v in tags.items() if k not in (AUTHORITATIVE_TAG_KEY, OWNER_TAG_KEY) and not is_claim_key(k)
        }
        return {"tags": mine}

    def before_delete(self, live: Any, label: str) -> None:
        rgs = list(live.get("ReplicationGroups") or [])
        caches = list(live.get("ServerlessCaches") or [])
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
    revision: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        user_group_id: pulumi.Input[str],
        engine: pulumi.Input[str] = "redis",
        user_ids: Sequence[pulumi.Input[str] | User] | pulumi.Output[Sequence[str]] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        adopt_existing: bool = False,
        take_over_memberships: bool = False,
        wait: bool = True,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
        names: pulumi.Input[dict[str, str]] | None = None
        if isinstance(user_ids, pulumi.Output):
            ids = user_ids  # the whole list comes from another resource: member names are not known here
        elif user_ids is not None:
            ids = [u.user_id if isinstance(u, User) else u for u in user_ids]
            users = [u for u in user_ids if isinstance(u, User)]
            plain = [u.plain_member_name for u in users]
            if users and all(p is not None for p in plain):
                # the same dict the outputs below would resolve to, without 2 Outputs per member
                names = {p[0]: p[1] for p in plain if p is not None}
            elif users:
                names = pulumi.Output.all(*[pulumi.Output.all(u.user_id, u.user_name) for u in users]).apply(
                    lambda pairs: {str(i): str(n) for i, n in pairs}
                )
        props = resource_props(
            GROUP_TYPE,
            resource_name,
            opts,
            {
                "user_group_id": user_group_id,
                "engine": engine,
                "user_ids": ids,
                "member_user_names": names,
                "tags": tags,
                "adopt_existing": adopt_existing,
                "take_over_memberships": take_over_memberships,
                "wait": wait,
            },
            (
                "arn",
                "status",
                "replication_groups",
                "serverless_caches",
                "minimum_engine_version",
                "manages_membership",
                "adopted",
                "revision",
            ),
        )
        super().__init__(UserGroupProvider(), resource_name, props, opts)
