"""``elasticache-rbac export``: the live RBAC of an account as the root project's stack config.

Contract: reads users and user groups (boto3 paginators, then one ``ListTagsForResource`` per exported
object; nothing is written to the account), builds the ``rbac`` value with ``adoptExisting: true`` on
every user and group (:mod:`._adoption`), then prints a stack settings document to stdout or sets the
key in ``--stack-file`` (:mod:`._stack_file`). stderr gets progress, notes, the command that starts
managing each adopted password user's passwords, the resume token when ``--max-items`` stopped the run,
and a summary with the API calls made. Exit codes: 0 done, 1 the run failed, 2 a usage, environment or
input-file problem; each failure is one line, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from botocore.exceptions import BotoCoreError, ClientError

from . import _account, _adoption, _stack_file
from ._errors import CliError, UsageError, from_aws
from ._registry import Subparsers

__all__ = ["register", "run"]

COMMAND = "export"
DEFAULT_CONFIG_KEY = f"{_adoption.ROOT_PROJECT}:rbac"
PAGE_SIZE_RANGE = (20, 100)
"""``MaxRecords`` the service accepts for DescribeUsers / DescribeUserGroups."""

_DESCRIPTION = """\
Read the ElastiCache users and user groups of an account and region, and write them as the root
project's stack config (`elasticache-rbac:rbac`), each with `adoptExisting: true`: `pulumi up` then
takes them over without a write. Passwords cannot be read back: password users are adopted keeping
their live passwords; the commands that start managing them are printed on stderr.
"""

_EPILOG = """\
examples:
  elasticache-rbac export --region eu-west-1 > Pulumi.prod.yaml
  elasticache-rbac export --stack-file Pulumi.prod.yaml
  elasticache-rbac export --group-id app --with-members --stack-file Pulumi.app.yaml
  elasticache-rbac export --max-items 500 --stack-file Pulumi.prod.yaml   # then --starting-token ...
