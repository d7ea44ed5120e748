"""Optional JSON persistence, so a restarted emulator keeps its users, groups and replication groups.

The file holds every (account, region) with its resources (tags included; passwords are never stored,
only their count) and, for resources in the middle of a transition, the transition name and the
seconds it still had to run; :func:`load` resumes those. Written atomically (temp file + rename) after
every successful write call and on shutdown. Not persisted: the request log, scripted faults, config.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from elasticache_emulator.models import Backend, ReplicationGroup, User, UserGroup
from elasticache_emulator.models.resources import Resource, resource_id
from elasticache_emulator.transitions import Kind

__all__ = ["FORMAT_VERSION", "load", "save", "snapshot"]

FORMAT_VERSION = 1
_KINDS: tuple[tuple[str, Kind, type[User] | type[UserGroup] | type[ReplicationGroup]], ...] = (
    ("users", Kind.USER, User),
    ("user_groups", Kind.USER_GROUP, UserGroup),
    ("replication_groups", Kind.REPLICATION_GROUP, ReplicationGroup),
)


def _resource_json(resource: Resource, now: float) -> dict[str, Any]:
    data = {f.name: getattr(resource, f.name) for f in dataclasses.fields(resource) if f.name != "pending"}
    if resource.pending is not None:
        data["pending"] = {
            "transition": resource.pending.transition,
            "remaining": max(0.0, resource.pending.due - now),
        }
    return data


def snapshot(backend: Backend) -> dict[str, Any]:
    """The whole state as JSON-serialisable data (caller holds ``backend.lock``)."""
    now = backend.clock.now()
    regions = []
    for state in backend.regions():
        entry: dict[str, Any] = {"account_id": state.account_id, "region": state.region}
        for attr, _, _ in _KINDS:
            entry[attr] = [_resource_json(r, now) for r in getattr(state, attr).values()]
        regions.append(entry)
    return {"format": FORMAT_VERSION, "regions": regions}


def save(backend: Backend, path: Path) -> None:
    """Write the snapshot atomically to ``path`` (caller holds ``backend.lock``)."""
    data = json.dumps(snapshot(backend), indent=1, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(backend: Backend, path: Path) -> bool:
    """Replace the backend's state with the file's; False (state untouched) when the file is absent.

    Raises ``ValueError`` for a file of another format version.
    """
    if not path.exists():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported state file format {data.get('format')!r}")
    with backend.lock:
        backend.reset()
        for entry in data["regions"]:
            state = backend.region(entry["account_id"], entry["region"])
            for attr, kind, cls in _KINDS:
                store = getattr(state, attr)
                store.clear()
                for raw in entry.get(attr, []):
                    fields = dict(raw)
                    pending = fields.pop("pending", None)
                    resource = cls(**fields)
                    store[resource_id(resource)] = resource
                    if pending is not None:
                        backend.resume(state, kind, resource, pending["transition"], float(pending["remaining"]))
    return True
