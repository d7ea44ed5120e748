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

from ._claims import claim_holder, claims, is_claim_key
from ._errors import (
    AlreadyExistsError,
    DependencyViolationError,
    NotFoundError,
    NotReadyForTaggingError,
    OwnershipConflictError,
)
from ._groups import (
    AUTHORITATIVE_TAG_KEY,
    AUTHORITATIVE_TAG_VALUE,
    Target,
    change_membership,
    describe_group,
    live_members,
    wait_group_active,
)
from ._ownership import OWNER_KEY, OWNER_TAG_KEY, carry_owner_tag, claim, foreign_owner, owner_token
from ._provider import (
    GROUP_TYPE,
    NAME_KEY,
    RbacProvider,
    already_exists,
    aws_settings,
    check_failures,
    differs,
    raise_failures,
    region_moves,
    strip_internal,
)
from ._retry import call_with_retry, group_lock
from ._tags import read_tags, sync_tags, tag_list
from ._validation import group_failures, is_known
from ._waiters import note, wait_for
from .user import User

__all__ = ["UserGroup", "UserGroupInputs", "UserGroupProvider"]


class UserGroupInputs(BaseModel):
    """The checked inputs of a ``UserGroup`` (ids and engine already lowercase)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    user_group_id: str
    engine: Literal["redis", "valkey"] = "redis"
    user_ids: list[str] | None = None
    member_user_names: dict[str, str] | None = None
    tags: dict[str, str] | None = None
    adopt_existing: bool = False
    take_over_memberships: bool = False
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
            tags[AUTHORITATIVE_TAG_KEY] = AUTHORITATIVE_TAG_VALUE
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
        result = self.diff_inputs(olds, news)
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

    def diff_inputs(self, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """The part of :meth:`diff` that compares inputs with the old outputs only (no API call)."""
        olds, news = strip_internal(olds), strip_internal(news)
        replaces = ["user_group_id"] if differs(olds.get("user_group_id"), news.get("user_group_id")) else []
        replaces += ["region"] if region_moves(olds, news) else []
        changed = list(replaces)
        if differs(olds.get("engine"), news.get("engine")):
            changed.append("engine")
        new_ids = news.get("user_ids")
        if not is_known(new_ids) or not isinstance(new_ids, list | None):
            changed.append("user_ids")
        elif new_ids is None:
            if olds.get("manages_membership"):
                changed.append("user_ids")
        elif not olds.get("manages_membership") or set(olds.get("user_ids") or []) != set(new_ids):
            changed.append("user_ids")
        if self._member_renamed(olds.get("member_user_names"), news.get("member_user_names")):
            changed.append("member_user_names")
        if differs(olds.get("tags"), news.get("tags")):
            changed.append("tags")
        # A new id or region is another group: create it first, so a cache can switch to it before the old
        # one (which ElastiCache refuses to delete while a cache uses it) is deleted.
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=False)

    @staticmethod
    def _member_renamed(old: Any, new: Any) -> bool:
        """Whether a member's user name changed: that user is deleted and created again (ElastiCache cannot
        rename a user), which takes it out of this group, so the group must put it back. Outputs written
        before member names were recorded compare as unchanged."""
        if not isinstance(old, Mapping) or new is None:
            return False
        if not is_known(new) or not isinstance(new, Mapping):
            return True
        return any(k in old and old[k] != v for k, v in new.items())

    def create(self, props: dict[str, Any]) -> CreateResult:
        raise_failures(group_failures(props, self.name_of(props)))
        inp = UserGroupInputs.model_validate(_normalize(props))
        target = self.target(props)
        owner = self.owner_of(props)
        # The service requires a member named 'default' in a redis group (see the module docstring).
        default_members = ["default"] if inp.engine == "redis" else []
        initial = list(inp.user_ids) if inp.user_ids is not None else default_members
        params: dict[str, Any] = {"UserGroupId": inp.user_group_id, "Engine": inp.engine}
        if initial:
            params["UserIds"] = initial
        create_tags = {**inp.all_tags(), **({OWNER_TAG_KEY: owner} if owner else {})}
        if create_tags:
            params["Tags"] = tag_list(create_tags)
        adopted = resumed = False
        live_owner: str | None = None
        with group_lock(target.region, target.profile, inp.user_group_id):
            # with adopt_existing, look first: adopting sends no write the live group does not need
            exists = inp.adopt_existing and describe_group(target, inp.user_group_id, inp.label) is not None
            refused: AlreadyExistsError | None = None
            if not exists:
                try:
                    call_with_retry(
                        lambda: target.client.create_user_group(**params),
                        resource=inp.label,
                        what="CreateUserGroup",
                        timeout=target.timeout,
                    )
                except AlreadyExistsError as exc:
                    exists, refused = True, exc
            if exists:
                existing = wait_group_active(target, inp.user_group_id, inp.label)  # tagging needs 'active'
                live_tags = read_tags(target, existing["ARN"], inp.label)
                live_owner = live_tags.get(OWNER_TAG_KEY)
                resumed = bool(owner) and live_owner == owner
                if not resumed and not inp.adopt_existing:
                    assert refused is not None  # only adopt_existing looks first
                    raise already_exists(refused, inp.label, live_owner, "user_group_id") from refused
                adopted = not resumed
                if adopted and inp.authoritative and live_tags.get(AUTHORITATIVE_TAG_KEY) != AUTHORITATIVE_TAG_VALUE:
                    self._refuse_takeover(
                        inp.label,
                        existing,
                        live_tags,
                        set(inp.user_ids or []),
                        transition=False,
                        allowed=inp.take_over_memberships,
                    )
        claim(inp.region, inp.profile, "usergroup", inp.user_group_id, owner)
        try:
            marked = inp.authoritative
            if adopted or resumed:
                retag = {OWNER_TAG_KEY: owner} if adopted and owner and live_owner else {}
                group, marked = self._converge(target, inp, current_tags=None, extra=retag, mark=resumed)
            else:
                group = wait_group_active(target, inp.user_group_id, inp.label)
        except Exception:
            if not (adopted or resumed):
                self._delete_quietly(target, inp.user_group_id)
            raise
        return CreateResult(inp.user_group_id, self._outputs(inp, group, adopted, owner, marked))

    def _converge(
        self,
        target: Target,
        inp: UserGroupInputs,
        current_tags: dict[str, str] | None,
        extra: Mapping[str, str] | None = None,
        *,
        mark: bool = True,
    ) -> tuple[Any, bool]:
        """Make the live group match ``inp``: membership (if authoritative), engine, tags; return the
        settled group and whether it carries the authoritative marker.

        ``current_tags``: the tags this resource set (``None``: read them live). The owner tag and
        membership claims are not this resource's tags and are left alone, except that ``extra`` tags are
        set and, on a takeover (``take_over_memberships``), the claims are removed. ``mark=False`` (an
        adoption, which writes nothing the live group does not need): the authoritative marker is not
        added; the group's first update adds it.
        """
        desired = set(inp.user_ids or [])

        def plan(live: frozenset[str]) -> tuple[set[str], set[str]]:
            if not inp.authoritative:
                return set(), set()
            return desired - live, set(live) - desired

        group = change_membership(target, inp.user_group_id, plan, resource=inp.label, engine=inp.engine)
        take_over = inp.authoritative and inp.take_over_memberships
        live_tags = read_tags(target, group["ARN"], inp.label) if current_tags is None or take_over else None
        current = dict(current_tags if current_tags is not None else live_tags or {})
        current = {k: v for k, v in current.items() if k != OWNER_TAG_KEY and not is_claim_key(k)}
        if take_over:
            current.update({k: v for k, v in (live_tags or {}).items() if is_claim_key(k)})  # not wanted: removed
        marked = inp.authoritative and (mark or (live_tags or {}).get(AUTHORITATIVE_TAG_KEY) == AUTHORITATIVE_TAG_VALUE)
        wanted = {**dict(inp.tags or {}), **(extra or {})}
        if marked:
            wanted[AUTHORITATIVE_TAG_KEY] = AUTHORITATIVE_TAG_VALUE
        sync_tags(target, inp.label, group["ARN"], current, wanted)
        return group, marked

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        raise_failures(group_failures(news, self.name_of(news)))
        inp = UserGroupInputs.model_validate(_normalize(news))
        target = self.target(news)
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
        return UpdateResult(self._outputs(inp, group, bool(olds.get("adopted")), self.owner_of(news), marked))

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
        lines = [
            f"{', '.join(sorted(users & live))} (held by UserGroupMembership {claim_holder(key)})"
            for key, users in sorted(claims(tags).items())
            if users & live
        ]
        claimed = set().union(*claims(tags).values()) if claims(tags) else set()
        if transition:
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

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        target = self.target(props)
        label = f"user group {id_!r}"
        group = describe_group(target, id_, label)
        if group is None or group.get("Status") == "deleting":
            return ReadResult(None, {})
        outs = {k: v for k, v in props.items() if not k.startswith("__") or k == OWNER_KEY}
        outs.update(self._live_fields(group))
        try:
            tags = read_tags(target, group["ARN"], label)
        except NotReadyForTaggingError:
            # the group exists but is not active (being modified): keep the tags last seen rather than
            # failing the refresh
            tags = dict(props.get("tags") or {})
        outs["tags"] = {
            k: v for k, v in tags.items() if k not in (AUTHORITATIVE_TAG_KEY, OWNER_TAG_KEY) and not is_claim_key(k)
        }
        return ReadResult(id_, outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        target = self.target(props)
        label = f"user group {id_!r}"
        with group_lock(target.region, target.profile, id_):
            group = describe_group(target, id_, label)
            if group is None:
                return
            if group.get("Status") != "deleting" and self._managed_elsewhere(target, group, label, props):
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

    def _managed_elsewhere(self, target: Target, group: Any, label: str, props: Mapping[str, Any]) -> bool:
        """Whether another resource now manages the group (moved or taken over): then delete leaves it."""
        gid = str(group["UserGroupId"])
        tags = call_with_retry(
            lambda: read_tags(target, wait_group_active(target, gid, label)["ARN"], label),
            resource=label,
            what="ListTagsForResource",
            timeout=target.timeout,
        )
        other = foreign_owner(target.region, target.profile, "usergroup", gid, tags, self.owner_of(props))
        if other is not None:
            note(f"{label}: not deleted: it is managed by {other} now (moved or taken over)")
        return other is not None

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

    def _outputs(
        self, inp: UserGroupInputs, group: Any, adopted: bool, owner: str | None, marked: bool
    ) -> dict[str, Any]:
        return {
            OWNER_KEY: owner,
            "marked": marked,
            "user_group_id": inp.user_group_id,
            "member_user_names": dict(inp.member_user_names or {}),
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
        user_ids: Sequence[pulumi.Input[str] | User] | pulumi.Output[Sequence[str]] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        adopt_existing: bool = False,
        take_over_memberships: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
        names: pulumi.Input[dict[str, str]] | None = None
        if isinstance(user_ids, pulumi.Output):
            ids = user_ids  # the whole list comes from another resource: member names are not known here
        elif user_ids is not None:
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
            "take_over_memberships": take_over_memberships,
            NAME_KEY: resource_name,
            OWNER_KEY: owner_token(GROUP_TYPE, resource_name, opts.parent if opts else None),
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
