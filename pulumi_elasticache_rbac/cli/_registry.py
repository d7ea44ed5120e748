"""The subcommands of ``elasticache-rbac``: a list of modules, each registering its own parser.

To add a command, write a module (e.g. ``pulumi_elasticache_rbac/cli/_export.py``) with::

    def register(subparsers: Subparsers) -> None:
        parser = subparsers.add_parser("export", help="...", description="...")
        parser.add_argument(...)
        parser.set_defaults(handler=run)   # run(args: argparse.Namespace) -> int, the exit code

and append its name to :data:`SUBCOMMANDS`. ``main`` dispatches to the ``handler`` of the command
given on the command line and returns what it returns. A handler reports problems on stderr and
returns non-zero; it does not call ``sys.exit``.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers: TypeAlias = argparse._SubParsersAction
"""What ``register`` receives: the object returned by ``ArgumentParser.add_subparsers``."""

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A command's entry point: the parsed arguments in, the exit code out."""

SUBCOMMANDS: tuple[str, ...] = (".acl", "._export")
"""The modules providing ``register(subparsers)``, in the order their commands are listed in ``--help``.
Names starting with ``.`` are relative to this package."""


def register_all(subparsers: Subparsers, modules: Iterable[str] = SUBCOMMANDS) -> None:
    """Import each module of ``modules`` and call its ``register(subparsers)``."""
    for name in modules:
        module = importlib.import_module(name, __package__)
        register: Callable[[Subparsers], None] = module.register
        register(subparsers)
