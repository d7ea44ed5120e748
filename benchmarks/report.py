"""Console lines, ``results.md``, ``results.json`` and ``fresh_rollout.png`` from a list of measurements.

The targets of issue 11 are evaluated here from the measured figures (:func:`targets`); the README
summarises one full run.
"""

from __future__ import annotations

import json
import math
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.scenarios import Sizes
from benchmarks.timings import BENCH, ENGINE_PARALLEL, REAL, SCALE, WORKERS, Timings
from benchmarks.workbench import Measurement

__all__ = ["Target", "print_measurement", "projection", "targets", "write_all"]

RSS_LIMIT_MIB = 150.0


def _f(value: float | None, fmt: str = ".2f", suffix: str = "") -> str:
    return "-" if value is None else f"{value:{fmt}}{suffix}"


def _calls(m: Measurement) -> str:
    if not m.calls:
        return "none"
    return ", ".join(f"{op} {n}" for op, n in m.calls.items())


def _overshoot(m: Measurement) -> str:
    po = m.poll_overshoot
    return "-" if not po else f"{po['mean_s']:.2f} / {po['max_s']:.2f} ({po['waits']:.0f} waits)"


def _bound(m: Measurement) -> str:
    if m.service_bound_s is not None:
        host = "" if m.host_bound_s in (None, m.service_bound_s) else f" (host {m.host_bound_s:.1f}s)"
        return f"{m.service_bound_s:.2f}s{host}"
    if m.reference_s is not None:
        return f"{m.reference_s:.2f}s ({m.reference_label})"
    return "-"


def print_measurement(m: Measurement) -> None:
    errors = f" errors: {m.errors}" if m.errors else ""
    print(
        f"[{m.scenario}] {m.label}: wall {m.wall_s:.2f}s, bound {_bound(m)}, ratio {_f(m.ratio, '.2f', 'x')}, "
        f"writes {m.writes} (min {m.min_writes}), calls: {_calls(m)}{errors}, "
        f"first/last call at {_f(m.first_call_s)}/{_f(m.last_call_s)}s, "
        f"provider peak RSS {_f(m.provider_peak_rss_mib, '.0f', ' MiB')}, "
        f"CPU s provider/engine/program {_f(m.provider_cpu_s, '.1f')}/{_f(m.engine_cpu_s, '.1f')}/"
        f"{m.program_cpu_s:.1f}",
        flush=True,
    )
    if m.poll_overshoot:
        po = m.poll_overshoot
        print(f"    poll overshoot over {po['waits']:.0f} waits: mean {po['mean_s']:.2f}s, max {po['max_s']:.2f}s")
    for note in m.notes:
        print(f"    note: {note}", flush=True)


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measured: str
    met: bool | None
    """``None``: not measured in this run."""


def _ratio_target(name: str, m: Measurement | None, limit: float, *, extra: str = "", ok: bool = True) -> Target:
    if m is None or m.ratio is None:
        return Target(name, f"≤ {limit}x the service bound{extra}", "not run", None)
    measured = f"{m.wall_s:.2f}s = {m.ratio:.2f}x of {m.service_bound_s:.2f}s; {m.writes} write(s) (min {m.min_writes})"
    return Target(name, f"≤ {limit}x the service bound{extra}", measured, ok and m.ratio <= limit)


def targets(results: list[Measurement]) -> list[Target]:
    """The targets of issue 11, from the measured figures (ratios to bounds of the same run)."""

    def first(pred: Any) -> Measurement | None:
        return next((m for m in results if pred(m)), None)

    out: list[Target] = []
    rotation = first(lambda m: m.scenario == "rotation")
    out.append(_ratio_target(f"Password rotation, R = {rotation.n_users if rotation else 50}", rotation, 1.5))
    gone = first(lambda m: m.scenario == "destroy" and m.operation == "destroy")
    if gone is None:
        out.append(Target("Destroy, N = 100", "≤ 10 s, nothing left afterwards", "not run", None))
    else:
        left = next((n for n in gone.notes if n.startswith("nothing left")), "not checked")
        out.append(
            Target(
                f"Destroy, N = {gone.n_users}",
                "≤ 10 s, nothing left afterwards",
                f"{gone.wall_s:.2f}s, {gone.writes} write(s); {left}",
                gone.wall_s <= 10 and "more than" not in left and left != "not checked",
            )
        )
    for n, limit in ((100, 1.3), (500, 2.0)):
        out.append(
            _ratio_target(
                f"Fresh rollout, N = {n}", first(lambda m, n=n: m.scenario == "fresh" and m.n_users == n), limit
            )
        )
    one = first(lambda m: m.scenario == "churn" and "one group" in m.label)
    out.append(
        _ratio_target(
            "Churn of k users in one group", one, 1.2, extra=", with 1 write", ok=one is not None and one.writes == 1
        )
    )
    noop = first(lambda m: m.scenario == "noop" and m.operation == "preview")
    floor = first(lambda m: m.label.startswith("floor no-op preview"))
    if noop is None or floor is None:
        out.append(Target("No-op preview", "≤ 1.3x the do-nothing floor", "not run", None))
    else:
        ratio = noop.wall_s / floor.wall_s
        out.append(
            Target(
                f"No-op preview, N = {noop.n_users}",
                "≤ 1.3x the do-nothing floor (the same number of do-nothing dynamic resources)",
                f"{noop.wall_s:.2f}s = {ratio:.2f}x of {floor.wall_s:.2f}s",
                ratio <= 1.3,
            )
        )
    rss = [(m.provider_peak_rss_mib, m.label) for m in results if m.provider_peak_rss_mib is not None]
    peak = max(rss) if rss else None
    out.append(
        Target(
            "Provider RSS",
            f"< {RSS_LIMIT_MIB:.0f} MB (peak VmHWM over every run)",
            "not measured" if peak is None else f"{peak[0]:.0f} MiB ({peak[1]})",
            None if peak is None else peak[0] < RSS_LIMIT_MIB,
        )
    )
    return out


