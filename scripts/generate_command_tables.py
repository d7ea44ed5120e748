#!/usr/bin/env python3
"""Generate the engines' command tables (``dynamic_providers/command_tables/*.json``) from their sources.

Each table is derived from one tagged release of the engine's public repository, read with ``git show``
(no working tree needed):

- ``src/commands/*.json``: every command and subcommand with its arity, flags, explicit ACL categories,
  key specs and the name of its key-extraction function (the published command metadata that
  ``COMMAND INFO`` / ``COMMAND DOCS`` serve);
- ``src/acl.c``: the ACL category names, in the order ``ACL CAT`` lists them;
- ``src/db.c``: which commands take channel arguments (the ``commands_with_channels`` table);
- ``src/server.c`` / ``src/config.c``: only checked for the two behaviours copied below as data (the
  categories every command gets from its flags, and the ``acl-pubsub-default`` value), so that a
  release that changes them fails the generation instead of producing a wrong table.

Categories implied by flags (``setImplicitACLCategories`` in ``src/server.c``, identical in the releases
listed in ``RELEASES``): ``write`` from WRITE; ``read`` from READONLY unless the command is in
``scripting``; ``admin`` and ``dangerous`` from ADMIN; ``pubsub`` from PUBSUB; ``fast`` from FAST;
``blocking`` from BLOCKING; ``slow`` for every command that is not ``fast``. Sentinel-only commands are
left out (a server does not load them).

Usage (the command recorded in every table's ``source.regenerate``)::

    python scripts/generate_command_tables.py --redis PATH_TO_REDIS_CLONE --valkey PATH_TO_VALKEY_CLONE

Only the data is kept: no source text of the engines is copied into the table.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "dynamic_providers" / "command_tables"
RELEASES = {
    # table name: (repository option, upstream URL, tag)
    "redis-7.0": ("redis", "https://github.com/redis/redis", "7.0.15"),
    "valkey-7.2": ("valkey", "https://github.com/valkey-io/valkey", "7.2.7"),
    "valkey-8.0": ("valkey", "https://github.com/valkey-io/valkey", "8.0.1"),
}
REGENERATE = "python scripts/generate_command_tables.py --redis PATH_TO_REDIS_CLONE --valkey PATH_TO_VALKEY_CLONE"
IMPLICIT = {"WRITE": ["write"], "PUBSUB": ["pubsub"], "FAST": ["fast"], "BLOCKING": ["blocking"]}
IMPLICIT_SOURCE = re.compile(r"setImplicitACLCategories\(struct \w+ \*c\)\s*\{(?P<body>.*?)\n\}", re.DOTALL)


def git_show(repo: Path, ref: str, path: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"{ref}:{path}"], check=True, capture_output=True, text=True
    ).stdout


def git_ls(repo: Path, ref: str, path: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "--name-only", ref, path + "/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if line.endswith(".json")]


def commit_of(repo: Path, ref: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", f"{ref}^{{commit}}"], check=True, capture_output=True, text=True
    ).stdout.strip()


def categories(acl_c: str) -> list[str]:
    block = re.search(r"(?:ACLCommandCategories|ACLDefaultCommandCategories)\[\]\s*=\s*\{(.*?)\n\};", acl_c, re.DOTALL)
    if not block:
        sys.exit("ACLCommandCategories not found in src/acl.c")
    return re.findall(r'\{"([a-z]+)",\s*ACL_CATEGORY_[A-Z]+\}', block.group(1))


def channel_specs(db_c: str) -> dict[str, dict[str, Any]]:
    """Command function name -> {flags, start, count} from ``commands_with_channels``."""
    block = re.search(r"commands_with_channels\[\]\s*=\s*\{(.*?)\n\};", db_c, re.DOTALL)
    if not block:
        sys.exit("commands_with_channels not found in src/db.c")
    out = {}
    for proc, flags, start, count in re.findall(
        r"\{(\w+Command),\s*([A-Z_ |]+),\s*(-?\d+),\s*(-?\d+)\}", block.group(1)
    ):
        names = sorted(f.strip().removeprefix("CMD_CHANNEL_").lower() for f in flags.split("|"))
        out[proc] = {"flags": names, "start": int(start), "count": int(count)}
    return out


def check_implicit_rules(server_c: str) -> None:
    """Fail when the release's implicit-category rules differ from the ones this script applies."""
    found = IMPLICIT_SOURCE.search(server_c)
    if not found:
        sys.exit("setImplicitACLCategories not found in src/server.c")
    body = re.sub(r"\s+", " ", found.group("body"))
    expected = [
        "CMD_WRITE) c->acl_categories |= ACL_CATEGORY_WRITE",
        "CMD_READONLY && !(c->acl_categories & ACL_CATEGORY_SCRIPTING)) c->acl_categories |= ACL_CATEGORY_READ",
        "CMD_ADMIN) c->acl_categories |= ACL_CATEGORY_ADMIN | ACL_CATEGORY_DANGEROUS",
        "CMD_PUBSUB) c->acl_categories |= ACL_CATEGORY_PUBSUB",
        "CMD_FAST) c->acl_categories |= ACL_CATEGORY_FAST",
        "CMD_BLOCKING) c->acl_categories |= ACL_CATEGORY_BLOCKING",
        "!(c->acl_categories & ACL_CATEGORY_FAST)) c->acl_categories |= ACL_CATEGORY_SLOW",
    ]
    normalised = body.replace(
        "ACL_CATEGORY_ADMIN|ACL_CATEGORY_DANGEROUS", "ACL_CATEGORY_ADMIN | ACL_CATEGORY_DANGEROUS"
    )
    missing = [rule for rule in expected if rule not in normalised]
    if missing:
        sys.exit(f"setImplicitACLCategories changed; update this script (missing: {missing})")


