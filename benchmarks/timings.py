"""The emulator timings every benchmark runs with, and the lower bounds computed from them.

Typical real durations come from ``shared/reference/elasticache-rbac-api.md`` §2.7 (no AWS figure is
published; these are the middle of the ranges that client timeouts and acceptance-test timings
suggest). The benchmark runs them scaled by :data:`SCALE` (every duration *and* the per-call latency),
so a full ``make bench`` stays within about 10 minutes. The Pulumi engine's own fixed costs (process
start-up, program registration, state writes) are not scaled, so every ratio here is *pessimistic*
compared with the same deployment at real AWS speed.

Lower bounds
------------
Two bounds are computed for each scenario; the ratio the issue's targets refer to is the first.

``service_bound`` — the critical path of the service itself: unlimited client concurrency, the minimum
number of calls, no polling delay (a Describe issued at the right moment sees the final status as soon
as it is due). A call costs ``L`` (the emulator sleeps the latency, then applies the change, then
answers), a transition of duration ``T`` started by a call ends ``T`` after that call returns.

* fresh rollout of N users in G authoritative groups: users are created in parallel (``CreateUser``
  answers ``active``: ``L``), then every group is created with its members in the same call and
  becomes ``active`` (``L + T_group_create``). The groups are independent, so::

      service_bound = L + (L + T_group_create)

  (The issue's "→ one modification" step applies when a group is created empty and filled by a
  later ``ModifyUserGroup``; an authoritative group created with its members needs none.)
* membership churn (k users moved): every touched group takes one ``ModifyUserGroup`` and its
  ``PendingChanges`` settle after ``T_group_modify``; touched groups change in parallel::

      service_bound = L + T_group_modify

* password rotation of R users: ``ModifyUser`` on each, in parallel, each ``modifying`` for
  ``T_user_modify``::

      service_bound = L + T_user_modify

* no-op ``preview`` / ``up``: zero API calls; the reference is the same operation on an empty program
  (engine start-up, program run, plugin start-up), measured in the same run.

``host_bound`` — the same work under the two concurrency limits of the Pulumi deployment: the engine
runs at most ``4 x GOMAXPROCS`` resource operations at once (``pulumi up --parallel`` default, 8 on
this 2-core machine) and the dynamic-provider process serves at most ``W = 4`` requests at once
(``ThreadPoolExecutor(max_workers=4)`` in ``pulumi/dynamic/__main__.py``). ``min(8, 4) = 4`` requests
therefore run concurrently, and a request that waits for a transition holds its worker for the whole
wait (the provider contract: ``create``/``update`` return a usable resource). A list scheduling bound
for that is the larger of the critical path through the workers and the total worker time over W:

* fresh rollout: ``max(ceil(N/W)·L + L + T_group_create, (N·L + G·(L + T_group_create)) / W)``
* churn: ``L + T_group_modify`` (each touched group holds one worker; G_touched ≤ W)
* rotation: ``ceil(R/W) · (L + T_user_modify)``

Neither bound includes the engine's fixed costs; those show up in the ratios (and in the empty-program
reference).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

__all__ = ["BENCH", "ENGINE_PARALLEL", "REAL", "SCALE", "WORKERS", "Timings"]

SCALE = 1 / 3
"""Every real duration and the per-call latency are multiplied by this for the benchmark."""

WORKERS = 4
"""Concurrent requests the dynamic-provider process serves (``pulumi/dynamic/__main__.py``)."""

ENGINE_PARALLEL = 8
"""``pulumi up --parallel`` default: 4 x GOMAXPROCS (2 cores here); ``min(8, WORKERS)`` applies."""


@dataclass(frozen=True)
class Timings:
    """Seconds per status transition and per API call (``latency``).

    ``user_create`` is 0: CreateUser answers ``active`` at once (reference §2.7) and the emulator has no
    create transition for users; its cost is the call latency.
    """

    latency: float
    user_create: float
    user_modify: float
    user_membership: float
    user_delete: float
    group_create: float
    group_modify: float
    group_delete: float

    def scaled(self, factor: float) -> Timings:
        return replace(
            self,
            **{name: round(getattr(self, name) * factor, 4) for name in self.__dataclass_fields__},
        )

    def emulator_durations(self) -> dict[str, float]:
        """``Timings.durations`` of the emulator config (transition name -> seconds)."""
        return {
            "user_modify": self.user_modify,
            "user_membership": self.user_membership,
            "user_delete": self.user_delete,
            "user_group_create": self.group_create,
            "user_group_modify": self.group_modify,
            "user_group_delete": self.group_delete,
        }

    # ---------------------------------------------------------------- lower bounds (module docstring)

    def fresh_service_bound(self) -> float:
        return self.latency + self.user_create + self.latency + self.group_create

    def fresh_host_bound(self, n_users: int, n_groups: int) -> float:
        path = math.ceil(n_users / WORKERS) * self.latency + self.latency + self.group_create
        work = (n_users * self.latency + n_groups * (self.latency + self.group_create)) / WORKERS
        return max(path, work)

    def churn_service_bound(self) -> float:
        return self.latency + self.group_modify

    def rotation_service_bound(self) -> float:
        return self.latency + self.user_modify

    def rotation_host_bound(self, n_users: int) -> float:
        return math.ceil(n_users / WORKERS) * (self.latency + self.user_modify)

    def destroy_service_bound(self) -> float:
        """Groups first (they depend on the users), then the users: two accepted calls."""
        return 2 * self.latency

    def up_after_destroy_service_bound(self) -> float:
        """Right after a destroy: each user can be created again once its deletion ended (the users'
        deletions began one call after the groups'), then the groups are created with their members."""
        return self.latency + self.user_delete + self.latency + self.latency + self.group_create


REAL = Timings(
    latency=0.15,
    user_create=0.0,
    user_modify=15.0,
    user_membership=15.0,
    user_delete=30.0,
    group_create=30.0,
    group_modify=30.0,
    group_delete=30.0,
)
"""Typical real values (reference §2.7): calls ~150 ms; user modify "seconds to 1-2 min"; group
create/modify "tens of seconds" when not attached to caches; deletes "tens of seconds"."""

BENCH = REAL.scaled(SCALE)
"""What the benchmark configures: latency 50 ms, user modify 5 s, group create/modify 10 s, ..."""