def projection(timings: Timings = REAL, *, terraform_parallelism: int = 10) -> list[str]:
    """Markdown: rotating 50 users and destroying 100 (2 groups) at real speed, in rounds of the
    transition time, for the Terraform pattern (``-parallelism``, every resource waits for its own
    transition), this package before issue 11 (the provider host's 4 requests, each waiting) and now (no
    request waits; one barrier)."""
    rows = []
    for what, n, transition, now_rounds in (
        ("rotate 50 passwords", 50, timings.user_modify, 1),
        ("destroy 100 users in 2 groups", 100, timings.user_delete, 0),
    ):
        groups = 1 if "destroy" in what else 0  # the groups' own deletion round comes first
        tf = math.ceil(n / terraform_parallelism) + groups
        before = math.ceil(n / WORKERS) + groups
        calls_now = math.ceil((n + 2 * groups) / WORKERS) * timings.latency
        tf_min, before_min = tf * transition / 60, before * transition / 60
        now_min = (now_rounds * transition + calls_now) / 60
        rows.append(
            f"| {what} | {tf} rounds = {tf_min:.1f} min | {before} rounds = {before_min:.1f} min "
            f"| {now_rounds} round{'s' if now_rounds != 1 else ''} + {calls_now:.1f}s of calls = {now_min:.1f} min |"
        )
    return [
        f"Real-speed projection (transition times {timings.user_modify:.0f} s per user modification, "
        f"{timings.user_delete:.0f} s per deletion, {timings.latency * 1000:.0f} ms per call; a ModifyUser has been "
        "observed to take ~4 minutes (terraform-provider-aws PR #20530): multiply the rounds by that instead):",
        "",
        f"| operation | Terraform pattern (parallelism {terraform_parallelism}, each resource waits) "
        f"| this package before (4 requests, each waits) | this package now (one barrier) |",
        "|---|---|---|---|",
        *rows,
    ]


