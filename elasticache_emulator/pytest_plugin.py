"""Pytest fixtures (registered as the ``pytest11`` plugin ``elasticache_emulator``).

* ``emulator``: a fresh in-process emulator per test on an ephemeral loopback port, real HTTP, zero
  transition delays; ``.endpoint_url``, ``.admin`` (``AdminClient``), ``.client(region=...)``.
* ``emulator_factory``: ``emulator_factory(transition_delay=0.2, faults={...}, ...)`` starts another
  one with config overrides (see ``testing.start_emulator``); all are stopped at teardown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import pytest

from elasticache_emulator.testing import RunningEmulator, start_emulator

__all__ = ["EmulatorFactory", "emulator", "emulator_factory"]


class EmulatorFactory(Protocol):
    def __call__(self, **overrides: Any) -> RunningEmulator: ...


@pytest.fixture
def emulator_factory() -> Iterator[EmulatorFactory]:
    started: list[RunningEmulator] = []

    def factory(**overrides: Any) -> RunningEmulator:
        emu = start_emulator(**overrides)
        started.append(emu)
        return emu

    yield factory
    for emu in reversed(started):
        emu.stop()


@pytest.fixture
def emulator(emulator_factory: EmulatorFactory) -> RunningEmulator:
    return emulator_factory()
