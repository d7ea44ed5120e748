"""Transitions as data and the lazy scheduler."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from elasticache_emulator.config import EmulatorConfig, Timings
from elasticache_emulator.transitions import TRANSITIONS, Clock, Kind, Pending, Scheduler


@dataclass
class Thing:
    status: str = "active"
    pending: Pending | None = None


def test_every_transition_names_its_statuses() -> None:
    assert TRANSITIONS["user_group_create"].during == "creating"
    assert TRANSITIONS["user_group_modify"].after == "active"
    assert TRANSITIONS["user_delete"].after is None
    assert {t.kind for t in TRANSITIONS.values()} == set(Kind)


def test_begin_sets_the_during_status_and_due_pops_in_order() -> None:
    scheduler: Scheduler[str] = Scheduler()
    a, b = Thing(), Thing()
    scheduler.begin("a", a, "user_modify", now=0.0, duration=5.0)
    scheduler.begin("b", b, "user_delete", now=0.0, duration=1.0)
    assert (a.status, b.status) == ("modifying", "deleting")
    assert list(scheduler.due(0.5)) == []
    assert [ref for ref, _ in scheduler.due(10.0)] == ["b", "a"]


def test_same_shaped_transitions_merge_and_the_later_due_time_wins() -> None:
    scheduler: Scheduler[str] = Scheduler()
    user = Thing()
    first = scheduler.begin("u", user, "user_modify", now=0.0, duration=10.0)
    kept = scheduler.begin("u", user, "user_membership", now=1.0, duration=2.0)
    assert kept is first
    later = scheduler.begin("u", user, "user_membership", now=2.0, duration=20.0)
    assert later.due == 22.0 and user.pending is later


def test_clock_advances_forward_only() -> None:
    clock = Clock()
    before = clock.now()
    clock.advance(100)
    assert clock.now() >= before + 100
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_timings_uniform_covers_every_transition_and_rejects_unknown_names() -> None:
    assert set(Timings.uniform(2).durations) == set(TRANSITIONS)
    with pytest.raises(ValueError, match="unknown transition"):
        Timings(durations={"nope": 1})


def test_config_merge_transition_delay_then_single_override() -> None:
    config = EmulatorConfig().merged({"transition_delay": 3, "timings": {"durations": {"user_modify": 0.5}}})
    assert config.timings.duration("user_group_create") == 3
    assert config.timings.duration("user_modify") == 0.5
