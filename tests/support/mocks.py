"""Typed helpers for tests that run Pulumi programs with ``pulumi.runtime.set_mocks``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import pulumi

F = TypeVar("F", bound=Callable[..., Any])


def pulumi_test(fn: F) -> F:
    """``pulumi.runtime.test`` (runs the test and awaits the ``Output`` it returns), with its type kept."""
    decorate: Callable[[F], Any] = pulumi.runtime.test  # the SDK leaves it unannotated
    return cast(F, decorate(fn))
