"""Owner of a shared user group.

The group leaves out ``members``: it does not own its membership, so other projects can add their
users with additive memberships (see ../consumer) without this project removing them again. ElastiCache
needs a ``default``-named member in a redis group, so the group is created holding the built-in
``default`` user. This project adds its own user with a membership as well.
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac

config = pulumi.Config()
group_id = config.get("groupId") or "shared-cache-users"

rbac = ElastiCacheRbac(
    "owner",
    {
        "users": [
            {
                "id": "team-a",
                "accessString": "on ~team-a:* +@all",
                "passwords": [config.require_secret("teamAPassword")],
            }
        ],
        "groups": [{"id": group_id}],
        "memberships": [{"group": group_id, "users": ["team-a"]}],
    },
)

pulumi.export("groupId", rbac.groups[group_id].user_group_id)
pulumi.export("groupArns", rbac.group_arns)
