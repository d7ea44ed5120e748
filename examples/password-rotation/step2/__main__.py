"""Password rotation, step 2 of 3: both passwords work (the overlap window).

Deploy this, then move every client to ``nextPassword``. ElastiCache keeps existing connections when
passwords change.
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac

config = pulumi.Config()

rbac = ElastiCacheRbac(
    "rotation",
    {
        "users": [
            {
                "id": "rotating-app",
                "accessString": "on ~app:* +@all",
                "passwords": [config.require_secret("password"), config.require_secret("nextPassword")],
            }
        ],
        "groups": [{"id": "rotation-app", "members": ["default", "rotating-app"]}],
    },
)

pulumi.export("userArns", rbac.user_arns)
pulumi.export("passwordCount", rbac.users["rotating-app"].password_count)
