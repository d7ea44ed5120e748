"""Which arguments of a command are keys (with the access they need) and which are channels.

The engine's rules, read from the command table: a command's key specs when it has some that are not
``not_key`` and none has ``variable_flags``; when a spec cannot be applied (an ``incomplete`` spec, a
key count that is not a number, positions outside the arguments) or the flags vary with the arguments,
the command's own key function (``getkeys``), re-stated here by name for the functions the tables use.
Keys found by those functions carry the flags the engine gives them (often none, which any key pattern
satisfies). Channels come from the command's channel spec.

Positions index ``argv`` (``argv[0]`` is the command name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .command_table import Command, KeySpec

__all__ = ["KeyRef", "channel_args", "key_args"]

KeyRef = tuple[int, frozenset[str]]
"""A key argument: its position in ``argv`` and its key-spec flags."""

_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_NO_FLAGS: frozenset[str] = frozenset()
_RO = frozenset({"ro", "access"})
_RW_UPDATE = frozenset({"rw", "access", "update"})


def _c_div(a: int, b: int) -> int:
    """Integer division truncating towards zero (C semantics)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _atoi(text: str) -> int:
    """C ``atoi``: leading whitespace, a sign, then digits; anything else stops it (``"3x"`` is 3)."""
    m = re.match(r"\s*([+-]?\d+)", text)
    return int(m.group(1)) if m else 0


def _from_spec(spec: KeySpec, argv: Sequence[str]) -> list[KeyRef] | None:
    """Keys one spec finds, or ``None`` when it cannot be applied (the engine then falls back)."""
    argc = len(argv)
    kind, a, b = spec.begin
    if kind == "index":
        first = a
    elif kind == "keyword":
        startfrom, keyword = a, str(b).lower()
        start = startfrom if startfrom > 0 else argc + startfrom
        end = argc - 1 if startfrom > 0 else 1
        step = 1 if start <= end else -1
        first = 0
        i = start
        while i != end:
            if i >= argc or i < 1:
                break
            if argv[i].lower() == keyword:
                first = i + 1
                break
            i += step
        if not first:
            return []
    else:
        return None
    find, x, y, z = spec.find
    if find == "range":
        lastkey, step, limit = x, y, z
        if lastkey >= 0:
            last = first + lastkey
        elif not limit:
            last = argc + lastkey
        else:
            last = first + (_c_div(argc - first, limit) + lastkey)
    elif find == "keynum":
        keynumidx, firstkey, step = x, y, z
        if keynumidx >= argc or first + keynumidx >= argc:
            return None
        raw = argv[first + keynumidx]
        if not _INT.fullmatch(raw) or int(raw) < 0:
            return None
        first += firstkey
        last = first + int(raw) - 1
    else:
        return None
    if last >= argc or last < first or first >= argc:
        return None
    found = [(i, spec.flags) for i in range(first, last + 1, step)]
    if "incomplete" in spec.flags:
        return None
    return found


def _generic(store: int, count: int, first: int, step: int) -> Callable[[Sequence[str]], list[KeyRef]]:
    def keys(argv: Sequence[str]) -> list[KeyRef]:
        num = _atoi(argv[count]) if count < len(argv) else 0
        if num < 1 or num > _c_div(len(argv) - first, step):
            return []
        out = [(first + i * step, _NO_FLAGS) for i in range(num)]
        if store:
            out.append((store, _NO_FLAGS))
        return out

    return keys


def _sort_ro(argv: Sequence[str]) -> list[KeyRef]:
    return [(1, _RO)]


def _sort(argv: Sequence[str]) -> list[KeyRef]:
    keys: list[KeyRef] = [(1, _RO)]
    store: KeyRef | None = None
    skip = {"limit": 2, "get": 1, "by": 1}
    i = 2
    while i < len(argv):
        word = argv[i].lower()
        if word in skip:
            i += skip[word]
        elif word == "store" and i + 1 < len(argv):
            store = (i + 1, frozenset({"ow", "update"}))
        i += 1
    return keys + ([store] if store else [])


def _migrate(argv: Sequence[str]) -> list[KeyRef]:
    first, num = 3, 1
    skip = {"copy": 0, "replace": 0, "auth": 1, "auth2": 2}
    if len(argv) > 6:
        i = 6
        while i < len(argv):
            word = argv[i].lower()
            if word == "keys":
                if argv[3]:
                    num = 0
                else:
                    first, num = i + 1, len(argv) - i - 1
                break
            i += skip.get(word, 0) + 1
    flags = frozenset({"rw", "access", "delete"})
    return [(first + i, flags) for i in range(num)]


