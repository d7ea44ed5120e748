"""Agreement of :mod:`dynamic_providers.access_strings` with a real engine, on a generated corpus.

Run it to see the figures and every disagreement::

    .venv/bin/python -m tests.engine.agreement            # starts its own redis-server (installs it if missing)

The corpus (:func:`corpus`) is generated from a fixed seed: access strings built from every kind of
rule (valid, misspelt, misplaced), pairs of strings to compare (the engine's own rewriting of a string,
reorderings, alias and category spellings, and mutations that change the meaning), and command lines
(with keys and channels drawn so that patterns sometimes match). The engine is the oracle:

- validation: ``ACL SETUSER`` accepts or rejects the words of the string. ElastiCache rejects more
  than the engine, on purpose (password rules, ``reset``, grants of its restricted commands): a string
  with such a rule is expected to be rejected whatever the engine says (:func:`elasticache_rejects`).
- equivalence: two strings are the same when the engine's ``ACL GETUSER`` of both is the same, read as
  what it grants (flags, command rules, key and channel patterns as sets, selectors as a set;
  ``%RW~*`` is ``~*``).
- dry run: ``ACL DRYRUN`` (allowed, or the reason) for a user created with the string.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from pulumi_elasticache_rbac.dynamic_providers import access_strings
from pulumi_elasticache_rbac.dynamic_providers.command_table import RESTRICTED_COMMANDS, load
from tests.support.redis_server import RedisServer, ReplyError, start

SEED = 12
USER = "acl-agreement"
KEYS = ["app:1", "app:2", "user:7", "x", "cache:a", "tmp", "App:1"]
KEY_PATTERNS = ["app:*", "user:?", "x", "cache:[ab]", "*", "tmp*", "app:[^1]", "App:*", "", "a\\*"]
CHANNELS = ["news", "news.sport", "chat:1", "alerts"]
CHANNEL_PATTERNS = ["news*", "chat:?", "alerts", "*", "news.*", ""]
CATEGORIES = [c for c in load("redis").categories] + ["all"]
TYPOS = ["gett", "sett", "hgetal", "flushal", "configg", "@reed", "@nonsense", "@al", "@Read", "GET", "@ALL"]
SUBCOMMANDS = ["config|get", "config|set", "client|list", "client|kill", "object|encoding", "acl|whoami"]
BAD = ["bogus", "%X~a", "%~a", "%RR~a", "+", "+@", "-get|x", "+config|get|x", "+get|", "+config|", "+|get",
       "(on)", ")", "+get)", "&", "~", "%R", "+config|nosuch", '("~a")', '("~a)', '(~a "b")', "('~a' +get)",
       '("~a"+get)', '("")', '("\\x7ea")', "(~a 'b c')"]  # fmt: skip
PASSWORD_RULES = [">averysecretpassword1", "<averysecretpassword1", "nopass", "resetpass", "#" + "a" * 64, "reset"]
COMMAND_LINES = [
    "GET {k}", "SET {k} v", "SET {k} v GET", "SET {k} v NX", "MGET {k} {k2}", "MSET {k} 1 {k2} 2", "DEL {k} {k2}",
    "EXISTS {k}", "COPY {k} {k2}", "LMOVE {k} {k2} LEFT RIGHT", "EVAL return 2 {k} {k2} a", "EVAL return 0",
    "EVALSHA abc 1 {k}", "XREAD STREAMS {k} {k2} 0 0", "XREAD COUNT 1 STREAMS {k} 0", "SORT {k}",
    "SORT {k} STORE {k2}", "SORT_RO {k}", "BITFIELD {k} GET u8 0", "BITFIELD {k} SET u8 0 1", "PUBLISH {c} hi",
    "SUBSCRIBE {c} {c2}", "PSUBSCRIBE {cp}", "SPUBLISH {c} hi", "SSUBSCRIBE {c}", "UNSUBSCRIBE {c}",
    "CONFIG GET maxmemory", "CONFIG SET maxmemory 1", "CLIENT LIST", "CLIENT KILL ID 1", "SELECT 0", "SELECT 1",
    "FLUSHALL", "INFO", "PING", "AUTH u p", "HELLO", "GEORADIUS {k} 0 0 1 km STORE {k2}", "ZUNIONSTORE {k} 2 {k2} x",
    "ZUNION 2 {k} {k2}", "LMPOP 2 {k} {k2} LEFT", "BLMPOP 0 1 {k} LEFT", "OBJECT ENCODING {k}", "MEMORY USAGE {k}",
    "DEBUG OBJECT {k}", "HSET {k} f v", "HGETALL {k}", "INCR {k}", "RENAME {k} {k2}", "KEYS *", "SCAN 0",
    "EXPIRE {k} 10", "TTL {k}", "TYPE {k}", "SINTERCARD 2 {k} {k2}", "FCALL f 1 {k}", "XADD {k} * f v",
    "WATCH {k}", "MULTI", "ACL WHOAMI", "ACL SETUSER x", "SHUTDOWN", "MIGRATE h 1 {k} 0 1", "LPUSH {k} a",
    "GETDEL {k}", "SINTERSTORE {k} {k2}", "PFCOUNT {k} {k2}", "XGROUP CREATE {k} g $", "SCRIPT FLUSH",
    "FUNCTION LIST", "OBJECT HELP", "GETT {k}", "GET", "CONFIG NOSUCH",
]  # fmt: skip


def elasticache_rejects(access_string: str) -> bool:
    """Whether ElastiCache rejects the string for its own rules, whatever the engine says: a password
    rule, ``reset``, or a grant of one of its restricted commands (also inside a selector)."""
    for word in access_string.replace("(", " ").replace(")", " ").split():
        low = word.lower()
        if low in ("nopass", "resetpass", "reset") or word[0] in "><#!":
            return True
        if low.startswith("+") and not low.startswith("+@") and low[1:].split("|")[0] in RESTRICTED_COMMANDS:
            return True
    return False


def _rule(rng: random.Random, commands: list[str], *, in_selector: bool = False) -> str:
    kind = rng.random()
    if kind < 0.20:
        return rng.choice(["~", "%R~", "%W~", "%RW~", "%r~", "%WR~"]) + rng.choice(KEY_PATTERNS)
    if kind < 0.27:
        return rng.choice(["allkeys", "resetkeys", "~*", "allchannels", "resetchannels", "&*"])
    if kind < 0.35:
        return "&" + rng.choice(CHANNEL_PATTERNS)
    if kind < 0.55:
        return rng.choice("+-") + rng.choice(commands)
    if kind < 0.70:
        return rng.choice("+-") + "@" + rng.choice(CATEGORIES)
    if kind < 0.75:
        return rng.choice("+-") + rng.choice(SUBCOMMANDS)
    if kind < 0.78:
        return "+select|" + rng.choice("01")
    if kind < 0.82:
        return rng.choice(["allcommands", "nocommands", "+@all", "-@all"])
    if kind < 0.86:
        return rng.choice("+-") + rng.choice(TYPOS)
    if kind < 0.89:
        return rng.choice(BAD)
    if kind < 0.91:
        return rng.choice(PASSWORD_RULES)
    if in_selector:
        return rng.choice(["+get", "~app:*", "%R~*"])
    if kind < 0.95:
        inner = " ".join(_rule(rng, commands, in_selector=True) for _ in range(rng.randint(0, 3)))
        return f"({inner})"
    return rng.choice(["on", "off", "clearselectors", "sanitize-payload", "skip-sanitize-payload"])


def _string(rng: random.Random, commands: list[str]) -> str:
    words = [rng.choice(["on", "off", "on", ""])]
    # Half the strings grant broadly first, so that key, channel and selector checks decide often.
    words += rng.choice(
        ["", "", "+@all", "allcommands", "+@read +@write", "+@all -@dangerous", "+@pubsub +@string"]
    ).split()
    words += [_rule(rng, commands) for _ in range(rng.randint(1, 7))]
    return " ".join(w for w in words if w)


def _rewrites(rng: random.Random, text: str) -> Iterator[str]:
    """Strings that often mean the same as ``text``, and some that do not."""
    words = text.split()
    if len(words) > 1:
        shuffled = words[:]
        rng.shuffle(shuffled)
        yield " ".join(shuffled)
        i = rng.randrange(len(words) - 1)
        swapped = words[:]
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        yield " ".join(swapped)
        yield " ".join(words[:-1])
    aliases = {"~*": "allkeys", "allkeys": "~*", "+@all": "allcommands", "-@all": "nocommands", "&*": "allchannels"}
    yield " ".join(aliases.get(w.lower(), w) for w in words)
    yield " ".join(w.upper() if w[0] in "+-" else w for w in words)
    yield text + " " + rng.choice(words)  # a repeated rule
    yield text + " " + rng.choice(["+get", "-get", "~app:*", "%R~x", "&news", "+@read", "-@write", "on"])


def _argv(rng: random.Random) -> list[str]:
    line = rng.choice(COMMAND_LINES)
    keys = rng.sample(KEYS, 2)
    channels = rng.sample(CHANNELS, 2)
    filled = line.format(k=keys[0], k2=keys[1], c=channels[0], c2=channels[1], cp=rng.choice(CHANNEL_PATTERNS) or "x")
    return filled.split()


@dataclass
class Corpus:
    strings: list[str]
    pairs: list[tuple[str, str]]
    command_lines: dict[str, list[list[str]]]
    """Per string, the command lines to dry-run."""


def corpus(size: int = 420, lines_per_string: int = 15) -> Corpus:
    """The generated corpus (deterministic)."""
    rng = random.Random(SEED)
    table = load("redis")
    commands = [n for n in table.top_level() if n not in RESTRICTED_COMMANDS]
    commands += rng.sample(sorted(RESTRICTED_COMMANDS), 3)
    strings = [_string(rng, commands) for _ in range(size)]
    strings += [
        "on ~x +gett", "+@nonsense", "-@al", "on ~* ~x +@all", "on ~app:* +@read", "on ~app:* -@all +@read",
        "+get +set", "+set +get", "+@read -@read +get", "+get", "off ~objects:* ~items:* ~public:* -@all",
        "~objects:* ~items:* ~public:*", "on ~* +@all", "on allkeys allcommands", "on ~app::* -@all +@read on ~* +@all",
    ]  # fmt: skip
    pairs: list[tuple[str, str]] = []
    for text in strings:
        for other in _rewrites(rng, text):
            pairs.append((text, other))
    for _ in range(size // 2):
        pairs.append((rng.choice(strings), rng.choice(strings)))
    lines = {text: [_argv(rng) for _ in range(lines_per_string)] for text in strings}
    return Corpus(strings, pairs, lines)


def _engine_set(server: RedisServer, text: str, user: str = USER) -> str | None:
    """Create ``user`` from ``text``; the engine's error, or ``None`` when it accepts it."""
    server.call("ACL", "DELUSER", user)
    try:
        server.call("ACL", "SETUSER", user, *text.split())
    except ReplyError as exc:
        return str(exc)
    return None