def code_version() -> str:
    """``HEAD`` commit and whether the measured packages have uncommitted changes (others work on them)."""
    import subprocess

    repo = Path(__file__).resolve().parents[1]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True)
    measured = ["pulumi_elasticache_rbac", "dynamic_providers", "components", "elasticache_emulator"]
    dirty = subprocess.run(
        ["git", "status", "--porcelain", *measured],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    changed = len(dirty.stdout.splitlines())
    suffix = f" + uncommitted changes in {changed} file(s) of the measured packages" if changed else ""
    return f"{head.stdout.strip() or 'unknown'}{suffix}"


def _markdown(results: list[Measurement], sizes: Sizes, total_s: float, version: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%S %Z')} on {platform.node() or 'this machine'} "
        f"({platform.python_version()}, {os.cpu_count()} CPUs shared with other work; load average at the end "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}), total {total_s:.0f}s. Sizes: {sizes}. "
        f"Code: {version}.",
        "",
        f"Emulator timings (scale {SCALE:.3g} of typical real values {REAL}): per-call latency "
        f"{BENCH.latency * 1000:.0f} ms, user create → active {BENCH.user_create:.0f} s (CreateUser answers "
        f"`active`), user modify {BENCH.user_modify:.1f} s, user membership settle {BENCH.user_membership:.1f} s, "
        f"user delete {BENCH.user_delete:.1f} s, group create {BENCH.group_create:.1f} s, group modify "
        f"{BENCH.group_modify:.1f} s, group delete {BENCH.group_delete:.1f} s.",
        "",
        f"Bounds (see `benchmarks/timings.py`): *service* = critical path of the service with unlimited "
        f"concurrency; *host* = the same under min(engine --parallel {ENGINE_PARALLEL}, provider workers "
        f"{WORKERS}) = {min(ENGINE_PARALLEL, WORKERS)} concurrent requests. Ratio = wall / service bound "
        "(no-op rows: wall / empty program's same operation).",
        "",
        "| scenario | run | N | G | wall (s) | service bound (s) | host bound (s) | ratio | host ratio "
        "| writes (min) | API calls by operation | errors | first / last call (s) "
        "| poll overshoot mean / max (s) | provider peak RSS (MiB) "
        "| CPU s: provider / engine / program | changes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---|---:|---:|---|",
    ]
    for m in results:
        bound = (
            _f(m.service_bound_s)
            if m.service_bound_s is not None
            else (f"ref {_f(m.reference_s)}" if m.reference_s is not None else "-")
        )
        errors = ", ".join(f"{k} {v}" for k, v in m.errors.items()) or "-"
        changes = ", ".join(f"{k} {v}" for k, v in sorted(m.changes.items())) or "-"
        lines.append(
            f"| {m.scenario} | {m.label} ({m.operation}) | {m.n_users} | {m.n_groups} | {m.wall_s:.2f} | {bound} "
            f"| {_f(m.host_bound_s)} | {_f(m.ratio, '.2f', 'x')} | {_f(m.host_ratio, '.2f', 'x')} "
            f"| {m.writes} ({m.min_writes}) | {_calls(m)} | {errors} | {_f(m.first_call_s)} / {_f(m.last_call_s)} "
            f"| {_overshoot(m)} "
            f"| {_f(m.provider_peak_rss_mib, '.0f')} | {_f(m.provider_cpu_s, '.1f')} / {_f(m.engine_cpu_s, '.1f')} / "
            f"{m.program_cpu_s:.1f} | {changes} |"
        )
    notes = [f"- {m.label}: {note}" for m in results for note in m.notes]
    if notes:
        lines += ["", "Notes:", "", *notes]
    lines += ["", "## Targets (issue 11)", "", "| target | goal | measured | met |", "|---|---|---|---|"]
    for t in targets(results):
        met = "n/a" if t.met is None else ("**met**" if t.met else "**not met**")
        lines.append(f"| {t.name} | {t.goal} | {t.measured} | {met} |")
    lines += ["", "## Projection", "", *projection(), ""]
    return "\n".join(lines)


def _plot(results: list[Measurement], path: Path) -> Path | None:
    fresh = sorted((m for m in results if m.scenario == "fresh"), key=lambda m: m.n_users)
    if not fresh:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [m.n_users for m in fresh]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(ns, [m.wall_s for m in fresh], "o-", label="measured wall time (pulumi up)")
    ax.plot(ns, [m.host_bound_s or 0 for m in fresh], "s--", label=f"host bound ({WORKERS} provider workers)")
    ax.plot(ns, [m.service_bound_s or 0 for m in fresh], "^:", label="service critical path")
    for m in fresh:
        ax.annotate(
            f"{m.ratio:.2f}x" if m.ratio else "",
            (m.n_users, m.wall_s),
            textcoords="offset points",
            xytext=(4, 6),
            fontsize=8,
        )
    ax.set_xscale("log")
    ax.margins(x=0.12, y=0.1)
    ax.set_xticks(ns, [str(n) for n in ns])
    ax.set_xlabel("users N (groups G = ceil(N/50))")
    ax.set_ylabel("seconds")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Fresh rollout: wall time vs lower bound (timings x {SCALE:.3g})")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_all(
    results: list[Measurement], out: Path, *, sizes: Sizes, total_s: float, version: str | None = None
) -> list[Path]:
    """Write ``results.md``, ``results.json`` and ``fresh_rollout.png`` into ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    md = out / "results.md"
    version = version or code_version()
    md.write_text(_markdown(results, sizes, total_s, version))
    raw = out / "results.json"
    raw.write_text(
        json.dumps(
            {
                "timings": BENCH.__dict__,
                "real_timings": REAL.__dict__,
                "scale": SCALE,
                "workers": WORKERS,
                "engine_parallel": ENGINE_PARALLEL,
                "sizes": sizes.__dict__,
                "total_s": total_s,
                "code": version,
                "measurements": [m.to_json() for m in results],
                "targets": [t.__dict__ for t in targets(results)],
            },
            indent=2,
        )
        + "\n"
    )
    paths = [md, raw]
    png = _plot(results, out / "fresh_rollout.png")
    if png is not None:
        paths.append(png)
    return paths
