"""IAM-authenticated users, and the IAM policy document that lets them connect.

With IAM authentication a client connects with a short-lived SigV4 token instead of a password. The
IAM principal needs ``elasticache:Connect`` on both the cache and the ElastiCache user; this program
outputs that policy document (attach it with ``pulumi_aws.iam.Policy`` / ``RolePolicy``, or hand it to
whoever manages IAM). An IAM user's name must equal its id.
"""

import json

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac

config = pulumi.Config()
# The cache the users connect to: a replication group (or `serverlesscache`) in the same account/region.
cache_kind = config.get("cacheKind") or "replicationgroup"
cache_name = config.get("cacheName") or "app-cache"

rbac = ElastiCacheRbac(
    "iam",
    {
        "users": [
            {"id": "orders-service", "authentication": "iam", "accessString": "on ~orders:* -@all +@read +@write"},
            {"id": "reporting", "authentication": "iam", "accessString": "on ~* -@all +@read"},
        ],
        "groups": [{"id": "iam-app", "members": ["default", "orders-service", "reporting"]}],
    },
)


def policy(user_arns: dict[str, str]) -> str:
    # The cache ARN shares partition, region and account with the user ARNs.
    any_arn = next(iter(user_arns.values()))
    prefix = any_arn.rsplit(":", 2)[0]  # arn:<partition>:elasticache:<region>:<account>
    cache_arn = f"{prefix}:{cache_kind}:{cache_name}"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["elasticache:Connect"],
                    "Resource": [cache_arn, *sorted(user_arns.values())],
                }
            ],
        },
        indent=2,
    )


pulumi.export("userArns", rbac.user_arns)
pulumi.export("groupIds", rbac.group_ids)
pulumi.export("connectPolicyJson", rbac.user_arns.apply(policy))
