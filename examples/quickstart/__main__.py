"""Quickstart: one user group with three users.

- ``qs-writer`` and ``qs-reader`` authenticate with passwords from secret stack config;
- ``qs-default`` replaces the built-in ``default`` user in the group: it is *named* ``default`` (every
  redis user group needs a member with that name) but is switched off, so connections that do not
  authenticate get no access.
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac, ElastiCacheRbacSpec, GroupSpec, UserSpec

config = pulumi.Config()

writer = UserSpec(
    id="qs-writer",
    access_string="on ~app:* -@all +@read +@write",
    passwords=[config.require_secret("writerPassword")],
)
reader = UserSpec(
    id="qs-reader",
    access_string="on ~app:* -@all +@read",
    passwords=[config.require_secret("readerPassword")],
)
locked_default = UserSpec(
    id="qs-default",
    name="default",
    authentication="no-password-required",
    access_string="off -@all",
)

rbac = ElastiCacheRbac(
    "quickstart",
    ElastiCacheRbacSpec(
        users=[writer, reader, locked_default],
        groups=[GroupSpec(id="qs-app", members=[locked_default, writer, reader])],
    ),
)

pulumi.export("userArns", rbac.user_arns)
pulumi.export("groupArns", rbac.group_arns)
# Pass this to pulumi_aws.elasticache.ReplicationGroup(user_group_ids=...).
pulumi.export("groupIds", rbac.group_ids)
