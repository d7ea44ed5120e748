"""Amazon ElastiCache RBAC for Pulumi Python programs: users, user groups and memberships.

The public API, in one import::

    from pulumi_elasticache_rbac import ElastiCacheRbac, User, UserGroup, UserGroupMembership

- :class:`ElastiCacheRbac` — the component: a whole RBAC spec (:class:`ElastiCacheRbacSpec` and its
  parts, or a plain dict) validated at once; :func:`spec_from_config` reads one from stack config;
  :class:`SpecError` lists every problem.
- :class:`User`, :class:`UserGroup`, :class:`UserGroupMembership` — the dynamic resources, and
  :class:`RbacError` with its subclasses, what their providers raise.

Subpackages: :mod:`pulumi_elasticache_rbac.components` (the component and its spec),
:mod:`pulumi_elasticache_rbac.dynamic_providers` (the resources and their providers;
``.dynamic_providers.rules`` are the input rules), :mod:`pulumi_elasticache_rbac.cli` (the
``elasticache-rbac`` command). Everything named here is re-exported unchanged from those subpackages.
"""

from ._version import __version__
from .components import (
    TYPE_TOKEN,
    ElastiCacheRbac,
    ElastiCacheRbacSpec,
    ExistingUserSpec,
    ExpectationSpec,
    GroupSpec,
    MembershipSpec,
    Problem,
    SpecError,
    UserSpec,
    parse_spec,
    spec_from_config,
)
from .dynamic_providers import (
    AlreadyExistsError,
    DependencyViolationError,
    InvalidInputError,
    InvalidStateError,
    NotAMemberError,
    NotFoundError,
    NotReadyForTaggingError,
    OwnershipConflictError,
    RbacBarrier,
    RbacBarrierProvider,
    RbacError,
    RequestRejectedError,
    RetryableError,
    ServiceError,
    ThrottlingError,
    User,
    UserGroup,
    UserGroupMembership,
    UserGroupMembershipProvider,
    UserGroupProvider,
    UserProvider,
    WaitError,
    WaitTimeoutError,
)

__all__ = [
    "TYPE_TOKEN",
    "AlreadyExistsError",
    "DependencyViolationError",
    "ElastiCacheRbac",
    "ElastiCacheRbacSpec",
    "ExistingUserSpec",
    "ExpectationSpec",
    "GroupSpec",
    "InvalidInputError",
    "InvalidStateError",
    "MembershipSpec",
    "NotAMemberError",
    "NotFoundError",
    "NotReadyForTaggingError",
    "OwnershipConflictError",
    "Problem",
    "RbacBarrier",
    "RbacBarrierProvider",
    "RbacError",
    "RequestRejectedError",
    "RetryableError",
    "ServiceError",
    "SpecError",
    "ThrottlingError",
    "User",
    "UserGroup",
    "UserGroupMembership",
    "UserGroupMembershipProvider",
    "UserGroupProvider",
    "UserProvider",
    "UserSpec",
    "WaitError",
    "WaitTimeoutError",
    "__version__",
    "parse_spec",
    "spec_from_config",
]
