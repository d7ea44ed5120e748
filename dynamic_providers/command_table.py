"""The engines' command tables as data: commands, subcommands, ACL categories, arity, key specs, channels.

Like botocore's service model, the tables are generated files (``command_tables/<engine>-<version>.json``,
by ``scripts/generate_command_tables.py`` from the engines' published command metadata; each file records
its source, commit and the command that regenerates it) and this module only loads and indexes them.
Everything that needs to know the engine's commands reads them here: the access-string model
(:mod:`.access_strings`) and the emulator's own access-string check.

:func:`load` returns a :class:`CommandTable`, built once per process and engine. Engine names:
``redis`` (Redis OSS 7.0, what ElastiCache runs for Redis OSS 7.x), ``valkey`` (Valkey 8.0), or an exact
table name from :data:`TABLES` (``valkey-7.2``, ...). Case does not matter.

Command ids index bits of a Python ``int``: bit ``id`` of :attr:`CommandTable.all_mask` is a command or
subcommand, bit :attr:`CommandTable.future_bit` stands for commands the server does not know yet (only
``+@all`` grants those, as in the engine). :data:`RESTRICTED_COMMANDS` is ElastiCache's list of commands
it does not offer (``command_tables/elasticache.json``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "DEFAULT_TABLES",
    "RESTRICTED_COMMANDS",
    "TABLES",
    "ChannelSpec",
    "Command",
    "CommandTable",
    "KeySpec",
    "UnknownEngineError",
    "load",
    "split_selector",
    "table_name",
]

TABLES = ("redis-7.0", "valkey-7.2", "valkey-8.0")
"""The tables shipped, ``<engine>-<major.minor>``."""
DEFAULT_TABLES = {"redis": "redis-7.0", "valkey": "valkey-8.0"}
"""The table an engine name alone means: the newest release of that engine ElastiCache runs."""


class UnknownEngineError(ValueError):
    """No command table for that engine name."""


@dataclass(frozen=True, slots=True)
class KeySpec:
    """Where a command's keys are and how it uses them (the engine's key spec).

    ``begin``: ``("index", pos, 0)``, ``("keyword", startfrom, keyword)`` or ``("unknown", 0, 0)``;
    ``find``: ``("range", lastkey, step, limit)``, ``("keynum", keynumidx, firstkey, step)`` or
    ``("unknown", 0, 0, 0)``. ``flags`` are the engine's lowercase key-spec flags (``ro``, ``access``,
    ``insert``, ``not_key``, ...).
    """

    flags: frozenset[str]
    begin: tuple[str, int, str | int]
    find: tuple[str, int, int, int]


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """Which arguments are channels: from ``start``, ``count`` of them (``-1``: all the rest)."""

    flags: frozenset[str]
    start: int
    count: int


@dataclass(frozen=True, eq=False)
class Command:
    """One command or subcommand. ``name`` is the full lowercase name (``config|get`` for a subcommand)."""

    name: str
    id: int
    arity: int
    flags: frozenset[str]
    categories: frozenset[str]
    key_specs: tuple[KeySpec, ...] = ()
    getkeys: str | None = None
    channels: ChannelSpec | None = None
    parent: str | None = None
    subcommands: Mapping[str, Command] = field(default_factory=dict)
    mask: int = 0
    """This command's bit and its subcommands' bits (what ``+name`` / ``-name`` change)."""

    @property
    def has_keys(self) -> bool:
        """Whether the command may name keys (a key spec that is not ``not_key``, or a key function)."""
        return self.getkeys is not None or any("not_key" not in s.flags for s in self.key_specs)

    def __repr__(self) -> str:
        return f"Command({self.name!r})"


@dataclass(frozen=True, eq=False)
class CommandTable:
    """One engine release's commands, indexed for the ACL model."""

    name: str
    engine: str
    version: str
    source: Mapping[str, Any]
    categories: tuple[str, ...]
    commands: Mapping[str, Command]
    """Every command and subcommand by full lowercase name (``get``, ``config|get``)."""
    by_id: tuple[Command, ...]
    category_masks: Mapping[str, int]
    """What ``+@category`` sets: each command in it with its subcommands, and each subcommand in it."""
    all_mask: int
    future_bit: int
    pubsub_default_all: bool
    """Whether a new user starts with ``allchannels`` (the engine's ``acl-pubsub-default``)."""

    def lookup(self, name: str) -> Command | None:
        """The command ``name`` names in an ACL rule (``get``, ``config|get``), as the engine looks it
        up: case-insensitive, at most one ``|``, a subcommand only of a command that has subcommands."""
        parts = name.lower().split("|")
        if len(parts) > 2 or not parts[0]:
            return None
        base = self.commands.get(parts[0])
        if base is None or base.parent is not None:
            return None
        if len(parts) == 1:
            return base
        return base.subcommands.get(parts[1])

    def lookup_argv(self, argv: list[str] | tuple[str, ...]) -> Command | None:
        """The command a client's ``argv`` runs: a container's subcommand from ``argv[1]``."""
        if not argv:
            return None
        base = self.commands.get(argv[0].lower())
        if base is None or base.parent is not None:
            return None
        if len(argv) == 1 or not base.subcommands:
            return base
        return base.subcommands.get(argv[1].lower())

    def top_level(self) -> list[str]:
        """Names of the top-level commands, sorted."""
        return sorted(name for name, c in self.commands.items() if c.parent is None)


