"""AWS Query protocol: parse form parameters, dispatch to the model, render XML, driven by botocore's model.

Parsing and rendering walk the input/output shapes of botocore's ``elasticache`` 2015-02-02 service
model (the same model boto3 uses), so list member names (``X.member.N``, ``Tags.Tag.N``), nested
structures (``Filters.member.N.Values.member.M``, ``AuthenticationMode.Passwords.member.N``), result
wrappers and list element names are exactly what botocore serialises and expects.

``DECLARED`` lists the errors each operation may answer with; :func:`dispatch` turns any other error an
operation raises into ``InternalFailure`` (an emulator bug), so the wire never carries a code the model
does not declare for that operation (besides the protocol-level errors in ``exceptions.PROTOCOL_ERRORS``).
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

import botocore.session
from botocore.model import ListShape, OperationModel, ServiceModel, Shape, StructureShape

from elasticache_emulator import exceptions as exc
from elasticache_emulator.models import Backend, RegionState

__all__ = [
    "DECLARED",
    "HANDLERS",
    "NAMESPACE",
    "accepted_parameters",
    "dispatch",
    "parse_query",
    "render_error",
    "render_result",
    "snake_case",
]

NAMESPACE = "http://elasticache.amazonaws.com/doc/2015-02-02/"
API_VERSION = "2015-02-02"


@functools.cache
def service_model() -> ServiceModel:
    """botocore's ElastiCache model (loaded once; the installed botocore's data files)."""
    return botocore.session.get_session().get_service_model("elasticache", api_version=API_VERSION)


# ---------------------------------------------------------------------- parsing


def parse_query(params: Mapping[str, str], shape: StructureShape | None) -> dict[str, Any]:
    """Turn flat query parameters into a nested dict following ``shape`` (unknown parameters ignored).

    Raises ``InvalidQueryParameter`` when a scalar does not parse as its model type.
    """
    if shape is None:
        return {}
    prefixes = _prefixes(params)
    return _parse_structure(params, prefixes, shape, "")


def _prefixes(params: Mapping[str, str]) -> set[str]:
    out: set[str] = set()
    for key in params:
        parts = key.split(".")
        for i in range(1, len(parts)):
            out.add(".".join(parts[:i]) + ".")
    return out


def _parse_structure(
    params: Mapping[str, str], prefixes: set[str], shape: StructureShape, prefix: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        key = prefix + member.serialization.get("name", name)
        value = _parse_value(params, prefixes, member, key)
        if value is not None:
            out[name] = value
    return out


def _parse_value(params: Mapping[str, str], prefixes: set[str], shape: Shape, key: str) -> Any:
    if isinstance(shape, StructureShape):
        if key + "." not in prefixes:
            return None
        return _parse_structure(params, prefixes, shape, key + ".")
    if isinstance(shape, ListShape):
        if shape.serialization.get("flattened"):
            item_base = key
        else:
            item_base = f"{key}.{shape.member.serialization.get('name', 'member')}"
        if key + "." not in prefixes:
            return [] if key in params else None
        items: list[Any] = []
        index = 1
        while True:
            item_key = f"{item_base}.{index}"
            if item_key not in params and item_key + "." not in prefixes:
                break
            items.append(_parse_value(params, prefixes, shape.member, item_key))
            index += 1
        return items
    if key not in params:
        return None
    raw = params[key]
    type_name = shape.type_name
    try:
        if type_name in ("integer", "long"):
            return int(raw)
        if type_name == "boolean":
            if raw.lower() not in ("true", "false"):
                raise ValueError(raw)
            return raw.lower() == "true"
        if type_name in ("double", "float"):
            return float(raw)
    except ValueError:
        raise exc.InvalidQueryParameter(value=raw, parameter=key, type_name=type_name) from None
    return raw


# ---------------------------------------------------------------------- rendering


def render_result(operation: OperationModel, result: Mapping[str, Any], request_id: str) -> bytes:
    """``<{Op}Response><{Op}Result>...</{Op}Result><ResponseMetadata>...`` for ``result``."""
    root = ET.Element(f"{operation.name}Response", xmlns=NAMESPACE)
    output = operation.output_shape
    if output is not None:
        wrapper = output.serialization.get("resultWrapper", f"{operation.name}Result")
        holder = ET.SubElement(root, wrapper)
        assert isinstance(output, StructureShape)
        _render_members(holder, output, result)
    meta = ET.SubElement(root, "ResponseMetadata")
    ET.SubElement(meta, "RequestId").text = request_id
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _render_members(parent: ET.Element, shape: StructureShape, value: Mapping[str, Any]) -> None:
    unknown = set(value) - set(shape.members)
    if unknown:
        raise exc.InternalFailure(f"emulator bug: {sorted(unknown)} are not members of {shape.name}")
    for name, member in shape.members.items():
        if name in value and value[name] is not None:
            _render_value(parent, member, member.serialization.get("name", name), value[name])


def _render_value(parent: ET.Element, shape: Shape, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(shape, StructureShape):
        _render_members(element, shape, value)
    elif isinstance(shape, ListShape):
        item_tag = shape.member.serialization.get("name", "member")
        for item in value:
            _render_value(element, shape.member, item_tag, item)
    elif shape.type_name == "boolean":
        element.text = "true" if value else "false"
    elif shape.type_name == "timestamp":
        moment = value if isinstance(value, datetime) else datetime.fromtimestamp(float(value), tz=UTC)
        element.text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    else:
        element.text = str(value)


def render_error(error: exc.EmulatorError, request_id: str) -> bytes:
    root = ET.Element("ErrorResponse", xmlns=NAMESPACE)
    err = ET.SubElement(root, "Error")
    ET.SubElement(err, "Type").text = error.fault_type
    ET.SubElement(err, "Code").text = error.code
    ET.SubElement(err, "Message").text = error.message
    ET.SubElement(root, "RequestId").text = request_id
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


# ---------------------------------------------------------------------- operations


@dataclass(frozen=True)
class Operation:
    """One supported action and the errors it may answer with.

    The action runs ``Backend.<action in snake_case>`` (``CreateUser`` -> ``create_user``) with the
    request's parameters, parsed by the model, as keyword arguments in snake_case (``UserIdsToAdd`` ->
    ``user_ids_to_add``). Parameters the method does not take are ignored (that is how replication groups
    accept every parameter but use only the RBAC ones).
    """

    errors: tuple[type[exc.EmulatorError], ...]


def snake_case(name: str) -> str:
    """``UserIdsToAdd`` -> ``user_ids_to_add``: a model member or action name as a Python name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.cache
