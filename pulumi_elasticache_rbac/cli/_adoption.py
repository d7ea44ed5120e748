"""Turn what an account holds into the root project's ``rbac`` config value, adopting each object.

Pure functions over :mod:`._account`'s records (no API call, no file). The value has the component's
spec shape (``components._spec``):

- every selected user: ``id``, ``name``, ``engine``, ``authentication`` (the live ``no-password`` is
  the spec's ``no-password-required``), ``accessString``, its tags, ``adoptExisting: true``. A password
  user gets no ``passwords``: passwords cannot be read back, so it is adopted keeping its live ones
  until passwords are declared (:func:`password_commands` says how);
- every selected group: ``id``, ``engine``, ``members`` (its live membership), its tags,
  ``adoptExisting: true``;
- ``existingUsers``: members that are not exported themselves (filtered out, or managed by a stack),
  so that the spec's rules can see them. The built-in ``default`` user is referenced, never adopted.

Tags are the live ones minus this package's own (``pulumi-elasticache-rbac:*``): adopting an object with
exactly its live values writes nothing. Objects a Pulumi stack manages (the ``created-by`` tag) are left
out unless asked for (adopting one moves it to this stack); a group that memberships of other stacks add
users to (``claim:`` tags) is exported without ``members``, so it does not take their members over.
Objects being deleted are left out. Users and groups come sorted by id, so the output is stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..dynamic_providers import rules
from ..dynamic_providers._claims import CLAIM_PREFIX
from ..dynamic_providers._ownership import OWNER_TAG_KEY
from ._account import LiveGroup, LiveUser

__all__ = [
    "BUILTIN_DEFAULT",
    "Export",
    "Selection",
    "build",
    "merge",
    "password_commands",
    "select",
]

BUILTIN_DEFAULT = rules.BUILTIN_DEFAULT
OWN_TAG_PREFIX = "pulumi-elasticache-rbac:"
"""The prefix of every tag this package writes (owner, claims, membership marker)."""
OWNER_TAG = OWNER_TAG_KEY
CLAIM_TAG_PREFIX = CLAIM_PREFIX
AUTHENTICATION = {"password": "password", "no-password": "no-password-required", "iam": "iam"}
"""Live ``Authentication.Type`` -> the spec's ``authentication``."""
GONE_STATUSES = ("deleting",)
"""Statuses of objects the export leaves out (and whose tags it does not read)."""


@dataclass(frozen=True)
class Selection:
    """What to export: everything (no ids given), or exactly the named users and groups (plus the
    members of the named groups with ``with_members``); ``engine`` narrows either."""

    user_ids: tuple[str, ...] = ()
    group_ids: tuple[str, ...] = ()
    engine: str | None = None
    with_members: bool = False
    include_managed: bool = False

    @property
    def everything(self) -> bool:
        return not self.user_ids and not self.group_ids


@dataclass
class Export:
    """The config value (plain dicts and lists) and what to tell the person running the export."""

    value: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def select(
    users: Sequence[LiveUser], groups: Sequence[LiveGroup], selection: Selection
) -> tuple[list[LiveUser], list[LiveGroup], list[str]]:
    """The users and groups ``selection`` names (whose tags are then read), and the ids it names that the
    listing does not hold."""
    chosen_groups = [
        g
        for g in groups
        if (selection.everything or g.group_id in selection.group_ids) and selection.engine in (None, g.engine)
    ]
    wanted = set(selection.user_ids)
    if selection.with_members:
        wanted |= {m for g in chosen_groups for m in g.members}
    chosen_users = [
        u
        for u in users
        if u.user_id != BUILTIN_DEFAULT
        and (selection.everything or u.user_id in wanted)
        and selection.engine in (None, u.engine)
    ]
    found = {u.user_id for u in users} | {g.group_id for g in groups}
    missing = [i for i in (*selection.user_ids, *selection.group_ids) if i not in found]
    return chosen_users, chosen_groups, missing


def _own_tags_removed(tags: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in sorted(tags.items()) if not k.startswith(OWN_TAG_PREFIX)}


