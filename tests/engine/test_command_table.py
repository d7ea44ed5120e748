"""The generated redis-7.0 command table says what the real server says (``COMMAND INFO``, ``ACL CAT``)."""

from __future__ import annotations

from typing import Any

from pulumi_elasticache_rbac.dynamic_providers.command_table import Command, load
from tests.support.redis_server import RedisServer


def _key_spec(raw: list[Any]) -> tuple[object, ...]:
    fields = dict(zip(raw[::2], raw[1::2], strict=True))
    begin = dict(zip(fields["begin_search"][::2], fields["begin_search"][1::2], strict=True))
    find = dict(zip(fields["find_keys"][::2], fields["find_keys"][1::2], strict=True))
    bspec = dict(zip(begin["spec"][::2], begin["spec"][1::2], strict=True)) if begin["spec"] else {}
    fspec = dict(zip(find["spec"][::2], find["spec"][1::2], strict=True)) if find["spec"] else {}
    flags = frozenset(f.lower() for f in fields["flags"])
    if begin["type"] == "index":
        b: tuple[object, ...] = ("index", bspec["index"], 0)
    elif begin["type"] == "keyword":
        b = ("keyword", bspec["startfrom"], bspec["keyword"].lower())
    else:
        b = ("unknown", 0, 0)
    if find["type"] == "range":
        f: tuple[object, ...] = ("range", fspec["lastkey"], fspec["keystep"], fspec["limit"])
    elif find["type"] == "keynum":
        f = ("keynum", fspec["keynumidx"], fspec["firstkey"], fspec["keystep"])
    else:
        f = ("unknown", 0, 0, 0)
    return (flags, b, f)


def _ours(cmd: Command) -> tuple[object, ...]:
    specs = tuple((s.flags, s.begin, s.find) for s in cmd.key_specs)
    return (cmd.arity, frozenset(f"@{c}" for c in cmd.categories), specs, frozenset(cmd.subcommands))


def _theirs(info: list[Any]) -> tuple[object, ...]:
    name = info[0]
    subs = frozenset(s[0].split("|", 1)[1] for s in info[9])
    return (info[1], frozenset(info[6]), tuple(_key_spec(s) for s in info[8]), subs) if name else ()


def test_commands_subcommands_arity_categories_and_key_specs(redis_engine: RedisServer) -> None:
    table = load("redis")
    infos: Any = redis_engine.call("COMMAND", "INFO")
    live: dict[str, tuple[object, ...]] = {}
    for info in infos:
        live[str(info[0])] = _theirs(info)
        for sub in info[9]:
            live[str(sub[0])] = _theirs(sub)
    ours = {name: _ours(cmd) for name, cmd in table.commands.items()}
    assert set(ours) == set(live)
    different = {name: (ours[name], live[name]) for name in ours if ours[name] != live[name]}
    assert not different


def test_acl_categories(redis_engine: RedisServer) -> None:
    table = load("redis")
    assert redis_engine.call("ACL", "CAT") == list(table.categories)
    for category in table.categories:
        listed = redis_engine.call("ACL", "CAT", category)
        assert isinstance(listed, list)
        ours = {name for name, cmd in table.commands.items() if category in cmd.categories}
        assert set(listed) == ours, category
