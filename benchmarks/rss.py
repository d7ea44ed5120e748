"""Peak memory and CPU of the dynamic-provider process (``python -m pulumi.dynamic``) in one operation.

The engine (a child of this process, started by the Automation API) starts
``pulumi-resource-pulumi-python``, which runs ``python -u -m pulumi.dynamic``. :class:`ProviderRss`
polls ``/proc`` in a thread for processes whose command line holds ``pulumi.dynamic`` and that descend
from this process (other engineers' deployments on the machine are ignored), and keeps per process the
largest ``VmHWM`` (the kernel's own peak-RSS counter, so short peaks between samples are not missed
as long as one sample is taken before the process exits) and ``VmRSS`` seen, and the CPU seconds
(``utime + stime``) at the last sample. The engine process (``pulumi``) is sampled the same way, for
its CPU time.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

__all__ = ["ProcessSampler", "RssSample"]

_PROC = Path("/proc")


@dataclass
class RssSample:
    """Largest values seen for one provider process, in KiB."""

    pid: int
    role: str
    vm_hwm_kib: int = 0
    vm_rss_kib: int = 0
    cpu_s: float = 0.0
    """User + system CPU seconds at the last sample (a lower bound of the process's total)."""
    samples: int = 0


def _parent(pid: int) -> int | None:
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # Field 4 follows the parenthesised command name, which may itself contain spaces or ')'.
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def _descends_from(pid: int, ancestor: int) -> bool:
    seen = 0
    current: int | None = pid
    while current and current > 1 and seen < 64:
        if current == ancestor:
            return True
        current = _parent(current)
        seen += 1
    return False


def _status_kib(pid: int) -> tuple[int, int] | None:
    try:
        text = (_PROC / str(pid) / "status").read_text()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0])
    if "VmHWM" not in values:
        return None
    return values["VmHWM"], values.get("VmRSS", 0)


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int) -> float | None:
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15 of stat)


def _role(pid: int) -> str | None:
    """``provider`` (python -m pulumi.dynamic), ``engine`` (the pulumi CLI) or ``None``."""
    try:
        cmdline = (_PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return None
    if b"pulumi.dynamic" in cmdline:
        return "provider"
    argv0 = cmdline.split(b"\0", 1)[0]
    if argv0.rsplit(b"/", 1)[-1] == b"pulumi":
        return "engine"
    return None


@dataclass
class ProcessSampler:
    """Context manager sampling every ``interval`` seconds; :attr:`peak_mib` afterwards."""

    interval: float = 0.1
    processes: dict[int, RssSample] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _known_other: set[int] = field(default_factory=set)

    def _scan(self) -> None:
        me = os.getpid()
        for entry in _PROC.iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            if pid in self._known_other:
                continue
            if pid not in self.processes:
                if not _descends_from(pid, me):
                    self._known_other.add(pid)  # ancestry never changes back to us
                    continue
                role = _role(pid)
                if role is None:
                    continue  # e.g. the host's shell script before it execs python: look again later
                self.processes[pid] = RssSample(pid, role)
            status = _status_kib(pid)
            if status is None:
                continue
            sample = self.processes[pid]
            sample.vm_hwm_kib = max(sample.vm_hwm_kib, status[0])
            sample.vm_rss_kib = max(sample.vm_rss_kib, status[1])
            cpu = _cpu_s(pid)
            if cpu is not None:
                sample.cpu_s = max(sample.cpu_s, cpu)
            sample.samples += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._scan()

    def __enter__(self) -> ProcessSampler:
        self._thread = threading.Thread(target=self._run, name="provider-rss", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @property
    def peak_mib(self) -> float | None:
        """Largest ``VmHWM`` of any provider process seen, in MiB (``None``: none was seen)."""
        providers = [s for s in self.processes.values() if s.role == "provider"]
        if not providers:
            return None
        return max(s.vm_hwm_kib for s in providers) / 1024

    def cpu_s(self, role: str) -> float | None:
        """CPU seconds of the ``role`` process(es) (``provider`` / ``engine``), as last sampled."""
        found = [s for s in self.processes.values() if s.role == role]
        if not found:
            return None
        return sum(s.cpu_s for s in found)