def _canonical(reply: object) -> object:
    """``ACL GETUSER`` read as what it grants (see the module docstring)."""
    assert isinstance(reply, list)
    fields = dict(zip(reply[::2], reply[1::2], strict=True))

    def selector(d: dict[str, object]) -> tuple[object, ...]:
        keys = frozenset(str(d["keys"]).split())
        if "~*" in keys:
            keys = frozenset({"~*"})
        channels = frozenset(str(d["channels"]).split())
        if "&*" in channels:
            channels = frozenset({"&*"})
        return (commands(d["commands"]), keys, channels)

    def commands(rules: object) -> tuple[object, ...]:
        # The engine describes the command bits as +@all/-@all, category rules, then one rule per
        # command that still differs (a parent always before its subcommands), those in the order of
        # its command dictionary, which varies: the set of them is what counts. First arguments
        # allowed for a command likewise come in the order they were added.
        words = str(rules).split()
        categories = tuple(w for w in words if w[1:2] == "@")
        return (categories, frozenset(w for w in words if w[1:2] != "@"))

    selectors = frozenset(selector(dict(zip(s[::2], s[1::2], strict=True))) for s in fields["selectors"])
    return (frozenset(fields["flags"]), selector(fields), selectors)


@dataclass
class Figures:
    """Agreement counts and the disagreements, per check."""

    validation: list[int] = field(default_factory=lambda: [0, 0])
    equivalence: list[int] = field(default_factory=lambda: [0, 0])
    dry_run: list[int] = field(default_factory=lambda: [0, 0])
    disagreements: list[str] = field(default_factory=list)
    elasticache_only: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    """Dry runs by the engine's answer: allowed, denied (command / key / channel), error."""

    def line(self, name: str) -> str:
        agree, total = getattr(self, name)
        return f"{name}: {agree}/{total} ({100 * agree / max(total, 1):.2f}%)"

    def ratio(self, name: str) -> float:
        counts: list[int] = getattr(self, name)
        return counts[0] / max(counts[1], 1)


