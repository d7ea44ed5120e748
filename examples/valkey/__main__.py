"""RBAC for a Valkey cache.

A valkey user group may only contain users that authenticate (password or IAM): no-password users,
including the built-in ``default`` user, cannot join, and a valkey group needs no ``default``-named
member. Valkey caches accept valkey and redis user groups; a redis user with a password may join a
valkey group too.
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac

config = pulumi.Config()

rbac = ElastiCacheRbac(
    "valkey",
    {
        "users": [
            {
                "id": "vk-app",
                "engine": "valkey",
                "accessString": "on ~app:* +@all",
                "passwords": [config.require_secret("appPassword")],
            },
            {"id": "vk-metrics", "engine": "valkey", "authentication": "iam", "accessString": "on ~* -@all +@read"},
        ],
        "groups": [{"id": "vk-app", "engine": "valkey", "members": ["vk-app", "vk-metrics"]}],
    },
)

pulumi.export("userArns", rbac.user_arns)
pulumi.export("groupIds", rbac.group_ids)
