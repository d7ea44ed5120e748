"""The four scenarios of issue 7, each run through the ``pulumi_elasticache_rbac.ElastiCacheRbac`` component.

Layout: N users ``u0000`` … spread in contiguous blocks over G authoritative redis groups ``g00`` …,
each group also holding the built-in ``default`` user (a redis group needs a member named ``default``).
G = ceil(N / 50), so a group holds at most 51 users (emulator quota: 100 per group; 200 groups and
2,000 users per region).

1. ``fresh``: ``up`` of the whole layout on an empty account, for each N.
2. ``churn``: on the N = 100 stack (2 groups), (a) *one group*: k users leave ``g00`` and k members of
   ``g01`` join it (only ``g00`` changes: minimum 1 write); (b) *move*: k other users of ``g00`` move
   to ``g01`` (both groups change: minimum 2 writes, in parallel).
3. ``noop``: on the N = 500 stack, ``preview`` and ``up`` with nothing changed, against ``preview`` and
   ``up`` of an empty program (measured after one warm-up preview, in the same run). For context, the
   same operations on N + G do-nothing dynamic resources (:mod:`benchmarks.floor_provider`) give the
   floor that any Python dynamic provider pays per resource.
4. ``rotation``: R users in one group get a new password (``ModifyUser`` each: minimum R writes).
5. ``destroy``: ``destroy`` of the N = 100 stack (2 groups: minimum N + G writes), then how long until
   nothing is left in the service; then ``up`` right after a second ``destroy`` (the old objects are
   still being deleted: each create waits for its old object, then creates).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks.floor_provider import Noop
from benchmarks.workbench import Measurement, Operation, Workbench
from pulumi_elasticache_rbac import ElastiCacheRbac

__all__ = [
    "Layout",
    "Sizes",
    "run_churn",
    "run_destroy",
    "run_empty_reference",
    "run_floor",
    "run_fresh",
    "run_noop",
    "run_rotation",
]

USERS_PER_GROUP = 50
_OPS: tuple[Operation, ...] = ("preview", "up")
ACCESS_STRING = "on ~app:* -@all +@read +@write"


@dataclass(frozen=True)
class Sizes:
    """What to run (``--quick`` shrinks everything)."""

    fresh: tuple[int, ...] = (10, 100, 500)
    churn_n: int = 100
    churn_k: int = 10
    noop_n: int = 500
    rotation_n: int = 50
    destroy_n: int = 100


def _password(generation: int, i: int) -> str:
    return f"bench-password-gen{generation}-{i:04d}"


@dataclass
class Layout:
    """Users, their passwords' generation and group membership; :meth:`spec` renders the component spec."""

    n_users: int
    generation: int = 1
    members: dict[str, list[str]] = field(default_factory=dict)
    rotated: set[str] = field(default_factory=set)

    @classmethod
    def blocks(cls, n_users: int) -> Layout:
        layout = cls(n_users)
        n_groups = max(1, math.ceil(n_users / USERS_PER_GROUP))
        for j in range(n_groups):
            layout.members[f"g{j:02d}"] = layout.user_ids[j * USERS_PER_GROUP : (j + 1) * USERS_PER_GROUP]
        return layout

    @property
    def user_ids(self) -> list[str]:
        return [f"u{i:04d}" for i in range(self.n_users)]

    @property
    def n_groups(self) -> int:
        return len(self.members)

    def spec(self) -> dict[str, Any]:
        users = [
            {
                "id": uid,
                "access_string": ACCESS_STRING,
                "passwords": [_password(self.generation if uid in self.rotated else 1, i)],
            }
            for i, uid in enumerate(self.user_ids)
        ]
        groups = [{"id": gid, "members": ["default", *ids]} for gid, ids in self.members.items()]
        return {"users": users, "groups": groups}

    def program(self) -> Callable[[], None]:
        def program() -> None:
            ElastiCacheRbac("rbac", self.spec())

        return program


