"""Retrying write calls that the service refuses transiently, and serializing changes per group.

Contract of :func:`call_with_retry`: run ``attempt`` (a closure that may re-read live state each time);
a botocore ``ClientError`` is mapped once through :func:`map_client_error`; errors of the classes in
``retry_on`` (default: :class:`RetryableError` = ``InvalidUserState``, ``InvalidUserGroupState``,
throttling) are retried with capped exponential backoff and jitter until ``timeout`` seconds have
passed, then the last error is raised. Anything else is raised at once, ``from`` the original.

:func:`group_lock` returns the process-wide lock of one user group: the provider process serves up to
four requests at once, and two changes to one group would otherwise race into
``InvalidUserGroupState``. Locks live at module level, never on a (pickled) provider.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from botocore.exceptions import ClientError

from ._client import client_cache_key
from ._errors import RbacError, RetryableError, map_client_error
from ._waiters import DEFAULT_BACKOFF, Backoff, Progress

__all__ = ["call_with_retry", "group_lock"]

T = TypeVar("T")

_GROUP_LOCKS: dict[tuple[object, ...], threading.Lock] = {}
_GROUP_LOCKS_GUARD = threading.Lock()


def group_lock(region: str | None, profile: str | None, user_group_id: str) -> threading.Lock:
    """The lock serializing changes to ``user_group_id`` on one target inside this process."""
    key = (*client_cache_key(region, profile), user_group_id.lower())
    with _GROUP_LOCKS_GUARD:
        lock = _GROUP_LOCKS.get(key)
        if lock is None:
            lock = _GROUP_LOCKS[key] = threading.Lock()
        return lock


def call_with_retry(
    attempt: Callable[[], T],
    *,
    resource: str,
    what: str,
    timeout: float,
    retry_on: tuple[type[RbacError], ...] = (RetryableError,),
    backoff: Backoff = DEFAULT_BACKOFF,
    progress_after: float = 5.0,
    sink: Callable[[str], None] | None = None,
) -> T:
    """Run ``attempt`` until it succeeds, retrying ``retry_on`` errors (see the module docstring).

    ``what`` says what is being done (``"ModifyUserGroup"``), for progress lines.
    """
    progress = Progress(resource, f"{what} to be accepted", after=progress_after, sink=sink)
    n = 0
    while True:
        try:
            try:
                return attempt()
            except ClientError as exc:
                raise map_client_error(exc, resource) from exc
        except retry_on as exc:
            if not progress.pause(
                backoff.delay(n), timeout, f"retrying after: {getattr(exc, 'code', type(exc).__name__)}"
            ):
                raise
            n += 1
