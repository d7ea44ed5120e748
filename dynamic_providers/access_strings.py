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

from collections.abc import Sequence
from dataclasses import dataclass

from . import _acl_glob
from ._acl_keys import channel_args, key_args
from ._acl_parse import (
    PASSWORD_RULE_KEYWORDS,
    PASSWORD_RULE_PREFIXES,
    READ,
    RW,
    WRITE,
    AccessStringError,
    ParsedSelector,
    Permissions,
    Problem,
    SelectorPermissions,
    parse_cached,
    password_rule_kind,
)
from .command_table import RESTRICTED_COMMANDS, Command, CommandTable, table_name

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
    "password_rule_kind",
    "validate",
]


def parse(access_string: str, *, engine: str = "redis") -> Permissions:
    """What ``access_string`` lets a user do on ``engine``; :class:`AccessStringError` when invalid."""
    parsed = parse_cached(access_string, table_name(engine))
    if parsed.problems:
        raise AccessStringError(parsed.problems)
    return parsed.permissions


def validate(access_string: str, *, engine: str = "redis") -> list[Problem]:
    """Every problem of ``access_string`` on ``engine`` (empty when valid); never echoes a password."""
    return list(parse_cached(access_string, table_name(engine)).problems)


def equivalent(a: str | None, b: str | None, *, engine: str = "redis") -> bool:
    """Whether ``a`` and ``b`` let the user do exactly the same on ``engine``.

    ``None`` equals only ``None``. A string that does not parse equals only the same rules word for
    word (so an invalid declared string still shows a diff when it changes).
    """
    if a is None or b is None:
        return a is b
    name = table_name(engine)
    pa, pb = parse_cached(a, name), parse_cached(b, name)
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

    @property
    def caveats(self) -> list[str]:
        """Why the user cannot run the command on ElastiCache whatever the engine decides: it is off, or
        ElastiCache does not offer the command."""
        out = []
        if not self.enabled:
            out.append("the user is off (its access string has no 'on'), so it cannot log in")
        if self.restricted and self.command:
            out.append(f"ElastiCache does not offer '{self.command.split('|')[0]}'")
        return out

    def explain(self) -> str:
        """One line: allowed or denied, and why."""
        if self.error:
            return f"error: {self.reason}"
        verdict = "allowed" if self.allowed else "denied"
        tail = f" ({'; '.join(f'but {c}' for c in self.caveats)})" if self.caveats else ""
        return f"{verdict}: {self.reason} - {self.rule}{tail}"


_OK, _DENIED_CMD, _DENIED_KEY, _DENIED_CHANNEL = 0, 1, 2, 4


def dry_run(access_string: str, argv: Sequence[str], *, engine: str = "redis") -> DryRun:
    """``ACL DRYRUN`` of ``argv`` for a user created with ``access_string`` on ``engine``.

    Raises :class:`AccessStringError` when the string is not valid.
    """
    parsed = parse_cached(access_string, table_name(engine))
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
            worst, worst_pos, worst_rule = result, pos, rule + where
    if worst == _DENIED_CMD:
        reason = f"This user has no permissions to run the '{cmd.name}' command"
    elif worst == _DENIED_KEY:
        reason = f"This user has no permissions to access the '{argv[worst_pos]}' key"
    else:
        reason = f"This user has no permissions to access the '{argv[worst_pos]}' channel"
    return DryRun(False, reason, worst_rule, cmd.name, enabled=parsed.enabled, restricted=restricted)


def _check_selector(
    table: CommandTable, selector: ParsedSelector, cmd: Command, argv: list[str]
) -> tuple[int, int, str]:
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
            need = (READ if "access" in flags else 0) | (WRITE if flags & {"insert", "delete", "update"} else 0)
            pattern = _matching_pattern(selector, argv[pos], need)
            if pattern is not None:
                matched.append(f"key '{argv[pos]}' matches {pattern}")
            else:
                access = {0: "any", READ: "read", WRITE: "write", RW: "read and write"}[need]
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


def _matching_pattern(selector: ParsedSelector, key: str, need: int) -> str | None:
    """The first key pattern of ``selector`` that grants ``need`` on ``key``, as a rule."""
    for pattern, flags in selector.key_patterns:
        if (flags & need) == need and _acl_glob.match(pattern, key):
            return _pattern_rule(pattern, flags)
    return None


def _pattern_rule(pattern: str, flags: int) -> str:
    return {RW: "~", READ: "%R~", WRITE: "%W~"}[flags] + pattern


def _deciding_rule(table: CommandTable, selector: ParsedSelector, cmd: Command) -> str:
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