def run_empty_reference(bench: Workbench) -> dict[str, Measurement]:
    """Preview and up of an empty program (engine + program + no provider): the no-op reference."""
    stack = bench.stack("empty", lambda: None, endpoint=None)
    common: dict[str, Any] = {"scenario": "reference", "emu": None, "n_users": 0, "n_groups": 0, "min_writes": 0}
    bench.measure(stack, "preview", label="warm-up", **common)
    return {
        "preview": bench.measure(stack, "preview", label="empty preview", **common),
        "up": bench.measure(stack, "up", label="empty up", **common),
    }


def _fresh(bench: Workbench, emu: Any, layout: Layout, name: str) -> tuple[Any, Measurement]:
    stack = bench.stack(name, layout.program(), emu.endpoint_url)
    m = bench.measure(
        stack,
        "up",
        scenario="fresh",
        label=f"fresh N={layout.n_users}",
        emu=emu,
        n_users=layout.n_users,
        n_groups=layout.n_groups,
        min_writes=layout.n_users + layout.n_groups,
    )
    m.service_bound_s = bench.timings.fresh_service_bound()
    m.host_bound_s = bench.timings.fresh_host_bound(layout.n_users, layout.n_groups)
    return stack, m


def run_fresh(bench: Workbench, n_users: int) -> Measurement:
    with bench.emulator() as emu:
        _, m = _fresh(bench, emu, Layout.blocks(n_users), f"fresh-{n_users}")
    return m


def run_churn(bench: Workbench, n_users: int, k: int) -> list[Measurement]:
    """Fresh ``n_users`` (at least 51, for 2 groups), then the two churn steps (see module docstring).

    The first measurement returned is the fresh rollout that sets the stack up (scenario ``fresh``);
    the same holds for :func:`run_noop` and :func:`run_rotation`.
    """
    layout = Layout.blocks(max(n_users, USERS_PER_GROUP + 1))
    out: list[Measurement] = []
    with bench.emulator() as emu:
        stack, setup = _fresh(bench, emu, layout, f"churn-{layout.n_users}")
        out.append(setup)
        g0, g1 = layout.members["g00"], layout.members["g01"]
        common: dict[str, Any] = {"emu": emu, "n_users": layout.n_users, "n_groups": layout.n_groups}

        leaving, joining = g0[:k], g1[:k]
        layout.members["g00"] = [u for u in g0 if u not in leaving] + joining
        one = bench.measure(stack, "up", scenario="churn", label=f"churn k={k}, one group", min_writes=1, **common)
        one.service_bound_s = one.host_bound_s = bench.timings.churn_service_bound()
        out.append(one)

        moving = layout.members["g00"][:k]
        layout.members["g00"] = [u for u in layout.members["g00"] if u not in moving]
        layout.members["g01"] = layout.members["g01"] + [u for u in moving if u not in layout.members["g01"]]
        move = bench.measure(
            stack, "up", scenario="churn", label=f"churn k={k}, moved g00->g01", min_writes=2, **common
        )
        move.service_bound_s = move.host_bound_s = bench.timings.churn_service_bound()
        out.append(move)
    return out


def run_floor(bench: Workbench, n_resources: int) -> dict[str, Measurement]:
    """``up`` then no-op ``preview`` / ``up`` of ``n_resources`` do-nothing dynamic resources."""

    def program() -> None:
        for i in range(n_resources):
            Noop(f"noop-{i:04d}", f"v{i}")

    stack = bench.stack(f"floor-{n_resources}", program, endpoint=None)
    common: dict[str, Any] = {"scenario": "reference", "emu": None, "n_users": n_resources, "n_groups": 0}
    bench.measure(stack, "up", label=f"floor up {n_resources} no-op resources", min_writes=0, **common)
    return {
        op: bench.measure(stack, op, label=f"floor no-op {op} {n_resources} resources", min_writes=0, **common)
        for op in _OPS
    }


