"""``UserGroupMembership``: additive membership of some users in one user group (input model + provider).

A membership owns exactly its own ``user_ids`` in the group: it adds them, removes the ones dropped from
its list, and on delete removes its remaining ones — it never touches other members. Several memberships
may target one group (also from different stacks); each records the users it holds as a *claim* in a tag
on the group (:mod:`._claims`), and a user that another membership also holds is never removed: it stays
until the last membership holding it lets go. Changes to one group are serialized inside the provider
process and each is one ModifyUserGroup against the live membership (:mod:`._groups`).

A group whose membership an authoritative ``UserGroup`` (one with ``user_ids``) owns carries the tag
``pulumi-elasticache-rbac:membership=authoritative``; create and update refuse such a group with an
:class:`OwnershipConflictError` rather than fight over its members, and ``diff`` reports the conflict at
preview when a group was made authoritative after the membership was created. The delete of a membership
on such a group leaves the members alone (the group owns them now).

Contracts: ``check`` makes no API call. ``diff``: ``user_group_id`` and ``region`` replace (the new one
is created first); ``user_ids`` (as a set) update in place; for a known group it also reads the group
(DescribeUserGroups, ListTagsForResource: read-only) so that own users missing from it (removed out of
band, or a member user deleted and created again under a new name) show as a change and an
authoritative owner as an error. ``read`` reports which of its users are still members, so an
out-of-band removal shows as drift and the next ``up`` adds them back; a vanished group is reported
gone. ``create`` fails without writing anything when the group does not exist or is owned
authoritatively; it writes its claim, then adds its users in one ModifyUserGroup; if that was sent but
the group does not settle in time, a re-run converges (it only adds what is missing). ``delete`` is
idempotent and removes its claim last.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, UpdateResult

from ._claims import AUTHORITATIVE_TAG_KEY, AUTHORITATIVE_TAG_VALUE, claim_base, claim_key, claim_tags, claims
from ._engine import KindProvider, revised
from ._errors import NotFoundError, NotReadyForTaggingError, OwnershipConflictError, WaitError
from ._kind import Inputs, Kind
from ._membership_change import change_membership, live_members, wait_group_active
from ._ownership import OWNER_KEY, OWNER_TAG_KEY
from ._provider import MEMBERSHIP_TYPE, resource_props
from ._tags import read_tags, settled_tags, sync_tags
from ._target import Target, describe_group
from ._validation import is_known, membership_failures
from ._waiters import note

__all__ = ["UserGroupMembership", "UserGroupMembershipInputs", "UserGroupMembershipProvider"]


class UserGroupMembershipInputs(Inputs):
    """The checked inputs of a ``UserGroupMembership`` (ids already lowercase)."""

    user_group_id: str
    user_ids: list[str]

    @property
    def label(self) -> str:
        return f"membership of {', '.join(self.user_ids)} in user group {self.user_group_id!r}"


def _user_ids_changed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    new_ids = news.get("user_ids")
    return not is_known(new_ids) or set(olds.get("user_ids") or []) != set(new_ids or [])


MEMBERSHIP = Kind(
    name="UserGroupMembership",
    id_field="user_group_id",
    failures=membership_failures,
    lower=("user_group_id",),
    lower_items=("user_ids",),
    # a new group: add the users there first, then release them here
    replace_create_first=("user_group_id",),
    compare={"user_ids": _user_ids_changed},
)


class UserGroupMembershipProvider(KindProvider):
    """Dynamic provider of :class:`UserGroupMembership` (contracts in the module docstring)."""

    kind = MEMBERSHIP

    def diff_live(self, olds: Mapping[str, Any], news: Mapping[str, Any], result: DiffResult) -> DiffResult:
        gid, new_ids = news.get("user_group_id"), news.get("user_ids")
        if not result.replaces and isinstance(gid, str) and isinstance(new_ids, list) and is_known(new_ids):
            label = f"UserGroupMembership {self.name_of(news)!r} (user group {gid!r})"
            if self._live_differs(self.target(news), gid, {str(u) for u in new_ids}, label):
                return DiffResult(changes=True, replaces=[], delete_before_replace=False)
        return result

    def _live_differs(self, target: Target, group_id: str, own: set[str], label: str) -> bool:
        """Read the group (read-only): raise when an authoritative UserGroup owns it now; True when some of
        ``own`` are missing from it (the group gone counts as missing)."""
        group = describe_group(target, group_id, label)
        if group is None:
            return True
        try:
            tags = read_tags(target, group["ARN"], label)
        except NotReadyForTaggingError:
            tags = {}  # being modified: ownership is checked again by the update itself
        if tags.get(AUTHORITATIVE_TAG_KEY) == AUTHORITATIVE_TAG_VALUE:
            raise self._taken_over(label, group_id, tags, own)
        return not own <= live_members(group)

    @staticmethod
    def _taken_over(label: str, group_id: str, tags: Mapping[str, str], own: set[str]) -> OwnershipConflictError:
        owner = tags.get(OWNER_TAG_KEY) or "a UserGroup with user_ids"
        return OwnershipConflictError(
            f"{label}: user group {group_id!r} is managed authoritatively now (by {owner}): that UserGroup owns "
            f"its whole membership, including {', '.join(sorted(own)) or 'these users'}. Remove this "
            "UserGroupMembership (its delete leaves the group's members alone), or add the users to that "
            "UserGroup's user_ids"
        )

    def _guard(self, target: Target, inp: UserGroupMembershipInputs) -> tuple[str, dict[str, str]]:
        """Fail (writing nothing) when the group is missing or owned by an authoritative UserGroup; return its
        ARN and tags (read once the group is active: tagging calls refuse a group being modified)."""
        group = describe_group(target, inp.user_group_id, inp.label)
        if group is None:
            raise NotFoundError(
                f"{inp.label}: user group {inp.user_group_id!r} does not exist; create it first (pass the "
                "UserGroup's user_group_id output so the membership depends on it)",
                code="UserGroupNotFound",
                operation="DescribeUserGroups",
                service_message="",
            )

        arn = str(group["ARN"])
        tags = settled_tags(target, inp.label, lambda: wait_group_active(target, inp.user_group_id, inp.label))
        if tags.get(AUTHORITATIVE_TAG_KEY) == AUTHORITATIVE_TAG_VALUE:
            raise OwnershipConflictError(
                f"{inp.label}: user group {inp.user_group_id!r} is managed by a UserGroup with user_ids, which "
                "owns its whole membership; add these users to that UserGroup's user_ids, or drop its user_ids "
                "to manage members with UserGroupMembership resources"
            )
        return arn, tags

    def inputs(self, props: Mapping[str, Any]) -> UserGroupMembershipInputs:
        return UserGroupMembershipInputs.model_validate(props)

    def create(self, props: dict[str, Any]) -> CreateResult:
        inp, target = self.prepare(props)
        arn, tags = self._guard(target, inp)
        own = set(inp.user_ids)
        self._write_claim(target, inp.label, arn, self.owner_of(props), tags, own)
        change_membership(target, inp.user_group_id, lambda _live: (own, set()), resource=inp.label, settle=inp.wait)
        id_ = f"{inp.user_group_id}/{secrets.token_hex(4)}"
        return CreateResult(id_, revised(self._outputs(inp, sorted(own), self.owner_of(props))))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inp, target = self.prepare(news)
        arn, tags = self._guard(target, inp)
        token = self.owner_of(news)
        new_own = set(inp.user_ids)
        dropped = set(olds.get("user_ids") or []) - new_own - _held_by_others(tags, token)
        self._write_claim(target, inp.label, arn, token, tags, new_own)
        change_membership(
            target, inp.user_group_id, lambda _live: (new_own, dropped), resource=inp.label, settle=inp.wait
        )
        return UpdateResult(revised(self._outputs(inp, sorted(new_own), token)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        target = self.target(props)
        group_id = str(props.get("user_group_id") or id_.split("/")[0])
        group = describe_group(target, group_id, f"membership {id_!r}")
        if group is None or group.get("Status") == "deleting":
            return ReadResult(None, {})
        live = live_members(group)
        outs = {k: v for k, v in props.items() if not k.startswith("__") or k == OWNER_KEY}
        outs["user_ids"] = sorted(set(props.get("user_ids") or []) & live)
        return ReadResult(id_, outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        target = self.target(props)
        group_id = str(props.get("user_group_id") or id_.split("/")[0])
        own = set(props.get("user_ids") or [])
        label = f"membership of {', '.join(sorted(own))} in user group {group_id!r}"
        group = describe_group(target, group_id, label)
        if group is None or group.get("Status") == "deleting":
            return

        try:
            tags = settled_tags(target, label, lambda: wait_group_active(target, group_id, label))
        except (NotFoundError, WaitError):
            return  # the group went away meanwhile
        token = self.owner_of(props)
        # the claim goes first, while the group is active (tagging calls refuse a group being modified);
        # a delete cut off after it still releases this membership's users when it is run again
        own_claim = {k: v for k, v in tags.items() if token and claim_base(k) == claim_key(token)}
        sync_tags(target, label, group["ARN"], own_claim, {})
        if tags.get(AUTHORITATIVE_TAG_KEY) == AUTHORITATIVE_TAG_VALUE:
            note(f"{label}: members left in place: the group is managed by a UserGroup with user_ids now")
            return
        release = own - _held_by_others(tags, token)
        try:
            # returns once the service accepted the change, as every delete does (see the engine's delete)
            change_membership(target, group_id, lambda _live: (set(), release), resource=label, settle=False)
        except NotFoundError as exc:
            if exc.code != "UserGroupNotFound":
                raise

    @staticmethod
    def _write_claim(
        target: Target, label: str, arn: str, token: str | None, tags: Mapping[str, str], own: set[str]
    ) -> None:
        """Make this membership's claim on the group hold exactly ``own`` (no call when it already does)."""
        if not token:
            return
        key = claim_key(token)
        current = {k: v for k, v in tags.items() if claim_base(k) == key}
        sync_tags(target, label, arn, current, claim_tags(token, own))

    @staticmethod
    def _outputs(inp: UserGroupMembershipInputs, user_ids: list[str], token: str | None) -> dict[str, Any]:
        return {
            OWNER_KEY: token,
            "user_group_id": inp.user_group_id,
            "user_ids": user_ids,
            "region": inp.region,
            "profile": inp.profile,
        }


def _held_by_others(tags: Mapping[str, str], token: str | None) -> set[str]:
    """Users that claims other than ``token``'s hold (all claims' users when ``token`` is unknown)."""
    mine = claim_key(token) if token else None
    held: set[str] = set()
    for key, users in claims(tags).items():
        if key != mine:
            held |= users
    return held


class UserGroupMembership(Resource, module="elasticache-rbac", name="UserGroupMembership"):
    """Additive membership of ``user_ids`` in the group ``user_group_id`` (see the module docstring)."""

    user_group_id: pulumi.Output[str]
    user_ids: pulumi.Output[list[str]]
    revision: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        user_group_id: pulumi.Input[str],
        user_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        wait: bool = True,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = resource_props(
            MEMBERSHIP_TYPE,
            resource_name,
            opts,
            {
                "user_group_id": user_group_id,
                "user_ids": user_ids,
                "wait": wait,
            },
            ("revision",),
        )
        super().__init__(UserGroupMembershipProvider(), resource_name, props, opts)
