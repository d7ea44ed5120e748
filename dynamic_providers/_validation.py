"""Preview-time rules: everything about users, groups and memberships knowable from the inputs alone.

Run by ``check`` (zero API calls) and again before every write. Each function takes the raw property
dict — values may be the engine's *unknown* placeholder during preview, in which case the rules that need
them are skipped — and returns every failure at once as ``(property, reason)`` pairs. Reasons name the
resource (``what``) and the field, and say how to fix it. Passwords are never echoed.

Sources: ``../shared/reference/elasticache-rbac-api.md`` §2.1 (ids), §2.2 (engine, valkey rules), §2.3
(passwords, iam), §2.4 (access strings), §2.5 (default user, duplicate user names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi.runtime import rpc

from . import _access_strings

__all__ = [
    "ENGINES",
    "Failure",
    "group_failures",
    "is_known",
    "membership_failures",
    "user_failures",
]

Failure = tuple[str, str]

ENGINES = ("redis", "valkey")
AUTH_TYPES = ("password", "no-password-required", "iam")
MAX_ID_LENGTH = 40
MAX_TAGS = 50
_ID = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_FORBIDDEN_PASSWORD_CHARS = ',"/@'
_PWS = "authentication_mode.passwords"


def is_known(value: Any) -> bool:
    """False for the engine's unknown placeholder (preview) anywhere inside ``value``."""
    if isinstance(value, str):
        return value != rpc.UNKNOWN
    if isinstance(value, Mapping):
        return all(is_known(k) and is_known(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(is_known(v) for v in value)
    return True


def _id_problem(value: Any, noun: str) -> str | None:
    if not isinstance(value, str) or not value:
        return f"{noun} is required and must be a non-empty string"
    if not _ID.fullmatch(value):
        return (
            f"{noun} {value!r} is invalid: it must start with a letter and contain only ASCII letters, "
            "digits and hyphens"
        )
    if value.endswith("-") or "--" in value:
        return f"{noun} {value!r} is invalid: it must not end with a hyphen or contain two consecutive hyphens"
    if len(value) > MAX_ID_LENGTH:
        return f"{noun} {value!r} is {len(value)} characters long; use at most {MAX_ID_LENGTH}"
    return None


def _engine_failures(what: str, engine: Any) -> list[Failure]:
    if not is_known(engine) or engine is None:
        return []
    if not isinstance(engine, str) or engine.lower() not in ENGINES:
        return [("engine", f"{what}: engine {engine!r} is not supported; use 'redis' or 'valkey'")]
    return []


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


def user_failures(props: Mapping[str, Any], resource_name: str | None = None) -> list[Failure]:
    """Every rule of a ``User``'s inputs that can be checked without calling the service."""
    raw_id = props.get("user_id")
    what = f"User {resource_name!r}" if resource_name else "User"
    if is_known(raw_id) and isinstance(raw_id, str):
        what += f" (user_id {raw_id!r})"
    failures: list[Failure] = []
    if is_known(raw_id):
        problem = _id_problem(raw_id, "user_id")
        if problem:
            failures.append(("user_id", f"{what}: {problem}"))
        elif isinstance(raw_id, str) and raw_id.lower() == "default":
            failures.append(
                (
                    "user_id",
                    f"{what}: 'default' is the built-in user, which cannot be created, modified or deleted; "
                    "choose another user_id (a user whose user_name is 'default' can replace it in a group)",
                )
            )
    user_name = props.get("user_name")
    if is_known(user_name) and user_name is not None and (not isinstance(user_name, str) or not user_name):
        failures.append(("user_name", f"{what}: user_name must be a non-empty string (or omitted)"))
    engine = props.get("engine")
    failures += _engine_failures(what, engine)
    access = props.get("access_string")
    if is_known(access):
        if not isinstance(access, str):
            failures.append(("access_string", f"{what}: access_string is required, e.g. 'on ~* +@all'"))
        else:
            failures += [
                ("access_string", f"{what}: access_string: {problem}") for problem in _access_strings.validate(access)
            ]
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
            raw_type = mode.get("type")
            if is_known(raw_type):
                if not isinstance(raw_type, str) or raw_type.lower() not in AUTH_TYPES:
                    failures.append(
                        (
                            "authentication_mode",
                            f"{what}: authentication_mode.type {raw_type!r} is not one of {', '.join(AUTH_TYPES)}",
                        )
                    )
                else:
                    auth_type = raw_type.lower()
            failures += _password_failures(what, auth_type, mode.get("passwords"))
    if auth_type == "iam" and is_known(raw_id) and is_known(user_name) and isinstance(raw_id, str):
        name = user_name if isinstance(user_name, str) else raw_id.lower()
        if name != raw_id.lower():
            failures.append(
                (
                    "user_name",
                    f"{what}: iam authentication needs user_name equal to user_id ({raw_id.lower()!r}); "
                    "omit user_name or set it to the user_id",
                )
            )
    if (
        auth_type == "no-password-required"
        and is_known(engine)
        and isinstance(engine, str)
        and engine.lower() == "valkey"
    ):
        failures.append(
            (
                "authentication_mode",
                f"{what}: authentication_mode.type: valkey users cannot be no-password; use type 'password' or "
                "'iam', or engine 'redis'",
            )
        )
    failures += _tag_failures(what, props.get("tags"), reserved=1)
    return failures


def _password_failures(what: str, auth_type: str | None, passwords: Any) -> list[Failure]:
    field = "authentication_mode"
    if not is_known(passwords):
        return []
    if passwords is None:
        passwords = []
    if not isinstance(passwords, Sequence) or isinstance(passwords, str):
        return [(field, f"{what}: authentication_mode.passwords must be a list of strings")]
    if auth_type in ("iam", "no-password-required") and passwords:
        return [
            (
                field,
                f"{what}: {_PWS}: passwords are not allowed with authentication type {auth_type!r}; remove them",
            )
        ]
    if auth_type != "password":
        return []
    failures: list[Failure] = []
    if not 1 <= len(passwords) <= 2:
        failures.append(
            (
                field,
                f"{what}: {_PWS}: give 1 or 2 passwords for type 'password' ({len(passwords)} given)",
            )
        )
    for i, pw in enumerate(passwords, start=1):
        if not isinstance(pw, str):
            failures.append((field, f"{what}: {_PWS}: password #{i} must be a string"))
            continue
        if not 16 <= len(pw) <= 128:
            failures.append(
                (
                    field,
                    f"{what}: {_PWS}: password #{i} must be 16-128 characters long ({len(pw)} given)",
                )
            )
        bad = sorted({c for c in pw if c in _FORBIDDEN_PASSWORD_CHARS})
        if bad:
            failures.append(
                (
                    field,
                    f'{what}: {_PWS}: password #{i} contains forbidden characters {" ".join(bad)}; remove , " / @',
                )
            )
        if any(not (32 < ord(c) < 127) for c in pw):
            failures.append(
                (
                    field,
                    f"{what}: {_PWS}: password #{i} must use printable ASCII characters without spaces",
                )
            )
    return failures


def _member_list_failures(what: str, user_ids: Any, *, required: bool) -> list[Failure]:
    if not is_known(user_ids) and not isinstance(user_ids, list):
        return []
    if user_ids is None:
        return [("user_ids", f"{what}: user_ids is required (a non-empty list of user ids)")] if required else []
    if not isinstance(user_ids, list):
        return [("user_ids", f"{what}: user_ids must be a list of user ids")]
    failures: list[Failure] = []
    if required and not user_ids:
        failures.append(("user_ids", f"{what}: user_ids must name at least one user"))
    seen: set[str] = set()
    for uid in user_ids:
        if not is_known(uid):
            continue
        problem = _id_problem(uid, "user id")
        if problem:
            failures.append(("user_ids", f"{what}: user_ids: {problem}"))
            continue
        if uid.lower() in seen:
            failures.append(("user_ids", f"{what}: user_ids: user id {uid.lower()!r} is listed twice; list it once"))
        seen.add(uid.lower())
    return failures


def group_failures(props: Mapping[str, Any], resource_name: str | None = None) -> list[Failure]:
    """Every rule of a ``UserGroup``'s inputs knowable without the service.

    ``member_user_names`` (user id → user name, filled when members are given as ``User`` resources)
    lets the default-user and duplicate-name rules run at preview; the built-in ``default`` user is always
    known to be named ``default``.
    """
    raw_id = props.get("user_group_id")
    what = f"UserGroup {resource_name!r}" if resource_name else "UserGroup"
    if is_known(raw_id) and isinstance(raw_id, str):
        what += f" (user_group_id {raw_id!r})"
    failures: list[Failure] = []
    if is_known(raw_id):
        problem = _id_problem(raw_id, "user_group_id")
        if problem:
            failures.append(("user_group_id", f"{what}: {problem}"))
    engine = props.get("engine")
    failures += _engine_failures(what, engine)
    user_ids = props.get("user_ids")
    failures += _member_list_failures(what, user_ids, required=False)
    failures += _tag_failures(what, props.get("tags"), reserved=2)
    if not isinstance(user_ids, list) or not is_known(user_ids) or not is_known(engine):
        return failures
    engine_l = engine.lower() if isinstance(engine, str) else "redis"
    ids = [u.lower() for u in user_ids if isinstance(u, str)]
    if engine_l == "valkey" and "default" in ids:
        failures.append(
            (
                "user_ids",
                f"{what}: user_ids: the built-in 'default' user has no password and cannot join a valkey group; "
                "remove it (valkey groups need no default user) or use engine 'redis'",
            )
        )
    raw_names = props.get("member_user_names")
    names_map = raw_names if isinstance(raw_names, Mapping) and is_known(raw_names) else {}
    names: dict[str, str] = {}
    for uid in ids:
        if uid == "default":
            names[uid] = "default"
        elif isinstance(names_map.get(uid), str):
            names[uid] = names_map[uid]
    if engine_l == "redis" and not ids:
        failures.append(
            (
                "user_ids",
                f"{what}: user_ids: a redis user group needs a user whose user_name is 'default'; add 'default' "
                "(the built-in user) or your own user named 'default'",
            )
        )
    elif len(names) == len(ids) and engine_l == "redis" and "default" not in names.values():
        failures.append(
            (
                "user_ids",
                f"{what}: user_ids: a redis user group needs a member whose user_name is 'default'; add 'default' "
                "(the built-in user) or your own user named 'default'",
            )
        )
    by_name: dict[str, list[str]] = {}
    for uid, name in names.items():
        by_name.setdefault(name, []).append(uid)
    for name, uids in sorted(by_name.items()):
        if len(uids) > 1:
            failures.append(
                (
                    "user_ids",
                    f"{what}: user_ids: users {', '.join(sorted(uids))} share the user_name {name!r}; a group may hold "
                    "only one of them",
                )
            )
    return failures


def membership_failures(props: Mapping[str, Any], resource_name: str | None = None) -> list[Failure]:
    """Every rule of a ``UserGroupMembership``'s inputs knowable without the service."""
    raw_id = props.get("user_group_id")
    what = f"UserGroupMembership {resource_name!r}" if resource_name else "UserGroupMembership"
    if is_known(raw_id) and isinstance(raw_id, str):
        what += f" (user_group_id {raw_id!r})"
    failures: list[Failure] = []
    if is_known(raw_id):
        problem = _id_problem(raw_id, "user_group_id")
        if problem:
            failures.append(("user_group_id", f"{what}: {problem}"))
    failures += _member_list_failures(what, props.get("user_ids"), required=True)
    return failures