"""


def _page_size(text: str) -> int:
    low, high = PAGE_SIZE_RANGE
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"must be between {low} and {high} (the service's MaxRecords range)")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        COMMAND,
        help="write an account's live RBAC as stack config that `pulumi up` adopts without a write",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_argument_group("account")
    where.add_argument("--region", help="AWS region (default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's)")
    where.add_argument("--profile", help="AWS profile (default: AWS_PROFILE, else the standard credential chain)")
    what = parser.add_argument_group("what to export (default: every user and group)")
    what.add_argument("--user-id", action="append", default=[], metavar="ID", help="export this user (repeatable)")
    what.add_argument("--group-id", action="append", default=[], metavar="ID", help="export this group (repeatable)")
    what.add_argument("--with-members", action="store_true", help="also export the users of the --group-id groups")
    what.add_argument("--engine", choices=("redis", "valkey"), help="only users and groups of this engine")
    what.add_argument(
        "--include-managed",
        action="store_true",
        help="also export objects a Pulumi stack manages (adopting them moves them to this stack)",
    )
    paging = parser.add_argument_group("paging (as boto3's paginators take it)")
    paging.add_argument("--page-size", type=_page_size, metavar="N", help="records per Describe call (20-100)")
    paging.add_argument("--max-items", type=_positive, metavar="N", help="stop after N users and groups")
    paging.add_argument("--starting-token", metavar="TOKEN", help="resume where a --max-items run stopped")
    out = parser.add_argument_group("output")
    out.add_argument(
        "--stack-file",
        type=Path,
        metavar="PATH",
        help="set the key in this Pulumi.<stack>.yaml, keeping every other key and comment (default: print)",
    )
    out.add_argument(
        "--config-key",
        default=DEFAULT_CONFIG_KEY,
        metavar="KEY",
        help=f"config key to write (default: {DEFAULT_CONFIG_KEY}; `rbac` alone means the same)",
    )
    out.add_argument("--tag-workers", type=_positive, default=8, metavar="N", help="concurrent tag reads (default 8)")
    out.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """The handler: export, report problems as one line on stderr, return the exit code."""
    try:
        return _export(args, sys.stdout, sys.stderr)
    except CliError as exc:
        print(f"elasticache-rbac {COMMAND}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"elasticache-rbac {COMMAND}: interrupted; nothing was written", file=sys.stderr)
        return 130


def _config_key(text: str) -> str:
    key = text.strip()
    if not key or key.startswith(":") or key.endswith(":") or " " in key:
        raise UsageError(f"--config-key {text!r} is not a config key. Fix: give `<project>:<name>`, e.g. rbac")
    return key if ":" in key else f"{_adoption.ROOT_PROJECT}:{key}"


def _export(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    started = time.monotonic()
    key = _config_key(args.config_key)
    stack_file = _stack_file.load(args.stack_file) if args.stack_file is not None else None
    selection = _adoption.Selection(
        user_ids=tuple(_account.unique(args.user_id)),
        group_ids=tuple(_account.unique(args.group_id)),
        engine=args.engine,
        with_members=args.with_members,
        include_managed=args.include_managed,
    )
    paging = _account.Paging(args.page_size, args.max_items, args.starting_token)
    progress = _account.Progress(None if args.quiet else stderr)
    counter = _account.CallCounter()

    try:
        client, region = _account.connect(args.region, args.profile)
        counter.attach(client)
        if stack_file is not None:
            _check_region(stack_file, region)
        listing = _account.list_objects(client, paging, progress)
        known = listing.users
        if listing.groups_read and not listing.users_complete:
            known = _account.list_users(client, paging, progress)  # to describe the members
        users, groups, missing = _adoption.select(listing.users, listing.groups, selection)
        if missing and paging.max_items is None and paging.starting_token is None:
            raise CliError(f"not found in {region}: {', '.join(missing)}. Fix: check the ids, --region and --engine")
        # objects being deleted are left out whatever their tags say (and answer tag reads with errors)
        live = [(u.arn, u.status) for u in users] + [(g.arn, g.status) for g in groups]
        arns = [arn for arn, status in live if status not in _adoption.GONE_STATUSES]
        tags = _account.read_tags(client, arns, progress, workers=args.tag_workers)
    except (ClientError, BotoCoreError) as exc:
        raise from_aws(exc, starting_token=args.starting_token) from exc

    export = _adoption.build(users, groups, tags, {u.user_id: u for u in known}, selection)
    previous = stack_file.config.get(key) if stack_file is not None else None
    value = _adoption.merge(previous, export.value, append=args.starting_token is not None)
    for problem in _problems(value, key):
        export.notes.append(f"warning: {problem}")

    if stack_file is not None:
        _stack_file.set_key(stack_file, key, value)
        if "aws:region" not in stack_file.config:
            stack_file.config["aws:region"] = region
            export.notes.append(f"set aws:region to {region} in {stack_file.path} (the region exported)")
        _stack_file.save(stack_file)
    else:
        try:
            stdout.write(_stack_file.render({"aws:region": region, key: value}))
            stdout.flush()
        except BrokenPipeError:
            return 1

    _report(stderr, export, value, key, stack_file, listing.next_token, counter, started, region)
    return 0


def _check_region(stack_file: _stack_file.StackFile, region: str) -> None:
    configured = stack_file.config.get("aws:region")
    if isinstance(configured, str) and configured != region:
        raise UsageError(
            f"{stack_file.path} targets aws:region {configured}, but the account is read in {region}. Fix: pass "
            f"--region {configured}, or use the stack of {region}"
        )


def _problems(value: dict[str, Any], key: str) -> list[str]:
    """What the component would reject in ``value`` (passwords stand in as valid placeholders)."""
    from pulumi_elasticache_rbac.components import SpecError, parse_spec

    placeholder = "p" * 16
    checked = {
        **value,
        "users": [
            {**u, "passwords": [placeholder for _ in u["passwords"]]} if u.get("passwords") else u
            for u in value.get("users") or ()
        ],
    }
    try:
        parse_spec(checked, root=key.partition(":")[2])
    except SpecError as exc:
        return [str(p) for p in exc.problems]
    return []


def _report(
    stderr: TextIO,
    export: _adoption.Export,
    value: dict[str, Any],
    key: str,
    stack_file: _stack_file.StackFile | None,
    next_token: str | None,
    counter: _account.CallCounter,
    started: float,
    region: str,
) -> None:
    def say(text: str = "") -> None:
        print(text, file=stderr)

    for note in export.notes:
        say(f"elasticache-rbac {COMMAND}: {note}")
    commands = _adoption.password_commands(value, key, stack_file.stack if stack_file else None)
    if commands:
        say(
            f"{len(commands)} password user(s) are adopted keeping their live passwords (they cannot be read back); "
            "`pulumi preview` warns about each. To manage a user's passwords, set them (prompted, stored as a "
            "secret; the next `pulumi up` makes one ModifyUser with them):"
        )
        for command in commands:
            say(f"  {command}")
    if next_token is not None:
        say(
            f"stopped after --max-items; to continue, run the same command with --starting-token {next_token}"
            + ("" if stack_file else " (and --stack-file, which then adds to what is there)")
        )
    ops = ", ".join(f"{n} {op}" for op, n in sorted(counter.operations.items()))
    where = str(stack_file.path) if stack_file else "stdout"
    users, groups = len(value.get("users") or ()), len(value.get("groups") or ())
    say(
        f"elasticache-rbac {COMMAND}: {users} users and {groups} groups of {region} written to {where} as "
        f"{key} in {time.monotonic() - started:.1f}s; API calls: {counter.total} ({ops or 'none'}), HTTP "
        f"requests: {counter.attempts}"
    )
