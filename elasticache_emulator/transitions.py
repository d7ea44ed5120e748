"""Status transitions declared as data, completed lazily.

A :class:`Transition` says which status a resource shows while a change is in progress and which it
reaches afterwards (``None``: the resource disappears). How long each takes is configuration
(``config.Timings``, keyed by transition name). Nothing runs in the background: the model calls
:meth:`Scheduler.due` at the start of every request (and before every admin read), and completes, in
due-time order, whatever has become due. A duration of 0 therefore still shows the intermediate status
in the response of the call that started the change, and the final status from the next call on.

The clock is injectable and can be advanced (``POST /_emulator/clock``) so timeout tests need not wait.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

__all__ = ["TRANSITIONS", "Clock", "Kind", "Pending", "Scheduler", "Transition", "Transitional"]


class Kind(StrEnum):
    USER = "user"
    USER_GROUP = "user_group"
    REPLICATION_GROUP = "replication_group"


@dataclass(frozen=True)
class Transition:
    """One asynchronous change: the resource shows ``during`` until done, then ``after`` (None = gone)."""

    name: str
    kind: Kind
    during: str
    after: str | None
    trigger: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("user_modify", Kind.USER, "modifying", "active", "ModifyUser"),
        Transition("user_membership", Kind.USER, "modifying", "active", "user added to / removed from a user group"),
        Transition("user_delete", Kind.USER, "deleting", None, "DeleteUser"),
        Transition("user_group_create", Kind.USER_GROUP, "creating", "active", "CreateUserGroup"),
        Transition(
            "user_group_modify",
            Kind.USER_GROUP,
            "modifying",
            "active",
            "ModifyUserGroup (PendingChanges applied at the end)",
        ),
        Transition(
            "user_group_association",
            Kind.USER_GROUP,
            "modifying",
            "active",
            "group associated with / dissociated from a replication group",
        ),
        Transition("user_group_delete", Kind.USER_GROUP, "deleting", None, "DeleteUserGroup"),
        Transition(
            "replication_group_create", Kind.REPLICATION_GROUP, "creating", "available", "CreateReplicationGroup"
        ),
        Transition(
            "replication_group_modify",
            Kind.REPLICATION_GROUP,
            "modifying",
            "available",
            "ModifyReplicationGroup (PendingModifiedValues applied at the end)",
        ),
        Transition("replication_group_delete", Kind.REPLICATION_GROUP, "deleting", None, "DeleteReplicationGroup"),
    )
}


class Clock:
    """Monotonic seconds plus an offset that :meth:`advance` moves forward (never backward)."""

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._offset += seconds


@dataclass
class Pending:
    """An in-progress transition on one resource; ``seq`` identifies it in the scheduler."""

    transition: str
    due: float
    seq: int

    @property
    def definition(self) -> Transition:
        return TRANSITIONS[self.transition]


class Transitional(Protocol):
    """What the scheduler needs of a resource."""

    status: str
    pending: Pending | None


R = TypeVar("R", bound=Hashable)


@dataclass(order=True)
class _Entry(Generic[R]):
    due: float
    seq: int
    ref: R = field(compare=False)


class Scheduler(Generic[R]):
    """Orders pending transitions by due time; ``R`` is the caller's reference to a resource."""

    def __init__(self) -> None:
        self._heap: list[_Entry[R]] = []
        self._seq = itertools.count(1)

    def begin(self, ref: R, resource: Transitional, transition: str, now: float, duration: float) -> Pending:
        """Put ``resource`` into ``transition`` (its ``during`` status) until ``now + duration``.

        If the resource is already in a transition that shows the same status and ends the same way,
        the two merge: the later due time wins (e.g. two membership changes in a row).
        """
        definition = TRANSITIONS[transition]
        due = now + duration
        current = resource.pending
        if current is not None:
            cur_def = current.definition
            if (cur_def.during, cur_def.after) == (definition.during, definition.after) and current.due >= due:
                return current
        pending = Pending(transition=transition, due=due, seq=next(self._seq))
        resource.pending = pending
        resource.status = definition.during
        heapq.heappush(self._heap, _Entry(due, pending.seq, ref))
        return pending

    def due(self, now: float) -> Iterator[tuple[R, int]]:
        """Pop (ref, seq) of every entry due at ``now``, earliest first.

        The caller must check that the resource still exists and that ``resource.pending.seq == seq``
        (entries are not removed when a resource is replaced or its transition superseded).
        """
        while self._heap and self._heap[0].due <= now:
            entry = heapq.heappop(self._heap)
            yield entry.ref, entry.seq

    def clear(self) -> None:
        self._heap.clear()

    def __len__(self) -> int:
        return len(self._heap)