def run_noop(
    bench: Workbench,
    n_users: int,
    reference: dict[str, Measurement],
    floor: dict[str, Measurement] | None = None,
) -> list[Measurement]:
    """Fresh ``n_users``, then no-op ``preview`` and ``up``; ratio against the empty program's same
    operation; ``floor`` (same number of do-nothing dynamic resources) is noted next to it."""
    layout = Layout.blocks(n_users)
    out: list[Measurement] = []
    with bench.emulator() as emu:
        stack, setup = _fresh(bench, emu, layout, f"noop-{n_users}")
        out.append(setup)
        common: dict[str, Any] = {
            "scenario": "noop",
            "emu": emu,
            "n_users": n_users,
            "n_groups": layout.n_groups,
            "min_writes": 0,
        }
        for op in ("preview", "up"):
            m = bench.measure(stack, op, label=f"no-op {op} N={n_users}", **common)
            m.reference_s = reference[op].wall_s
            m.reference_label = reference[op].label
            if floor is not None:
                f = floor[op]
                m.notes.append(
                    f"floor ({f.n_users} do-nothing dynamic resources): {f.wall_s:.2f}s; "
                    f"ratio to the floor {m.wall_s / f.wall_s:.2f}x"
                )
            out.append(m)
    return out


def run_rotation(bench: Workbench, n_users: int) -> list[Measurement]:
    layout = Layout.blocks(n_users)
    out: list[Measurement] = []
    with bench.emulator() as emu:
        stack, setup = _fresh(bench, emu, layout, f"rotation-{n_users}")
        out.append(setup)
        layout.generation = 2
        layout.rotated = set(layout.user_ids)
        m = bench.measure(
            stack,
            "up",
            scenario="rotation",
            label=f"password rotation R={n_users}",
            emu=emu,
            n_users=n_users,
            n_groups=layout.n_groups,
            min_writes=n_users,
        )
        m.service_bound_s = bench.timings.rotation_service_bound()
        m.host_bound_s = bench.timings.rotation_host_bound(n_users)
        out.append(m)
    return out


def _gone_after(emu: Any, started: float, limit: float = 600.0) -> float | None:
    """Seconds from ``started`` (``time.perf_counter``) until the service holds nothing but the built-in
    ``default`` user and no group (polled every 0.2 s); ``None`` past ``limit``."""
    client = emu.client()
    while time.perf_counter() - started < limit:
        users = [u for u in client.describe_users()["Users"] if u["UserId"] != "default"]
        if not users and not client.describe_user_groups()["UserGroups"]:
            return time.perf_counter() - started
        time.sleep(0.2)
    return None


def run_destroy(bench: Workbench, n_users: int) -> list[Measurement]:
    """Fresh ``n_users``; ``destroy`` (and when nothing is left); ``up`` again; ``destroy``; ``up`` at once."""
    layout = Layout.blocks(n_users)
    out: list[Measurement] = []
    with bench.emulator() as emu:
        stack, setup = _fresh(bench, emu, layout, f"destroy-{n_users}")
        out.append(setup)
        common: dict[str, Any] = {"emu": emu, "n_users": n_users, "n_groups": layout.n_groups}
        started = time.perf_counter()
        gone = bench.measure(
            stack,
            "destroy",
            scenario="destroy",
            label=f"destroy N={n_users}",
            min_writes=n_users + layout.n_groups,
            **common,
        )
        gone.service_bound_s = gone.host_bound_s = bench.timings.destroy_service_bound()
        after = _gone_after(emu, started)
        gone.notes.append(
            "nothing left in the service after "
            + ("more than 600s" if after is None else f"{after:.2f}s from the start of destroy")
        )
        out.append(gone)

        # again, and up at once while the deletions are still under way
        _gone_after(emu, time.perf_counter())
        bench.measure(stack, "up", scenario="setup", label=f"up again N={n_users}", min_writes=0, **common)
        bench.measure(stack, "destroy", scenario="setup", label=f"destroy again N={n_users}", min_writes=0, **common)
        again = bench.measure(
            stack,
            "up",
            scenario="destroy",
            label=f"up right after destroy N={n_users}",
            min_writes=n_users + layout.n_groups,
            **common,
        )
        again.service_bound_s = again.host_bound_s = bench.timings.up_after_destroy_service_bound()
        out.append(again)
    return out
