"""``Later``: a dynamic resource whose output ``result`` is only known once it exists.

It stands in for ``pulumi_random.RandomPassword(...).result`` and for any output of another resource:
at the preview of its creation (and of a change to ``value``) the engine hands ``result`` to dependants
as an unknown, exactly as it does for real providers. ``result`` equals ``value`` (any JSON value);
``secret=True`` marks both as secrets.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, ResourceProvider, UpdateResult


class LaterProvider(ResourceProvider):
    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        value = props.get("value")
        digest = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]
        return CreateResult(id_=digest, outs={"value": value, "result": value})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_=id_, outs=props)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=olds.get("value") != news.get("value"))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(outs={"value": news.get("value"), "result": news.get("value")})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        return None


class Later(Resource):
    """``Later(name, value).result`` is ``value``, unknown at preview until the resource exists."""

    result: pulumi.Output[Any]

    def __init__(self, name: str, value: Any, *, secret: bool = False, opts: pulumi.ResourceOptions | None = None):
        extra = pulumi.ResourceOptions(additional_secret_outputs=["value", "result"]) if secret else None
        props = {"value": pulumi.Output.secret(value) if secret else value, "result": None}
        super().__init__(LaterProvider(), name, props, pulumi.ResourceOptions.merge(opts, extra))