def key_spec(spec: dict[str, Any]) -> dict[str, Any]:
    begin = spec["begin_search"]
    if "index" in begin:
        bs: dict[str, Any] = {"index": begin["index"]["pos"]}
    elif "keyword" in begin:
        bs = {"keyword": begin["keyword"]["keyword"].lower(), "startfrom": begin["keyword"]["startfrom"]}
    else:
        bs = {"unknown": True}
    find = spec["find_keys"]
    if "range" in find:
        fk: dict[str, Any] = {"range": [find["range"]["lastkey"], find["range"]["step"], find["range"]["limit"]]}
    elif "keynum" in find:
        k = find["keynum"]
        fk = {"keynum": [k["keynumidx"], k["firstkey"], k["step"]]}
    else:
        fk = {"unknown": True}
    return {"flags": sorted(f.lower() for f in spec["flags"]), "begin": bs, "find": fk}


def command_entry(raw: dict[str, Any], channels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    flags = [f.lower() for f in raw.get("command_flags", [])]
    cats = {c.lower() for c in raw.get("acl_categories", [])}
    for flag, implied in IMPLICIT.items():
        if flag.lower() in flags:
            cats.update(implied)
    if "readonly" in flags and "scripting" not in cats:
        cats.add("read")
    if "admin" in flags:
        cats.update(("admin", "dangerous"))
    if "fast" not in cats:
        cats.add("slow")
    entry: dict[str, Any] = {
        "arity": raw["arity"],
        "flags": sorted(flags),
        "categories": sorted(cats),
    }
    specs = [key_spec(s) for s in raw.get("key_specs", [])]
    if specs:
        entry["key_specs"] = specs
    if raw.get("get_keys_function"):
        entry["getkeys"] = raw["get_keys_function"]
    if raw.get("function") in channels:
        entry["channels"] = channels[raw["function"]]
    return entry


def build(repo: Path, ref: str, name: str, url: str) -> dict[str, Any]:
    engine = name.split("-")[0]
    raw: dict[str, dict[str, Any]] = {}
    containers: dict[str, str] = {}
    for path in git_ls(repo, ref, "src/commands"):
        for cmd_name, body in json.loads(git_show(repo, ref, path)).items():
            if "only_sentinel" in [f.lower() for f in body.get("command_flags", [])]:
                continue
            container = body.get("container")
            full = f"{container}|{cmd_name}".lower() if container else cmd_name.lower()
            raw[full] = body
            if container:
                containers[full] = container.lower()
    channels = channel_specs(git_show(repo, ref, "src/db.c"))
    check_implicit_rules(git_show(repo, ref, "src/server.c"))
    config_c = git_show(repo, ref, "src/config.c")
    default = re.search(r'createEnumConfig\("acl-pubsub-default".*?server\.acl_pubsub_default,\s*(\w+)', config_c)
    if not default:
        sys.exit("acl-pubsub-default not found in src/config.c")
    pubsub_default = {"0": "resetchannels"}.get(default.group(1), default.group(1))
    if pubsub_default not in ("resetchannels", "SELECTOR_FLAG_ALLCHANNELS"):
        sys.exit(f"unexpected acl-pubsub-default {pubsub_default}")
    commands: dict[str, dict[str, Any]] = {}
    for full in sorted(raw):
        entry = command_entry(raw[full], channels)
        if full in containers:
            parent = containers[full]
            commands.setdefault(parent, {}).setdefault("subcommands", []).append(full.split("|", 1)[1])
        commands.setdefault(full, {}).update(entry)
    for entry in commands.values():
        if "subcommands" in entry:
            entry["subcommands"].sort()
    return {
        "engine": engine,
        "version": ref,
        "source": {
            "repository": url,
            "tag": ref,
            "commit": commit_of(repo, ref),
            "files": ["src/commands/*.json", "src/acl.c", "src/db.c", "src/server.c", "src/config.c"],
            "regenerate": REGENERATE,
        },
        "acl_pubsub_default": "allchannels" if pubsub_default != "resetchannels" else "resetchannels",
        "categories": categories(git_show(repo, ref, "src/acl.c")),
        "commands": commands,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", type=Path, required=True, help="a clone of the redis repository (with tags)")
    parser.add_argument("--valkey", type=Path, required=True, help="a clone of the valkey repository (with tags)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (option, url, tag) in RELEASES.items():
        table = build(getattr(args, option), tag, name, url)
        target = OUT / f"{name}.json"
        target.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
        print(f"{target.relative_to(OUT.parent.parent)}: {len(table['commands'])} commands from {url} {tag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
