"""Wiring RBAC into a pulumi-aws ``ReplicationGroup``.

``rbac.group_ids`` resolves once the user group exists, so the cache is created after it and deleted
before it. RBAC needs in-transit encryption and a VPC (a cache subnet group). A replication group takes
at most one user group. This program needs the real `aws` resource plugin and an AWS account; in this
repository it is tested with Pulumi mocks (see README.md).
"""

import pulumi
import pulumi_aws as aws

from pulumi_elasticache_rbac import ElastiCacheRbac

config = pulumi.Config()

rbac = ElastiCacheRbac(
    "cache-rbac",
    {
        "users": [
            {
                "id": "cache-app",
                "accessString": "on ~app:* -@all +@read +@write",
                "passwords": [config.require_secret("appPassword")],
            },
            {
                "id": "cache-default",
                "name": "default",
                "authentication": "no-password-required",
                "accessString": "off -@all",
            },
        ],
        "groups": [{"id": "cache-users", "members": ["cache-default", "cache-app"]}],
    },
)

subnets = aws.elasticache.SubnetGroup("cache-subnets", subnet_ids=config.require_object("subnetIds"))

cache = aws.elasticache.ReplicationGroup(
    "cache",
    description="App cache with RBAC",
    engine="redis",
    engine_version="7.1",
    node_type=config.get("nodeType") or "cache.t4g.micro",
    num_cache_clusters=2,
    automatic_failover_enabled=True,
    transit_encryption_enabled=True,  # required for user groups
    subnet_group_name=subnets.name,
    security_group_ids=config.get_object("securityGroupIds") or [],
    user_group_ids=rbac.group_ids,
)

pulumi.export("primaryEndpoint", cache.primary_endpoint_address)
pulumi.export("userGroupIds", rbac.group_ids)
