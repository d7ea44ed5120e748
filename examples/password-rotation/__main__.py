"""Password rotation, step 1 of 3: the user has one password (``password``).

Step 2 (``step2/__main__.py``) adds ``nextPassword`` next to it, so clients can move over while both
work; step 3 (``step3/__main__.py``) drops the old one. See README.md.
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
                "passwords": [config.require_secret("password")],
            }
        ],
        "groups": [{"id": "rotation-app", "members": ["default", "rotating-app"]}],
    },
)

pulumi.export("userArns", rbac.user_arns)
pulumi.export("passwordCount", rbac.users["rotating-app"].password_count)
