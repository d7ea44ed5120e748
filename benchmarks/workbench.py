"""The moving parts of one benchmark: emulator, engine, stacks, and the measurement of one operation.

:class:`Workbench` owns a temporary Pulumi file backend and one emulator per scenario family, started
with :data:`benchmarks.timings.BENCH` (transition durations and per-call latency). :meth:`Workbench.measure`
runs one ``up`` or ``preview`` through the Automation API on the real engine and returns a
:class:`Measurement`: wall time, AWS calls by operation from the emulator's request log (cleared just
before), when the first and last call happened relative to the start (engine overhead before / after),
and the dynamic-provider process's peak RSS.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from pulumi import automation as auto

from benchmarks.analysis import poll_overshoot
from benchmarks.rss import ProcessSampler
from benchmarks.timings import BENCH, Timings
from elasticache_emulator.request_log import RequestRecord
from elasticache_emulator.testing import RunningEmulator, start_emulator
from tests.support.pulumi_harness import Engine, find_engine, inline_stack, pulumi_env

__all__ = ["Measurement", "Workbench"]

Operation = Literal["up", "preview", "destroy"]


@dataclass
class Measurement:
    """One measured engine operation (all times in seconds)."""

    scenario: str
    label: str
    operation: Operation
    n_users: int
    n_groups: int
    wall_s: float
    calls: dict[str, int]
    errors: dict[str, int]
    writes: int
    min_writes: int
    first_call_s: float | None
    last_call_s: float | None
    provider_peak_rss_mib: float | None
    provider_cpu_s: float | None
    engine_cpu_s: float | None
    program_cpu_s: float
    """CPU of this process during the operation: the inline program, the Automation API, the sampler."""
    changes: dict[str, int]
    op_spans: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Operation -> (start of its first call, end of its last call), seconds after the operation began."""
    poll_overshoot: dict[str, float] | None = None
    """``waits``, ``mean_s``, ``max_s``: how late the poll that saw each transition end came."""
    service_bound_s: float | None = None
    host_bound_s: float | None = None
    reference_s: float | None = None
    """For no-op runs: the same operation on an empty program."""
    reference_label: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        """Wall time over the service bound, or over the reference for no-op runs."""
        base = self.service_bound_s if self.service_bound_s is not None else self.reference_s
        return None if not base else self.wall_s / base

    @property
    def host_ratio(self) -> float | None:
        return None if not self.host_bound_s else self.wall_s / self.host_bound_s

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["host_ratio"] = self.host_ratio
        return data


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _ids(params: dict[str, str]) -> str:
    """``UserId=u1`` / ``UserGroupId=g1`` plus member-list sizes (``UserIdsToAdd=5``)."""
    parts = [f"{k}={v}" for k, v in sorted(params.items()) if k in ("UserId", "UserGroupId")]
    lists: Counter[str] = Counter(k.split(".", 1)[0] for k in params if ".member." in k and k.startswith("UserIds"))
    parts += [f"{k}={n}" for k, n in sorted(lists.items())]
    return " ".join(parts)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-")


