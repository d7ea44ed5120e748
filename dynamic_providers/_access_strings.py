"""Access strings (Redis/Valkey ACL rules): syntax check and comparison by meaning.

ElastiCache may return a simpler string than the one given ("a simpler string may be used instead of the
one provided if there are redundancies", e.g. ``~a ~b`` comes back as ``off ~a ~b -@all``), so comparing
bytes would show a perpetual diff (terraform-provider-aws #20334, #37151, #40794). :func:`parse` reduces
a string to :class:`AccessRules` — what the rules *grant*, after applying them left to right as
``ACL SETUSER`` does — and :func:`equivalent` compares those.

What the reduction knows:
- ``on``/``off``: the last one wins; neither means ``off``.
- keys ``~p`` (``allkeys`` = ``~*``, ``%RW~p`` = ``~p``), ``%R~p``, ``%W~p``; ``resetkeys`` clears;
  ``~*`` subsumes the other ``~`` patterns. Channels ``&p`` likewise (``allchannels``, ``resetchannels``).
- commands ``+x``/``-x`` for commands, ``@categories`` and ``cmd|sub``: a new user starts at ``-@all``;
  ``+@all``/``-@all`` (``allcommands``/``nocommands``) discard all earlier command rules; a rule for a
  name discards an earlier rule for the same name. Names are case-insensitive, key patterns are not.
- selectors ``( ... )`` form a set; ``clearselectors`` clears it.
It does not expand categories into commands, so ``+@read -get`` and an explicit command list are
different even where Redis would grant the same; that errs towards showing a diff, never towards hiding one.

ElastiCache rejects password rules (``>p``, ``<p``, ``#h``, ``!h``, ``nopass``, ``resetpass``) and
``reset`` in access strings, and grants of its restricted commands (``+config``, ...); these token
lists live here, once. :func:`validate` reports them (without echoing a password) along with syntax
errors, each as a ``(what is wrong, how to fix it)`` pair; :mod:`.rules` turns them into its issues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "FORBIDDEN_COMMANDS",
    "PASSWORD_RULE_KEYWORDS",
    "PASSWORD_RULE_PREFIXES",
    "AccessRules",
    "AccessStringError",
    "Problem",
    "equivalent",
    "parse",
    "validate",
]

Problem = tuple[str, str]
"""One problem of an access string: (what is wrong, how to fix it)."""


class AccessStringError(ValueError):
    """The access string is not valid; ``problems`` lists every problem, each with its fix."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{what}; {fix}" for what, fix in problems))
        self.problems = problems


@dataclass(frozen=True)
class AccessRules:
    """What an access string grants (see the module docstring); equal values mean equal meaning."""

    enabled: bool = False
    keys: frozenset[str] = field(default_factory=frozenset)
    channels: frozenset[str] = field(default_factory=frozenset)
    commands: tuple[str, ...] = ()
    selectors: frozenset[AccessRules] = field(default_factory=frozenset)
    flags: frozenset[str] = field(default_factory=frozenset)

    def __str__(self) -> str:
        parts = ["on" if self.enabled else "off", *sorted(self.keys), *sorted(self.channels)]
        parts += list(self.commands) or ["-@all"]
        parts += sorted(self.flags)
        parts += [f"({str(s).removeprefix('off ')})" for s in sorted(self.selectors, key=str)]
        return " ".join(parts)


PASSWORD_RULE_KEYWORDS = ("nopass", "resetpass")
"""Password rules without an argument; ElastiCache rejects them in access strings."""
_FLAGS = ("sanitize-payload", "skip-sanitize-payload")
FORBIDDEN_COMMANDS = frozenset(
    {
        "bgrewriteaof",
        "bgsave",
        "config",
        "debug",
        "migrate",
        "psync",
        "replicaof",
        "save",
        "shutdown",
        "slaveof",
        "sync",
    }
)
"""ElastiCache's restricted commands: granting one (``+config``) is rejected by the service."""
PASSWORD_RULE_PREFIXES = (">", "<", "#", "!")
"""Prefixes of password rules that carry a password or hash (``>password``, ``#hash``)."""


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch.isspace() and depth <= 0:
            if current:
                tokens.append("".join(current))
                current = []
            continue
        current.append(ch)
    if current:
        tokens.append("".join(current))
    if depth != 0:
        raise AccessStringError([("unbalanced parentheses in a selector", "close every '(' with ')'")])
    return tokens


