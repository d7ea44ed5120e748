"""A subcommand module for the registry tests: ``echo-count WORD --times N`` prints WORD N times, exits N."""

from __future__ import annotations

import argparse

from pulumi_elasticache_rbac.cli import Subparsers


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("echo-count", help="repeat a word (test command)")
    parser.add_argument("word")
    parser.add_argument("--times", type=int, default=1)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    for _ in range(args.times):
        print(args.word)
    return int(args.times)
