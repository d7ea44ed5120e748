"""Access strings (Redis/Valkey ACL rules) as ElastiCache accepts them.

:func:`validate` enforces what the reference documents (§2.4): at least one non-space character; no
password rules (``>pw``, ``<pw``, ``#hash``, ``!hash``, ``nopass``, ``resetpass``); no ``reset``; no
grant of a forbidden command; and otherwise only well-formed ACL rules (unknown words are rejected, as
``ACL SETUSER`` would).

Not emulated: ElastiCache may return a canonicalised form ("a simpler string may be used"); its
algorithm is unknown, so :func:`normalise` only collapses whitespace and the service's rewriting (e.g.
``off`` prepended, ``-@all`` appended) is not reproduced. Renamed commands do not exist here.

Error messages never quote a password rule or a string that may hold one: a rejected password rule is
named by its position and kind (``rule 2 is a '>' (add password) rule``), unbalanced parentheses and
nested selectors by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["AccessStringError", "append", "is_enabled", "normalise", "tokenize", "validate"]


class AccessStringError(ValueError):
    """The access string is not acceptable; ``str(exc)`` is the service-style message."""


KEYWORDS = frozenset(
    {
        "on",
        "off",
        "allkeys",
        "resetkeys",
        "allchannels",
        "resetchannels",
        "allcommands",
        "nocommands",
        "clearselectors",
        "sanitize-payload",
        "skip-sanitize-payload",
    }
)
_SELECTOR_FORBIDDEN = frozenset({"on", "off", "clearselectors"})
_PASSWORD_KEYWORDS = frozenset({"nopass", "resetpass"})
_PASSWORD_PREFIXES = (">", "<", "#", "!")
_PASSWORD_RULE_KINDS = {
    ">": "'>' (add password)",
    "<": "'<' (remove password)",
    "#": "'#' (add password hash)",
    "!": "'!' (remove password hash)",
    "nopass": "'nopass'",
    "resetpass": "'resetpass'",
}
_COMMAND_RE = re.compile(r"^[+-](@[A-Za-z0-9_-]+|[A-Za-z0-9_.:-]+(\|[A-Za-z0-9_.:-]+)*)$")


def tokenize(access_string: str) -> list[str]:
    """Split on whitespace, keeping a parenthesised selector ``(... ...)`` as one token."""
    tokens: list[str] = []
    current: list[str] = []
    depth = 0
    for index, ch in enumerate(access_string):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise AccessStringError(f"Invalid access string: unbalanced ')' at character {index + 1}.")
        if ch.isspace() and depth == 0:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(ch)
    if depth != 0:
        raise AccessStringError("Invalid access string: unbalanced '(' (a selector is not closed).")
    if current:
        tokens.append("".join(current))
    return tokens


def validate(access_string: str, forbidden_commands: Iterable[str] = ()) -> None:
    """Raise :class:`AccessStringError` unless ``access_string`` is acceptable to ElastiCache."""
    if not access_string.strip():
        raise AccessStringError("Access string must contain at least one non-whitespace character.")
    forbidden = frozenset(c.lower() for c in forbidden_commands)
    for number, token in enumerate(tokenize(access_string), start=1):
        _check_token(token, forbidden, position=f"rule {number}")


def _check_token(token: str, forbidden: frozenset[str], *, position: str, in_selector: bool = False) -> None:
    lowered = token.lower()
    if lowered.startswith("(") and lowered.endswith(")"):
        if in_selector:
            raise AccessStringError(f"Invalid access string: nested selector at {position}.")
        inner = tokenize(token[1:-1])
        if not inner:
            raise AccessStringError("Invalid access string: empty selector '()'.")
        for number, sub in enumerate(inner, start=1):
            _check_token(sub, forbidden, position=f"{position}, item {number} of its selector", in_selector=True)
        return
    if lowered in _PASSWORD_KEYWORDS or lowered.startswith(_PASSWORD_PREFIXES):
        kind = _PASSWORD_RULE_KINDS.get(lowered) or _PASSWORD_RULE_KINDS[lowered[0]]
        raise AccessStringError(
            f"You can't specify passwords in an access string ({position} is a {kind} rule); "
            "use Passwords, AuthenticationMode or NoPasswordRequired instead."
        )
    if lowered == "reset":
        raise AccessStringError(
            "You can't use the reset rule as part of an access string because it would remove all passwords."
        )
    if lowered in KEYWORDS:
        if in_selector and lowered in _SELECTOR_FORBIDDEN:
            raise AccessStringError(f"Invalid access string: {token!r} is not allowed inside a selector.")
        return
    if lowered.startswith(("~", "%r~", "%w~", "%rw~", "&")):
        return
    if _COMMAND_RE.match(token):
        if token.startswith("+") and not token.startswith("+@"):
            command = lowered[1:].split("|", 1)[0]
            if command in forbidden:
                raise AccessStringError(
                    f"Invalid access string: the command {command!r} is restricted in ElastiCache "
                    f"and cannot be granted ({token!r})."
                )
        return
    raise AccessStringError(f"Invalid access string: unrecognised rule {token!r}.")


def normalise(access_string: str) -> str:
    """The string the emulator stores and returns: tokens joined by single spaces."""
    return " ".join(tokenize(access_string))


def append(current: str, extra: str) -> str:
    """``AppendAccessString``: the new rules apply after (and so override) the current ones."""
    return normalise(f"{current} {extra}")


def is_enabled(access_string: str) -> bool:
    """Whether the user is ``on``: the last of ``on``/``off`` wins; neither means off."""
    state = False
    for token in tokenize(access_string):
        if token.lower() == "on":
            state = True
        elif token.lower() == "off":
            state = False
    return state