class Workbench:
    """Engine + temporary backend; emulators per scenario family (see module docstring)."""

    def __init__(
        self, timings: Timings = BENCH, *, log_dir: Path | None = None, extra_env: dict[str, str] | None = None
    ) -> None:
        self.timings = timings
        self.extra_env = dict(extra_env or {})
        self.engine: Engine = find_engine()
        self.root = Path(tempfile.mkdtemp(prefix="rbac-bench-"))
        self.log_dir = log_dir or self.root / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @contextmanager
    def emulator(self) -> Iterator[RunningEmulator]:
        emu = start_emulator(
            timings=self.timings.emulator_durations(),
            faults={"latency": self.timings.latency},
        )
        try:
            yield emu
        finally:
            emu.stop()

    def stack(self, name: str, program: Callable[[], None], endpoint: str | None) -> auto.Stack:
        env = pulumi_env(self.engine, self.root / "state", aws_endpoint=endpoint)
        for key, value in self.extra_env.items():
            env[key] = f"{value}{os.pathsep}{env[key]}" if key == "PYTHONPATH" else value
        work_dir = self.root / "work" / name
        work_dir.mkdir(parents=True, exist_ok=True)
        return inline_stack(self.engine, env, program, project="rbac-bench", stack=name, work_dir=work_dir)

    def measure(
        self,
        stack: auto.Stack,
        operation: Operation,
        *,
        scenario: str,
        label: str,
        emu: RunningEmulator | None,
        n_users: int,
        n_groups: int,
        min_writes: int,
    ) -> Measurement:
        """Run ``operation`` on ``stack`` once and measure it (the request log is cleared first)."""
        if emu is not None:
            emu.admin.clear_requests()
        log_path = self.log_dir / f"{_slug(label)}.log"
        with log_path.open("w") as log:

            def on_output(line: str) -> None:
                log.write(line + "\n")

            started_wall = time.time()
            with ProcessSampler() as rss:
                t0 = time.perf_counter()
                cpu0 = _self_cpu()
                changes: dict[str, int]
                try:
                    if operation == "up":
                        up = stack.up(on_output=on_output, color="never")
                        changes = {str(k): int(v) for k, v in (up.summary.resource_changes or {}).items()}
                    elif operation == "destroy":
                        gone = stack.destroy(on_output=on_output, color="never")
                        changes = {str(k): int(v) for k, v in (gone.summary.resource_changes or {}).items()}
                    else:
                        pre = stack.preview(on_output=on_output, color="never")
                        changes = {str(k): int(v) for k, v in pre.change_summary.items()}
                except auto.CommandError:
                    print(f"!! {label}: {operation} failed; engine output in {log_path}")
                    raise
                wall = time.perf_counter() - t0
                program_cpu = _self_cpu() - cpu0
        calls: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        writes = 0
        first = last = None
        spans: dict[str, tuple[float, float]] = {}
        poll: dict[str, float] | None = None
        if emu is not None:
            records = emu.admin.requests()
            for r in records:
                start, end = r.started_at - started_wall, r.ended_at - started_wall
                lo, hi = spans.get(r.operation, (start, end))
                spans[r.operation] = (round(min(lo, start), 3), round(max(hi, end), 3))
                calls[r.operation] += 1
                if r.error_code is not None:
                    errors[f"{r.operation}:{r.error_code}"] += 1
                elif r.is_write:
                    writes += 1
            self._write_timeline(stack.name, label, records, started_wall)
            overshoot = poll_overshoot(records, self.timings)
            if overshoot is not None:
                poll = {"waits": overshoot.waits, "mean_s": overshoot.mean_s, "max_s": overshoot.max_s}
            if records:
                first = min(r.started_at for r in records) - started_wall
                last = max(r.ended_at for r in records) - started_wall
        return Measurement(
            scenario=scenario,
            label=label,
            operation=operation,
            n_users=n_users,
            n_groups=n_groups,
            wall_s=wall,
            calls=dict(sorted(calls.items())),
            errors=dict(sorted(errors.items())),
            writes=writes,
            min_writes=min_writes,
            first_call_s=first,
            last_call_s=last,
            provider_peak_rss_mib=rss.peak_mib,
            provider_cpu_s=rss.cpu_s("provider"),
            engine_cpu_s=rss.cpu_s("engine"),
            program_cpu_s=program_cpu,
            changes=changes,
            poll_overshoot=poll,
            op_spans=dict(sorted(spans.items(), key=lambda kv: kv[1][0])),
        )

    def _write_timeline(self, stack: str, label: str, records: list[RequestRecord], t0: float) -> None:
        """One line per AWS call (start, end, operation, ids, error) next to the engine log, for analysis."""
        path = self.log_dir / f"{_slug(label)}.calls.tsv"
        with path.open("w") as out:
            out.write(f"# stack {stack}: seconds after the operation started\nstart\tend\toperation\tids\terror\n")
            for r in records:
                ids = _ids(r.params)
                out.write(
                    f"{r.started_at - t0:.3f}\t{r.ended_at - t0:.3f}\t{r.operation}\t{ids}\t{r.error_code or ''}\n"
                )
