"""Provider check: the shared :mod:`.rules` applied to one resource's raw property dict.

Run by ``check`` (zero API calls) and again before every write. Each function takes the raw property
dict — values may be the engine's *unknown* placeholder during preview, in which case the rules that need
them are skipped — checks shapes (strings, lists, mappings), runs the rules, and returns every failure
at once as ``(property, reason)`` pairs. A reason names the resource and the field, then says what is
wrong and how to fix it (``User 'app' (user_id 'app'): engine: engine 'x' is not supported; use 'redis'
or 'valkey'``). Passwords are never echoed.

The one rule that only the providers have lives here: the tag count (the provider adds tags of its own).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime import rpc

from . import rules

__all__ = [
    "TERMS",
    "Failure",
    "group_failures",
    "is_known",
    "membership_failures",
    "user_failures",
]

Failure = tuple[str, str]
"""``(property, reason)``: the input property at fault and a reason naming resource, field and fix."""

TERMS = rules.Terms(user_id="user_id", user_name="user_name", quote="'")
"""How the providers' inputs name things, for the rules' messages."""
MAX_TAGS = 50
_PASSWORDS = "authentication_mode.passwords"


def is_known(value: Any) -> bool:
    """False when ``value`` holds a value the engine does not know yet (preview), at any depth.

    The dynamic-provider host hands check and diff :class:`pulumi.output.Unknown` objects (it
    deserializes with ``keep_unknowns=True``); the raw wire sentinel string is recognised too.
    """
    if isinstance(value, Unknown):
        return False
    if isinstance(value, str):
        return value != rpc.UNKNOWN
    if isinstance(value, Mapping):
        return all(is_known(k) and is_known(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(is_known(v) for v in value)
    return True


def _failures(what: str, prop: str, field: str, issues: Sequence[rules.Issue]) -> list[Failure]:
    """``issues`` of ``field`` (``field[i]`` for one at a position) as failures of ``prop``."""
    out: list[Failure] = []
    for issue in issues:
        where = field if issue.at is None else f"{field}[{issue.at}]"
        out.append((prop, f"{what}: {where}: {issue.message}; {issue.fix}"))
    return out


def _what(kind: str, resource_name: str | None, id_field: str, raw_id: Any) -> str:
    what = f"{kind} {resource_name!r}" if resource_name else kind
    if is_known(raw_id) and isinstance(raw_id, str):
        what += f" ({id_field} {raw_id!r})"
    return what


def _engine_failures(what: str, engine: Any) -> list[Failure]:
    if not is_known(engine) or engine is None:
        return []
    if not isinstance(engine, str):
        return [("engine", f"{what}: engine must be a string: 'redis' or 'valkey'")]
    return _failures(what, "engine", "engine", rules.engine(engine, TERMS))


def _tag_failures(what: str, tags: Any, reserved: int) -> list[Failure]:
    """``reserved``: tags the provider adds itself (created-by, and membership ownership on a group)."""
    if tags is None or not is_known(tags):
        return []
    if not isinstance(tags, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
        return [("tags", f"{what}: tags must map strings to strings")]
    if len(tags) > MAX_TAGS - reserved:
        return [
            (
                "tags",
                f"{what}: {len(tags)} tags given; ElastiCache allows at most {MAX_TAGS} per resource and this "
                f"provider adds {reserved} of its own, so use at most {MAX_TAGS - reserved}",
            )
        ]
    return []


def _text_failures(
    what: str, field: str, value: Any, not_text: str, rule: Callable[[str], Sequence[rules.Issue]]
) -> list[Failure]:
    """A string field: ``not_text`` when it is known but not a string, else the issues ``rule`` finds."""
    if not is_known(value):
        return []
    if not isinstance(value, str):
        return [(field, f"{what}: {field} {not_text}")]
    return _failures(what, field, field, rule(value))


def _identified(
    kind: str, props: Mapping[str, Any], resource_name: str | None, field: str, noun: str
) -> tuple[str, Any, list[Failure]]:
    """How messages name the resource (``User 'app' (user_id 'app')``), its raw id, and the id's failures."""
    raw_id = props.get(field)
    what = _what(kind, resource_name, field, raw_id)
    rule = functools.partial(rules.identifier, noun=noun, terms=TERMS)
    return what, raw_id, _text_failures(what, field, raw_id, "is required and must be a string", rule)


def user_failures(props: Mapping[str, Any], resource_name: str | None = None) -> list[Failure]:
    """Every rule of a ``User``'s inputs that can be checked without calling the service."""
    what, raw_id, failures = _identified("User", props, resource_name, "user_id", "user id")
    if not failures and isinstance(raw_id, str) and is_known(raw_id):
        failures += _failures(what, "user_id", "user_id", rules.builtin_default_id(raw_id, TERMS))
    user_name = props.get("user_name")
    if user_name is not None:
        failures += _text_failures(
            what, "user_name", user_name, "must be a non-empty string (or omitted)", rules.user_name
        )
    engine = props.get("engine")
    failures += _engine_failures(what, engine)
    access = "is required, e.g. 'on ~* +@all'"
    user_engine = engine if isinstance(engine, str) and is_known(engine) else None
    access_rule = functools.partial(rules.access_string, engine_name=user_engine)
    failures += _text_failures(what, "access_string", props.get("access_string"), access, access_rule)
    mode = props.get("authentication_mode")
    auth_type: str | None = None
    if is_known(mode) or isinstance(mode, Mapping):
        if not isinstance(mode, Mapping):
            failures.append(
                (
                    "authentication_mode",
                    f"{what}: authentication_mode is required: {{'type': 'password', 'passwords': [...]}}, "
                    "{'type': 'iam'} or {'type': 'no-password-required'}",
                )
            )
        else:
            auth_type, auth_failures = _auth_type(what, mode.get("type"))
            failures += auth_failures
            if auth_type is not None:
                adopting = props.get("adopt_existing") is True
                failures += _password_failures(what, auth_type, mode.get("passwords"), adopting)
    if auth_type is not None and isinstance(raw_id, str) and is_known(raw_id) and is_known(user_name):
        name = user_name if isinstance(user_name, str) else raw_id.lower()
        failures += _failures(what, "user_name", "user_name", rules.iam_name(auth_type, raw_id, name, TERMS))
    if auth_type is not None and isinstance(engine, str) and is_known(engine):
        issues = rules.valkey_no_password(engine, auth_type, TERMS)
        failures += _failures(what, "authentication_mode", "authentication_mode.type", issues)
    failures += _tag_failures(what, props.get("tags"), reserved=1)
    return failures


