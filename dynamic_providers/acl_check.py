"""``acl check``: may a user with this access string run this command? (the CLI's answer)

``elasticache-rbac acl check "on ~app:* +@read" GET app:1`` prints ``allowed`` or ``denied``, the
engine's own answer (``ACL DRYRUN``'s words) and the rule that decides, from
:func:`dynamic_providers.access_strings.dry_run`; no server is needed. Exit codes: 0 allowed, 1 denied
(also when the user is ``off``, or ElastiCache does not offer the command), 2 usage (bad arguments, an
invalid access string, a command the engine does not know or a wrong number of arguments).

:func:`register` adds the ``acl`` command (with its ``check`` subcommand) to an ``argparse``
sub-parser set, for the ``elasticache-rbac`` console script; :func:`main` runs it on its own
(``python -m dynamic_providers.acl_check check "on ~* +@read" GET k``). A password rule in the access
string is reported without its value.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .access_strings import AccessStringError, dry_run
from .command_table import TABLES, UnknownEngineError

__all__ = ["ALLOWED", "DENIED", "USAGE", "check", "main", "register"]

ALLOWED, DENIED, USAGE = 0, 1, 2


def check(access_string: str, argv: Sequence[str], *, engine: str = "redis", out: TextIO | None = None) -> int:
    """Print whether ``argv`` is allowed for ``access_string`` on ``engine``; return the exit code."""
    out = out or sys.stdout
    try:
        result = dry_run(access_string, argv, engine=engine)
    except UnknownEngineError as exc:
        print(f"error: {exc}", file=out)
        return USAGE
    except AccessStringError as exc:
        print("error: the access string is not valid:", file=out)
        for problem in exc.problems:
            print(f"  - {problem}", file=out)
        return USAGE
    if result.error:
        print(f"error: {result.reason} ({result.rule})", file=out)
        return USAGE
    line = " ".join(argv)
    print(f"{'allowed' if result.usable else 'denied'}: {line}", file=out)
    print(f"  engine (ACL DRYRUN): {result.reason}", file=out)
    print(f"  rule: {result.rule}", file=out)
    if result.allowed and not result.enabled:
        print("  but: the user is off (the access string has no 'on'), so it cannot log in", file=out)
    if result.allowed and result.restricted:
        print(f"  but: ElastiCache does not offer '{(result.command or '').split('|')[0]}'", file=out)
    return ALLOWED if result.usable else DENIED


def register(subparsers: Any) -> None:
    """Add ``acl check ACCESS_STRING COMMAND [ARG ...]`` to ``subparsers`` (from ``add_subparsers()``)."""
    acl = subparsers.add_parser("acl", help="access strings: check what a user may run")
    _add_check(acl.add_subparsers(dest="acl_command", required=True))


def _add_check(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="may a user with this access string run this command? (exit 0 allowed, 1 denied, 2 usage)",
        description="Decide a command line for an access string as the engine's ACL DRYRUN does, offline.",
    )
    parser.add_argument("access_string", help='the access string, e.g. "on ~app:* +@read"')
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command line, e.g. GET app:1")
    parser.add_argument("--engine", default="redis", help=f"redis (default), valkey, or one of {', '.join(TABLES)}")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if not args.command:
        print("error: give a command line after the access string, e.g. GET app:1", file=sys.stderr)
        return USAGE
    return check(args.access_string, args.command, engine=args.engine)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``check ...`` (the ``acl`` command's arguments) and return the exit code."""
    parser = argparse.ArgumentParser(prog="elasticache-rbac acl")
    _add_check(parser.add_subparsers(dest="acl_command", required=True))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors
        return int(exc.code or 0)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