def _key_spec(raw: Mapping[str, Any]) -> KeySpec:
    begin_raw = raw["begin"]
    begin: tuple[str, int, str | int]
    if "index" in begin_raw:
        begin = ("index", int(begin_raw["index"]), 0)
    elif "keyword" in begin_raw:
        begin = ("keyword", int(begin_raw["startfrom"]), str(begin_raw["keyword"]))
    else:
        begin = ("unknown", 0, 0)
    find_raw = raw["find"]
    find: tuple[str, int, int, int]
    if "range" in find_raw:
        lastkey, step, limit = find_raw["range"]
        find = ("range", lastkey, step, limit)
    elif "keynum" in find_raw:
        idx, first, step = find_raw["keynum"]
        find = ("keynum", idx, first, step)
    else:
        find = ("unknown", 0, 0, 0)
    return KeySpec(frozenset(raw["flags"]), begin, find)


def _build(name: str, raw: Mapping[str, Any]) -> CommandTable:
    entries: Mapping[str, Mapping[str, Any]] = raw["commands"]
    # Parents first, each followed by its subcommands: ids are stable for a given table file.
    order: list[str] = []
    for cmd_name in sorted(n for n in entries if "|" not in n):
        order.append(cmd_name)
        order += [f"{cmd_name}|{sub}" for sub in entries[cmd_name].get("subcommands", [])]
    ids = {n: i for i, n in enumerate(order)}
    commands: dict[str, Command] = {}
    for cmd_name in reversed(order):  # subcommands before their parent
        entry = entries[cmd_name]
        parent, _, _ = cmd_name.partition("|") if "|" in cmd_name else (None, "", "")
        subs = {sub: commands[f"{cmd_name}|{sub}"] for sub in entry.get("subcommands", [])}
        mask = 1 << ids[cmd_name]
        for sub in subs.values():
            mask |= 1 << sub.id
        channels = entry.get("channels")
        commands[cmd_name] = Command(
            name=cmd_name,
            id=ids[cmd_name],
            arity=int(entry["arity"]),
            flags=frozenset(entry.get("flags", ())),
            categories=frozenset(entry.get("categories", ())),
            key_specs=tuple(_key_spec(s) for s in entry.get("key_specs", ())),
            getkeys=entry.get("getkeys"),
            channels=None
            if channels is None
            else ChannelSpec(frozenset(channels["flags"]), int(channels["start"]), int(channels["count"])),
            parent=parent,
            subcommands=subs,
            mask=mask,
        )
    by_id = tuple(commands[n] for n in order)
    category_masks = {}
    for category in raw["categories"]:
        mask = 0
        for command in by_id:
            if category in command.categories:
                mask |= command.mask
        category_masks[category] = mask
    future_bit = 1 << len(order)
    return CommandTable(
        name=name,
        engine=str(raw["engine"]),
        version=str(raw["version"]),
        source=raw["source"],
        categories=tuple(raw["categories"]),
        commands=commands,
        by_id=by_id,
        category_masks=category_masks,
        all_mask=(future_bit << 1) - 1,
        future_bit=future_bit,
        pubsub_default_all=raw.get("acl_pubsub_default") == "allchannels",
    )


