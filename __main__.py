"""The root Pulumi program: ElastiCache RBAC declared in the stack configuration value ``rbac``.

See the README (The root project) for the config format. The ``local`` stack (Pulumi.local.yaml) targets the local
emulator (``make up``); any other stack targets the AWS account and region of its credentials.
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac, spec_from_config

rbac = ElastiCacheRbac("rbac", spec_from_config("rbac"))

pulumi.export("userArns", rbac.user_arns)
pulumi.export("groupArns", rbac.group_arns)
pulumi.export("groupIds", rbac.group_ids)
