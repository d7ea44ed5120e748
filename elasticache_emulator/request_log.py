"""The request log: one record per AWS API call, readable through the admin API.

Each record holds the operation, the raw query parameters with secrets redacted (``Passwords.*``,
``AuthenticationMode.Passwords.*``, ``AuthToken``), account and region, the HTTP status and error code
(``None`` on success), whether a fault was injected, and wall-clock start/end timestamps. Tests and
benchmarks count calls per operation with it (``AdminClient.call_counts()``).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["REDACTED", "RequestLog", "RequestRecord", "is_write_operation", "redact"]

REDACTED = "***"
_SECRET_PREFIXES = ("Passwords.", "AuthenticationMode.Passwords.", "AuthToken")


def redact(params: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``params`` with password and AUTH-token values replaced by ``***``."""
    return {k: (REDACTED if k.startswith(_SECRET_PREFIXES) else v) for k, v in params.items()}


def is_write_operation(operation: str) -> bool:
    """Everything but ``Describe*`` / ``List*`` changes state."""
    return not operation.startswith(("Describe", "List"))


@dataclass(frozen=True)
class RequestRecord:
    """One AWS API call as the emulator saw it."""

    seq: int
    request_id: str
    operation: str
    params: dict[str, str]
    account_id: str
    region: str
    http_status: int
    error_code: str | None
    error_message: str | None
    fault: str | None
    """``"throttle"``, ``"scripted"`` or ``None`` (no injected fault)."""
    started_at: float
    ended_at: float
    is_write: bool = field(default=False)

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def duration(self) -> float:
        return self.ended_at - self.started_at

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RequestRecord:
        return cls(
            seq=int(data["seq"]),
            request_id=str(data["request_id"]),
            operation=str(data["operation"]),
            params={str(k): str(v) for k, v in dict(data["params"]).items()},
            account_id=str(data["account_id"]),
            region=str(data["region"]),
            http_status=int(data["http_status"]),
            error_code=None if data.get("error_code") is None else str(data["error_code"]),
            error_message=None if data.get("error_message") is None else str(data["error_message"]),
            fault=None if data.get("fault") is None else str(data["fault"]),
            started_at=float(data["started_at"]),
            ended_at=float(data["ended_at"]),
            is_write=bool(data.get("is_write", False)),
        )


class RequestLog:
    """Thread-safe bounded log (oldest records dropped beyond ``limit``)."""

    def __init__(self, limit: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._records: deque[RequestRecord] = deque(maxlen=limit or None)
        self._seq = 0

    def next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def append(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)

    def records(self, operation: str | None = None, since_seq: int = 0) -> list[RequestRecord]:
        with self._lock:
            items = list(self._records)
        return [r for r in items if r.seq > since_seq and (operation is None or r.operation == operation)]

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def resize(self, limit: int) -> None:
        with self._lock:
            self._records = deque(self._records, maxlen=limit or None)
