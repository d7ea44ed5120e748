"""Who owns a group's membership: the authoritative marker, and membership claims (which
``UserGroupMembership`` resources hold which users in a group).

An authoritative ``UserGroup`` (one with ``user_ids``) tags its group :data:`AUTHORITATIVE_TAG_KEY` =
:data:`AUTHORITATIVE_TAG_VALUE`: it owns the whole membership, and memberships refuse such a group.

Several memberships, also from different stacks, may add users to one group, and two of them may name
the same user. Each membership records the users it holds as a *claim* in tags on the group itself, so
every stack sees every other stack's claims:

- key ``pulumi-elasticache-rbac:claim:<project>/<stack>/<name>@<hash>`` (the hash, of the membership's
  URN, keeps keys apart; the readable part is shortened to fit a tag key and cleaned to the characters
  tag keys allow), value the user ids, space separated; a claim longer than one tag value continues in
  keys suffixed ``.2``, ``.3``, ...
- a membership writes its claim before it adds users, and removes only users that no other claim holds;
  its delete removes its claim last. A user held by two memberships stays until the last one lets go.
- an authoritative ``UserGroup`` refuses to take over a group that memberships hold users in, unless told
  to (``take_over_memberships``), and then removes their claims; their next preview reports the conflict.

Pure functions over ``{key: value}`` tag dicts; the provider modules make the calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

__all__ = [
    "AUTHORITATIVE_TAG_KEY",
    "AUTHORITATIVE_TAG_VALUE",
    "CLAIM_PREFIX",
    "claim_base",
    "claim_holder",
    "claim_key",
    "claim_tags",
    "claimant",
    "claims",
    "is_claim_key",
]

AUTHORITATIVE_TAG_KEY = "pulumi-elasticache-rbac:membership"
"""Tag an authoritative ``UserGroup`` puts on its group; ``UserGroupMembership`` refuses such groups."""
AUTHORITATIVE_TAG_VALUE = "authoritative"

CLAIM_PREFIX = "pulumi-elasticache-rbac:claim:"
_MAX_VALUE = 256
_READABLE = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9 _.:/=+\-@]")
_CONTINUATION = re.compile(r"^(?P<base>.+)\.(?P<n>\d+)$")


def claimant(token: str) -> str:
    """``<project>/<stack>/<name>`` of a membership's URN token (the token itself when it is not a URN)."""
    parts = token.split("::")
    if token.startswith("urn:pulumi:") and len(parts) >= 4:
        return f"{parts[1]}/{parts[0][len('urn:pulumi:') :]}/{parts[-1]}"
    return token


def claim_key(token: str) -> str:
    """The tag key of the claim of the membership whose owner token is ``token``."""
    readable = _UNSAFE.sub("_", claimant(token))[:_READABLE].replace("@", "_")
    digest = hashlib.sha256(token.encode()).hexdigest()[:8]
    return f"{CLAIM_PREFIX}{readable}@{digest}"


def claim_holder(key: str) -> str:
    """The readable ``<project>/<stack>/<name>`` of the membership a claim key belongs to."""
    base = claim_base(key) or key
    return base[len(CLAIM_PREFIX) :].rsplit("@", 1)[0]


def is_claim_key(key: str) -> bool:
    return key.startswith(CLAIM_PREFIX)


def claim_base(key: str) -> str | None:
    """The claim key a tag key belongs to (itself, or without its ``.N`` continuation suffix); ``None``
    for a tag that is not part of a claim."""
    if not is_claim_key(key):
        return None
    match = _CONTINUATION.match(key)
    return match.group("base") if match else key


def claim_tags(token: str, user_ids: Iterable[str]) -> dict[str, str]:
    """The tags recording that ``token`` holds ``user_ids`` (no tag at all for no users)."""
    key = claim_key(token)
    out: dict[str, str] = {}
    chunk: list[str] = []
    for uid in sorted(set(user_ids)):
        if chunk and len(" ".join([*chunk, uid])) > _MAX_VALUE:
            out[key if not out else f"{key}.{len(out) + 1}"] = " ".join(chunk)
            chunk = []
        chunk.append(uid)
    if chunk:
        out[key if not out else f"{key}.{len(out) + 1}"] = " ".join(chunk)
    return out


def claims(tags: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Every claim on a group: claim key (without continuation suffix) -> the user ids it holds."""
    found: dict[str, set[str]] = {}
    for key, value in tags.items():
        base = claim_base(key)
        if base is not None:
            found.setdefault(base, set()).update(value.split())
    return {k: frozenset(v) for k, v in found.items()}
