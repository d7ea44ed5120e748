"""What the request log says about waiting: how late the poll that saw a transition end came.

For every successful write that starts a transition (``CreateUserGroup``, ``ModifyUserGroup``,
``ModifyUser``), the transition is due ``T`` seconds after the emulator applied the call (its latency
is slept first, so: the call's end + ``T``). The first later ``Describe`` of the same resource whose
state was read at or after that moment (start + latency, the emulator's read point) is the poll that
could see the final status; its end minus the due time is the *poll overshoot*: time spent only
because the waiter slept past the transition.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.timings import Timings
from elasticache_emulator.request_log import RequestRecord

__all__ = ["Overshoot", "poll_overshoot"]

_STARTS = {
    "CreateUserGroup": ("group_create", "DescribeUserGroups", "UserGroupId"),
    "ModifyUserGroup": ("group_modify", "DescribeUserGroups", "UserGroupId"),
    "ModifyUser": ("user_modify", "DescribeUsers", "UserId"),
}


@dataclass(frozen=True)
class Overshoot:
    """Poll overshoot over ``waits`` transitions, in seconds."""

    waits: int
    mean_s: float
    max_s: float


def poll_overshoot(records: list[RequestRecord], timings: Timings) -> Overshoot | None:
    """Overshoot of every wait in ``records`` (oldest first); ``None`` when nothing waited."""
    values: list[float] = []
    for i, write in enumerate(records):
        spec = _STARTS.get(write.operation)
        if spec is None or write.error_code is not None:
            continue
        field, describe, key = spec
        rid = write.params.get(key, "").lower()
        due = write.ended_at + float(getattr(timings, field))
        for later in records[i + 1 :]:
            if (
                later.operation == describe
                and later.params.get(key, "").lower() == rid
                and later.started_at + timings.latency >= due
            ):
                values.append(max(0.0, later.ended_at - due))
                break
    if not values:
        return None
    return Overshoot(len(values), sum(values) / len(values), max(values))
