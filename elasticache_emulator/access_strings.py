"""Access strings (Redis/Valkey ACL rules) as ElastiCache accepts them.

:func:`validate` rejects what the engine's ``ACL SETUSER`` rejects, reading the engine's command table
(:mod:`pulumi_elasticache_rbac.dynamic_providers.command_table`, the same generated data the providers
read; this module is the emulator's own check of it): an unknown command, subcommand or category, a first argument of a
subcommand, key-permission syntax (``%R~``, ``%W~``, ``%RW~``), a key pattern after ``~*`` / ``allkeys``
or a channel pattern after ``&*`` / ``allchannels``, a selector ``( ... )`` that is not closed or holds a
rule only a user can have, and words that are not ACL rules. ElastiCache adds (reference §2.4): at least
one non-space character; no password rules (``>pw``, ``<pw``, ``#hash``, ``!hash``, ``nopass``,
``resetpass``); no ``reset``; no grant of a forbidden command. The string is split on whitespace and a
selector spread over several words is joined again, as the engine does.

Not emulated: ElastiCache may return a canonicalised form ("a simpler string may be used"); its
algorithm is unknown, so :func:`normalise` only collapses whitespace and the service's rewriting (e.g.
``off`` prepended, ``-@all`` appended) is not reproduced. Renamed commands do not exist here.

Error messages never quote a password rule or a selector (which may hold one): a rejected password rule
is named by its position and kind (``rule 2 is a '>' (add password) rule``), an unclosed selector by
its position.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from pulumi_elasticache_rbac.dynamic_providers.access_strings import password_rule_kind
from pulumi_elasticache_rbac.dynamic_providers.command_table import CommandTable, load, split_rules, split_selector

__all__ = ["AccessStringError", "append", "is_enabled", "normalise", "tokenize", "validate"]


class AccessStringError(ValueError):
    """The access string is not acceptable; ``str(exc)`` is the service-style message."""


_USER_ONLY = frozenset({"on", "off", "clearselectors", "sanitize-payload", "skip-sanitize-payload"})


def tokenize(access_string: str) -> list[str]:
    """The rules: whitespace-separated words, a selector ``(... ...)`` spread over several words joined
    with single spaces (as the engine joins them)."""
    tokens, unclosed = split_rules(access_string)
    if unclosed is not None:
        raise AccessStringError(
            f"Invalid access string: unbalanced '(' (the selector at rule {unclosed} is not closed)."
        )
    return tokens


def validate(access_string: str, forbidden_commands: Iterable[str] = (), engine: str = "redis") -> None:
    """Raise :class:`AccessStringError` unless ``access_string`` is acceptable to ElastiCache for a user
    of ``engine``."""
    if not access_string.strip():
        raise AccessStringError("Access string must contain at least one non-whitespace character.")
    table = load(engine)
    forbidden = frozenset(c.lower() for c in forbidden_commands)
    root = _SelectorState(table, forbidden)
    for number, token in enumerate(tokenize(access_string), start=1):
        position = f"rule {number}"
        lowered = token.lower()
        _check_password_or_reset(token, position)
        if lowered in _USER_ONLY:
            continue
        if token[0] == "(" and token[-1] == ")":
            inner = _SelectorState(table, forbidden)
            for item, sub in enumerate(split_selector(token[1:-1]), start=1):
                where = f"{position}, item {item} of its selector"
                _check_password_or_reset(sub, where)
                if not sub:
                    raise AccessStringError(f"Invalid access string: {where} is empty.")
                if sub.lower() in _USER_ONLY or sub[0] == "(":
                    raise AccessStringError(f"Invalid access string: {where} is not allowed inside a selector.")
                inner.check(sub, where)
            continue
        root.check(token, position)


def _check_password_or_reset(token: str, position: str) -> None:
    kind = password_rule_kind(token)
    if kind is not None:
        raise AccessStringError(
            f"You can't specify passwords in an access string ({position} is a {kind} rule); "
            "use Passwords, AuthenticationMode or NoPasswordRequired instead."
        )
    if token.lower() == "reset":
        raise AccessStringError(
            "You can't use the reset rule as part of an access string because it would remove all passwords."
        )


class _SelectorState:
    """What the engine remembers while it reads one selector's rules: whether ``~*`` / ``&*`` came."""

    def __init__(self, table: CommandTable, forbidden: frozenset[str]) -> None:
        self.table = table
        self.forbidden = forbidden
        self.all_keys = False
        self.all_channels = table.pubsub_default_all

    def check(self, token: str, position: str) -> None:
        lowered = token.lower()
        if lowered in ("allkeys", "~*"):
            self.all_keys = True
        elif lowered == "resetkeys":
            self.all_keys = False
        elif lowered in ("allchannels", "&*"):
            self.all_channels = True
        elif lowered == "resetchannels":
            self.all_channels = False
        elif lowered in ("allcommands", "nocommands", "+@all", "-@all"):
            pass
        elif token[0] in "~%":
            if self.all_keys:
                raise AccessStringError(
                    f"Invalid access string: {token!r} ({position}) comes after '~*' or allkeys; use resetkeys first."
                )
            if token[0] == "%":
                perms = token[1:].partition("~")[0]
                upper = perms.upper()
                if not perms or set(upper) - {"R", "W"} or len(set(upper)) != len(upper):
                    raise AccessStringError(f"Invalid access string: {token!r} ({position}) is not a key permission.")
        elif token[0] == "&":
            if self.all_channels:
                raise AccessStringError(
                    f"Invalid access string: {token!r} ({position}) comes after '&*' or allchannels; "
                    "use resetchannels first."
                )
        elif token[0] in "+-" and token[1:2] == "@":
            if lowered[2:] not in self.table.category_masks:
                raise AccessStringError(
                    f"Invalid access string: unknown ACL category {token[2:]!r} ({position})."
                    + _suggest(lowered[2:], [*self.table.categories, "all"])
                )
        elif token[0] in "+-":
            self._check_command(token, position)
        else:
            raise AccessStringError(f"Invalid access string: unrecognised rule {token!r} ({position}).")

    def _check_command(self, token: str, position: str) -> None:
        name = token[1:].lower()
        if token[0] == "-" or "|" not in name:
            if self.table.lookup(name) is None:
                raise AccessStringError(
                    f"Invalid access string: unknown command {token[1:]!r} ({position})."
                    + _suggest(name.split("|")[0], self.table.top_level())
                )
        else:
            base_name, _, arg = name.rpartition("|")
            base = self.table.lookup(base_name)
            if base is None:
                raise AccessStringError(f"Invalid access string: unknown command {base_name!r} ({position}).")
            if base.parent is not None:
                raise AccessStringError(
                    f"Invalid access string: {token!r} ({position}) allows a first argument of a subcommand."
                )
            if not arg:
                raise AccessStringError(f"Invalid access string: {token!r} ({position}) names no subcommand.")
            if base.subcommands and arg not in base.subcommands:
                raise AccessStringError(
                    f"Invalid access string: {base.name!r} has no subcommand {arg!r} ({position})."
                    + _suggest(arg, list(base.subcommands))
                )
        command = name.split("|", 1)[0]
        if token[0] == "+" and command in self.forbidden:
            raise AccessStringError(
                f"Invalid access string: the command {command!r} is restricted in ElastiCache "
                f"and cannot be granted ({token!r})."
            )


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def normalise(access_string: str) -> str:
    """The string the emulator stores and returns: rules joined by single spaces."""
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
