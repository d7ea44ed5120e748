"""Quickstart: one user group with three users, and what each may do, checked at preview.

- ``qs-writer`` and ``qs-reader`` authenticate with passwords from secret stack config;
- ``qs-default`` replaces the built-in ``default`` user in the group: it is *named* ``default`` (every
  redis user group needs a member with that name) but is switched off, so connections that do not
  authenticate get no access.

``expectations`` state what each user may and may not run; they are checked against the access strings
when the program runs (every ``pulumi preview``), with no API call: a change that breaks one fails the
preview, naming the user, the command and the rule that decides.
"""

import pulumi

from pulumi_elasticache_rbac import ElastiCacheRbac, ElastiCacheRbacSpec, ExpectationSpec, GroupSpec, UserSpec

config = pulumi.Config()

writer = UserSpec(
    id="qs-writer",
    access_string="on ~app:* -@all +@read +@write -@dangerous",
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
        expectations=[
            ExpectationSpec(
                user="qs-reader",
                allow=["GET app:1", "HGETALL app:profile", "MGET app:1 app:2"],
                deny=["SET app:1 v", "DEL app:1", "GET billing:1", "FLUSHALL"],
            ),
            ExpectationSpec(user="qs-writer", allow=["SET app:1 v", "DEL app:1"], deny=["FLUSHALL", "GET billing:1"]),
            ExpectationSpec(user="qs-default", deny=["GET app:1"]),
        ],
    ),
)

pulumi.export("userArns", rbac.user_arns)
pulumi.export("groupArns", rbac.group_arns)
# Pass this to pulumi_aws.elasticache.ReplicationGroup(user_group_ids=...).
pulumi.export("groupIds", rbac.group_ids)
