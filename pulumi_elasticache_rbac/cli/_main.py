"""``main``: build the ``elasticache-rbac`` parser from the registry, run the chosen command.

Contract: ``main(argv)`` never raises ``SystemExit``; it returns the exit code — 0 for ``--help`` and
``--version``, 2 for a usage error (argparse's message on stderr) or a missing command, else the
command handler's return value.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .._version import __version__
from ._registry import SUBCOMMANDS, Handler, register_all

PROG = "elasticache-rbac"


def build_parser(subcommands: Sequence[str] = SUBCOMMANDS) -> argparse.ArgumentParser:
    """The top-level parser with ``--version`` and one subparser per registered command module."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Amazon ElastiCache RBAC for Pulumi: tools around the pulumi_elasticache_rbac package.",
        epilog=f"Run `{PROG} COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    register_all(subparsers, subcommands)
    return parser


def main(argv: Sequence[str] | None = None, *, subcommands: Sequence[str] = SUBCOMMANDS) -> int:
    """Run ``elasticache-rbac`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser(subcommands)
    try:
        args = parser.parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            parser.error("a command is required")
    except SystemExit as exc:  # argparse exits for --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    return handler(args)
