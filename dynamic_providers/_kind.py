"""Resource kinds as data: what :class:`._engine.KindProvider` needs to know to run one kind.

A :class:`Kind` says how the kind's inputs are normalised and checked, which fields replace the
resource (and whether the new object can be created before the old one is deleted), which fields are
compared for an update and how, and — through :class:`ObjectApi` — how the ElastiCache API names its
objects (describe / create / delete calls, id parameter, waiters). The engine interprets it the way
botocore interprets a service model; what is truly one kind's own (password fingerprints, membership
plans, ownership guards) stays in that kind's module as methods of its provider.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._validation import Failure

__all__ = ["Changed", "Inputs", "Kind", "ObjectApi"]

Changed = Callable[[Mapping[str, Any], Mapping[str, Any]], bool]
"""``(old outputs, new inputs) -> whether a field changed``, for fields not compared by plain equality."""


class Inputs(BaseModel):
    """Base of every kind's checked-inputs model: frozen, unknown keys ignored, and where its calls go."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    region: str | None = None
    profile: str | None = None
    wait: bool = True


@dataclass(frozen=True)
class ObjectApi:
    """How the ElastiCache API names one kind of live object: everything follows from its ``stem``
    (``User`` / ``UserGroup``) — see :meth:`name`. ``noun`` is what messages call the object
    (``user 'alice'``)."""

    stem: str
    noun: str

    def name(self, pattern: str) -> str:
        """``pattern`` with ``{}`` replaced by the stem: the id parameter ``{}Id``, the listing ``{}s``, the
        operations ``Describe{}s`` / ``Create{}`` / ``Delete{}``, the waiters ``{}Active`` / ``{}Deleted``
        of :data:`._waiters.WAITER_MODEL`."""
        return pattern.format(self.stem)

    def label(self, object_id: str) -> str:
        return f"{self.noun} {object_id!r}"


@dataclass(frozen=True)
class Kind:
    """One resource kind (see the module docstring).

    - ``name``: the Pulumi resource class (``User``), for messages; ``id_field``: the input holding the
      object's id (``user_id``).
    - ``failures``: every rule the raw inputs break, as ``(property, reason)`` pairs, without an API
      call (:mod:`._validation`).
    - ``lower``: string fields stored lowercase (as ElastiCache stores ids and engines, so case never
      diffs); ``lower_items``: list fields whose string items are; ``defaults``: values filled in where
      an input is ``None``.
    - ``replace_create_first``: fields naming another object: a change replaces the resource, creating
      the new object first (so does ``region``, for every kind: :func:`._provider.region_moves`).
      ``replace_delete_first``: fields that cannot change in place under the same id: a change replaces
      it deleting first — unless a create-first field changes too (then it is another object anyway).
    - ``compare_equal``: fields updated in place, compared by equality (``None`` equals an empty value);
      ``compare``: fields updated in place by their own rule (by meaning, as a set, by fingerprint).
    - ``api``: the live object's API, for kinds that are one object (users, groups; not memberships);
      ``live_fields``: the outputs read from the live object as its describe call returns it.
    """

    name: str
    id_field: str
    failures: Callable[[Mapping[str, Any], str | None], list[Failure]]
    lower: tuple[str, ...] = ()
    lower_items: tuple[str, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    replace_create_first: tuple[str, ...] = ()
    replace_delete_first: tuple[str, ...] = ()
    compare_equal: tuple[str, ...] = ()
    compare: Mapping[str, Changed] = field(default_factory=dict)
    api: ObjectApi | None = None
    live_fields: Callable[[Any], dict[str, Any]] = lambda _live: {}
