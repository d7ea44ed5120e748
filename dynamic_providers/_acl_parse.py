"""Reading an access string as ``ACL SETUSER`` does: the rules, their effect, every problem.

The private half of :mod:`.access_strings` (which re-exports the public names): :func:`parse_cached`
splits a string into the engine's arguments (a selector spread over several words joined again, its
rules split like a shell as the engine splits them), applies each rule to the user's root selector or
to a new selector as the engine does (command bits from the command table with category expansion,
subcommands, first arguments; key patterns merged per pattern with their read/write flags; channel
patterns), and collects a :class:`Problem` for each rule the engine or ElastiCache rejects instead of
stopping at the first. Results are cached per (string, table).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .command_table import RESTRICTED_COMMANDS, CommandTable, load, split_rules, split_selector

__all__ = [
    "PASSWORD_RULE_KEYWORDS",
    "PASSWORD_RULE_PREFIXES",
    "READ",
    "RW",
    "WRITE",
    "AccessStringError",
    "Parsed",
    "ParsedSelector",
    "Permissions",
    "Problem",
    "SelectorPermissions",
    "parse_cached",
    "password_rule_kind",
]

PASSWORD_RULE_KEYWORDS = ("nopass", "resetpass")
"""Password rules without an argument; ElastiCache rejects them in access strings."""
PASSWORD_RULE_PREFIXES = (">", "<", "#", "!")
"""Prefixes of password rules that carry a password or hash (``>password``, ``#hash``)."""
_PASSWORD_KINDS = {
    ">": "'>' (add password)",
    "<": "'<' (remove password)",
    "#": "'#' (add password hash)",
    "!": "'!' (remove password hash)",
}
READ, WRITE = 1, 2
"""Key-pattern flags: read, write (both: 3)."""
RW = READ | WRITE
_USER_KEYWORDS = ("on", "off", "sanitize-payload", "skip-sanitize-payload", "clearselectors", "reset")
_RULE_HELP = "use on/off, ~keys, &channels, %R~/%W~ keys, +/-commands, +/-@categories or (selectors)"


@dataclass(frozen=True)
class Problem:
    """One problem of an access string: what is wrong (``message``) and how to fix it (``fix``).

    ``rule`` is the 1-based position of the offending rule (a selector counts as one rule), ``None``
    when the problem is about the whole string.
    """

    message: str
    fix: str
    rule: int | None = None

    def __str__(self) -> str:
        return f"{self.message}; {self.fix}"


class AccessStringError(ValueError):
    """The access string is not valid; ``problems`` lists every problem, each with its fix."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class SelectorPermissions:
    """What one selector (the user's root rules, or one ``( ... )``) allows; equal means equal effect.

    ``commands``: bit ``id`` of each allowed command or subcommand (ids from the command table), and the
    table's future bit when ``+@all`` allows commands the server loads later. ``first_args``: command id
    -> first arguments allowed for an otherwise denied command (``+select|0``). ``keys``: ``None`` for
    every key, else (pattern, flags) with flags 1 read, 2 write, 3 both. ``channels``: ``None`` for
    every channel, else the patterns.
    """

    commands: int = 0
    first_args: frozenset[tuple[int, frozenset[str]]] = frozenset()
    keys: frozenset[tuple[str, int]] | None = frozenset()
    channels: frozenset[str] | None = frozenset()


@dataclass(frozen=True)
class Permissions:
    """What an access string lets the user do (see :func:`parse`); equal values mean equal meaning."""

    enabled: bool
    sanitize_payload: bool | None
    """``sanitize-payload`` (true) / ``skip-sanitize-payload`` (false); ``None``: the server's default."""
    root: SelectorPermissions
    selectors: frozenset[SelectorPermissions]


@dataclass(frozen=True)
class ParsedSelector:
    """One selector as parsed: its rules in order (for explanations) and their effect."""

    rules: tuple[str, ...]
    permissions: SelectorPermissions
    key_patterns: tuple[tuple[str, int], ...]
    channel_patterns: tuple[str, ...]


@dataclass(frozen=True)
class Parsed:
    table: CommandTable
    enabled: bool
    sanitize_payload: bool | None
    selectors: tuple[ParsedSelector, ...]  # the root first
    problems: tuple[Problem, ...]

    @cached_property
    def permissions(self) -> Permissions:
        """What the string grants (built once per parsed string)."""
        root, *others = self.selectors
        return Permissions(
            enabled=self.enabled,
            sanitize_payload=self.sanitize_payload,
            root=root.permissions,
            selectors=frozenset(s.permissions for s in others),
        )


class _Builder:
    """One selector being built, following the engine's rule semantics (errors as :class:`Problem`)."""

    def __init__(self, table: CommandTable, *, channels_all: bool) -> None:
        self.table = table
        self.commands = 0
        self.first_args: dict[int, list[str]] = {}
        self.all_keys = False
        self.keys: dict[str, int] = {}
        self.all_channels = channels_all
        self.channels: dict[str, None] = {}
        self.rules: list[str] = []

    def apply(self, op: str) -> Problem | None:
        low = op.lower()
        table = self.table
        if low in ("allkeys", "~*"):
            self.all_keys, self.keys = True, {}
        elif low == "resetkeys":
            self.all_keys, self.keys = False, {}
        elif low in ("allchannels", "&*"):
            self.all_channels, self.channels = True, {}
        elif low == "resetchannels":
            self.all_channels, self.channels = False, {}
        elif low in ("allcommands", "+@all"):
            self.commands, self.first_args = table.all_mask, {}
        elif low in ("nocommands", "-@all"):
            self.commands, self.first_args = 0, {}
        elif op[0] in "~%":
            problem = self._key_pattern(op)
            if problem:
                return problem
        elif op[0] == "&":
            if self.all_channels:
                return Problem(
                    f"'{op}' comes after '&*' (or allchannels), which already allows every channel",
                    "remove it, or put 'resetchannels' before it",
                )
            self.channels[op[1:]] = None
        elif op[0] in "+-" and op[1:2] != "@":
            problem = self._command(op)
            if problem:
                return problem
        elif op[0] in "+-":
            category = low[2:]
            mask = table.category_masks.get(category)
            if mask is None:
                known = [*table.categories, "all"]
                return _unknown(op, f"unknown ACL category '{op[2:]}'", category, known, f"{op[0]}@")
            self._change(mask, allow=op[0] == "+")
        else:
            return _not_a_rule(op)
        self.rules.append(op)
        return None

    def _change(self, mask: int, *, allow: bool) -> None:
        if allow:
            self.commands |= mask
        else:
            self.commands &= ~mask
        if self.first_args:
            self.first_args = {i: a for i, a in self.first_args.items() if not (mask >> i) & 1}

    def _key_pattern(self, op: str) -> Problem | None:
        if self.all_keys:
            return Problem(
                f"'{op}' comes after '~*' (or allkeys), which already allows every key",
                "remove it, or put 'resetkeys' before it",
            )
        flags, pattern = RW, op[1:]
        if op[0] == "%":
            flags, pattern = 0, ""
            for index, ch in enumerate(op[1:], start=1):
                bit = {"R": READ, "W": WRITE}.get(ch.upper(), 0)
                if bit and not flags & bit:
                    flags |= bit
                elif ch == "~":
                    pattern = op[index + 1 :]
                    break
                else:
                    flags = 0
                    break
            if not flags:
                return Problem(f"'{op}' is not a key permission", "use '%R~pattern', '%W~pattern' or '%RW~pattern'")
        self.keys[pattern] = self.keys.get(pattern, 0) | flags
        return None

    def _command(self, op: str) -> Problem | None:
        table = self.table
        name = op[1:]
        if op[0] == "-" or "|" not in name:
            cmd = table.lookup(name)
            if cmd is None:
                return self._unknown_command(op)
            self._change(cmd.mask, allow=op[0] == "+")
            return None
        base_name, _, arg = name.rpartition("|")
        base = table.lookup(base_name)
        if base is None:
            return self._unknown_command(op)
        if base.parent is not None:
            return Problem(
                f"'{op}': a first argument of the subcommand '{base.name}' cannot be allowed",
                f"allow the whole subcommand with '+{base.name}'",
            )
        if not arg:
            return Problem(f"'{op}' names no subcommand or first argument", f"use e.g. '+{base.name}' or remove it")
        if base.subcommands:
            sub = base.subcommands.get(arg.lower())
            if sub is None:
                return _unknown(
                    op,
                    f"'{base.name}' has no subcommand '{arg}'",
                    arg.lower(),
                    list(base.subcommands),
                    f"+{base.name}|",
                )
            self._change(sub.mask, allow=True)
            return None
        # A first argument of a command without subcommands (the engine's deprecated "first-arg" rule).
        allowed = self.first_args.setdefault(base.id, [])
        if arg.lower() not in allowed:
            allowed.append(arg.lower())
        return None

    def _unknown_command(self, op: str) -> Problem:
        name = op[1:].lower()
        base, _, sub = name.partition("|")
        cmd = self.table.lookup(base)
        if cmd is not None and sub and cmd.subcommands:
            return _unknown(op, f"'{base}' has no subcommand '{sub}'", sub, list(cmd.subcommands), f"{op[0]}{base}|")
        if cmd is not None and sub:
            return Problem(
                f"'{op}': '{base}' has no subcommands, and only '+' can allow a first argument",
                f"use '+{name}' (or '-{base}' to deny the whole command)",
            )
        return _unknown(op, f"unknown command '{op[1:]}'", base, self.table.top_level(), op[0])

    def finish(self) -> ParsedSelector:
        every_key = self.all_keys or self.keys.get("*") == RW
        keys = None if every_key else frozenset(self.keys.items())
        first_args = frozenset(
            (i, frozenset(args)) for i, args in self.first_args.items() if args and not (self.commands >> i) & 1
        )
        return ParsedSelector(
            rules=tuple(self.rules),
            permissions=SelectorPermissions(
                commands=self.commands,
                first_args=first_args,
                keys=keys,
                channels=None if self.all_channels else frozenset(self.channels),
            ),
            key_patterns=tuple(self.keys.items()) if not self.all_keys else (("*", RW),),
            channel_patterns=tuple(self.channels) if not self.all_channels else ("*",),
        )


def _unknown(op: str, what: str, name: str, known: Sequence[str], prefix: str) -> Problem:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        fix = f"did you mean {close[0]}? ('{prefix}{close[0]}')"
    elif prefix.endswith("@"):
        fix = f"use one of the engine's categories: {', '.join(known)}"
    else:
        fix = "use a command the engine knows (see COMMAND LIST) or remove the rule"
    return Problem(f"'{op}': {what}", fix)


def _not_a_rule(op: str) -> Problem:
    return Problem(f"'{op}' is not an ACL rule", _RULE_HELP)


def password_rule_kind(op: str) -> str | None:
    """What password rule ``op`` is (``"'>' (add password)"``, ``"'nopass'"``), or None when it is none."""
    low = op.lower()
    if low in PASSWORD_RULE_KEYWORDS:
        return f"'{low}'"
    if op.startswith(PASSWORD_RULE_PREFIXES):
        return _PASSWORD_KINDS[op[0]]
    return None


def _password_problem(op: str) -> Problem | None:
    kind = password_rule_kind(op)
    if kind is None:
        return None
    return Problem(
        f"password rule {kind} is not allowed in an access string",
        "remove it and set passwords with the user's passwords (authentication mode) instead",
    )


def _restricted_problem(table: CommandTable, op: str) -> Problem | None:
    if not op.startswith("+") or op.startswith("+@"):
        return None
    base = op[1:].lower().split("|", 1)[0]
    if base not in RESTRICTED_COMMANDS or table.lookup(base) is None:
        return None
    return Problem(
        f"'{op}' grants a command ElastiCache restricts ({base})", "remove it (ElastiCache does not offer it)"
    )


def _split(text: str) -> tuple[list[str], list[Problem]]:
    """The arguments ``ACL SETUSER`` gets: words, with a selector spread over several words joined
    (with single spaces) as the engine joins them."""
    merged, unclosed = split_rules(text)
    problems: list[Problem] = []
    if unclosed is not None:
        problems.append(
            Problem(
                f"unbalanced parentheses: the selector starting at rule {unclosed} has no closing ')'",
                "close it with ')'",
                rule=unclosed,
            )
        )
    return merged, problems


@lru_cache(maxsize=4096)
def parse_cached(text: str, table_name: str) -> Parsed:
    table = load(table_name)
    problems: list[Problem] = []
    if not text.strip():
        problems.append(Problem("the access string is empty", "give ACL rules, e.g. 'on ~app:* +@read'"))
        empty = _Builder(table, channels_all=table.pubsub_default_all).finish()
        return Parsed(table, False, None, (empty,), tuple(problems))
    args, split_problems = _split(text)
    sanitize: bool | None
    problems += split_problems
    enabled, sanitize = False, None
    root = _Builder(table, channels_all=table.pubsub_default_all)
    selectors: list[ParsedSelector] = []
    for number, op in enumerate(args, start=1):
        low = op.lower()
        problem = _password_problem(op)
        if problem is None and low == "reset":
            problem = Problem("'reset' is not allowed in an access string (it would remove all passwords)", "remove it")
        if problem is None:
            problem = _restricted_problem(table, op)
        if problem is not None:
            problems.append(Problem(problem.message, problem.fix, number))
            continue
        if low in ("on", "off"):
            enabled = low == "on"
        elif low in ("sanitize-payload", "skip-sanitize-payload"):
            sanitize = low == "sanitize-payload"
        elif low == "clearselectors":
            selectors = []
        elif op[0] == "(" and op[-1] == ")":
            selector, inner = _selector(table, op, number)
            problems += inner
            if selector is not None:
                selectors.append(selector)
        else:
            problem = root.apply(op)
            if problem is not None:
                problems.append(Problem(problem.message, problem.fix, number))
    problems.sort(key=lambda p: p.rule or 0)
    return Parsed(table, enabled, sanitize, (root.finish(), *selectors), tuple(problems))


def _selector(table: CommandTable, op: str, number: int) -> tuple[ParsedSelector | None, list[Problem]]:
    builder = _Builder(table, channels_all=table.pubsub_default_all)
    problems = []
    where = f"in the selector at rule {number}"
    for inner in split_selector(op[1:-1]):
        problem = _password_problem(inner) or _restricted_problem(table, inner)
        if problem is None and inner.lower() in _USER_KEYWORDS:
            problem = Problem(f"'{inner}' is not allowed inside a selector", "put it outside the parentheses")
        if problem is None and not inner:
            problem = Problem('an empty rule ("")', "remove the empty quotes")
        if problem is None and inner[0] == "(":
            problem = Problem("selectors cannot be nested", "write each selector at the top level")
        if problem is None:
            problem = builder.apply(inner)
        if problem is not None:
            problems.append(Problem(f"{problem.message} ({where})", problem.fix, number))
    return (builder.finish() if not problems else None), problems
