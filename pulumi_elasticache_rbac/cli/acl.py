"""``elasticache-rbac acl check ACCESS_STRING COMMAND [ARG ...]``: may a user with this access string
run this command?

Prints ``allowed`` or ``denied`` with the engine's own answer (``ACL DRYRUN``'s words) and the rule
that decides, from :func:`pulumi_elasticache_rbac.dynamic_providers.access_strings.dry_run`; no server
and no AWS call. Exit codes: 0 allowed; 1 denied (also when the user is ``off``, or ElastiCache does not
offer the command); 2 usage (bad arguments, an invalid access string, a command the engine does not know
or a wrong number of arguments), with the reason on stderr. A password rule in the access string is
reported without its value.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from ..dynamic_providers.access_strings import AccessStringError, dry_run
from ..dynamic_providers.command_table import TABLES, UnknownEngineError
from ._registry import Subparsers

__all__ = ["ALLOWED", "DENIED", "USAGE", "check", "register"]

ALLOWED, DENIED, USAGE = 0, 1, 2


def register(subparsers: Subparsers) -> None:
    """Add ``acl`` (with its ``check`` subcommand)."""
    acl = subparsers.add_parser(
        "acl",
        help="access strings: what may a user run?",
        description="Access strings, decided offline from the engine's command table.",
    )
    commands = acl.add_subparsers(title="commands", metavar="COMMAND", required=True)
    parser = commands.add_parser(
        "check",
        help="decide a command line for an access string (exit 0 allowed, 1 denied, 2 usage)",
        description="Decide a command line for an access string as the engine's ACL DRYRUN does, offline.",
    )
    parser.add_argument("--engine", default="redis", help=f"redis (default), valkey, or one of {', '.join(TABLES)}")
    parser.add_argument("access_string", help='the access string, e.g. "on ~app:* +@read"')
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command line, e.g. GET app:1")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if not args.command:
        print("error: give a command line after the access string, e.g. GET app:1", file=sys.stderr)
        return USAGE
    return check(args.access_string, args.command, engine=args.engine)


def check(
    access_string: str,
    argv: Sequence[str],
    *,
    engine: str = "redis",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print whether ``argv`` is allowed for ``access_string`` on ``engine``; return the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        result = dry_run(access_string, argv, engine=engine)
    except UnknownEngineError as exc:
        print(f"error: {exc}", file=err)
        return USAGE
    except AccessStringError as exc:
        print("error: the access string is not valid:", file=err)
        for problem in exc.problems:
            print(f"  - {problem}", file=err)
        return USAGE
    if result.error:
        print(f"error: {result.reason} ({result.rule})", file=err)
        return USAGE
    print(f"{'allowed' if result.usable else 'denied'}: {' '.join(argv)}", file=out)
    print(f"  engine (ACL DRYRUN): {result.reason}", file=out)
    print(f"  rule: {result.rule}", file=out)
    for caveat in result.caveats if result.allowed else []:
        print(f"  but: {caveat}", file=out)
    return ALLOWED if result.usable else DENIED
