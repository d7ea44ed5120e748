"""A trivial dynamic resource used by the engine smoke test (importable in the provider process)."""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, ResourceProvider, UpdateResult


class EchoProvider(ResourceProvider):
    """Stores ``value`` and derives ``digest``; the id is derived from the value."""

    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        value = str(props["value"])
        return CreateResult(
            id_=hashlib.sha256(value.encode()).hexdigest()[:12],
            outs={"value": value, "digest": hashlib.sha256(value.encode()).hexdigest()},
        )

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_=id_, outs=props)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=olds.get("value") != news.get("value"))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        value = str(news["value"])
        return UpdateResult(outs={"value": value, "digest": hashlib.sha256(value.encode()).hexdigest()})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        return None


class Echo(Resource):
    digest: pulumi.Output[str]
    value: pulumi.Output[str]

    def __init__(self, name: str, value: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(EchoProvider(), name, {"value": value, "digest": None}, opts)
