"""Read an account's ElastiCache RBAC objects: users and user groups through boto3's paginators, then tags.

Contract:
- :func:`connect` builds the client the standard way (credential chain, ``--profile`` / ``AWS_PROFILE``,
  ``AWS_ENDPOINT_URL_ELASTICACHE``); the region is ``--region``, else ``AWS_REGION``, else
  ``AWS_DEFAULT_REGION``, else the profile's. Without an endpoint override the region must be one
  botocore knows for ElastiCache. Nothing is sent until a listing starts.
- :func:`list_objects` walks ``describe_users`` and then ``describe_user_groups`` with the boto3
  paginators, passing ``PageSize`` / ``MaxItems`` / ``StartingToken`` as they take them. ``MaxItems``
  counts users and groups together; when the run stops early, :attr:`Listing.next_token` resumes it:
  a boto3 token prefixed with the listing it belongs to (``users:`` / ``groups:``).
- :func:`read_tags` lists the tags of the given objects (one ``ListTagsForResource`` each, a few at a
  time); ElastiCache's Describe calls carry none.
- Every call is counted in :class:`CallCounter` (operations, and HTTP attempts including retries).
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from ..dynamic_providers._client import env_region
from ._errors import UsageError

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient

__all__ = [
    "CallCounter",
    "Listing",
    "LiveGroup",
    "LiveUser",
    "Paging",
    "Progress",
    "connect",
    "list_objects",
    "list_users",
    "read_tags",
]

_ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_ELASTICACHE", "AWS_ENDPOINT_URL")
_CLIENT_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 6}, connect_timeout=10, read_timeout=60)
_PHASES = ("users", "groups")
_TAG_RETRIES = 4
"""ListTagsForResource right after a change may answer ``UserNotFound``/``UserGroupNotFound`` ("not
available for tagging"); it is asked again this many times before the object counts as gone."""


@dataclass(frozen=True)
class LiveUser:
    """One user as ``DescribeUsers`` reports it (``authentication`` is the live type: ``password``,
    ``no-password`` or ``iam``)."""

    user_id: str
    user_name: str
    engine: str
    access_string: str
    authentication: str
    status: str
    arn: str
    group_ids: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> LiveUser:
        return cls(
            user_id=str(raw["UserId"]).lower(),
            user_name=str(raw.get("UserName") or raw["UserId"]),
            engine=str(raw.get("Engine") or "redis").lower(),
            access_string=str(raw.get("AccessString") or ""),
            authentication=str((raw.get("Authentication") or {}).get("Type") or "password"),
            status=str(raw.get("Status") or "active"),
            arn=str(raw.get("ARN") or ""),
            group_ids=tuple(str(g).lower() for g in raw.get("UserGroupIds") or ()),
        )


@dataclass(frozen=True)
class LiveGroup:
    """One user group as ``DescribeUserGroups`` reports it; ``members`` is where the membership is going:
    ``UserIds`` plus pending additions minus pending removals."""

    group_id: str
    engine: str
    status: str
    arn: str
    members: tuple[str, ...]
    replication_groups: tuple[str, ...] = ()
    serverless_caches: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> LiveGroup:
        pending = raw.get("PendingChanges") or {}
        removed = {str(u).lower() for u in pending.get("UserIdsToRemove") or ()}
        members = [str(u).lower() for u in raw.get("UserIds") or ()]
        members += [str(u).lower() for u in pending.get("UserIdsToAdd") or () if str(u).lower() not in members]
        return cls(
            group_id=str(raw["UserGroupId"]).lower(),
            engine=str(raw.get("Engine") or "redis").lower(),
            status=str(raw.get("Status") or "active"),
            arn=str(raw.get("ARN") or ""),
            members=tuple(m for m in members if m not in removed),
            replication_groups=tuple(str(r) for r in raw.get("ReplicationGroups") or ()),
            serverless_caches=tuple(str(s) for s in raw.get("ServerlessCaches") or ()),
        )


@dataclass(frozen=True)
class Paging:
    """How to walk the listings, as boto3's ``PaginationConfig`` takes it."""

    page_size: int | None = None
    max_items: int | None = None
    starting_token: str | None = None


@dataclass
class Listing:
    """What one run listed; ``next_token`` is set when ``MaxItems`` stopped it before the end."""

    users: list[LiveUser] = field(default_factory=list)
    groups: list[LiveGroup] = field(default_factory=list)
    next_token: str | None = None
    users_complete: bool = False
    """Every user of the account is in :attr:`users`."""
    groups_read: bool = False
    """The groups listing ran (to its end or to ``MaxItems``)."""


class CallCounter:
    """Counts API operations (``before-call``) and HTTP attempts (``before-send``, retries included)."""

    def __init__(self) -> None:
        self.operations: Counter[str] = Counter()
        self.attempts = 0
        self._lock = threading.Lock()

    def attach(self, client: ElastiCacheClient) -> None:
        client.meta.events.register("before-call.elasticache", self._on_call)
        client.meta.events.register("before-send.elasticache", self._on_send)

    def _on_call(self, model: Any, **_: Any) -> None:
        with self._lock:
            self.operations[str(model.name)] += 1

    def _on_send(self, **_: Any) -> None:
        with self._lock:
            self.attempts += 1

    @property
    def total(self) -> int:
        return sum(self.operations.values())


class Progress:
    """Progress lines on ``stream`` (stderr), at most one per ``interval`` seconds unless ``final``."""

    def __init__(self, stream: TextIO | None, interval: float = 1.0) -> None:
        self.stream = stream
        self.interval = interval
        self._last = 0.0
        self._lock = threading.Lock()

    def __call__(self, text: str, *, final: bool = False) -> None:
        if self.stream is None:
            return
        with self._lock:
            now = time.monotonic()
            if final or now - self._last >= self.interval:
                self._last = now
                print(f"elasticache-rbac export: {text}", file=self.stream, flush=True)


def resolve_region(region: str | None, session: boto3.session.Session) -> str | None:
    """``region``, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else the profile's region."""
    return region or env_region() or session.region_name


def endpoint_overridden() -> bool:
    """An endpoint URL is set for ElastiCache in the environment (an emulator, a VPC endpoint)."""
    return any(os.environ.get(name) for name in _ENDPOINT_VARIABLES)


def connect(region: str | None, profile: str | None) -> tuple[ElastiCacheClient, str]:
    """An ElastiCache client and the region it targets (see the module contract).

    Raises :class:`UsageError` for a missing or unknown region; botocore's own errors (unknown profile,
    malformed region name) propagate for :func:`._errors.from_aws`.
    """
    session = boto3.session.Session(profile_name=profile or None)
    name = resolve_region(region, session)
    if not name:
        raise UsageError("no AWS region given. Fix: pass --region, or set AWS_REGION (or AWS_DEFAULT_REGION)")
    if not endpoint_overridden():
        known = {r for p in session.get_available_partitions() for r in session.get_available_regions("elasticache", p)}
        if name not in known:
            raise UsageError(
                f"unknown region {name!r} for ElastiCache. Fix: pass a region such as us-east-1 with --region "
                "(a region newer than this botocore needs a newer botocore)"
            )
    client: ElastiCacheClient = session.client("elasticache", region_name=name, config=_CLIENT_CONFIG)
    return client, name


def _split_token(token: str | None) -> tuple[str, str | None]:
    """``users:<boto3 token>`` -> ("users", token); ``None`` -> ("users", None)."""
    if token is None:
        return "users", None
    phase, sep, inner = token.partition(":")
    if not sep or phase not in _PHASES:
        raise UsageError(
            f"--starting-token {token[:40]!r} is not a token this command printed (it starts with `users:` or "
            "`groups:`). Fix: pass the token exactly as the previous export printed it"
        )
    return phase, inner or None


def _paginate(
    client: ElastiCacheClient,
    operation: str,
    result_key: str,
    paging: Paging,
    max_items: int | None,
    starting_token: str | None,
    progress: Progress,
    what: str,
    **params: Any,
) -> tuple[list[dict[str, Any]], str | None]:
    """Every item of ``operation`` (up to ``max_items``), and boto3's resume token when it stopped early."""
    config: dict[str, Any] = {}
    if paging.page_size is not None:
        config["PageSize"] = paging.page_size
    if max_items is not None:
        config["MaxItems"] = max_items
    if starting_token is not None:
        config["StartingToken"] = starting_token
    try:
        pages = client.get_paginator(operation).paginate(**params, PaginationConfig=config)  # type: ignore[call-overload]
        items: list[dict[str, Any]] = []
        for page in pages:
            items += page.get(result_key) or []
            progress(f"listed {len(items)} {what}")
    except ValueError as exc:  # botocore's own token parser ("Bad starting token")
        raise UsageError(
            f"bad --starting-token ({exc}). Fix: pass the token exactly as the previous export printed it"
        ) from exc
    resume: str | None = pages.resume_token
    return items, resume


def list_users(client: ElastiCacheClient, paging: Paging, progress: Progress) -> list[LiveUser]:
    """Every user of the account, whatever ``MaxItems`` / ``StartingToken`` say."""
    whole = Paging(page_size=paging.page_size)
    items, _ = _paginate(client, "describe_users", "Users", whole, None, None, progress, "users")
    return [LiveUser.from_api(u) for u in items]


def list_objects(client: ElastiCacheClient, paging: Paging, progress: Progress) -> Listing:
    """Users, then groups, paged as ``paging`` says (see the module contract). Every engine is listed:
    a group's members may have another engine than the group, and each needs describing."""
    phase, inner = _split_token(paging.starting_token)
    budget = paging.max_items
    listing = Listing()
    if phase == "users":
        items, resume = _paginate(client, "describe_users", "Users", paging, budget, inner, progress, "users")
        listing.users = [LiveUser.from_api(u) for u in items]
        listing.users_complete = inner is None and resume is None
        if resume is not None:
            listing.next_token = f"users:{resume}"
            return listing
        if budget is not None:
            budget -= len(items)
            if budget <= 0:
                listing.next_token = "groups:"
                return listing
        inner = None
    items, resume = _paginate(
        client, "describe_user_groups", "UserGroups", paging, budget, inner, progress, "user groups"
    )
    listing.groups_read = True
    listing.groups = [LiveGroup.from_api(raw) for raw in items]
    if resume is not None:
        listing.next_token = f"groups:{resume}"
    return listing


def read_tags(
    client: ElastiCacheClient,
    arns: Sequence[str],
    progress: Progress,
    *,
    workers: int = 8,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, dict[str, str] | None]:
    """The tags of each ARN (``None``: the object is gone), ``workers`` requests at a time."""

    def one(arn: str) -> dict[str, str] | None:
        for attempt in range(_TAG_RETRIES + 1):
            try:
                tags = client.list_tags_for_resource(ResourceName=arn).get("TagList") or []
                return {str(t["Key"]): str(t.get("Value") or "") for t in tags}
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code")
                if code not in ("UserNotFound", "UserGroupNotFound"):
                    raise
                if attempt < _TAG_RETRIES:
                    sleep(0.5 * 2**attempt)
        return None

    done = 0
    out: dict[str, dict[str, str] | None] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for arn, tags in zip(arns, pool.map(one, arns), strict=True):
            out[arn] = tags
            done += 1
            progress(f"read tags of {done}/{len(arns)} objects")
    return out


def unique(values: Iterable[str]) -> list[str]:
    """``values`` lowercased, first occurrence kept."""
    return list(dict.fromkeys(v.lower() for v in values))
