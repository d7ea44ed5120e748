"""``UserGroupMembership``: additive membership of some users in one user group (input model + provider).

A membership owns exactly its own ``user_ids`` in the group: it adds them, removes the ones dropped from
its list, and on delete removes its remaining ones — it never touches other members. Several memberships
may target one group (also from different stacks); their changes are serialized per group inside the
provider process and each is one ModifyUserGroup against the live membership (:mod:`._groups`). Two
memberships listing the *same* user would remove it from each other on delete: keep them disjoint.

A group whose membership an authoritative ``UserGroup`` (one with ``user_ids``) owns carries the tag
``pulumi-elasticache-rbac:membership=authoritative``; create and update refuse such a group with an
:class:`OwnershipConflictError` rather than fight over its members. Choose one model per group.

Contracts: ``check`` makes no API call. ``diff``: ``user_group_id`` and ``region`` replace; ``user_ids``
(as a set) update in place. ``read`` reports which of its users are still members, so an out-of-band
removal shows as drift and the next ``up`` adds them back; a vanished group is reported gone.
``create`` fails without writing anything when the group does not exist or is owned authoritatively; if
the single ModifyUserGroup was sent but the group does not settle in time, a re-run converges (it only
adds what is missing). ``delete`` is idempotent.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict

from ._errors import NotFoundError, OwnershipConflictError, RetryableError
from ._groups import (
    OWNER_TAG_KEY,
    OWNER_TAG_VALUE,
    Target,
    change_membership,
    describe_group,
    live_members,
    wait_group_active,
)
from ._provider import (
    NAME_KEY,
    RbacProvider,
    aws_settings,
    check_failures,
    differs,
    raise_failures,
    region_moves,
    strip_internal,
)
from ._retry import call_with_retry
from ._tags import read_tags
from ._validation import is_known, membership_failures

__all__ = ["UserGroupMembership", "UserGroupMembershipInputs", "UserGroupMembershipProvider"]


class UserGroupMembershipInputs(BaseModel):
    """The checked inputs of a ``UserGroupMembership`` (ids already lowercase)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    user_group_id: str
    user_ids: list[str]
    region: str | None = None
    profile: str | None = None

    @property
    def label(self) -> str:
        return f"membership of {', '.join(self.user_ids)} in user group {self.user_group_id!r}"


def _normalize(news: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(news)
    gid = out.get("user_group_id")
    if isinstance(gid, str) and is_known(gid):
        out["user_group_id"] = gid.lower()
    ids = out.get("user_ids")
    if isinstance(ids, list):
        out["user_ids"] = [u.lower() if isinstance(u, str) and is_known(u) else u for u in ids]
    return out


class UserGroupMembershipProvider(RbacProvider):
    """Dynamic provider of :class:`UserGroupMembership` (contracts in the module docstring)."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = _normalize(news)
        return CheckResult(inputs, check_failures(membership_failures(inputs, self.name_of(news))))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        olds, news = strip_internal(olds), strip_internal(news)
        replaces = ["user_group_id"] if differs(olds.get("user_group_id"), news.get("user_group_id")) else []
        replaces += ["region"] if region_moves(olds, news) else []
        changed = list(replaces)
        new_ids = news.get("user_ids")
        if not is_known(new_ids) or set(olds.get("user_ids") or []) != set(new_ids or []):
            changed.append("user_ids")
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces))

    def _guard(self, target: Target, inp: UserGroupMembershipInputs) -> None:
        """Fail (writing nothing) when the group is missing or owned by an authoritative UserGroup."""
        group = describe_group(target, inp.user_group_id, inp.label)
        if group is None:
            raise NotFoundError(
                f"{inp.label}: user group {inp.user_group_id!r} does not exist; create it first (pass the "
                "UserGroup's user_group_id output so the membership depends on it)",
                code="UserGroupNotFound",
                operation="DescribeUserGroups",
                service_message="",
            )

        def settled_tags() -> dict[str, str]:
            # Tagging calls answer "... is not available for tagging" (UserGroupNotFound) while the group is
            # not active, e.g. while another pipeline modifies it: wait for it to settle and try again.
            settled = wait_group_active(target, inp.user_group_id, inp.label)
            return read_tags(target, settled["ARN"], inp.label)

        tags = call_with_retry(
            settled_tags,
            resource=inp.label,
            what="ListTagsForResource",
            timeout=target.timeout,
            retry_on=(RetryableError, NotFoundError),
        )
        if tags.get(OWNER_TAG_KEY) == OWNER_TAG_VALUE:
            raise OwnershipConflictError(
                f"{inp.label}: user group {inp.user_group_id!r} is managed by a UserGroup with user_ids, which "
                "owns its whole membership; add these users to that UserGroup's user_ids, or drop its user_ids "
                "to manage members with UserGroupMembership resources"
            )

    def create(self, props: dict[str, Any]) -> CreateResult:
        raise_failures(membership_failures(props, self.name_of(props)))
        inp = UserGroupMembershipInputs.model_validate(_normalize(props))
        target = self.target(props)
        self._guard(target, inp)
        own = set(inp.user_ids)
        change_membership(target, inp.user_group_id, lambda _live: (own, set()), resource=inp.label)
        id_ = f"{inp.user_group_id}/{secrets.token_hex(4)}"
        return CreateResult(id_, self._outputs(inp, sorted(own)))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        raise_failures(membership_failures(news, self.name_of(news)))
        inp = UserGroupMembershipInputs.model_validate(_normalize(news))
        target = self.target(news)
        self._guard(target, inp)
        new_own = set(inp.user_ids)
        dropped = set(olds.get("user_ids") or []) - new_own
        change_membership(target, inp.user_group_id, lambda _live: (new_own, dropped), resource=inp.label)
        return UpdateResult(self._outputs(inp, sorted(new_own)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        target = self.target(props)
        group_id = str(props.get("user_group_id") or id_.split("/")[0])
        group = describe_group(target, group_id, f"membership {id_!r}")
        if group is None or group.get("Status") == "deleting":
            return ReadResult(None, {})
        live = live_members(group)
        outs = {k: v for k, v in props.items() if not k.startswith("__")}
        outs["user_ids"] = sorted(set(props.get("user_ids") or []) & live)
        return ReadResult(id_, outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        target = self.target(props)
        group_id = str(props.get("user_group_id") or id_.split("/")[0])
        own = set(props.get("user_ids") or [])
        label = f"membership of {', '.join(sorted(own))} in user group {group_id!r}"
        group = describe_group(target, group_id, label) if own else None
        if group is None or group.get("Status") == "deleting":
            return
        try:
            change_membership(target, group_id, lambda _live: (set(), own), resource=label)
        except NotFoundError as exc:
            if exc.code != "UserGroupNotFound":
                raise

    @staticmethod
    def _outputs(inp: UserGroupMembershipInputs, user_ids: list[str]) -> dict[str, Any]:
        return {
            "user_group_id": inp.user_group_id,
            "user_ids": user_ids,
            "region": inp.region,
            "profile": inp.profile,
        }


class UserGroupMembership(Resource, module="elasticache-rbac", name="UserGroupMembership"):
    """Additive membership of ``user_ids`` in the group ``user_group_id`` (see the module docstring)."""

    user_group_id: pulumi.Output[str]
    user_ids: pulumi.Output[list[str]]

    def __init__(
        self,
        resource_name: str,
        *,
        user_group_id: pulumi.Input[str],
        user_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "user_group_id": user_group_id,
            "user_ids": user_ids,
            NAME_KEY: resource_name,
            **aws_settings(),
        }
        super().__init__(UserGroupMembershipProvider(), resource_name, props, opts)
