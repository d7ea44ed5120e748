"""The one provider engine: check, diff, read, create and delete of every resource kind, run from its
:class:`._kind.Kind` (the description) plus a few hooks for what is truly that kind's own.

Contracts (beyond :class:`pulumi.dynamic.ResourceProvider`'s):

- ``check`` makes no API call: it normalises the inputs (``Kind.lower`` / ``lower_items`` /
  ``defaults``, then :meth:`KindProvider.normalize_more`) and reports every failure of ``Kind.failures``
  at once, without property names (:func:`._provider.check_failures`).
- ``diff`` = :meth:`KindProvider.diff_inputs` (the inputs against the old outputs, no API call: the
  ``Kind``'s replace and compare rules; keys starting with ``__`` never count) + the
  :meth:`KindProvider.diff_live` hook (read-only calls, e.g. an ownership conflict refused at preview).
  A change to a create-first field (or the region) replaces the resource creating the new object
  first; a delete-first field alone replaces it deleting first.
- ``read`` (kinds with an :class:`._kind.ObjectApi`): the object gone, or being deleted, reads as gone
  (refresh drops it); otherwise the stored outputs, updated with ``Kind.live_fields`` and the
  :meth:`KindProvider.read_more` hook.
- Waits (see docs/providers.md, "Waits"): with ``wait`` (the default) create and update return once the
  object is usable again; with ``wait=False`` once the service accepted the change, leaving the
  transition to a barrier (:mod:`.barrier`). Every create and update output a new ``revision``.
- ``create`` is transactional: an object that does not become usable is deleted again. An object of
  the same id that is still being deleted is waited for until it is gone first. With
  ``adopt_existing`` the object is looked up first and, when it exists, taken over writing only what
  differs (:meth:`KindProvider.converge`). An object that exists with this resource's own owner tag
  (an earlier create of the same resource was interrupted) is resumed the same way without
  ``adopt_existing``; any other existing object fails naming its owner (:mod:`._ownership`). An adopted
  or resumed object is never deleted by a failed create.
- ``delete`` is idempotent ("not found" or already ``deleting`` is done), leaves an object another
  resource manages now (:func:`._ownership.foreign_owner`), and returns once the service accepted the
  deletion: nothing in the deployment needs the object gone, and a later create of its id waits.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Protocol

from botocore import xform_name
from botocore.exceptions import ClientError
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult

from ._errors import AlreadyExistsError, DependencyViolationError, NotFoundError, ServiceError
from ._kind import Kind, ObjectApi
from ._ownership import OWNER_KEY, OWNER_TAG_KEY, claim, foreign_owner
from ._provider import (
    RbacProvider,
    already_exists,
    check_failures,
    differs,
    raise_failures,
    region_moves,
    strip_internal,
)
from ._tags import read_tags, settled_tags
from ._target import Target, describe_one
from ._validation import is_known
from ._waiters import note, wait_for

__all__ = ["KindProvider", "ObjectInputs", "revised"]


def revised(outputs: dict[str, Any]) -> dict[str, Any]:
    """``outputs`` with a new ``revision``: a token that changes with every create and update, so that a
    barrier (:mod:`.barrier`) that lists it sees a change exactly when the resource changed."""
    return {**outputs, "revision": secrets.token_hex(8)}


class ObjectInputs(Protocol):
    """What the engine reads from a kind's checked inputs model."""

    @property
    def object_id(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def adopt_existing(self) -> bool: ...

    @property
    def region(self) -> str | None: ...

    @property
    def profile(self) -> str | None: ...


class KindProvider(RbacProvider):
    """A dynamic provider run from :attr:`kind` (see the module docstring). Subclasses set ``kind`` and
    implement the hooks their kind needs; they stay plain data (pickled by reference into state)."""

    kind: ClassVar[Kind]

    # -- check ---------------------------------------------------------------------------------------

    def normalize(self, news: Mapping[str, Any]) -> dict[str, Any]:
        """``news`` as check returns it: lowercase ids and engine, defaults filled in."""
        out = dict(news)
        for name in self.kind.lower:
            value = out.get(name)
            if isinstance(value, str) and is_known(value):
                out[name] = value.lower()
        for name, default in self.kind.defaults.items():
            if out.get(name) is None:
                out[name] = default
        for name in self.kind.lower_items:
            items = out.get(name)
            if isinstance(items, list):
                out[name] = [v.lower() if isinstance(v, str) and is_known(v) else v for v in items]
        return self.normalize_more(out)

    def normalize_more(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Hook: the kind's own normalisation, after the generic one."""
        return inputs

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = self.normalize(news)
        return CheckResult(inputs, check_failures(self.kind.failures(inputs, self.name_of(news))))

    def prepare(self, props: Mapping[str, Any]) -> tuple[Any, Target]:
        """What create and update start with: the inputs checked again (:class:`InvalidInputError` before
        any write), as the kind's inputs model (:meth:`inputs`), and where the calls go."""
        raise_failures(self.kind.failures(props, self.name_of(props)))
        return self.inputs(self.normalize(props)), self.target(props)

    # -- diff ----------------------------------------------------------------------------------------

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return self.diff_live(olds, news, self.diff_inputs(olds, news))

    def diff_inputs(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffResult:
        """The part of :meth:`diff` that compares the inputs with the old outputs only (no API call)."""
        olds, news = strip_internal(olds), strip_internal(news)
        kind = self.kind
        fields = (*kind.replace_create_first, *kind.replace_delete_first)
        replaces = [f for f in fields if differs(olds.get(f), news.get(f))]
        moves = region_moves(olds, news)
        replaces += ["region"] if moves else []
        create_first = moves or any(f in replaces for f in kind.replace_create_first)
        delete_first = any(f in replaces for f in kind.replace_delete_first)
        changed = list(replaces)
        changed += [f for f in kind.compare_equal if differs(olds.get(f), news.get(f))]
        changed += [f for f, rule in kind.compare.items() if rule(olds, news)]
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=delete_first and not create_first,
        )

    def diff_live(self, olds: Mapping[str, Any], news: Mapping[str, Any], result: DiffResult) -> DiffResult:
        """Hook: read-only calls that may refuse the change at preview or find one; default: none."""
        return result

    # -- the live object (kinds with an ObjectApi) -----------------------------------------------------

    @property
    def api(self) -> ObjectApi:
        api = self.kind.api
        if api is None:
            raise TypeError(f"{self.kind.name} has no single live object")
        return api

    @staticmethod
    def call(target: Target, operation: str, params: Mapping[str, Any]) -> Any:
        """Call the API ``operation`` (``CreateUser``) with ``params``; its answer."""
        return getattr(target.client, xform_name(operation))(**params)

    def describe(self, target: Target, object_id: str, label: str) -> Any | None:
        """The object as its describe call returns it, or ``None`` when it does not exist."""
        api = self.api
        listing = getattr(target.client, xform_name(api.name("Describe{}s")))
        return describe_one(listing, api.name("{}s"), label, **{api.name("{}Id"): object_id})

    def wait_active(self, target: Target, object_id: str, label: str) -> Any:
        """Wait until the object is usable (``Kind`` waiter); return it."""
        api = self.api
        response = wait_for(
            target.client, api.name("{}Active"), {api.name("{}Id"): object_id}, resource=label, timeout=target.timeout
        )
        return response[api.name("{}s")][0]

    # -- read ----------------------------------------------------------------------------------------

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        target = self.target(props)
        label = self.api.label(id_)
        live = self.describe(target, id_, label)
        if live is None or live.get("Status") == "deleting":
            return ReadResult(None, {})
        outs = {k: v for k, v in props.items() if not k.startswith("__") or k == OWNER_KEY}
        outs.update(self.read_more(target, live, props, label))
        outs.update(self.kind.live_fields(live))
        return ReadResult(id_, outs)

    def read_more(self, target: Target, live: Any, props: Mapping[str, Any], label: str) -> dict[str, Any]:
        """Hook: outputs refresh reads beyond ``Kind.live_fields``."""
        return {}

    # -- create --------------------------------------------------------------------------------------

    def inputs(self, props: Mapping[str, Any]) -> Any:
        """Hook: the kind's checked inputs model (an :class:`ObjectInputs` for object kinds), validated from
        normalised ``props``."""
        raise NotImplementedError

    def create_params(self, inp: Any, owner: str | None) -> dict[str, Any]:
        """Hook: the keyword arguments of the create call (the owner tag included)."""
        raise NotImplementedError

    def before_create(self, target: Target, inp: Any, found: Any | None) -> None:
        """Hook: refuse what cannot be created (``found``: the existing object, when adopting)."""

    def check_adoption(self, inp: Any, existing: Any, live_tags: Mapping[str, str]) -> None:
        """Hook: refuse taking over ``existing`` (``adopt_existing``), e.g. a membership others hold."""

    def converge(
        self, target: Target, inp: Any, existing: Any, live_tags: Mapping[str, str], *, resumed: bool, retag: str | None
    ) -> tuple[Any, dict[str, Any]]:
        """Hook: make an existing object (adopted, or ``resumed``) match the inputs, writing only what
        differs, and set the owner tag to ``retag`` when given; return it and extra outputs."""
        raise NotImplementedError

    def settle_created(self, target: Target, inp: Any, created: Any) -> tuple[Any, dict[str, Any]]:
        """Hook: the just-created object, waited for until usable unless ``inp.wait`` is false; and extra
        outputs."""
        if not inp.wait or created.get("Status") == "active":
            return created, {}
        return self.wait_active(target, inp.object_id, inp.label), {}

    def outputs(self, inp: Any, live: Any, *, adopted: bool, owner: str | None, **extra: Any) -> dict[str, Any]:
        """Hook: the full outputs of the resource."""
        raise NotImplementedError

    @contextlib.contextmanager
    def object_lock(self, target: Target, object_id: str) -> Iterator[None]:
        """Hook: what serializes creates and deletes of one object in this process; default: nothing."""
        yield

    def create(self, props: dict[str, Any]) -> CreateResult:
        inp, target = self.prepare(props)
        owner = self.owner_of(props)
        api = self.api
        created: Any = None
        adopted = resumed = False
        with self.object_lock(target, inp.object_id):
            # with adopt_existing, look first: adopting then sends no write the object does not need
            found = self.describe(target, inp.object_id, inp.label) if inp.adopt_existing else None
            if found is not None and found.get("Status") == "deleting":
                self.wait_gone(target, inp.object_id, inp.label)
                found = None
            self.before_create(target, inp, found)
            refused: AlreadyExistsError | None = None
            if found is None:
                created, refused = self._create_object(target, inp, owner)
            if created is None:
                existing = self.wait_active(target, inp.object_id, inp.label)  # tagging needs a usable object
                live_tags = read_tags(target, existing["ARN"], inp.label)
                live_owner = live_tags.get(OWNER_TAG_KEY)
                resumed = bool(owner) and live_owner == owner
                if not resumed and not inp.adopt_existing:
                    assert refused is not None  # only adopt_existing looks first
                    raise already_exists(refused, inp.label, live_owner, self.kind.id_field) from refused
                adopted = not resumed
                if adopted:
                    self.check_adoption(inp, existing, live_tags)
        claim(inp.region, inp.profile, api.stem, inp.object_id, owner)
        try:
            if created is None:
                retag = owner if adopted and owner and live_owner else None
                live, extra = self.converge(target, inp, existing, live_tags, resumed=resumed, retag=retag)
            else:
                live, extra = self.settle_created(target, inp, created)
        except Exception:
            if created is not None:
                self._delete_quietly(target, inp.object_id)
            raise
        return CreateResult(inp.object_id, revised(self.outputs(inp, live, adopted=adopted, owner=owner, **extra)))

    def _create_object(self, target: Target, inp: Any, owner: str | None) -> tuple[Any, AlreadyExistsError | None]:
        """The create call's answer, or ``(None, the refusal)`` when the object exists. An object of that id
        that is still being deleted (a destroy or a delete-first replacement that did not wait for it) is
        waited for until it is gone, then created."""
        api = self.api
        params = self.create_params(inp, owner)
        refused: AlreadyExistsError | None = None
        for _ in range(3):
            try:
                return target.retry(
                    api.name("Create{}"), inp.label, lambda: self.call(target, api.name("Create{}"), params)
                ), None
            except AlreadyExistsError as exc:
                refused = exc
            old = self.describe(target, inp.object_id, inp.label)
            if old is not None and old.get("Status") != "deleting":
                break  # it really exists
            if old is not None:
                self.wait_gone(target, inp.object_id, inp.label)
            # gone now (or between the refusal and the look): create again
        return None, refused

    def wait_gone(self, target: Target, object_id: str, label: str) -> None:
        """Wait until the object is deleted (``Kind`` waiter), printing progress while it takes long."""
        api = self.api
        wait_for(
            target.client, api.name("{}Deleted"), {api.name("{}Id"): object_id}, resource=label, timeout=target.timeout
        )

    def _delete_quietly(self, target: Target, object_id: str) -> None:
        """Undo a failed create (best effort: the original error is what the user needs to see)."""
        api = self.api
        with contextlib.suppress(ClientError):
            self.call(target, api.name("Delete{}"), {api.name("{}Id"): object_id})

    # -- delete --------------------------------------------------------------------------------------

    def before_delete(self, live: Any, label: str) -> None:
        """Hook: refuse a delete the service would refuse, saying what to detach first."""

    def delete_refused(self, exc: DependencyViolationError, target: Target, object_id: str, label: str) -> ServiceError:
        """Hook: the error to raise when the service refuses the delete because something depends on it."""
        return exc

    def wait_dependents_gone(self, target: Target, object_id: str, label: str) -> bool:
        """Hook: when the service refused the delete because something depends on the object, wait for
        what is already being deleted and return True to try again; default: nothing to wait for."""
        return False

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Return once the service accepted the deletion (the object is ``deleting``): nothing in the same
        deployment needs it gone, and a later create of the same id waits for it (:meth:`_create_object`)."""
        target = self.target(props)
        api = self.api
        label = api.label(id_)
        params = {api.name("{}Id"): id_}
        with self.object_lock(target, id_):
            current = self.describe(target, id_, label)
            if current is None or current.get("Status") == "deleting":
                return
            if self._managed_elsewhere(target, id_, label, props, current):
                return
            self.before_delete(current, label)
            for retried in (False, True):
                try:
                    target.retry(api.name("Delete{}"), label, lambda: self.call(target, api.name("Delete{}"), params))
                    return
                except NotFoundError:
                    return
                except DependencyViolationError as exc:
                    if retried or not self.wait_dependents_gone(target, id_, label):
                        raise self.delete_refused(exc, target, id_, label) from exc

    def _managed_elsewhere(
        self, target: Target, object_id: str, label: str, props: Mapping[str, Any], current: Any
    ) -> bool:
        """Whether another resource manages the object now (moved or taken over): then delete leaves it.
        ``current``: the object as just described; its tags are read from it when it is active, otherwise
        (and on a retry of the tag read) once it is active again."""
        fresh = [current] if current.get("Status") == "active" else []
        tags = settled_tags(target, label, lambda: fresh.pop() if fresh else self.wait_active(target, object_id, label))
        other = foreign_owner(target.region, target.profile, self.api.stem, object_id, tags, self.owner_of(props))
        if other is not None:
            note(f"{label}: not deleted: it is managed by {other} now (moved or taken over)")
        return other is not None
