"""A dynamic resource that does nothing: the engine + SDK floor for N dynamic resources.

A no-op ``preview`` of a stack of these measures what any Python dynamic provider costs per resource
(program registration, check and diff round trips to the provider process, state handling), so the
no-op figures of the RBAC resources can be split into "inherent to dynamic providers" and "ours".
Importable in the provider process because ``pulumi_env`` puts the repo root on ``PYTHONPATH``.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, Resource, ResourceProvider

__all__ = ["Noop", "NoopProvider"]


class NoopProvider(ResourceProvider):
    """Creates nothing; never reports a change."""

    serialize_as_secret_always = False

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, [])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(str(props.get("value", "noop")), dict(props))


class Noop(Resource, module="bench", name="Noop"):
    """One do-nothing dynamic resource with one string input."""

    def __init__(self, name: str, value: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(NoopProvider(), name, {"value": value}, opts)
