"""``elasticache-rbac export`` of an account at the service quotas: time and API calls, against bounds.

Usage (from the repo root)::

    .venv/bin/python benchmarks/export_account.py                     # 2,000 users, 200 groups
    .venv/bin/python benchmarks/export_account.py --users 300 --groups 30 --out /tmp/export-bench

An in-process emulator (quotas: 2,000 users incl. the built-in ``default``, 200 groups, 100 users per
group) is filled with boto3: ``users - 1`` users (every third a password user, the rest iam), every
user in two groups, a tag on every object. Then the console script exports it to stdout, once per
latency (0 s: the tool's own cost; 50 ms: the benchmarks' scaled per-call latency, see
``benchmarks/timings.py``). Per run: wall time, API calls from the emulator's request log, and

- the **call bound**: ``ceil(U/page) + ceil(G/page)`` Describe calls (``U`` includes ``default``) plus
  one ``ListTagsForResource`` per exported object (the Describe results carry no tags);
- the **time bound** at latency ``L``: the Describe pages one after the other, then the tag reads
  ``workers`` at a time: ``(describe calls + ceil(tag calls / workers)) * L``.

Writes ``export.md`` and ``export.json`` to ``--out`` (default ``benchmarks/results``). Nothing asserts
a duration; this only measures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from elasticache_emulator.testing import RunningEmulator, start_emulator  # noqa: E402

PAGE = 100
WORKERS = 8
LATENCIES = (0.0, 0.05)


def fill(emu: RunningEmulator, users: int, groups: int) -> None:
    """``users - 1`` users and ``groups`` groups; user ``i`` is in groups ``i % G`` and ``(i + 1) % G``."""
    c = emu.client()
    for i in range(users - 1):
        uid = f"user-{i:04d}"
        auth: Any = (
            {"Type": "password", "Passwords": [f"bench-password-{i:04d}-0123456789"]} if i % 3 == 0 else {"Type": "iam"}
        )
        c.create_user(
            UserId=uid,
            UserName=uid,
            Engine="redis",
            AccessString=f"on ~app{i % 10}:* -@all +@read",
            AuthenticationMode=auth,
            Tags=[{"Key": "team", "Value": f"team-{i % 7}"}],
        )
    members: dict[int, list[str]] = {g: ["default"] for g in range(groups)}
    for i in range(users - 1):
        for g in (i % groups, (i + 1) % groups):
            members[g].append(f"user-{i:04d}")
    for g in range(groups):
        c.create_user_group(
            UserGroupId=f"group-{g:03d}", Engine="redis", UserIds=members[g], Tags=[{"Key": "tier", "Value": "bench"}]
        )


def export_once(emu: RunningEmulator, latency: float) -> dict[str, Any]:
    emu.admin.configure(faults={"latency": latency})
    emu.admin.clear_requests()
    env = emu.aws_environment()
    script = Path(sys.executable).parent / "elasticache-rbac"
    started = time.monotonic()
    done = subprocess.run(
        [str(script), "export", "--page-size", str(PAGE), "--tag-workers", str(WORKERS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.monotonic() - started
    calls = emu.admin.call_counts()
    emu.admin.configure(faults={"latency": 0.0})
    return {"latency": latency, "wall_s": round(wall, 2), "calls": dict(calls), "stdout_bytes": len(done.stdout),
            "summary": done.stderr.strip().splitlines()[-1]}  # fmt: skip


def bounds(users: int, groups: int, latency: float) -> dict[str, Any]:
    describe = math.ceil(users / PAGE) + math.ceil(groups / PAGE)
    tags = (users - 1) + groups
    return {
        "describe_calls": describe,
        "tag_calls": tags,
        "calls": describe + tags,
        "time_s": round((describe + math.ceil(tags / WORKERS)) * latency, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=2000, help="users incl. the built-in default (quota 2,000)")
    parser.add_argument("--groups", type=int, default=200, help="user groups (quota 200)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "benchmarks" / "results")
    args = parser.parse_args()

    quotas = {"users_per_region": args.users, "user_groups_per_region": args.groups, "users_per_user_group": 100}
    with start_emulator(quotas=quotas) as emu:
        started = time.monotonic()
        fill(emu, args.users, args.groups)
        fill_s = time.monotonic() - started
        runs = []
        for latency in LATENCIES:
            run = export_once(emu, latency)
            run["bound"] = bounds(args.users, args.groups, latency)
            run["call_ratio"] = round(sum(run["calls"].values()) / run["bound"]["calls"], 3)
            run["time_ratio"] = round(run["wall_s"] / run["bound"]["time_s"], 2) if run["bound"]["time_s"] else None
            runs.append(run)
            print(json.dumps(run), flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    result = {"users": args.users, "groups": args.groups, "page_size": PAGE, "tag_workers": WORKERS,
              "fill_s": round(fill_s, 1), "cores": os.cpu_count(), "runs": runs}  # fmt: skip
    (args.out / "export.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# `elasticache-rbac export` of {args.users} users and {args.groups} groups",
        "",
        f"`benchmarks/export_account.py`; in-process emulator, page size {PAGE}, {WORKERS} tag workers, "
        f"{os.cpu_count()} cores shared. Bounds: see the script's docstring.",
        "",
        "| per-call latency | wall time | time bound | ratio | API calls | call bound | ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        b = run["bound"]
        ratio = "—" if run["time_ratio"] is None else f"{run['time_ratio']}x"
        lines.append(
            f"| {int(run['latency'] * 1000)} ms | {run['wall_s']} s | {b['time_s']} s | {ratio} | "
            f"{sum(run['calls'].values())} ({', '.join(f'{n} {op}' for op, n in sorted(run['calls'].items()))}) | "
            f"{b['calls']} | {run['call_ratio']}x |"
        )
    (args.out / "export.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
