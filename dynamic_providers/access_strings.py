"""Access strings (Redis / Valkey ACL rules) as the engine reads them: check, compare, dry-run.

The one model of an access string used by the providers' check and diff, the component's spec
validation and expectations, and the CLI. It reads the engine's command table
(:mod:`.command_table`), so it knows every command, subcommand and category of the engine:

- :func:`validate` lists every problem of a string (empty: valid): what ``ACL SETUSER`` rejects (an
  unknown command, subcommand or category, key-permission syntax, a pattern after ``~*`` / ``allkeys``
  or ``&*`` / ``allchannels``, an unmatched selector parenthesis, a first argument of a subcommand, ...),
  each with a did-you-mean where one is close; plus what ElastiCache adds: no password rules
  (``>`` ``<`` ``#`` ``!`` ``nopass`` ``resetpass``), no ``reset``, no grant of a restricted command
  (:data:`~.command_table.RESTRICTED_COMMANDS`). No problem ever quotes a password rule.
- :func:`parse` reduces a valid string to :class:`Permissions`: what the user may do after applying the
  rules left to right as the engine does (command bits with category expansion, subcommands and
  first arguments; key patterns with their read/write flags, merged per pattern; channel patterns;
  selectors; ``on``/``off``). :func:`equivalent` compares those, so order, aliases (``allkeys``,
  ``allcommands``, ``nocommands``, ``allchannels``, ``%RW~``), cancelled rules, duplicate patterns and
  category-versus-command spellings do not count, while every difference in what the engine would
  allow does. Two strings that differ only by a redundant rule the engine also keeps (a pattern or a
  selector another one already covers) are reported as different: that errs towards a diff, never hides
  one, and the engine's own rewriting keeps such rules too.
- :func:`dry_run` answers what ``ACL DRYRUN`` answers for a command line, in its words, and names the
  rule that decides.

The engine's behaviour is followed exactly where it is observable (``docs/access-strings.md`` lists
the known disagreements, measured against a real server). Access strings are split on whitespace as
ElastiCache passes them to ``ACL SETUSER``; a selector ``( ... )`` may span several words.

Parsed strings are cached per process (:func:`parse` is called for every user at every preview).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import _acl_glob
from ._acl_keys import channel_args, key_args
from .command_table import RESTRICTED_COMMANDS, Command, CommandTable, load, split_selector, table_name

__all__ = [
    "PASSWORD_RULE_KEYWORDS",
    "PASSWORD_RULE_PREFIXES",
    "AccessStringError",
    "DryRun",
    "Permissions",
    "Problem",
    "SelectorPermissions",
    "dry_run",
    "equivalent",
    "parse",
    "validate",
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
_READ, _WRITE = 1, 2
_RW = _READ | _WRITE
_USER_KEYWORDS = ("on", "off", "sanitize-payload", "skip-sanitize-payload", "clearselectors", "reset")
_SELECTOR_KEYWORDS = (
    "allkeys",
    "resetkeys",
    "allchannels",
    "resetchannels",
    "allcommands",
    "nocommands",
)
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
class _Selector:
    """One selector as parsed: its rules in order (for explanations) and their effect."""

    rules: tuple[str, ...]
    permissions: SelectorPermissions
    key_patterns: tuple[tuple[str, int], ...]
    channel_patterns: tuple[str, ...]


@dataclass(frozen=True)
class _Parsed:
    table: CommandTable
    enabled: bool
    sanitize_payload: bool | None
    selectors: tuple[_Selector, ...]  # the root first
    problems: tuple[Problem, ...]

    @property
    def permissions(self) -> Permissions:
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
        flags, pattern = _RW, op[1:]
        if op[0] == "%":
            flags, pattern = 0, ""
            for index, ch in enumerate(op[1:], start=1):
                bit = {"R": _READ, "W": _WRITE}.get(ch.upper(), 0)
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

    def finish(self) -> _Selector:
        every_key = self.all_keys or self.keys.get("*") == _RW
        keys = None if every_key else frozenset(self.keys.items())
        first_args = frozenset(
            (i, frozenset(args)) for i, args in self.first_args.items() if args and not (self.commands >> i) & 1
        )
        return _Selector(
            rules=tuple(self.rules),
            permissions=SelectorPermissions(
                commands=self.commands,
                first_args=first_args,
                keys=keys,
                channels=None if self.all_channels else frozenset(self.channels),
            ),
            key_patterns=tuple(self.keys.items()) if not self.all_keys else (("*", _RW),),
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


def _password_problem(op: str) -> Problem | None:
    low = op.lower()
    if low in PASSWORD_RULE_KEYWORDS:
        kind = f"'{low}'"
    elif op.startswith(PASSWORD_RULE_PREFIXES):
        kind = _PASSWORD_KINDS[op[0]]
    else:
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
    merged: list[str] = []
    problems: list[Problem] = []
    words = text.split()
    selector: list[str] | None = None
    start = 0
    for word in words:
        if word[0] == "(" and word[-1] != ")" and selector is None:
            selector, start = [word], len(merged) + 1
            continue
        if selector is not None:
            selector.append(word)
            if word[-1] == ")":
                merged.append(" ".join(selector))
                selector = None
            continue
        merged.append(word)
    if selector is not None:
        problems.append(
            Problem(
                f"unbalanced parentheses: the selector starting at rule {start} has no closing ')'",
                "close it with ')'",
                rule=start,
            )
        )
    return merged, problems


@lru_cache(maxsize=4096)
def _parse(text: str, table_name: str) -> _Parsed:
    table = load(table_name)
    problems: list[Problem] = []
    if not text.strip():
        problems.append(Problem("the access string is empty", "give ACL rules, e.g. 'on ~app:* +@read'"))
        empty = _Builder(table, channels_all=table.pubsub_default_all).finish()
        return _Parsed(table, False, None, (empty,), tuple(problems))
    args, split_problems = _split(text)
    sanitize: bool | None
    problems += split_problems
    enabled, sanitize = False, None
    root = _Builder(table, channels_all=table.pubsub_default_all)
    selectors: list[_Selector] = []
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
    return _Parsed(table, enabled, sanitize, (root.finish(), *selectors), tuple(problems))


def _selector(table: CommandTable, op: str, number: int) -> tuple[_Selector | None, list[Problem]]:
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


def parse(access_string: str, *, engine: str = "redis") -> Permissions:
    """What ``access_string`` lets a user do on ``engine``; :class:`AccessStringError` when invalid."""
    parsed = _parse(access_string, table_name(engine))
    if parsed.problems:
        raise AccessStringError(parsed.problems)
    return parsed.permissions


def validate(access_string: str, *, engine: str = "redis") -> list[Problem]:
    """Every problem of ``access_string`` on ``engine`` (empty when valid); never echoes a password."""
    return list(_parse(access_string, table_name(engine)).problems)


def equivalent(a: str | None, b: str | None, *, engine: str = "redis") -> bool:
    """Whether ``a`` and ``b`` let the user do exactly the same on ``engine``.

    ``None`` equals only ``None``. A string that does not parse equals only the same rules word for
    word (so an invalid declared string still shows a diff when it changes).
    """
    if a is None or b is None:
        return a is b
    name = table_name(engine)
    pa, pb = _parse(a, name), _parse(b, name)
    if pa.problems or pb.problems:
        return a.split() == b.split()
    return pa.permissions == pb.permissions


@dataclass(frozen=True)
class DryRun:
    """What the engine answers when a user with this access string runs ``argv`` (``ACL DRYRUN``).

    ``allowed`` is the engine's decision; ``reason`` is its answer in its words (``OK``, ``This user has
    no permissions to run the 'set' command``, ...); ``rule`` says which rules decide, in this
    project's words; ``error`` is set when the engine answers with an error instead of a decision (an
    unknown command, a wrong number of arguments; then ``allowed`` is false). ``enabled``: whether the
    user is ``on`` (``ACL DRYRUN`` does not look at it; a user that is ``off`` cannot log in).
    ``restricted``: ElastiCache does not offer the command at all.
    """

    allowed: bool
    reason: str
    rule: str
    command: str | None = None
    error: bool = False
    enabled: bool = True
    restricted: bool = False

    @property
    def usable(self) -> bool:
        """Whether the user can really run it on ElastiCache: allowed, enabled and not restricted."""
        return self.allowed and self.enabled and not self.restricted

    def explain(self) -> str:
        """One line: allowed or denied, and why."""
        if self.error:
            return f"error: {self.reason}"
        verdict = "allowed" if self.allowed else "denied"
        extra = []
        if not self.enabled:
            extra.append("but the user is off (no 'on' rule), so it cannot log in")
        if self.restricted and self.command:
            extra.append(f"but ElastiCache does not offer '{self.command.split('|')[0]}'")
        tail = f" ({'; '.join(extra)})" if extra else ""
        return f"{verdict}: {self.reason} - {self.rule}{tail}"


_OK, _DENIED_CMD, _DENIED_KEY, _DENIED_CHANNEL = 0, 1, 2, 4


def dry_run(access_string: str, argv: Sequence[str], *, engine: str = "redis") -> DryRun:
    """``ACL DRYRUN`` of ``argv`` for a user created with ``access_string`` on ``engine``.

    Raises :class:`AccessStringError` when the string is not valid.
    """
    parsed = _parse(access_string, table_name(engine))
    if parsed.problems:
        raise AccessStringError(parsed.problems)
    table = parsed.table
    argv = list(argv)
    if not argv:
        return DryRun(False, "no command given", "give a command line, e.g. GET key", error=True)
    cmd = table.lookup_argv(argv)
    if cmd is None:
        return DryRun(False, f"Command '{argv[0]}' not found", "the engine does not know it", error=True)
    if (cmd.arity > 0 and cmd.arity != len(argv)) or len(argv) < -cmd.arity:
        return DryRun(
            False,
            f"wrong number of arguments for '{cmd.name}' command",
            "the engine rejects the call before checking permissions",
            command=cmd.name,
            error=True,
        )
    restricted = cmd.name.split("|")[0] in RESTRICTED_COMMANDS
    worst, worst_pos, worst_rule = _DENIED_CMD, 0, ""
    for index, selector in enumerate(parsed.selectors):
        result, pos, rule = _check_selector(table, selector, cmd, argv)
        where = "" if index == 0 else f" (selector {index})"
        if result == _OK:
            return DryRun(True, "OK", rule + where, cmd.name, enabled=parsed.enabled, restricted=restricted)
        if not worst_rule or result > worst or (result == worst and pos > worst_pos):
            worst, worst_pos, worst_rule = max(worst, result), pos, rule + where
    if worst == _DENIED_CMD:
        reason = f"This user has no permissions to run the '{cmd.name}' command"
    elif worst == _DENIED_KEY:
        reason = f"This user has no permissions to access the '{argv[worst_pos]}' key"
    else:
        reason = f"This user has no permissions to access the '{argv[worst_pos]}' channel"
    return DryRun(False, reason, worst_rule, cmd.name, enabled=parsed.enabled, restricted=restricted)


def _check_selector(table: CommandTable, selector: _Selector, cmd: Command, argv: list[str]) -> tuple[int, int, str]:
    """The engine's check of one selector: (result, argument position, the deciding rule)."""
    perms = selector.permissions
    command_rule = _deciding_rule(table, selector, cmd)
    if "no_auth" in cmd.flags:
        command_rule = f"'{cmd.name}' needs no permission (every connection may run it)"
    elif not (perms.commands >> cmd.id) & 1:
        allowed_args = dict(perms.first_args).get(cmd.id)
        index = 2 if cmd.parent else 1
        if len(argv) < 2 or not allowed_args or argv[index].lower() not in allowed_args:
            if allowed_args:
                rules = " ".join(f"'+{cmd.name}|{a}'" for a in sorted(allowed_args))
                command_rule += f"; only {rules} allow it, with that first argument"
            return _DENIED_CMD, 0, command_rule
        command_rule = f"'+{cmd.name}|{argv[index].lower()}' allows it with this first argument"
    matched: list[str] = []
    if perms.keys is not None and cmd.has_keys:
        for pos, flags in key_args(cmd, argv):
            need = (_READ if "access" in flags else 0) | (_WRITE if flags & {"insert", "delete", "update"} else 0)
            pattern = _matching_pattern(selector, argv[pos], need)
            if pattern is not None:
                matched.append(f"key '{argv[pos]}' matches {pattern}")
            else:
                access = {0: "any", _READ: "read", _WRITE: "write", _RW: "read and write"}[need]
                shown = " ".join(_pattern_rule(p, f) for p, f in selector.key_patterns) or "none"
                return (
                    _DENIED_KEY,
                    pos,
                    f"no key pattern allows {access} access to '{argv[pos]}' (key patterns: {shown})",
                )
    if perms.channels is not None:
        for pos, is_pattern in channel_args(cmd, argv):
            channel = argv[pos]
            if not any((channel == p) if is_pattern else _acl_glob.match(p, channel) for p in perms.channels):
                shown = " ".join(f"&{p}" for p in selector.channel_patterns) or "none"
                return _DENIED_CHANNEL, pos, f"no channel pattern allows '{channel}' (channel patterns: {shown})"
    if cmd.has_keys and perms.keys is None:
        matched.append("every key is allowed (~*)")
    return _OK, 0, "; ".join([command_rule, *dict.fromkeys(matched)])