def table_name(engine: str) -> str:
    """The table ``engine`` means (``redis`` -> ``redis-7.0``); :class:`UnknownEngineError` if none."""
    key = engine.lower()
    key = DEFAULT_TABLES.get(key, key)
    if key not in TABLES:
        known = ", ".join([*DEFAULT_TABLES, *TABLES])
        raise UnknownEngineError(f"no command table for engine {engine!r} (known: {known})")
    return key


@cache
def _load(name: str) -> CommandTable:
    text = resources.files(__package__).joinpath("command_tables", f"{name}.json").read_text(encoding="utf-8")
    return _build(name, json.loads(text))


def load(engine: str = "redis") -> CommandTable:
    """The command table of ``engine`` (see the module docstring), loaded once per process."""
    return _load(table_name(engine))


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}
_HEX = frozenset("0123456789abcdefABCDEF")


def split_rules(text: str) -> tuple[list[str], int | None]:
    """The arguments ``ACL SETUSER`` gets from an access string: its whitespace-separated words, with a
    selector spread over several words joined with single spaces (as the engine joins them); and the
    number (from 1) of the rule a selector that is never closed starts at, or None."""
    rules: list[str] = []
    selector: list[str] | None = None
    start = 0
    for word in text.split():
        if selector is None and word[0] == "(" and word[-1] != ")":
            selector, start = [word], len(rules) + 1
        elif selector is not None:
            selector.append(word)
            if word[-1] == ")":
                rules.append(" ".join(selector))
                selector = None
        else:
            rules.append(word)
    return rules, (start if selector is not None else None)


def _escape(text: str, i: int, quote: str) -> tuple[str, int] | None:
    """The character an escape at ``text[i]`` inside ``quote`` stands for and how many more characters it
    takes, or None when ``text[i]`` starts no escape there (``"``: ``\\xHH`` and ``\\n``-style; ``'``: ``\\'``)."""
    if text[i : i + 1] != "\\":
        return None
    after = text[i + 1 : i + 2]
    if quote == "'":
        return ("'", 1) if after == "'" else None
    if after == "x" and i + 4 <= len(text) and set(text[i + 2 : i + 4]) <= _HEX:
        return chr(int(text[i + 2 : i + 4], 16)), 3
    return (_ESCAPES.get(after, after), 1) if after else None


def split_selector(text: str) -> list[str]:
    """The rules inside a selector's parentheses, split as the engine splits them (``sdssplitargs``).

    Words are separated by whitespace; ``"..."`` quotes (with ``\\xHH`` and ``\\n``-style escapes) and
    ``'...'`` quotes (with ``\\'``) may join or build words. Unbalanced quotes, or a closing quote not
    followed by whitespace, make the engine see no rule at all: the result is then empty.
    """
    words: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return words
        current: list[str] = []
        quote = ""
        while True:
            ch = text[i] if i < n else ""
            if quote:
                escaped = _escape(text, i, quote)
                if escaped is not None:
                    current.append(escaped[0])
                    i += escaped[1]
                elif ch == quote:
                    if i + 1 < n and not text[i + 1].isspace():
                        return []
                    i += 1
                    break
                elif not ch:
                    return []
                else:
                    current.append(ch)
            elif ch in (" ", "\n", "\r", "\t", ""):
                break
            elif ch in ('"', "'"):
                quote = ch
            else:
                current.append(ch)
            i += 1
        words.append("".join(current))


def _restricted() -> frozenset[str]:
    text = resources.files(__package__).joinpath("command_tables", "elasticache.json").read_text(encoding="utf-8")
    return frozenset(json.loads(text)["restricted_commands"])


RESTRICTED_COMMANDS: frozenset[str] = _restricted()
"""Commands ElastiCache does not offer: granting one (``+config``, ``+config|get``) is rejected."""
