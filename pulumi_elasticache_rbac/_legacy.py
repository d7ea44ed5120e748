"""The import names of version 0.1 (``components``, ``dynamic_providers``) in a source checkout.

Why they must keep working: Pulumi state pickles every dynamic provider *by reference*, so a stack
created with version 0.1 holds ``dynamic_providers.user.UserProvider`` (and ``.user_group.``,
``.membership.``) in each resource's ``__provider``; ``pulumi refresh`` and ``pulumi destroy``
unpickle the provider from that state in the dynamic-provider process.

Where they work: wherever the repository root is on ``sys.path`` — the editable install of a checkout
(``make venv``) or a program run from the root. There the top-level folders ``components/`` and
``dynamic_providers/`` (the sources of ``pulumi_elasticache_rbac.components`` and
``.dynamic_providers``) are importable under their old names, and their ``__init__`` calls
:func:`adopt` when imported that way. An installed wheel has neither name.

Contract of :func:`adopt`: afterwards ``sys.modules[legacy]`` and ``sys.modules[f"{legacy}.{sub}"]``
for every submodule *are* the module objects of ``pulumi_elasticache_rbac.<legacy>[.<sub>]`` — never
second copies. So ``dynamic_providers.user.UserProvider is
pulumi_elasticache_rbac.dynamic_providers.user.UserProvider``, and module-level state (the cached boto3
clients, the per-group locks) exists once per process whichever name a provider was pickled under.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

__all__ = ["LEGACY_PACKAGES", "adopt"]

LEGACY_PACKAGES = ("components", "dynamic_providers")
"""The top-level names of version 0.1, each the old name of ``pulumi_elasticache_rbac.<name>``."""


def adopt(legacy: str) -> None:
    """Make the legacy package name ``legacy`` and all its submodule names aliases of the package's modules.

    Imports ``pulumi_elasticache_rbac.<legacy>`` and every submodule of it, then binds each under the
    legacy name in ``sys.modules``. Called from the legacy package's own ``__init__``: the import
    system then returns the aliased module (a module may replace itself in ``sys.modules``), and later
    ``import <legacy>.<sub>`` finds the alias instead of loading the file a second time.
    """
    if legacy not in LEGACY_PACKAGES:
        raise ValueError(f"not a legacy package name: {legacy!r} (known: {', '.join(LEGACY_PACKAGES)})")
    target = f"{__package__}.{legacy}"
    package = importlib.import_module(target)
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{target}."):
        importlib.import_module(info.name)
    for name, module in list(sys.modules.items()):
        if name == target or name.startswith(f"{target}."):
            sys.modules[legacy + name[len(target) :]] = module