def _matching_pattern(selector: _Selector, key: str, need: int) -> str | None:
    """The first key pattern of ``selector`` that grants ``need`` on ``key``, as a rule."""
    for pattern, flags in selector.key_patterns:
        if (flags & need) == need and _acl_glob.match(pattern, key):
            return _pattern_rule(pattern, flags)
    return None


def _pattern_rule(pattern: str, flags: int) -> str:
    return {_RW: "~", _READ: "%R~", _WRITE: "%W~"}[flags] + pattern


def _deciding_rule(table: CommandTable, selector: _Selector, cmd: Command) -> str:
    """The last rule of ``selector`` that set or cleared ``cmd``, in words."""
    last = None
    for op in selector.rules:
        low = op.lower()
        if low in ("allcommands", "nocommands", "+@all", "-@all"):
            last = op
        elif op[:2] in ("+@", "-@"):
            if (table.category_masks[low[2:]] >> cmd.id) & 1:
                last = op
        elif op[0] in "+-":
            target = table.lookup(op[1:])
            if target is not None and (target.mask >> cmd.id) & 1:
                last = op
    allowed = (selector.permissions.commands >> cmd.id) & 1
    if last is None:
        return f"no rule allows '{cmd.name}' (a user starts with -@all)"
    return f"'{last}' {'allows' if allowed else 'denies'} '{cmd.name}'"