def _user_entry(user: LiveUser, tags: Mapping[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": user.user_id,
        "name": user.user_name,
        "engine": user.engine,
        "authentication": AUTHENTICATION.get(user.authentication, user.authentication),
        "accessString": user.access_string,
    }
    own = _own_tags_removed(tags)
    if own:
        entry["tags"] = own
    entry["adoptExisting"] = True
    return entry


def _existing_entry(user: LiveUser) -> dict[str, Any]:
    return {
        "id": user.user_id,
        "name": user.user_name,
        "engine": user.engine,
        "authentication": AUTHENTICATION.get(user.authentication, user.authentication),
    }


class _Live(Protocol):
    @property
    def arn(self) -> str: ...
    @property
    def status(self) -> str: ...


_L = TypeVar("_L", bound=_Live)


def _exportable(
    objects: Iterable[_L],
    label: Callable[[_L], str],
    tags: Mapping[str, Mapping[str, str] | None],
    selection: Selection,
    notes: list[str],
) -> Iterator[tuple[_L, Mapping[str, str]]]:
    """Each object with its live tags, unless it is being deleted or a Pulumi stack manages it (its owner
    tag) and ``--include-managed`` was not given: then a note in ``notes`` says why it is left out."""
    for obj in objects:
        live_tags = tags.get(obj.arn)
        if obj.status in GONE_STATUSES or live_tags is None:
            notes.append(f"{label(obj)} is being deleted; left out")
        elif (owner := live_tags.get(OWNER_TAG)) and not selection.include_managed:
            notes.append(
                f"{label(obj)} is managed by a Pulumi stack ({owner}); left out (pass --include-managed to take "
                "it over)"
            )
        else:
            yield obj, live_tags


def build(
    users: Sequence[LiveUser],
    groups: Sequence[LiveGroup],
    tags: Mapping[str, Mapping[str, str] | None],
    known: Mapping[str, LiveUser],
    selection: Selection,
) -> Export:
    """The ``rbac`` value adopting ``users`` and ``groups`` (as chosen by :func:`select`).

    ``tags``: ARN -> live tags (``None``: the object vanished meanwhile). ``known``: every user of the
    account by id, to describe members that are not exported.
    """
    notes: list[str] = []
    exported: dict[str, dict[str, Any]] = {}
    users_by_id = sorted(users, key=lambda u: u.user_id)
    for user, live_tags in _exportable(users_by_id, lambda u: f"user {u.user_id!r}", tags, selection, notes):
        exported[user.user_id] = _user_entry(user, live_tags)

    existing: dict[str, dict[str, Any]] = {}
    group_entries: list[dict[str, Any]] = []
    groups_by_id = sorted(groups, key=lambda g: g.group_id)
    for group, live_tags in _exportable(groups_by_id, lambda g: f"user group {g.group_id!r}", tags, selection, notes):
        entry: dict[str, Any] = {"id": group.group_id, "engine": group.engine}
        if any(k.startswith(CLAIM_TAG_PREFIX) for k in live_tags):
            notes.append(
                f"user group {group.group_id!r} has members added by memberships of Pulumi stacks; exported "
                "without `members`, so that those memberships keep managing them"
            )
        else:
            members: list[str] = []
            for member in group.members:
                live = known.get(member)
                if member == BUILTIN_DEFAULT or member in exported:
                    members.append(member)
                elif live is not None and live.status not in GONE_STATUSES:
                    members.append(member)
                    existing[member] = _existing_entry(live)
                else:
                    why = "is being deleted" if live is not None else "no longer exists"
                    notes.append(f"user {member!r} of group {group.group_id!r} {why}; left out of it")
            entry["members"] = members
        own = _own_tags_removed(live_tags)
        if own:
            entry["tags"] = own
        entry["adoptExisting"] = True
        group_entries.append(entry)

    value: dict[str, Any] = {"users": list(exported.values()), "groups": group_entries}
    if existing:
        value["existingUsers"] = [existing[k] for k in sorted(existing)]
    return Export(value=value, notes=notes)


def _by_id(entries: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in entries or ():
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            out[entry["id"].lower()] = entry
    return out


def merge(previous: Any, new: Mapping[str, Any], *, append: bool) -> dict[str, Any]:
    """The value to store when the key already holds ``previous``.

    ``append`` (a run resumed with ``--starting-token``): ``previous``'s users and groups stay, the new
    ones are added (replacing those with the same id). Otherwise the new value replaces ``previous``.
    Either way a user that ``previous`` already gave ``passwords`` (e.g. set with ``pulumi config set
    --secret``) keeps them, and ``existingUsers`` holds only users that are not declared.
    """
    old = previous if isinstance(previous, Mapping) else {}
    old_users = _by_id(old.get("users"))
    users = dict(old_users) if append else {}
    for uid, entry in _by_id(new.get("users")).items():
        passwords = (old_users.get(uid) or {}).get("passwords")
        users[uid] = dict(entry)
        if passwords:  # right after the authentication type, where a person would write them
            order = [k for k in entry if k != "passwords"]
            order.insert(order.index("authentication") + 1 if "authentication" in order else len(order), "passwords")
            users[uid] = {k: passwords if k == "passwords" else entry[k] for k in order}
    groups = _by_id(old.get("groups")) if append else {}
    groups.update(_by_id(new.get("groups")))
    existing = _by_id(old.get("existingUsers")) if append else {}
    existing.update(_by_id(new.get("existingUsers")))
    value: dict[str, Any] = {"users": list(users.values()), "groups": list(groups.values())}
    remaining = [e for uid, e in existing.items() if uid not in users]
    if remaining:
        value["existingUsers"] = remaining
    if append:
        for key in old:
            if key not in value and key != "existingUsers":
                value[key] = old[key]  # e.g. memberships written by hand
    return value


def password_commands(value: Mapping[str, Any], config_key: str, stack: str | None) -> list[str]:
    """For each adopted password user without ``passwords``: the command that starts managing them.

    The value is prompted for (or read from stdin), so it never lands in shell history.
    """
    namespace, _, name = config_key.partition(":")
    path_root = name if namespace == ROOT_PROJECT else config_key
    stack_arg = f" --stack {stack}" if stack else ""
    out = []
    for n, user in enumerate(value.get("users") or ()):
        if user.get("authentication") == "password" and not user.get("passwords") and user.get("adoptExisting"):
            out.append(
                f"pulumi config set{stack_arg} --secret --path '{path_root}.users[{n}].passwords[0]'"
                f"    # {user.get('id')}"
            )
    return out


ROOT_PROJECT = "elasticache-rbac"
"""The name of the root project (``Pulumi.yaml``), the default namespace of the config key."""