def _reduce(tokens: list[str], problems: list[Problem], *, in_selector: bool) -> AccessRules:
    enabled = False
    keys: set[str] = set()
    channels: set[str] = set()
    commands: list[str] = []
    selectors: set[AccessRules] = set()
    flags: set[str] = set()
    for token in tokens:
        low = token.lower()
        if low in ("on", "off"):
            if in_selector:
                problems.append((f"'{token}' is not allowed inside a selector", "put it outside the parentheses"))
            enabled = low == "on"
        elif low in PASSWORD_RULE_KEYWORDS or token.startswith(PASSWORD_RULE_PREFIXES):
            shown = low if low in PASSWORD_RULE_KEYWORDS else f"{token[0]}..."
            problems.append(
                (
                    f"password rule '{shown}' is not allowed in an access string",
                    "remove it and set passwords with the user's passwords instead",
                )
            )
        elif low == "reset":
            problems.append(("'reset' is not allowed in an access string (it would remove all passwords)", "remove it"))
        elif low in ("allkeys", "resetkeys") or token.startswith(("~", "%")):
            if low == "resetkeys":
                keys.clear()
                continue
            pattern = "~*" if low == "allkeys" else _key_pattern(token, problems)
            if pattern:
                keys.add(pattern)
        elif low in ("allchannels", "resetchannels") or token.startswith("&"):
            if low == "resetchannels":
                channels.clear()
            elif low == "allchannels" or token == "&*":
                channels.add("&*")
            elif len(token) == 1:
                problems.append(("'&' needs a channel pattern", "give one, e.g. '&*'"))
            else:
                channels.add(token)
        elif low in ("allcommands", "nocommands") or token.startswith(("+", "-")):
            rule = {"allcommands": "+@all", "nocommands": "-@all"}.get(low, low)
            name = rule[1:]
            if not name or name == "@" or name.endswith("|"):
                problems.append((f"'{token}' names no command", "use e.g. '+get', '+@read' or '-config|set'"))
            elif name == "@all":
                commands = [rule]
            elif rule[0] == "+" and name.split("|")[0] in FORBIDDEN_COMMANDS:
                problems.append(
                    (f"'{token}' grants a command ElastiCache restricts ({name.split('|')[0]})", "remove it")
                )
            else:
                commands = [c for c in commands if c[1:] != name]
                commands.append(rule)
        elif token.startswith("(") and token.endswith(")"):
            if in_selector:
                problems.append(("selectors cannot be nested", "write each selector at the top level"))
                continue
            inner = _reduce(_tokenize(token[1:-1]), problems, in_selector=True)
            selectors.add(inner)
        elif low == "clearselectors":
            selectors.clear()
        elif low in _FLAGS:
            flags = {low}
        else:
            problems.append(
                (f"'{token}' is not an ACL rule", "use on/off, ~keys, &channels, +/-commands or @categories")
            )
    if "~*" in keys:
        keys = {k for k in keys if not k.startswith("~")} | {"~*"}
    if "&*" in channels:
        channels = {"&*"}
    if commands and commands[0] == "-@all":
        commands = commands[1:]
    return AccessRules(
        enabled=enabled,
        keys=frozenset(keys),
        channels=frozenset(channels),
        commands=tuple(commands),
        selectors=frozenset(selectors),
        flags=frozenset(flags),
    )


def _key_pattern(token: str, problems: list[Problem]) -> str | None:
    if token.startswith("~"):
        if len(token) == 1:
            problems.append(("'~' needs a key pattern", "give one, e.g. '~*' or '~app:*'"))
            return None
        return token
    perms, sep, pattern = token[1:].partition("~")
    if not sep or not pattern or not perms or set(perms.upper()) - {"R", "W"}:
        problems.append((f"'{token}' is not a key permission", "use '%R~pattern', '%W~pattern' or '%RW~pattern'"))
        return None
    kind = "".join(sorted(set(perms.upper())))
    return f"~{pattern}" if kind == "RW" else f"%{kind}~{pattern}"


def parse(access_string: str) -> AccessRules:
    """Reduce ``access_string`` to what it grants; raise :class:`AccessStringError` if it is invalid."""
    if not access_string.strip():
        raise AccessStringError([("the access string is empty", "give ACL rules, e.g. 'on ~app:* +@read'")])
    problems: list[Problem] = []
    rules = _reduce(_tokenize(access_string), problems, in_selector=False)
    if problems:
        raise AccessStringError(problems)
    return rules


def validate(access_string: str) -> list[Problem]:
    """Every problem of ``access_string`` as (what, fix) pairs (empty when valid); no password is echoed."""
    try:
        parse(access_string)
    except AccessStringError as exc:
        return exc.problems
    return []


def equivalent(a: str | None, b: str | None) -> bool:
    """True when ``a`` and ``b`` grant the same; strings that do not parse compare by their tokens."""
    if a is None or b is None:
        return a is b
    try:
        return parse(a) == parse(b)
    except AccessStringError:
        return a.split() == b.split()
