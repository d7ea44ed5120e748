"""Pulumi components for ElastiCache RBAC.

``ElastiCacheRbac(name, spec, opts=None)`` declares users, user groups and memberships as one whole
from an :class:`ElastiCacheRbacSpec` (or a plain dict of the same shape), validated all at once.
"""

if __name__ == "components":
    # Imported under its version 0.1 name (a source checkout; programs written for 0.1 import it):
    # become an alias of pulumi_elasticache_rbac.components, never a second copy.
    from pulumi_elasticache_rbac._legacy import adopt

    adopt(__name__)

from ._config import spec_from_config
from ._rbac import TYPE_TOKEN, ElastiCacheRbac
from ._spec import (
    ElastiCacheRbacSpec,
    ExistingUserSpec,
    ExpectationSpec,
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
    "ExpectationSpec",
    "GroupSpec",
    "MembershipSpec",
    "Problem",
    "SpecError",
    "UserSpec",
    "parse_spec",
    "spec_from_config",
]