def _georadius(argv: Sequence[str]) -> list[KeyRef]:
    stored = -1
    i = 5
    while i < len(argv):
        if argv[i].lower() in ("store", "storedist") and i + 1 < len(argv):
            stored = i + 1
            i += 1
        i += 1
    return [(1, _NO_FLAGS)] + ([(stored, _NO_FLAGS)] if stored != -1 else [])


def _xread(argv: Sequence[str]) -> list[KeyRef]:
    streams = -1
    i = 1
    while i < len(argv):
        word = argv[i].lower()
        if word in ("block", "count"):
            i += 1
        elif word == "group":
            i += 2
        elif word == "noack":
            pass
        elif word == "streams":
            streams = i
            break
        else:
            break
        i += 1
    num = len(argv) - streams - 1 if streams != -1 else 0
    if streams == -1 or num == 0 or num % 2:
        return []
    return [(p, _NO_FLAGS) for p in range(streams + 1, len(argv) - num // 2)]


def _set(argv: Sequence[str]) -> list[KeyRef]:
    if any(arg.lower() == "get" for arg in argv[3:]):
        return [(1, _RW_UPDATE)]
    return [(1, frozenset({"ow", "update"}))]


def _bitfield(argv: Sequence[str]) -> list[KeyRef]:
    readonly = True
    i = 2
    while i < len(argv):
        remaining = len(argv) - i - 1
        word = argv[i].lower()
        if word == "get" and remaining >= 2:
            i += 2
        elif word in ("set", "incrby") and remaining >= 3:
            readonly = False
            break
        elif word == "overflow" and remaining >= 1:
            i += 1
        else:
            readonly = False
            break
        i += 1
    return [(1, _RO if readonly else _RW_UPDATE)]


_GETKEYS: dict[str, Callable[[Sequence[str]], list[KeyRef]]] = {
    "sintercardGetKeys": _generic(0, 1, 2, 1),
    "zunionInterDiffStoreGetKeys": _generic(1, 2, 3, 1),
    "zunionInterDiffGetKeys": _generic(0, 1, 2, 1),
    "evalGetKeys": _generic(0, 2, 3, 1),
    "functionGetKeys": _generic(0, 2, 3, 1),
    "lmpopGetKeys": _generic(0, 1, 2, 1),
    "blmpopGetKeys": _generic(0, 2, 3, 1),
    "zmpopGetKeys": _generic(0, 1, 2, 1),
    "bzmpopGetKeys": _generic(0, 2, 3, 1),
    "sortROGetKeys": _sort_ro,
    "sortGetKeys": _sort,
    "migrateGetKeys": _migrate,
    "georadiusGetKeys": _georadius,
    "xreadGetKeys": _xread,
    "setGetKeys": _set,
    "bitfieldGetKeys": _bitfield,
}


def key_args(cmd: Command, argv: Sequence[str]) -> list[KeyRef]:
    """The key arguments of ``argv`` (run as ``cmd``) with the flags the engine checks them with."""
    specs = [s for s in cmd.key_specs if "not_key" not in s.flags]
    if specs and not any("variable_flags" in s.flags for s in cmd.key_specs):
        found: list[KeyRef] = []
        for spec in specs:
            keys = _from_spec(spec, argv)
            if keys is None:
                break
            found += keys
        else:
            return found
    if cmd.getkeys is not None:
        function = _GETKEYS.get(cmd.getkeys)
        if function is None:
            raise LookupError(f"no key function {cmd.getkeys!r} for {cmd.name!r}; add it to _acl_keys._GETKEYS")
        return function(argv)
    return []


def channel_args(cmd: Command, argv: Sequence[str]) -> list[tuple[int, bool]]:
    """Channel arguments the engine checks for ``cmd`` (publish / subscribe ones): (position, is a
    pattern). Unsubscribing is never checked."""
    spec = cmd.channels
    if spec is None or not spec.flags & {"publish", "subscribe"}:
        return []
    stop = len(argv) if spec.count == -1 else min(spec.start + spec.count, len(argv))
    return [(i, "pattern" in spec.flags) for i in range(spec.start, stop)]
