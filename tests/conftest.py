"""Fixtures shared by every tier.

The emulator fixtures (``emulator``, ``emulator_factory``) come from the ``elasticache_emulator``
pytest plugin. The Pulumi fixtures below put each test on the real engine with its own file backend;
a missing engine fails the test (with the command that builds it) instead of skipping it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from pulumi import automation as auto

from tests.support import pulumi_harness as ph

# Projects used as data by the tests (e.g. a user's project with its own tests, run in its own venv).
collect_ignore = ["fixtures"]


@pytest.fixture(scope="session")
def pulumi_engine() -> ph.Engine:
    """The engine at the pinned SDK version; fails (never skips) when it is missing."""
    try:
        return ph.find_engine()
    except ph.EngineMissing as exc:
        pytest.fail(str(exc), pytrace=False)


class InlineStackFactory(Protocol):
    def __call__(
        self,
        program: Callable[[], None],
        *,
        stack: str = ...,
        project: str = ...,
        config: dict[str, auto.ConfigValue] | None = ...,
        endpoint: str | None = ...,
    ) -> auto.Stack: ...


@pytest.fixture
def pulumi_state_dir(tmp_path: Path) -> Path:
    d = tmp_path / "pulumi-state"
    d.mkdir()
    return d


@pytest.fixture
def inline_stack(pulumi_engine: ph.Engine, pulumi_state_dir: Path) -> Iterator[InlineStackFactory]:
    """Factory: an inline-program stack on the real engine, pointed at an emulator endpoint."""

    def make(
        program: Callable[[], None],
        *,
        stack: str = "test",
        project: str = "rbac-test",
        config: dict[str, auto.ConfigValue] | None = None,
        endpoint: str | None = None,
    ) -> auto.Stack:
        env = ph.pulumi_env(pulumi_engine, pulumi_state_dir, aws_endpoint=endpoint)
        st = ph.inline_stack(pulumi_engine, env, program, project=project, stack=stack)
        st.set_config("aws:region", auto.ConfigValue("us-east-1"))
        if config:
            st.set_all_config(config)
        return st

    yield make


@pytest.fixture
def project_stack(pulumi_engine: ph.Engine, pulumi_state_dir: Path) -> Callable[..., auto.Stack]:
    """Factory: a stack of a Pulumi project directory (run through the language host)."""

    def make(work_dir: Path, *, stack: str = "test", endpoint: str | None = None, **extra: Any) -> auto.Stack:
        env = ph.pulumi_env(pulumi_engine, pulumi_state_dir, aws_endpoint=endpoint, extra=extra or None)
        return ph.project_stack(pulumi_engine, env, work_dir, stack=stack)

    return make
