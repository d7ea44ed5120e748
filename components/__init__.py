"""Pulumi components for ElastiCache RBAC.

``ElastiCacheRbac(name, spec, opts=None)`` declares users, user groups and memberships as one whole
from an :class:`ElastiCacheRbacSpec` (or a plain dict of the same shape), validated all at once.
"""

from components._config import spec_from_config
from components._rbac import TYPE_TOKEN, ElastiCacheRbac
from components._spec import (
    ElastiCacheRbacSpec,
    ExistingUserSpec,
    GroupSpec,
    MembershipSpec,
    Problem,
    SpecError,
    UserSpec,
    parse_spec,
)

__all__ = [
    "TYPE_TOKEN",
    "ElastiCacheRbac",
    "ElastiCacheRbacSpec",
    "ExistingUserSpec",
    "GroupSpec",
    "MembershipSpec",
    "Problem",
    "SpecError",
    "UserSpec",
    "parse_spec",
    "spec_from_config",
]
