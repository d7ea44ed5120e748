"""Password fingerprints: how a ``User``'s diff tells that its passwords changed without storing them.

Passwords are inputs only (secrets); outputs carry ``password_fingerprint`` (a secret output):
``v2:hmac-sha256:<salt>:<digest>``, HMAC-SHA256 keyed with a random 16-byte salt (hex) over the sorted
passwords JSON-encoded (unambiguous whatever the passwords hold), ``""`` when there are none. It only
has to detect a change without revealing the passwords; whoever can decrypt it can decrypt the
passwords themselves (the secret input ``authentication_mode``), so it is deliberately fast.

Fingerprints written before v2 (``pbkdf2-sha256$<rounds>$<salt>$<hex>``) are still compared correctly
(with PBKDF2) and rewritten as v2 at the user's next update (:func:`is_current`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from typing import Any

__all__ = ["is_current", "legacy_fingerprint", "password_fingerprint", "same_passwords"]

_PREFIX = "v2:hmac-sha256:"
_LEGACY_PREFIX = "pbkdf2-sha256$"


def password_fingerprint(passwords: Sequence[str], salt: str | None = None) -> str:
    """``v2:hmac-sha256:<salt>:<digest>`` of the (order-insensitive) passwords; ``""`` when there are none."""
    if not passwords:
        return ""
    salt = salt or secrets.token_hex(16)
    message = json.dumps(sorted(passwords), separators=(",", ":")).encode()
    digest = hmac.new(bytes.fromhex(salt), message, hashlib.sha256).hexdigest()
    return f"{_PREFIX}{salt}:{digest}"


def legacy_fingerprint(passwords: Sequence[str], rounds: int, salt: str) -> str:
    """The pre-v2 format ``pbkdf2-sha256$rounds$salt$hash`` (read only: compared, never written)."""
    digest = hashlib.pbkdf2_hmac("sha256", "\n".join(sorted(passwords)).encode(), bytes.fromhex(salt), rounds).hex()
    return f"{_LEGACY_PREFIX}{rounds}${salt}${digest}"


def is_current(fingerprint: Any) -> bool:
    """Whether ``fingerprint`` is empty or in the current (v2) format, i.e. needs no rewrite."""
    return not fingerprint or (isinstance(fingerprint, str) and fingerprint.startswith(_PREFIX))


def same_passwords(fingerprint: Any, passwords: Sequence[str]) -> bool:
    """Whether ``passwords`` are the ones ``fingerprint`` (either format) was made of; a malformed
    fingerprint never matches (the update then writes a fresh one)."""
    if not isinstance(fingerprint, str) or not fingerprint:
        return not passwords
    if not passwords:
        return False
    try:
        if fingerprint.startswith(_PREFIX):
            salt = fingerprint[len(_PREFIX) :].split(":")[0]
            return hmac.compare_digest(password_fingerprint(passwords, salt), fingerprint)
        if fingerprint.startswith(_LEGACY_PREFIX):
            _, rounds, salt, _digest = fingerprint.split("$")
            return hmac.compare_digest(legacy_fingerprint(passwords, int(rounds), salt), fingerprint)
    except ValueError:
        return False
    return False
