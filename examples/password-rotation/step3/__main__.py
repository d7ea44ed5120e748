"""Password rotation, step 3 of 3: only ``nextPassword`` is left; the old password stops working.

Afterwards, for the next rotation: set ``password`` to the value of ``nextPassword`` and start again
from step 1.
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
                "passwords": [config.require_secret("nextPassword")],
            }
        ],
        "groups": [{"id": "rotation-app", "members": ["default", "rotating-app"]}],
    },
)

pulumi.export("userArns", rbac.user_arns)
pulumi.export("passwordCount", rbac.users["rotating-app"].password_count)
