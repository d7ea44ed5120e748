"""Console lines, ``results.md``, ``results.json`` and ``fresh_rollout.png`` from a list of measurements.

The targets of issue 7 are evaluated here from the measured figures (:func:`targets`); the README
summarises one full run.
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.scenarios import Sizes
from benchmarks.timings import BENCH, ENGINE_PARALLEL, REAL, SCALE, WORKERS
from benchmarks.workbench import Measurement

__all__ = ["Target", "print_measurement", "targets", "write_all"]

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


def targets(results: list[Measurement]) -> list[Target]:
    by_label = {m.label: m for m in results}
    out: list[Target] = []

    fresh100 = next((m for m in results if m.scenario == "fresh" and m.n_users == 100), None)
    out.append(
        Target(
            "Fresh rollout, N = 100",
            "≤ 1.15x the critical path",
            "not run"
            if fresh100 is None
            else f"{fresh100.wall_s:.2f}s = {fresh100.ratio:.2f}x of {fresh100.service_bound_s:.2f}s",
            None if fresh100 is None or fresh100.ratio is None else fresh100.ratio <= 1.15,
        )
    )
    one = next((m for m in results if m.scenario == "churn" and "one group" in m.label), None)
    if one is None:
        out.append(Target("Churn in one group", "1 write, ≤ 1.2x one modify", "not run", None))
    else:
        ratio = one.wall_s / BENCH.group_modify
        out.append(
            Target(
                f"Churn of k users in one group ({one.label})",
                f"1 write call and ≤ 1.2x one modify ({BENCH.group_modify:.0f}s)",
                f"{one.writes} write(s); {one.wall_s:.2f}s = {ratio:.2f}x one modify",
                one.writes == 1 and ratio <= 1.2,
            )
        )
    noop = next((m for m in results if m.scenario == "noop" and m.operation == "preview"), None)
    out.append(
        Target(
            "No-op preview" + ("" if noop is None else f", N = {noop.n_users}"),
            "≤ 1.5x the empty program's preview",
            "not run"
            if noop is None or noop.ratio is None
            else f"{noop.wall_s:.2f}s = {noop.ratio:.2f}x of {noop.reference_s:.2f}s",
            None if noop is None or noop.ratio is None else noop.ratio <= 1.5,
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
    del by_label
    return out


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
    lines += ["", "## Targets (issue 7)", "", "| target | goal | measured | met |", "|---|---|---|---|"]
    for t in targets(results):
        met = "n/a" if t.met is None else ("**met**" if t.met else "**not met**")
        lines.append(f"| {t.name} | {t.goal} | {t.measured} | {met} |")
    lines.append("")
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