def measure(server: RedisServer, data: Corpus | None = None) -> Figures:
    """Compare the model with ``server`` on ``data`` (the default corpus)."""
    data = data or corpus()
    figures = Figures()
    canonical: dict[str, object] = {}
    for text in dict.fromkeys(data.strings + [s for pair in data.pairs for s in pair]):
        error = _engine_set(server, text)
        engine_ok = error is None
        if engine_ok:
            canonical[text] = _canonical(server.call("ACL", "GETUSER", USER))
        expected_ok = engine_ok and not elasticache_rejects(text)
        figures.elasticache_only += engine_ok and not expected_ok
        ours_ok = not access_strings.validate(text)
        figures.validation[1] += 1
        if ours_ok == expected_ok:
            figures.validation[0] += 1
        else:
            figures.disagreements.append(f"validate {text!r}: engine {error or 'OK'}; ours {ours_ok}")
        if not (engine_ok and ours_ok) or text not in data.strings:
            continue
        for argv in data.command_lines[text]:
            try:
                answer = server.call("ACL", "DRYRUN", USER, *argv)
                engine = ("OK" if answer == "OK" else str(answer), False)
            except ReplyError as exc:
                engine = (str(exc), True)
            ours = access_strings.dry_run(text, argv)
            mine = (ours.reason, ours.error)
            figures.dry_run[1] += 1
            outcome = _outcome(*engine)
            figures.outcomes[outcome] = figures.outcomes.get(outcome, 0) + 1
            same = mine[0] == engine[0] if not engine[1] else ours.error and _same_error(ours.reason, engine[0])
            if same:
                figures.dry_run[0] += 1
            else:
                figures.disagreements.append(f"dry_run {text!r} {' '.join(argv)!r}: engine {engine}; ours {mine}")
    for a, b in data.pairs:
        if a not in canonical or b not in canonical:
            continue
        if access_strings.validate(a) or access_strings.validate(b):
            continue
        engine_same = canonical[a] == canonical[b]
        figures.equivalence[1] += 1
        if access_strings.equivalent(a, b) == engine_same:
            figures.equivalence[0] += 1
        else:
            figures.disagreements.append(f"equivalent {a!r} vs {b!r}: engine {engine_same}")
    return figures


def _outcome(answer: str, error: bool) -> str:
    if error:
        return "error"
    if answer == "OK":
        return "allowed"
    return "denied " + answer.rsplit(" ", 1)[-1]


def _same_error(ours: str, engine: str) -> bool:
    return ours.lower() in engine.lower()


def main() -> int:
    server = start()
    try:
        data = corpus()
        figures = measure(server, data)
    finally:
        server.stop()
    print(f"engine: redis-server {server.version}; corpus: {len(data.strings)} strings, {len(data.pairs)} pairs,")
    lines = len(next(iter(data.command_lines.values())))
    print(f"  {lines} command lines per valid string (seed {SEED})")
    for name in ("validation", "equivalence", "dry_run"):
        print("  " + figures.line(name))
    print(f"  rejected by ElastiCache's own rules only: {figures.elasticache_only}")
    print("  dry runs by the engine's answer: " + ", ".join(f"{k} {v}" for k, v in sorted(figures.outcomes.items())))
    for line in figures.disagreements:
        print("  - " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
