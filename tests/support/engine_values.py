"""Property values exactly as the dynamic-provider host hands them to ``check`` / ``diff``.

The engine sends a protobuf ``Struct`` in which a value unknown at preview is the wire sentinel;
``pulumi.dynamic.__main__`` turns it into Python with ``rpc.deserialize_properties(struct, True)``,
which yields :class:`pulumi.output.Unknown` objects (and drops ``None`` values). :func:`engine_sends`
runs that same SDK function, so unit tests see what the providers see under the real engine.
"""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import rpc

UNKNOWN: Any = object()
"""Put this where a value is unknown at preview; :func:`engine_sends` turns it into the engine's form."""


def _wire(value: Any) -> Any:
    if value is UNKNOWN:
        return rpc.UNKNOWN
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_wire(v) for v in value]
    return value


def engine_sends(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` after the engine's serialization and the provider host's deserialization."""
    struct = struct_pb2.Struct()
    struct.update(_wire(props))
    result: dict[str, Any] = rpc.deserialize_properties(struct, True)
    return result
