"""``ElastiCacheRbac``: users, user groups and memberships declared as one whole."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pydantic import SecretStr

from pulumi_elasticache_rbac.dynamic_providers import RbacBarrier, User, UserGroup, UserGroupMembership
from pulumi_elasticache_rbac.dynamic_providers._ownership import urn_of
from pulumi_elasticache_rbac.dynamic_providers._provider import GROUP_TYPE, USER_TYPE

from ._spec import ElastiCacheRbacSpec, Password, UserSpec, parse_spec

TYPE_TOKEN = "elasticache-rbac:index:ElastiCacheRbac"


def _secret(password: Password) -> pulumi.Output[str]:
    if isinstance(password, SecretStr):
        return pulumi.Output.secret(password.get_secret_value())
    return pulumi.Output.secret(password)


def _authentication_mode(user: UserSpec) -> dict[str, Any]:
    mode: dict[str, Any] = {"type": user.authentication}
    if user.passwords:
        mode["passwords"] = [_secret(p) for p in user.passwords]
    return mode


class ElastiCacheRbac(pulumi.ComponentResource):
    """ElastiCache RBAC as a whole: these users, these groups, who is in which.

    ``spec`` is an :class:`ElastiCacheRbacSpec` or a plain dict of the same shape. The whole spec is
    validated when the component is constructed, before any resource is registered; all problems are
    raised together as one :class:`SpecError`.

    Waits: the children return as soon as the service accepted their change (``wait=False``), and one
    ``RbacBarrier`` child (``<name>-ready``) waits for all of them in one request; the outputs come from
    it, so they are known only once every user and group is active.

    Children (all ``parent=self``): one ``dynamic_providers.User`` per ``users`` entry, named
    ``user-<id>``, one ``UserGroup`` per ``groups`` entry, named ``group-<id>`` (authoritative over its
    membership when it lists ``members``; it depends on the spec's users it contains, so they exist
    before it and are deleted after it), and one ``UserGroupMembership`` per ``memberships`` entry, named
    ``<name>-membership-<group>`` (additive). User and group names leave out the component's name: an id
    names one object per account and region, so the resource keeps its URN when the entry moves to
    another ``ElastiCacheRbac`` of the stack, and the move changes nothing live (declaring one id in two
    components of a stack is refused by the engine as a duplicate URN). Aliases carry state written
    under the names that did include it (``<name>-user-<id>``).

    Outputs:
    - ``user_arns``: user id -> ARN;
    - ``group_arns``: group id -> ARN;
    - ``group_ids``: the group ids, resolved once each group exists; pass it (or one element of it)
      to ``pulumi_aws.elasticache.ReplicationGroup(user_group_ids=...)`` so the cache waits for it;
    - ``users`` / ``groups`` / ``memberships``: the child resources by id, ``barrier`` the barrier
      (``None`` for an empty spec) (Python only).
    """

    user_arns: pulumi.Output[dict[str, str]]
    group_arns: pulumi.Output[dict[str, str]]
    group_ids: pulumi.Output[list[str]]
    qualified_type: str | None
    users: dict[str, User]
    groups: dict[str, UserGroup]
    memberships: dict[str, UserGroupMembership]
    barrier: RbacBarrier | None
    spec: ElastiCacheRbacSpec

    def __init__(
        self,
        name: str,
        spec: ElastiCacheRbacSpec | Mapping[str, Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        # Validate before registering anything: an invalid spec leaves no trace in the stack.
        self.spec = parse_spec(spec)
        super().__init__(TYPE_TOKEN, name, None, opts)
        parent = opts.parent if opts else None
        self.qualified_type = TYPE_TOKEN if parent is None else None
        """The type chain of this component's URN when it can be told without the engine (a component of
        the stack itself): its children then know their URNs as plain strings, which saves them an
        ``Output`` each for their owner token and their alias (:func:`urn_of`)."""

        def moved_from(type_: str, old_name: str) -> list[str | pulumi.Alias]:
            # the children's names before they were named by id alone
            old = urn_of(type_, old_name, self)
            return [old] if old is not None else [pulumi.Alias(name=old_name)]

        self.users = {}
        for user in self.spec.users:
            self.users[user.id] = User(
                f"user-{user.id}",
                user_id=user.id,
                user_name=user.user_name,
                engine=user.engine,
                access_string=user.access_string,
                authentication_mode=_authentication_mode(user),
                tags=user.tags or None,
                adopt_existing=user.adopt_existing,
                wait=False,  # the barrier waits once for all
                opts=pulumi.ResourceOptions(parent=self, aliases=moved_from(USER_TYPE, f"{name}-user-{user.id}")),
            )

        self.groups = {}
        for group in self.spec.groups:
            # Members declared here are passed as User resources: the group depends on them (created
            # first, deleted last) and the provider can check member user names at preview.
            members: list[str | User] | None = None
            if group.member_ids is not None:
                members = [self.users.get(uid, uid) for uid in group.member_ids]
            deps: list[pulumi.Resource] = [m for m in members or [] if isinstance(m, User)]
            self.groups[group.id] = UserGroup(
                f"group-{group.id}",
                user_group_id=group.id,
                engine=group.engine,
                user_ids=members,
                tags=group.tags or None,
                adopt_existing=group.adopt_existing,
                take_over_memberships=group.take_over_memberships,
                wait=False,
                opts=pulumi.ResourceOptions(
                    parent=self, depends_on=deps, aliases=moved_from(GROUP_TYPE, f"{name}-group-{group.id}")
                ),
            )

        self.memberships = {}
        for membership in self.spec.memberships:
            mdeps: list[pulumi.Resource] = [self.users[u] for u in membership.user_ids if u in self.users]
            group_id: pulumi.Input[str] = membership.group
            if membership.group in self.groups:
                group_id = self.groups[membership.group].user_group_id
                mdeps.append(self.groups[membership.group])
            self.memberships[membership.group] = UserGroupMembership(
                f"{name}-membership-{membership.group}",
                user_group_id=group_id,
                user_ids=[self.users[u].user_id if u in self.users else u for u in membership.user_ids],
                wait=False,
                opts=pulumi.ResourceOptions(parent=self, depends_on=mdeps),
            )

        self.barrier = None
        if self.users or self.groups or self.memberships:
            # one request waits for every child (they return as soon as the service accepted their change)
            self.barrier = RbacBarrier(
                f"{name}-ready",
                users=list(self.users.values()),
                groups=list(self.groups.values()),
                memberships=list(self.memberships.values()),
                opts=pulumi.ResourceOptions(parent=self),
            )
            # from the barrier: known once everything is active, so a cache wired to them waits for that
            self.user_arns = self.barrier.user_arns
            self.group_arns = self.barrier.group_arns
            self.group_ids = self.barrier.user_group_ids
        else:
            self.user_arns = pulumi.Output.from_input({})
            self.group_arns = pulumi.Output.from_input({})
            self.group_ids = pulumi.Output.from_input([])
        self.register_outputs({"userArns": self.user_arns, "groupArns": self.group_arns, "groupIds": self.group_ids})
