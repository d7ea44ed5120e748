"""The boto3 ElastiCache client factory: created lazily, cached per process, never pickled.

Contract:
- Providers carry only ``region`` / ``profile`` strings (captured from the ``aws:region`` /
  ``aws:profile`` stack config when the resource is constructed); :func:`elasticache_client` turns them
  into a client inside the provider process. Without a region, :func:`env_region` (``AWS_REGION``, else
  ``AWS_DEFAULT_REGION``: boto3 alone reads only the latter). Everything else follows boto3's own
  conventions: the standard credential chain and ``AWS_*`` environment variables, and
  ``AWS_ENDPOINT_URL_ELASTICACHE`` (or ``AWS_ENDPOINT_URL``) for the endpoint, which boto3 honours natively.
- Clients are cached at module level, keyed by everything that selects a distinct target (region,
  profile, endpoint and access key id from the environment), so one provider process reuses one
  connection pool per target. boto3 clients are thread-safe; sessions are not, hence the lock around
  creation.
- botocore's own retries (``standard`` mode: exponential backoff with jitter, capped at 20 s) handle
  throttling and connection-level failures of *every* call, reads included, with up to
  :data:`MAX_ATTEMPTS` attempts: with 3 (botocore's default) a stack of a dozen resources under 30%
  throttling failed on an unretried read (``ListTagsForResource``, ``DescribeUsers``) in most runs
  (tests/integration/reliability). State conflicts, and throttling that outlasts botocore's attempts on a
  write or a wait, are retried by :mod:`dynamic_providers._retry` / :mod:`dynamic_providers._waiters`.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config

if TYPE_CHECKING:
    from mypy_boto3_elasticache import ElastiCacheClient

__all__ = ["client_cache_key", "elasticache_client", "env_region"]

_CLIENTS: dict[tuple[str | None, ...], ElastiCacheClient] = {}
_LOCK = threading.Lock()

MAX_ATTEMPTS = 10
"""botocore attempts per call (first try included); 0.3**10 ~ 6e-6 chance to fail under 30% throttling."""

_BOTOCORE_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": MAX_ATTEMPTS},
    connect_timeout=10,
    read_timeout=60,
    user_agent_extra="pulumi-elasticache-rbac",
)


def env_region() -> str | None:
    """The region the environment names, as pulumi-aws and the AWS CLI read it: ``AWS_REGION``, else
    ``AWS_DEFAULT_REGION``; ``None`` when neither is set (boto3 then falls back to the profile's region).

    boto3 itself reads only ``AWS_DEFAULT_REGION``, so with just ``AWS_REGION`` set every call would fail
    with "You must specify a region".
    """
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None


def client_cache_key(region: str | None, profile: str | None) -> tuple[str | None, ...]:
    """The key that distinguishes clients (and per-group locks): one per target account/endpoint."""
    return (
        region or env_region(),
        profile or os.environ.get("AWS_PROFILE"),
        os.environ.get("AWS_ENDPOINT_URL_ELASTICACHE") or os.environ.get("AWS_ENDPOINT_URL"),
        os.environ.get("AWS_ACCESS_KEY_ID"),
    )


def elasticache_client(region: str | None = None, profile: str | None = None) -> ElastiCacheClient:
    """Return the process-wide ElastiCache client for ``region`` / ``profile`` (``None``: boto3 default)."""
    key = client_cache_key(region, profile)
    client = _CLIENTS.get(key)
    if client is not None:
        return client
    with _LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            session = boto3.session.Session(profile_name=profile or None, region_name=region or env_region())
            client = session.client("elasticache", config=_BOTOCORE_CONFIG)
            _CLIENTS[key] = client
    return client
