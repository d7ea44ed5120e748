"""Fault injection: throttling, extra latency and one-shot scripted errors.

Decided once per AWS call, before the operation runs, in this order:

1. a scripted fault queued for the operation (or for ``"*"``), oldest first, consumed one use at a time;
2. throttling on the Nth call of an operation (``FaultConfig.throttle_on_calls``; counters count every
   call since the last reset, including the throttled ones);
3. throttling with ``FaultConfig.throttle_probability``.

Latency (``latency`` + ``operation_latency[op]`` + a scripted fault's own ``latency``) is slept by the
server outside the state lock. A scripted fault with ``apply=True`` lets the operation take effect and
answers the error anyway, the way a lost response looks to a client.
"""

from __future__ import annotations

import itertools
import random
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from elasticache_emulator.config import FaultConfig
from elasticache_emulator.exceptions import EmulatorError, ScriptedFault, Throttling

__all__ = ["Decision", "FaultInjector", "ScriptedFaultSpec"]


@dataclass(frozen=True)
class ScriptedFaultSpec:
    """An error to answer the next ``times`` calls of ``operation`` (``"*"``: any operation) with."""

    operation: str
    code: str
    message: str = "Injected fault"
    http_status: int = 400
    times: int = 1
    apply: bool = False
    latency: float = 0.0
    id: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScriptedFaultSpec:
        allowed = {"operation", "code", "message", "http_status", "times", "apply", "latency", "id"}
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        if "operation" not in data or "code" not in data:
            raise ValueError("a fault needs 'operation' and 'code'")
        spec = cls(
            operation=str(data["operation"]),
            code=str(data["code"]),
            message=str(data.get("message", "Injected fault")),
            http_status=int(data.get("http_status", 400)),
            times=int(data.get("times", 1)),
            apply=bool(data.get("apply", False)),
            latency=float(data.get("latency", 0.0)),
            id=int(data.get("id", 0)),
        )
        if spec.times < 1 or not 400 <= spec.http_status <= 599 or spec.latency < 0:
            raise ValueError("times must be >= 1, http_status 400-599, latency >= 0")
        return spec


@dataclass(frozen=True)
class Decision:
    """What to do with one call."""

    latency: float = 0.0
    error: EmulatorError | None = None
    fault: str | None = None
    apply: bool = False


class FaultInjector:
    """Thread-safe holder of the standing fault config, call counters and the scripted-fault queue."""

    def __init__(self, config: FaultConfig) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._counts: Counter[str] = Counter()
        self._scripted: list[ScriptedFaultSpec] = []
        self._config = config
        self._rng = random.Random(config.seed)

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            if config.seed != self._config.seed:
                self._rng = random.Random(config.seed)
            self._config = config

    def add(self, spec: ScriptedFaultSpec) -> ScriptedFaultSpec:
        with self._lock:
            stored = ScriptedFaultSpec(**{**asdict(spec), "id": next(self._ids)})
            self._scripted.append(stored)
            return stored

    def scripted(self) -> list[ScriptedFaultSpec]:
        with self._lock:
            return list(self._scripted)

    def clear_scripted(self) -> None:
        with self._lock:
            self._scripted.clear()

    def reset_counters(self) -> None:
        with self._lock:
            self._counts.clear()

    def decide(self, operation: str) -> Decision:
        with self._lock:
            cfg = self._config
            self._counts[operation] += 1
            self._counts["*"] += 1
            latency = cfg.latency + cfg.operation_latency.get(operation, 0.0)
            for index, spec in enumerate(self._scripted):
                if spec.operation in (operation, "*"):
                    if spec.times > 1:
                        self._scripted[index] = ScriptedFaultSpec(**{**asdict(spec), "times": spec.times - 1})
                    else:
                        del self._scripted[index]
                    error = ScriptedFault(spec.code, spec.message, spec.http_status)
                    return Decision(latency + spec.latency, error, "scripted", spec.apply)
            nth = cfg.throttle_on_calls
            if self._counts[operation] in nth.get(operation, ()) or self._counts["*"] in nth.get("*", ()):
                return Decision(latency, Throttling(), "throttle")
            applies = not cfg.throttle_operations or operation in cfg.throttle_operations
            if cfg.throttle_probability > 0 and applies and self._rng.random() < cfg.throttle_probability:
                return Decision(latency, Throttling(), "throttle")
            return Decision(latency)
