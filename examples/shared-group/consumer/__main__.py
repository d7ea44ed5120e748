"""Consumer of a shared user group owned by another project (../owner).

It creates its own user and adds it to the shared group with an additive membership, which adds and
removes exactly ``team-b`` and never touches the other members. The group id comes from stack config
(or, in a real setup, from the owner's stack output through a ``pulumi.StackReference``).
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac

config = pulumi.Config()
group_id = config.get("groupId") or "shared-cache-users"

rbac = ElastiCacheRbac(
    "consumer",
    {
        "users": [
            {
                "id": "team-b",
                "accessString": "on ~team-b:* +@all",
                "passwords": [config.require_secret("teamBPassword")],
            }
        ],
        "memberships": [{"group": group_id, "users": ["team-b"]}],
    },
)

pulumi.export("userArns", rbac.user_arns)
