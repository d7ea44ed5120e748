"""The root project's program: ElastiCache RBAC declared in the stack configuration value ``rbac``,
here filled by ``elasticache-rbac export`` (see README.md)."""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac, spec_from_config

rbac = ElastiCacheRbac("rbac", spec_from_config("rbac"))

pulumi.export("userArns", rbac.user_arns)
pulumi.export("groupIds", rbac.group_ids)
