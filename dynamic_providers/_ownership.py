"""Who owns a live user or user group, so that one resource never deletes what another one manages.

The owner mark is the tag :data:`OWNER_TAG_KEY` on the live object. Its value is the owner's *token*:
the URN of the Pulumi resource that manages the object (:func:`owner_token`; ``urn-sha256:<hex>`` when
the URN is longer than a tag value may be). It is written when a resource creates the object, and
rewritten when a resource takes over an object that another resource owned (``adopt_existing``). An
object made outside Pulumi and adopted is not tagged: adoption writes nothing it does not have to.

On top of the tag, every create records an in-process *claim* (:func:`claim`): one provider process
serves every dynamic resource of a deployment, and within one deployment a delete never follows a create
of the same object by design (a replacement under the same id deletes first), so a delete of an object
that a create of this deployment made, resumed or adopted is always a move (a new resource took the
object over, the old one is deleted at the end of the same ``up``) or a forced create-first replacement:
either way the object must stay, tagged or not, whatever token the old resource's state holds.

:func:`foreign_owner` is the one rule deletes follow: leave the object alone when a create of this
deployment claimed it, or its owner tag names another resource. Tags written by release 0.1.0
(``<project>/<stack>/<Kind>/<name>``, not a URN) say nothing about ownership and are ignored. A
resource's token changes when an alias moves it; its update then moves the tag along.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping

import pulumi

from ._client import client_cache_key
from ._tags import read_tags, sync_tags
from ._target import Target

__all__ = [
    "OWNER_KEY",
    "OWNER_TAG_KEY",
    "carry_owner_tag",
    "claim",
    "foreign_owner",
    "forget_claims",
    "owner_token",
    "tag_value",
    "urn_of",
]

OWNER_TAG_KEY = "pulumi-elasticache-rbac:created-by"
"""Tag on every user / user group this package created or took over; its value is the owner's token."""
OWNER_KEY = "__creator"
"""Input (and output) carrying the resource's own token (ignored by diff, like every ``__`` key)."""

_MAX_TAG_VALUE = 256
_HASHED = "urn-sha256:"

_CLAIMS: dict[tuple[object, ...], str] = {}
_CLAIMS_LOCK = threading.Lock()


def tag_value(urn: str) -> str:
    """``urn`` as a tag value: itself, or ``urn-sha256:<hex>`` when longer than 256 characters."""
    if len(urn) <= _MAX_TAG_VALUE:
        return urn
    return _HASHED + hashlib.sha256(urn.encode()).hexdigest()


def urn_of(type_: str, name: str, parent: pulumi.Resource | None) -> str | None:
    """The URN a resource being constructed will have, as a plain string, when it can be told without
    the engine: a resource of the stack itself, or a child of a component that states its
    ``qualified_type`` (the type chain its own URN carries: :class:`ElastiCacheRbac` does). ``None``
    otherwise."""
    chain = type_
    if parent is not None:
        parent_chain = getattr(parent, "qualified_type", None)
        if not isinstance(parent_chain, str):
            return None
        chain = f"{parent_chain}${type_}"
    return f"urn:pulumi:{pulumi.get_stack()}::{pulumi.get_project()}::{chain}::{name}"


def owner_token(type_: str, name: str, parent: pulumi.Resource | None) -> pulumi.Input[str]:
    """The token of the resource being constructed: its URN (as :func:`tag_value`), known at preview.

    A plain string when :func:`urn_of` can tell it (most resources: it costs nothing per resource);
    otherwise computed from the parent's URN *value* without depending on the parent: a dependency on
    a component would be expanded to its children, this resource included.
    """
    known = urn_of(type_, name, parent)
    if known is not None:
        return tag_value(known)
    urn = pulumi.resource.create_urn(name, type_, parent)
    return pulumi.Output(set(), urn.future(), urn.is_known()).apply(lambda u: tag_value(str(u)))


def _key(region: str | None, profile: str | None, kind: str, object_id: str) -> tuple[object, ...]:
    return (*client_cache_key(region, profile), kind, object_id.lower())


def claim(region: str | None, profile: str | None, kind: str, object_id: str, token: str | None) -> None:
    """Record that a create of this deployment made, resumed or adopted ``kind`` ``object_id`` for the
    resource ``token``."""
    with _CLAIMS_LOCK:
        _CLAIMS[_key(region, profile, kind, object_id)] = token or "a resource of this deployment"


def forget_claims() -> None:
    """Drop every claim. Claims describe one deployment, which is one provider process under the engine;
    a caller that drives the provider methods for several deployments in one process (the functional
    tests) calls this between them."""
    with _CLAIMS_LOCK:
        _CLAIMS.clear()


def foreign_owner(
    region: str | None,
    profile: str | None,
    kind: str,
    object_id: str,
    live_tags: Mapping[str, str],
    mine: str | None,
) -> str | None:
    """The token of *another* resource that manages the object (its delete must leave it), or ``None``."""
    with _CLAIMS_LOCK:
        claimed = _CLAIMS.get(_key(region, profile, kind, object_id))
    if claimed:
        return claimed
    live = live_tags.get(OWNER_TAG_KEY)
    if not live or live == mine or not live.startswith(("urn:", _HASHED)):
        return None
    return live


def carry_owner_tag(target: Target, label: str, arn: str, old: str | None, new: str | None) -> None:
    """On update: when the resource's token changed (an alias moved it, or its state predates tokens),
    move the owner tag along — unless the object is untagged or another resource owns it now."""
    if not new or old == new:
        return
    live = read_tags(target, arn, label).get(OWNER_TAG_KEY)
    if live and live != new and (live == old or not live.startswith(("urn:", _HASHED))):
        sync_tags(target, label, arn, {OWNER_TAG_KEY: live}, {OWNER_TAG_KEY: new})
