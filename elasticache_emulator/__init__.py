"""A local emulator of the Amazon ElastiCache RBAC control-plane API (users, user groups, and the
user-group side of replication groups), over real HTTP, with timing and faults chosen by the caller.

Public surface: :func:`start_emulator` / :class:`RunningEmulator` (in-process), :class:`EmulatorServer`,
:class:`AdminClient`, :class:`EmulatorConfig` and its parts. The console script is
``elasticache-emulator`` (``elasticache_emulator.cli``); pytest fixtures come from
``elasticache_emulator.pytest_plugin``. See ``docs/emulator.md``.
"""

from elasticache_emulator.admin import AdminClient, AdminError
from elasticache_emulator.config import EmulatorConfig, FaultConfig, Quotas, Rules, Timings, build_config
from elasticache_emulator.server import EmulatorServer
from elasticache_emulator.testing import RunningEmulator, start_emulator

__all__ = [
    "AdminClient",
    "AdminError",
    "EmulatorConfig",
    "EmulatorServer",
    "FaultConfig",
    "Quotas",
    "Rules",
    "RunningEmulator",
    "Timings",
    "build_config",
    "start_emulator",
]
