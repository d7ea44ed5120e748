"""Waiting as data: waiter definitions in botocore's waiter-model format, run by one polling loop.

ElastiCache ships no waiters for users or user groups (botocore's ``waiters-2.json`` has only cache
cluster / replication group waiters), so :data:`WAITER_MODEL` declares them here in the same shape
(``operation``, ``delay``, ``maxAttempts``, ``acceptors`` matching a JMESPath ``path`` or an ``error``
code) and botocore's own :class:`botocore.waiter.WaiterModel` parses and matches them. Unlike botocore's
fixed-delay loop, :func:`wait_for` backs off exponentially with jitter (``delay`` is the first delay),
with each sleep capped by the time already waited (:data:`WAIT_BACKOFF`: the poll that sees the end of
a transition comes at most 1.5 s or 10 % of the wait after it), is bounded by a wall-clock timeout
rather than an attempt count, keeps polling through throttling, and prints progress lines naming the
resource, what it waits for and for how long.

Contract of :func:`wait_for`: returns the last (successful) response; raises :class:`WaitTimeoutError`
when the timeout elapses (the resource is left as it is; running ``pulumi up`` again resumes), or the
mapped :class:`ServiceError` for a ``failure`` acceptor / an unexpected error.

Why the default timeout is 150 s: the dynamic-provider host has been reported to hang on calls longer
than about 180 s (pulumi/pulumi#13841) and each wait holds one of its four workers. Raise it with the
``ELASTICACHE_RBAC_WAIT_TIMEOUT`` environment variable or the ``elasticache-rbac:waitTimeoutSeconds``
stack config when real groups attached to caches take longer.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.waiter import WaiterModel

from ._errors import InvalidInputError, ThrottlingError, WaitError, WaitTimeoutError, map_client_error

__all__ = [
    "DEFAULT_BACKOFF",
    "DEFAULT_WAIT_TIMEOUT",
    "WAITER_MODEL",
    "WAIT_BACKOFF",
    "Backoff",
    "Progress",
    "note",
    "parse_timeout",
    "resolve_timeout",
    "wait_for",
]

DEFAULT_WAIT_TIMEOUT = 150.0
TIMEOUT_ENV = "ELASTICACHE_RBAC_WAIT_TIMEOUT"

_NO_PENDING = (
    "UserGroups[0].Status == 'active'"
    " && length(UserGroups[0].PendingChanges.UserIdsToAdd || `[]`) == `0`"
    " && length(UserGroups[0].PendingChanges.UserIdsToRemove || `[]`) == `0`"
)


def _waiter(stem: str, description: str, acceptors: list[dict[str, Any]]) -> dict[str, Any]:
    """A waiter polling ``Describe<stem>s`` (their items under ``<stem>s``), from a first delay of 0.25 s;
    ``maxAttempts`` is only a backstop: :func:`wait_for` stops at its wall-clock timeout."""
    return {
        "description": description,
        "operation": f"Describe{stem}s",
        "delay": 0.25,
        "maxAttempts": 1000,
        "collection": f"{stem}s",
        "acceptors": acceptors,
    }


def _status_is(stem: str, status: str, state: str) -> dict[str, Any]:
    return {"matcher": "path", "argument": f"{stem}s[0].Status", "expected": status, "state": state}


def _gone(stem: str) -> list[dict[str, Any]]:
    """Acceptors of "deleted": not found, or an empty listing."""
    return [
        {"matcher": "error", "expected": f"{stem}NotFound", "state": "success"},
        {"matcher": "path", "argument": f"length({stem}s)", "expected": 0, "state": "success"},
    ]


WAITER_MODEL: dict[str, Any] = {
    "version": 2,
    "waiters": {
        "UserActive": _waiter(
            "User",
            "user status 'active'",
            [
                _status_is("User", "active", "success"),
                _status_is("User", "deleting", "failure"),
                {"matcher": "error", "expected": "UserNotFound", "state": "failure"},
            ],
        ),
        "UserDeleted": _waiter("User", "user deleted", _gone("User")),
        "UserGroupActive": _waiter(
            "UserGroup",
            "user group status 'active' with no pending changes",
            [
                {"matcher": "path", "argument": _NO_PENDING, "expected": True, "state": "success"},
                _status_is("UserGroup", "deleting", "failure"),
                {"matcher": "error", "expected": "UserGroupNotFound", "state": "failure"},
            ],
        ),
        "UserGroupDeleted": _waiter("UserGroup", "user group deleted", _gone("UserGroup")),
    },
}
"""The waiters, in botocore's waiter-model format (``version`` 2), built by the helpers above."""

