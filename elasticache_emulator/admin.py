"""``AdminClient``: a small typed urllib client for the emulator's admin API (``/_emulator/``).

Errors of the admin API raise :class:`AdminError` (HTTP status + message). Nothing here talks to the
AWS API; use boto3 for that.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Mapping
from typing import Any

from elasticache_emulator.config import EmulatorConfig
from elasticache_emulator.faults import ScriptedFaultSpec
from elasticache_emulator.request_log import RequestRecord

__all__ = ["AdminClient", "AdminError"]


class AdminError(Exception):
    """The admin API answered with an error status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"admin API error {status}: {message}")
        self.status = status
        self.message = message


class AdminClient:
    """Client for ``{base_url}/_emulator/...``; ``base_url`` is the emulator's endpoint URL."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, name: str, body: Mapping[str, Any] | None = None, query: str = "") -> Any:
        url = f"{self.base_url}/_emulator/{name}" + (f"?{query}" if query else "")
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            with exc:
                try:
                    message = str(json.loads(exc.read()).get("error", exc.reason))
                except ValueError:
                    message = str(exc.reason)
            raise AdminError(exc.code, message) from None

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "health")
        return result

    def requests(self, operation: str | None = None, since: int = 0) -> list[RequestRecord]:
        """Logged AWS calls, oldest first; optionally one operation only / only after sequence ``since``."""
        parts = [f"since={since}"] + ([f"operation={operation}"] if operation else [])
        data = self._call("GET", "requests", query="&".join(parts))
        return [RequestRecord.from_json(item) for item in data["requests"]]

    def call_counts(self, *, writes_only: bool = False) -> Counter[str]:
        """Number of logged calls per operation."""
        return Counter(r.operation for r in self.requests() if r.is_write or not writes_only)

    def clear_requests(self) -> None:
        self._call("DELETE", "requests")

    def config(self) -> EmulatorConfig:
        return EmulatorConfig.model_validate(self._call("GET", "config"))

    def configure(
        self,
        *,
        transition_delay: float | None = None,
        timings: Mapping[str, float] | None = None,
        faults: Mapping[str, Any] | None = None,
        quotas: Mapping[str, Any] | None = None,
        rules: Mapping[str, Any] | None = None,
    ) -> EmulatorConfig:
        """Deep-merge the given parts into the running config; returns the new config.

        ``transition_delay`` sets every transition duration, then ``timings`` overrides single ones.
        """
        patch: dict[str, Any] = {}
        if transition_delay is not None:
            patch["transition_delay"] = transition_delay
        if timings is not None:
            patch["timings"] = {"durations": dict(timings)}
        for key, value in (("faults", faults), ("quotas", quotas), ("rules", rules)):
            if value is not None:
                patch[key] = dict(value)
        return EmulatorConfig.model_validate(self._call("PUT", "config", patch))

    def add_fault(
        self,
        operation: str,
        code: str,
        *,
        message: str = "Injected fault",
        http_status: int = 400,
        times: int = 1,
        apply: bool = False,
        latency: float = 0.0,
    ) -> ScriptedFaultSpec:
        """Answer the next ``times`` calls of ``operation`` (``"*"`` = any) with this error.

        ``apply=True``: the operation still takes effect (a lost response).
        """
        spec = ScriptedFaultSpec(operation, code, message, http_status, times, apply, latency)
        return ScriptedFaultSpec.from_json(self._call("POST", "faults", spec.to_json()))

    def faults(self) -> list[ScriptedFaultSpec]:
        return [ScriptedFaultSpec.from_json(f) for f in self._call("GET", "faults")["faults"]]

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def reset(self, *, state: bool = True, requests: bool = True, faults: bool = True) -> None:
        """Forget state (every account/region), the request log, scripted faults and call counters."""
        self._call("POST", "reset", {"state": state, "requests": requests, "faults": faults})

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator's clock forward, completing transitions that become due."""
        self._call("POST", "clock", {"advance": seconds})

    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "state")
        return result