def accepted_parameters(action: str) -> frozenset[str]:
    """The keyword parameters of the backend method that serves ``action``."""
    method = getattr(Backend, snake_case(action))
    return frozenset(name for name in inspect.signature(method).parameters if name not in ("self", "state"))


def _run(backend: Backend, state: RegionState, action: str, params: Mapping[str, Any]) -> dict[str, Any]:
    accepted = accepted_parameters(action)
    kwargs = {key: value for name, value in params.items() if (key := snake_case(name)) in accepted}
    result: dict[str, Any] = getattr(backend, snake_case(action))(state, **kwargs)
    return result


_IPV, _IPC = exc.InvalidParameterValue, exc.InvalidParameterCombination
_TAG_ERRORS = (exc.InvalidARN, exc.UserNotFound, exc.UserGroupNotFound, exc.ReplicationGroupNotFound)

HANDLERS: dict[str, Operation] = {
    "CreateUser": Operation(
        (exc.UserAlreadyExists, exc.UserQuotaExceeded, _IPV, _IPC, exc.TagQuotaPerResourceExceeded)
    ),
    "ModifyUser": Operation((exc.UserNotFound, exc.InvalidUserState, _IPV, _IPC)),
    "DeleteUser": Operation((exc.UserNotFound, exc.InvalidUserState, _IPV, exc.DefaultUserAssociatedToUserGroup)),
    "DescribeUsers": Operation((exc.UserNotFound, _IPC)),
    "CreateUserGroup": Operation(
        (
            exc.UserNotFound,
            exc.DuplicateUserName,
            exc.UserGroupAlreadyExists,
            exc.DefaultUserRequired,
            exc.UserGroupQuotaExceeded,
            _IPV,
            exc.TagQuotaPerResourceExceeded,
        )
    ),
    "ModifyUserGroup": Operation(
        (
            exc.UserGroupNotFound,
            exc.UserNotFound,
            exc.DuplicateUserName,
            exc.DefaultUserRequired,
            exc.InvalidUserGroupState,
            _IPV,
            _IPC,
        )
    ),
    "DeleteUserGroup": Operation((exc.UserGroupNotFound, exc.InvalidUserGroupState, _IPV)),
    "DescribeUserGroups": Operation((exc.UserGroupNotFound, _IPC)),
    "AddTagsToResource": Operation((*_TAG_ERRORS, exc.TagQuotaPerResourceExceeded)),
    "ListTagsForResource": Operation(_TAG_ERRORS),
    "RemoveTagsFromResource": Operation((*_TAG_ERRORS, exc.TagNotFound)),
    "CreateReplicationGroup": Operation(
        (
            exc.ReplicationGroupAlreadyExists,
            exc.InvalidUserGroupState,
            exc.UserGroupNotFound,
            exc.TagQuotaPerResourceExceeded,
            _IPV,
            _IPC,
        )
    ),
    "ModifyReplicationGroup": Operation(
        (
            exc.ReplicationGroupNotFound,
            exc.InvalidReplicationGroupState,
            exc.InvalidUserGroupState,
            exc.UserGroupNotFound,
            _IPV,
            _IPC,
        )
    ),
    "DeleteReplicationGroup": Operation((exc.ReplicationGroupNotFound, exc.InvalidReplicationGroupState)),
    "DescribeReplicationGroups": Operation((exc.ReplicationGroupNotFound, _IPV, _IPC)),
}
"""Every supported action (the rest answer ``InvalidAction``)."""

DECLARED: dict[str, tuple[str, ...]] = {op: tuple(e.code for e in o.errors) for op, o in HANDLERS.items()}
"""Operation -> the wire codes it may emit (besides protocol-level errors)."""


def dispatch(backend: Backend, account_id: str, region: str, action: str, params: Mapping[str, str]) -> dict[str, Any]:
    """Run ``action`` against the backend and return its output dict.

    Raises an :class:`~elasticache_emulator.exceptions.EmulatorError`: the operation's own (declared)
    errors, or a protocol-level one.
    """
    operation = HANDLERS.get(action)
    if operation is None:
        raise exc.InvalidAction(action=action)
    op_model = service_model().operation_model(action)
    input_shape = op_model.input_shape
    parsed = parse_query(params, input_shape)
    if input_shape is not None:
        for required in input_shape.required_members:
            if required not in parsed:
                raise exc.MissingParameter(parameter=required)
    with backend.lock:
        backend.advance()
        state = backend.region(account_id, region)
        try:
            return _run(backend, state, action, parsed)
        except exc.EmulatorError as error:
            if not isinstance(error, operation.errors):
                raise exc.InternalFailure(
                    f"emulator bug: {action} raised undeclared {error.code}: {error.message}"
                ) from error
            raise


def operation_model(action: str) -> OperationModel:
    return service_model().operation_model(action)
