"""Stateless input rules: identifiers, engines, passwords, authentication combinations, tags, AUTH tokens.

Each function raises the emulator error the service would answer with (see the reference §2.1-2.3) and
returns the normalised value. Messages marked "moto" in the reference are reproduced verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from elasticache_emulator.exceptions import (
    EmulatorError,
    InvalidParameterCombination,
    InvalidParameterValue,
    TagQuotaPerResourceExceeded,
)

__all__ = [
    "ENGINES",
    "AuthResult",
    "check_auth_token",
    "check_identifier",
    "check_passwords",
    "check_tags",
    "normalise_engine",
    "resolve_authentication",
]

ENGINES = ("redis", "valkey")
INPUT_AUTH_TYPES = ("password", "no-password-required", "iam")
_ID_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*$")
_PASSWORD_FORBIDDEN = frozenset(',"/@')
_CREATE_TOKEN_SPECIALS = frozenset("!&#$^<>-")
_MODIFY_TOKEN_FORBIDDEN = frozenset('/"@%')


def check_identifier(parameter: str, value: str, *, strict: bool, max_length: int) -> str:
    """Validate a UserId / UserGroupId / ReplicationGroupId and return it lower-cased.

    The model pattern ``[a-zA-Z][a-zA-Z0-9-]*`` always applies; ``strict`` adds the generic ElastiCache
    identifier rules (no trailing hyphen, no ``--``, at most ``max_length`` characters).
    """
    bad = not _ID_RE.match(value) or (strict and (value.endswith("-") or "--" in value))
    if bad:
        raise InvalidParameterValue(
            f"The parameter {parameter} is not a valid identifier: {value!r}. Identifiers must begin with a "
            "letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen "
            "or contain two consecutive hyphens."
        )
    if strict and len(value) > max_length:
        raise InvalidParameterValue(
            f"The parameter {parameter} must be at most {max_length} characters long; {value!r} has {len(value)}."
        )
    return value.lower()


def normalise_engine(value: str, error: type[EmulatorError] = InvalidParameterValue) -> str:
    """Engines are case-insensitive and stored lower-case; only ``redis`` and ``valkey`` exist."""
    engine = value.lower()
    if engine not in ENGINES:
        raise error(f'Unknown parameter for Engine: "{value}", must be one of: redis, valkey')
    return engine


def check_passwords(passwords: Sequence[str], max_count: int) -> None:
    """At most ``max_count`` passwords of 16-128 printable ASCII characters, none of ``, " / @``."""
    if len(passwords) > max_count:
        raise InvalidParameterValue(f"A user can have at most {max_count} passwords; {len(passwords)} were given.")
    for password in passwords:
        if not 16 <= len(password) <= 128:
            raise InvalidParameterValue("Passwords length must be between 16-128 characters.")
        if any(not (32 < ord(ch) < 127) for ch in password):
            raise InvalidParameterValue("Passwords must contain only printable ASCII characters without spaces.")
        if _PASSWORD_FORBIDDEN.intersection(password):
            raise InvalidParameterValue('Passwords cannot contain any of the characters , " / @')


@dataclass(frozen=True)
class AuthResult:
    """The output ``Authentication`` of a user: type in password|no-password|iam, and password count."""

    type: str
    password_count: int = 0


def resolve_authentication(
    passwords: Sequence[str] | None,
    no_password_required: bool | None,
    authentication_mode: Mapping[str, Any] | None,
    *,
    max_passwords: int,
    required: bool,
) -> AuthResult | None:
    """Apply the authentication decision table (reference §2.3, rows A1-A14).

    Returns ``None`` when nothing authentication-related was given and ``required`` is false
    (ModifyUser leaves the user's authentication as it is).
    """
    mode_type: str | None = None
    mode_passwords: list[str] | None = None
    if authentication_mode is not None:
        raw = authentication_mode.get("Type")
        mode_passwords = authentication_mode.get("Passwords")
        if raw is None or raw not in INPUT_AUTH_TYPES:
            shown = "null" if raw is None else raw
            raise InvalidParameterValue(
                f"Input Authentication type: {shown} is not in the allowed list: [password,no-password-required,iam]"
            )
        mode_type = str(raw)
    if passwords and mode_passwords:
        raise InvalidParameterCombination("Passwords provided via multiple arguments. Use only one argument")
    given = list(passwords or mode_passwords or [])
    if no_password_required:
        if mode_type in ("password", "iam"):
            raise InvalidParameterCombination(
                f"No password required flag is true but provided authentication type is {mode_type}"
            )
        if given:
            raise InvalidParameterCombination(
                "No password required flag is true but provided authentication type is password"
            )
        return AuthResult("no-password")
    if mode_type in ("iam", "no-password-required"):
        if given:
            raise InvalidParameterCombination(f"Password field is not allowed with authentication type: {mode_type}")
        return AuthResult("iam" if mode_type == "iam" else "no-password")
    if mode_type == "password" and not given:
        raise InvalidParameterCombination("A user with Authentication Mode: password, must have at least one password")
    if given:
        check_passwords(given, max_passwords)
        return AuthResult("password", len(given))
    if no_password_required is False:
        raise InvalidParameterCombination("A user with Authentication Mode: password, must have at least one password")
    if required:
        raise InvalidParameterValue(
            "Input Authentication type: null is not in the allowed list: [password,no-password-required,iam]"
        )
    return None


def check_tags(tags: Sequence[Mapping[str, Any]], limit: int, resource: str) -> dict[str, str | None]:
    """Tags of a create call as an ordered dict (a repeated key keeps its last value)."""
    out: dict[str, str | None] = {}
    for tag in tags:
        key = tag.get("Key")
        if not key:
            raise InvalidParameterValue("Tag keys must not be null or empty.")
        value = tag.get("Value")
        out[str(key)] = None if value is None else str(value)
    if len(out) > limit:
        raise TagQuotaPerResourceExceeded(resource=resource, count=len(out), limit=limit)
    return out


def check_auth_token(token: str, *, modify: bool) -> None:
    """AUTH token rules of Create/ModifyReplicationGroup (different from RBAC password rules)."""
    if not 16 <= len(token) <= 128 or any(not (32 < ord(ch) < 127) for ch in token):
        raise InvalidParameterValue(
            "Invalid AuthToken: it must be 16 to 128 printable ASCII characters long, without spaces."
        )
    if modify:
        if _MODIFY_TOKEN_FORBIDDEN.intersection(token):
            raise InvalidParameterValue('Invalid AuthToken: it cannot contain any of the characters / " @ %.')
    elif any(not ch.isalnum() and ch not in _CREATE_TOKEN_SPECIALS for ch in token):
        raise InvalidParameterValue(
            "Invalid AuthToken: the only permitted special characters are !, &, #, $, ^, <, >, and -."
        )