_MODEL = WaiterModel(WAITER_MODEL)


def parse_timeout(raw: object, source: str) -> float:
    """``raw`` as a timeout in seconds; :class:`InvalidInputError` naming ``source`` unless it is a finite
    number greater than 0 (a typo must not silently become the default)."""
    try:
        value = float(str(raw))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise InvalidInputError(
            f"{source} must be a number of seconds greater than 0 (e.g. 300), got {raw!r}; fix or unset it"
        )
    return value


def resolve_timeout(configured: float | None = None) -> float:
    """The wait timeout in seconds: ``configured``, else ``$ELASTICACHE_RBAC_WAIT_TIMEOUT``, else 150.

    Raises :class:`InvalidInputError` when the environment variable is set to anything but a positive
    number (see :func:`parse_timeout`).
    """
    if configured is not None:
        return float(configured)
    raw = os.environ.get(TIMEOUT_ENV)
    if raw:
        return parse_timeout(raw, TIMEOUT_ENV)
    return DEFAULT_WAIT_TIMEOUT


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with jitter: attempt ``n`` sleeps between ``1 - jitter`` and all of
    ``min(cap, first * factor**n)``, so concurrent waiters spread out.

    Given ``elapsed`` (the time already waited), the nominal delay is also capped at
    ``max(min_delay, ratio * elapsed)``: a poll that sees the end of a transition comes at most
    ``min_delay`` (short waits) or ``ratio`` of the wait (long ones) after it, while a long wait still
    polls rarely (e.g. every ~5 s after 50 s). Without ``elapsed`` (retries of throttled or rejected
    calls) the plain exponential schedule applies.
    """

    first: float = 0.25
    factor: float = 1.7
    cap: float = 10.0
    jitter: float = 0.5
    min_delay: float = 1.5
    ratio: float = 0.1

    def nominal(self, attempt: int, elapsed: float | None = None) -> float:
        nominal = min(self.cap, self.first * self.factor**attempt)
        if elapsed is not None:
            nominal = min(nominal, max(self.min_delay, self.ratio * elapsed))
        return nominal

    def delay(self, attempt: int, rng: random.Random | None = None, *, elapsed: float | None = None) -> float:
        nominal = self.nominal(attempt, elapsed)
        return nominal * (1 - self.jitter) + (rng or random).uniform(0, nominal * self.jitter)


DEFAULT_BACKOFF = Backoff()
WAIT_BACKOFF = Backoff(jitter=0.25)
"""Polling schedule of :func:`wait_for`: 0.25, 0.43, 0.72, 1.23 s, then at most 1.5 s until 15 s waited,
then 10 % of the time waited (capped at 10 s); jitter takes at most a quarter off, so the bound on
overshoot holds without polling twice as often. Simulated with 50 ms calls: a 10 s wait makes ~11
Describe calls (was ~8) and ends ~0.7 s after the transition (was ~2.4 s); a 30 s wait ~23 calls (was
~11), ~1.4 s late (was ~4.1 s); a 150 s wait ~43 calls (was ~27)."""


class Progress:
    """Prints ``[elasticache-rbac] <resource>: waiting for <what> (<n>s so far...)`` lines to stderr
    (shown by the Pulumi CLI as diagnostics) once a wait is longer than ``after`` seconds, then at most
    every ``every`` seconds."""

    def __init__(
        self,
        resource: str,
        what: str,
        *,
        after: float = 5.0,
        every: float = 10.0,
        sink: Callable[[str], None] | None = None,
    ) -> None:
        self.resource = resource
        self.what = what
        self.after = after
        self.every = every
        self.started = time.monotonic()
        self._last: float | None = None
        self._sink = sink or _stderr

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def pause(self, delay: float, timeout: float, detail: str) -> bool:
        """Sleep ``delay`` seconds (after a progress line with ``detail``, when one is due) and return
        True — or return False at once when that would pass ``timeout`` seconds since the start."""
        if self.elapsed() + delay > timeout:
            return False
        self.tick(detail)
        time.sleep(delay)
        return True

    def tick(self, detail: str = "") -> None:
        now = time.monotonic()
        elapsed = now - self.started
        if elapsed < self.after or (self._last is not None and now - self._last < self.every):
            return
        self._last = now
        suffix = f"; {detail}" if detail else ""
        self._sink(f"[elasticache-rbac] {self.resource}: waiting for {self.what} ({elapsed:.0f}s so far{suffix})")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def note(message: str) -> None:
    """Print ``[elasticache-rbac] <message>`` to stderr (the Pulumi CLI shows it under the resource's
    diagnostics); ``message`` names the resource."""
    _stderr(f"[elasticache-rbac] {message}")


def wait_for(
    client: Any,
    waiter_name: str,
    params: Mapping[str, Any],
    *,
    resource: str,
    timeout: float,
    backoff: Backoff = WAIT_BACKOFF,
    progress_after: float = 5.0,
    sink: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Poll ``waiter_name`` of :data:`WAITER_MODEL` with ``params`` until an acceptor says success.

    ``resource`` (e.g. ``"user group 'app' (rbac-group)"``) names the resource in progress lines and
    errors. See the module docstring for the contract.
    """
    config = _MODEL.get_waiter(waiter_name)
    raw = WAITER_MODEL["waiters"][waiter_name]
    collection = raw.get("collection")
    operation = getattr(client, xform_name(config.operation))
    schedule = dataclasses.replace(backoff, first=float(config.delay))
    progress = Progress(resource, config.description, after=progress_after, sink=sink)
    last_status = "unknown"
    for attempt in range(int(config.max_attempts)):
        error: ClientError | None = None
        try:
            response: dict[str, Any] = operation(**params)
        except ClientError as exc:
            error = exc
            response = dict(exc.response)
        state = "retry"
        for acceptor in config.acceptors:
            if acceptor.matcher_func(response):
                state = acceptor.state
                break
        if state == "success":
            return response
        if error is not None:
            mapped = map_client_error(error, resource)
            if state == "failure" or not isinstance(mapped, ThrottlingError):
                raise mapped from error
            last_status = f"throttled ({mapped.code})"
        elif state == "failure":
            raise WaitError(
                f"{resource}: stopped waiting for {config.description}: the status became "
                f"{_status(response, collection)!r}, which cannot lead there"
            )
        else:
            last_status = _status(response, collection)
        if not progress.pause(schedule.delay(attempt, elapsed=progress.elapsed()), timeout, f"status {last_status}"):
            break
    raise WaitTimeoutError(
        f"{resource}: still waiting for {config.description} after {progress.elapsed():.0f}s "
        f"(timeout {timeout:.0f}s, last status {last_status!r}). Nothing was rolled back; run `pulumi up` "
        f"again to resume, or raise the timeout with {TIMEOUT_ENV} / elasticache-rbac:waitTimeoutSeconds."
    )


def _status(response: Mapping[str, Any], collection: str | None) -> str:
    """``Status`` of the first item of ``response[collection]`` (for progress lines)."""
    items = response.get(collection or "") or [{}]
    return str(items[0].get("Status") or "unknown")
