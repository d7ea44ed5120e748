"""``elasticache-emulator``: run the emulator until SIGTERM/SIGINT.

Prints exactly one line to stdout when ready, ending with the endpoint URL
(``elasticache-emulator listening on http://127.0.0.1:4566``), and on SIGTERM/SIGINT stops serving,
writes the state file (``--state-file``) and exits 0. Binds to loopback unless ``--host`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from elasticache_emulator.config import EmulatorConfig, Timings
from elasticache_emulator.server import EmulatorServer
from elasticache_emulator.transitions import TRANSITIONS

__all__ = ["build_parser", "config_from_args", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="elasticache-emulator", description="Local emulator of the ElastiCache RBAC API (AWS Query over HTTP)."
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4566, help="port (0 = any free port; default: 4566)")
    parser.add_argument("--transition-delay", type=float, metavar="SECONDS", help="duration of every status transition")
    parser.add_argument(
        "--timing-profile",
        choices=("instant", "realistic"),
        default="instant",
        help="base durations (default: instant)",
    )
    parser.add_argument(
        "--transition",
        action="append",
        default=[],
        metavar="NAME=SECONDS",
        help=f"one transition's duration (repeatable); names: {', '.join(TRANSITIONS)}",
    )
    parser.add_argument(
        "--state-file", type=Path, metavar="PATH", help="load state from / save state to this JSON file"
    )
    parser.add_argument("--throttle-probability", type=float, metavar="P", help="chance [0-1] a call is throttled")
    parser.add_argument("--latency", type=float, metavar="SECONDS", help="extra latency of every AWS call")
    parser.add_argument("--seed", type=int, help="random seed for probabilistic faults")
    parser.add_argument("--config", type=Path, metavar="JSON", help="a JSON file with a (partial) EmulatorConfig")
    parser.add_argument("--verbose", action="store_true", help="log every call to stderr")
    return parser


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    """Config file first, then the timing profile / --transition-delay / --transition, then fault flags."""
    patch: dict[str, Any] = json.loads(args.config.read_text()) if args.config else {}
    config = EmulatorConfig().merged(patch)
    timings = Timings.realistic() if args.timing_profile == "realistic" else config.timings
    if args.transition_delay is not None:
        timings = Timings.uniform(args.transition_delay)
    durations = dict(timings.durations)
    for item in args.transition:
        name, _, seconds = item.partition("=")
        durations[name] = float(seconds)
    faults: dict[str, Any] = {}
    if args.throttle_probability is not None:
        faults["throttle_probability"] = args.throttle_probability
    if args.latency is not None:
        faults["latency"] = args.latency
    if args.seed is not None:
        faults["seed"] = args.seed
    return config.merged({"timings": {"durations": durations}, "faults": faults})


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = config_from_args(args)
    except ValueError as exc:
        parser.error(str(exc))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(asctime)s %(message)s")
    try:
        server = EmulatorServer(
            config, host=args.host, port=args.port, state_path=args.state_file, verbose=args.verbose
        )
    except (OSError, ValueError) as exc:
        print(f"elasticache-emulator: cannot start: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    print(f"elasticache-emulator listening on {server.endpoint_url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
