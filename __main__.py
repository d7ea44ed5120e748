"""The root Pulumi program: ElastiCache RBAC declared in the stack configuration value ``rbac``.

See the README (The root project) for the config format; ``retainOnDelete: true`` makes ``pulumi destroy``
leave the live objects in place. The ``local`` stack (Pulumi.local.yaml) targets the local
emulator (``make up``); any other stack targets the AWS account and region of its credentials.
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac, spec_from_config

config = pulumi.Config()
# `retainOnDelete: true` keeps the live users and groups when they leave the stack (`pulumi destroy`)
keep = pulumi.ResourceOptions(retain_on_delete=True) if config.get_bool("retainOnDelete") else None
rbac = ElastiCacheRbac("rbac", spec_from_config("rbac", config), opts=keep)

pulumi.export("userArns", rbac.user_arns)
pulumi.export("groupArns", rbac.group_arns)
pulumi.export("groupIds", rbac.group_ids)
