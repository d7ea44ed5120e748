"""The ``elasticache-rbac`` command line: :func:`main` (the console script) and its command registry.

``elasticache-rbac --version`` prints the package version; every other feature is a subcommand that
registers itself in :mod:`._registry` (see there for how to add one).
"""

from ._main import build_parser, main
from ._registry import SUBCOMMANDS, Handler, Subparsers, register_all

__all__ = ["SUBCOMMANDS", "Handler", "Subparsers", "build_parser", "main", "register_all"]
