"""``python -m pulumi_elasticache_rbac.cli``: the same as the ``elasticache-rbac`` console script."""

from . import main

raise SystemExit(main())