def _auth_type(what: str, raw_type: Any) -> tuple[str | None, list[Failure]]:
    """The valid, lowercase authentication type (``None`` when unknown or invalid) and its failures."""
    if not is_known(raw_type):
        return None, []
    if not isinstance(raw_type, str):
        reason = f"{what}: authentication_mode.type is required: one of {', '.join(rules.AUTH_TYPES)}"
        return None, [("authentication_mode", reason)]
    issues = rules.authentication_type(raw_type, TERMS)
    if issues:
        return None, _failures(what, "authentication_mode", "authentication_mode.type", issues)
    return raw_type.lower(), []


def _password_failures(what: str, auth_type: str, passwords: Any, adopting: bool) -> list[Failure]:
    field = "authentication_mode"
    if not is_known(passwords) and not isinstance(passwords, list):
        return []
    if passwords is None:
        passwords = []
    if not isinstance(passwords, list):
        return [(field, f"{what}: {_PASSWORDS} must be a list of strings")]
    failures: list[Failure] = []
    values: list[str | None] = []
    for i, pw in enumerate(passwords):
        if not is_known(pw):
            values.append(None)
        elif isinstance(pw, str):
            values.append(pw)
        else:
            values.append(None)
            failures.append((field, f"{what}: {_PASSWORDS}[{i}]: must be a string"))
    issues = rules.passwords(auth_type, values, TERMS, adopting=adopting)
    return failures + _failures(what, field, _PASSWORDS, issues)


def _member_failures(
    what: str, user_ids: Any, engine: str | None, names: Mapping[str, Any], *, whole: bool
) -> list[Failure]:
    """``user_ids`` of a group (``whole``) or of a membership (additive; its group's engine unknown).

    ``names``: user id -> user name, where known; the built-in ``default`` user is always known.
    """
    if not is_known(user_ids) and not isinstance(user_ids, list):
        return []
    if user_ids is None:
        return [] if whole else [("user_ids", f"{what}: user_ids is required (a non-empty list of user ids)")]
    if not isinstance(user_ids, list):
        return [("user_ids", f"{what}: user_ids must be a list of user ids")]
    failures: list[Failure] = []
    members: list[rules.Member | None] = []
    for i, uid in enumerate(user_ids):
        if not is_known(uid):
            members.append(None)
        elif not isinstance(uid, str):
            failures.append(("user_ids", f"{what}: user_ids[{i}]: must be a user id string"))
            members.append(None)
        elif issues := rules.identifier(uid, "user id", TERMS):
            failures += _failures(what, "user_ids", f"user_ids[{i}]", issues)
            members.append(None)
        elif uid.lower() == rules.BUILTIN_DEFAULT:
            members.append(rules.BUILTIN_DEFAULT_USER)
        else:
            name = names.get(uid.lower())
            members.append(rules.Member(uid.lower(), name if isinstance(name, str) and is_known(name) else None))
    ids = [m.id if m is not None else None for m in members]
    issues = rules.listed_members(ids, TERMS, whole=whole) + rules.group_members(engine, members, TERMS, whole=whole)
    return failures + _failures(what, "user_ids", "user_ids", issues)


def group_failures(props: Mapping[str, Any], resource_name: str | None = None) -> list[Failure]:
    """Every rule of a ``UserGroup``'s inputs knowable without the service.

    ``member_user_names`` (user id → user name, filled when members are given as ``User`` resources)
    lets the default-user and duplicate-name rules run at preview; the built-in ``default`` user is always
    known to be named ``default``.
    """
    what, _raw_id, failures = _identified("UserGroup", props, resource_name, "user_group_id", "user group id")
    engine = props.get("engine")
    failures += _engine_failures(what, engine)
    failures += _tag_failures(what, props.get("tags"), reserved=2)
    if engine is None:
        engine = "redis"  # the default, as UserGroup fills it in
    raw_names = props.get("member_user_names")
    names = {str(k).lower(): v for k, v in raw_names.items()} if isinstance(raw_names, Mapping) else {}
    group_engine = engine if isinstance(engine, str) and is_known(engine) else None
    return failures + _member_failures(what, props.get("user_ids"), group_engine, names, whole=True)


def membership_failures(props: Mapping[str, Any], resource_name: str | None = None) -> list[Failure]:
    """Every rule of a ``UserGroupMembership``'s inputs knowable without the service."""
    what, _raw_id, failures = _identified("UserGroupMembership", props, resource_name, "user_group_id", "user group id")
    return failures + _member_failures(what, props.get("user_ids"), None, {}, whole=False)
