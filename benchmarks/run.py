"""``make bench``: run the scenarios of issue 7 and write ``benchmarks/results/``.

Usage (from the repo root; ``make bench`` sets ``PULUMI_ENGINE_DIR``)::

    .venv/bin/python benchmarks/run.py                 # the full run (about 10 minutes)
    .venv/bin/python benchmarks/run.py --quick         # small sizes, for development
    .venv/bin/python benchmarks/run.py --scenario fresh --sizes 10,100
    .venv/bin/python benchmarks/run.py --scenario churn --scenario noop --noop-n 100

Timings, bounds and formulas: :mod:`benchmarks.timings`; scenarios: :mod:`benchmarks.scenarios`;
outputs: :mod:`benchmarks.report`. Speed is measured here only, never asserted in tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import report  # noqa: E402
from benchmarks.scenarios import (  # noqa: E402
    Layout,
    Sizes,
    run_churn,
    run_destroy,
    run_empty_reference,
    run_floor,
    run_fresh,
    run_noop,
    run_rotation,
)
from benchmarks.timings import BENCH, SCALE  # noqa: E402
from benchmarks.workbench import Measurement, Workbench  # noqa: E402

SCENARIOS = ("fresh", "churn", "noop", "rotation", "destroy")


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes: fresh 10, churn 60/k=5, noop 20, rotation 8, destroy 10"
    )
    parser.add_argument(
        "--scenario", action="append", choices=SCENARIOS, help="run only these (repeatable; default: all)"
    )
    parser.add_argument("--sizes", type=_ints, help="fresh-rollout sizes N, comma-separated (default 10,100,500)")
    parser.add_argument("--churn-n", type=int, help="users in the churn stack (default 100; at least 51)")
    parser.add_argument("--churn-k", type=int, help="users moved per churn step (default 10)")
    parser.add_argument("--noop-n", type=int, help="users in the no-op stack (default 500)")
    parser.add_argument("--rotation-n", type=int, help="users whose password rotates (default 50)")
    parser.add_argument("--destroy-n", type=int, help="users in the destroyed stack (default 100)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "benchmarks" / "results", help="results directory")
    parser.add_argument(
        "--logs", type=Path, help="keep engine output and per-call timelines (*.calls.tsv) in this directory"
    )
    parser.add_argument(
        "--engine-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="experiment: extra environment for the engine and its plugins (e.g. PULUMI_SKIP_CHECKPOINTS=true)",
    )
    return parser.parse_args(argv)


def sizes_from(args: argparse.Namespace) -> Sizes:
    base = Sizes(fresh=(10,), churn_n=60, churn_k=5, noop_n=20, rotation_n=8, destroy_n=10) if args.quick else Sizes()
    return Sizes(
        fresh=args.sizes or base.fresh,
        churn_n=args.churn_n or base.churn_n,
        churn_k=args.churn_k or base.churn_k,
        noop_n=args.noop_n or base.noop_n,
        rotation_n=args.rotation_n or base.rotation_n,
        destroy_n=args.destroy_n or base.destroy_n,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sizes_from(args)
    chosen = tuple(args.scenario or SCENARIOS)
    print(f"timings (scale {SCALE:.3g} of typical real values): {BENCH}")
    print(f"scenarios: {', '.join(chosen)}; sizes: {sizes}")
    version = report.code_version()
    print(f"code: {version}")
    started = time.perf_counter()
    results: list[Measurement] = []
    extra_env: dict[str, str] = {}
    for item in args.engine_env:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise SystemExit(f"--engine-env wants KEY=VALUE, got {item!r}")
        extra_env[key] = value
    if args.engine_env:
        version += f" [engine env: {' '.join(args.engine_env)}]"
        print(f"experiment: {version}")
    bench = Workbench(BENCH, log_dir=args.logs, extra_env=extra_env)
    try:

        def keep(items: list[Measurement], *, fresh_setup_wanted: bool) -> None:
            for m in items:
                if m.scenario == "fresh" and not fresh_setup_wanted:
                    m.scenario = "setup"
                results.append(m)
                report.print_measurement(m)

        reference: dict[str, Measurement] = {}
        if "noop" in chosen:
            reference = run_empty_reference(bench)
            keep(list(reference.values()), fresh_setup_wanted=False)
        done_fresh: set[int] = set()
        if "churn" in chosen:
            churn = run_churn(bench, sizes.churn_n, sizes.churn_k)
            wanted = "fresh" in chosen and churn[0].n_users in sizes.fresh
            done_fresh |= {churn[0].n_users} if wanted else set()
            keep(churn, fresh_setup_wanted=wanted)
        if "noop" in chosen:
            floor = run_floor(bench, Layout.blocks(sizes.noop_n).n_groups + sizes.noop_n)
            keep(list(floor.values()), fresh_setup_wanted=False)
            noop = run_noop(bench, sizes.noop_n, reference, floor)
            wanted = "fresh" in chosen and sizes.noop_n in sizes.fresh
            done_fresh |= {sizes.noop_n} if wanted else set()
            keep(noop, fresh_setup_wanted=wanted)
        if "fresh" in chosen:
            for n in sizes.fresh:
                if n not in done_fresh:
                    keep([run_fresh(bench, n)], fresh_setup_wanted=True)
        if "rotation" in chosen:
            keep(run_rotation(bench, sizes.rotation_n), fresh_setup_wanted=False)
        if "destroy" in chosen:
            keep(run_destroy(bench, sizes.destroy_n), fresh_setup_wanted=False)
    finally:
        bench.close()
    total = time.perf_counter() - started
    paths = report.write_all(results, args.out, sizes=sizes, total_s=total, version=version)
    print(f"\ntotal {total:.0f}s; wrote {', '.join(str(p) for p in paths)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
