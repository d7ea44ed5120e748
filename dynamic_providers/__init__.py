"""Amazon ElastiCache RBAC users, user groups and group memberships as Pulumi dynamic resources.

Public surface (everything else is private plumbing):

- :class:`User`, :class:`UserGroup`, :class:`UserGroupMembership` — the resources.
- :class:`RbacError` and its subclasses — what the providers raise (tree in ``_errors``).
- :mod:`dynamic_providers.rules` — the input rules (ids, engines, passwords, access strings, members),
  shared by the providers' ``check`` and the ``components`` spec validation.

See ``docs/providers.md`` for behaviour, limits and workarounds.
"""

if __name__ == "dynamic_providers":
    # Imported under its version 0.1 name (a source checkout; old stacks' state pickles providers under
    # it): become an alias of pulumi_elasticache_rbac.dynamic_providers, never a second copy.
    from pulumi_elasticache_rbac._legacy import adopt

    adopt(__name__)

from ._errors import (
    AlreadyExistsError,
    DependencyViolationError,
    InvalidInputError,
    InvalidStateError,
    NotAMemberError,
    NotFoundError,
    NotReadyForTaggingError,
    OwnershipConflictError,
    RbacError,
    RequestRejectedError,
    RetryableError,
    ServiceError,
    ThrottlingError,
    WaitError,
    WaitTimeoutError,
)
from .barrier import RbacBarrier, RbacBarrierProvider
from .membership import UserGroupMembership, UserGroupMembershipProvider
from .user import User, UserProvider
from .user_group import UserGroup, UserGroupProvider

__all__ = [
    "AlreadyExistsError",
    "DependencyViolationError",
    "InvalidInputError",
    "InvalidStateError",
    "NotAMemberError",
    "NotFoundError",
    "NotReadyForTaggingError",
    "OwnershipConflictError",
    "RbacBarrier",
    "RbacBarrierProvider",
    "RbacError",
    "RequestRejectedError",
    "RetryableError",
    "ServiceError",
    "ThrottlingError",
    "User",
    "UserGroup",
    "UserGroupMembership",
    "UserGroupMembershipProvider",
    "UserGroupProvider",
    "UserProvider",
    "WaitError",
    "WaitTimeoutError",
]
