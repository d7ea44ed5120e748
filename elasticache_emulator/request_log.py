"""The request log: one record per AWS API call, readable through the admin API.

Each record holds the operation, the raw query parameters with secrets redacted (``Passwords.*``,
``AuthenticationMode.Passwords.*`` and ``AuthToken`` wholly; in ``AccessString`` /
``AppendAccessString`` only the password rules ``>pw``, ``<pw``, ``#hash``, ``!hash``, the rest of the
rules kept), account and region, the HTTP status and error code and message (``None`` on success; password
rules redacted there too, as a rejection may quote one), whether a fault was injected, and wall-clock
start/end timestamps. Tests and benchmarks count calls per operation with it (``AdminClient.call_counts()``).
"""

from __future__ import annotations

import re
import threading
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = ["REDACTED", "RequestLog", "RequestRecord", "is_write_operation", "redact", "redact_password_rules"]

REDACTED = "***"
_SECRET_PREFIXES = ("Passwords.", "AuthenticationMode.Passwords.", "AuthToken")
_ACCESS_STRING_PARAMS = frozenset({"AccessString", "AppendAccessString"})
# A password rule starts a rule (start, after whitespace or a selector's '(', or after a quote in a
# message) and runs to the next whitespace: over-redacting a selector's ')' beats leaking a character.
_PASSWORD_RULE = re.compile(r"""(?:^|(?<=[\s('"]))([<>#!])\S+""")


def redact_password_rules(text: str) -> str:
    """``text`` with every ACL password rule's argument replaced: ``on >pw ~*`` -> ``on >*** ~*``.

    Covers ``>password``, ``<password``, ``#hash`` and ``!hash``; ``nopass`` / ``resetpass`` carry no
    secret and are kept, as is every other rule.
    """
    return _PASSWORD_RULE.sub(lambda m: m.group(1) + REDACTED, text)


def redact(params: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``params`` with password and AUTH-token values replaced by ``***``, and the password
    rules inside access strings redacted (:func:`redact_password_rules`)."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if key.startswith(_SECRET_PREFIXES):
            out[key] = REDACTED
        elif key in _ACCESS_STRING_PARAMS:
            out[key] = redact_password_rules(value)
        else:
            out[key] = value
    return out


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
    """Thread-safe bounded log (oldest records dropped beyond ``limit``).

    :attr:`totals` counts every call ever logged as ``(operation, outcome)`` (``"ok"`` or the error code),
    untouched by :meth:`clear`: the whole traffic of a run, whatever a test cleared in between.
    """

    def __init__(self, limit: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._records: deque[RequestRecord] = deque(maxlen=limit or None)
        self._seq = 0
        self._totals: Counter[tuple[str, str]] = Counter()

    @property
    def totals(self) -> Counter[tuple[str, str]]:
        with self._lock:
            return Counter(self._totals)

    def next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def append(self, record: RequestRecord) -> None:
        """Store ``record``; password rules an error message quotes are redacted first."""
        if record.error_message is not None:
            record = replace(record, error_message=redact_password_rules(record.error_message))
        with self._lock:
            self._records.append(record)
            self._totals[(record.operation, record.error_code or "ok")] += 1

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
