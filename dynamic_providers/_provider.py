"""What the three providers share: plain-data base class, stack-config capture, diff helpers.

Providers are pickled (by reference: they live in this installed package) into every resource's
``__provider`` input, so they carry no attributes when pickled; clients, locks and sessions live at
module level in :mod:`._client` / :mod:`._retry`. The only attribute ever set is ``wait_timeout``, by
:meth:`RbacProvider.configure` inside the provider process, from the ``elasticache-rbac:waitTimeoutSeconds``
stack config.

Region and profile: resolved when a resource is *constructed* (``pulumi.get_stack()`` and config are
placeholders inside the provider process) and passed as the plain inputs ``region`` / ``profile``. The
region follows pulumi-aws: ``aws:region`` stack config, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``;
the profile is ``aws:profile``; ``None`` defers to boto3 (the profile's region, ``AWS_PROFILE``, ...).
A change of region replaces the resource (see :func:`region_moves`); a change of profile does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckFailure, ConfigureRequest, ResourceProvider

from ._client import env_region
from ._errors import InvalidInputError
from ._groups import Target
from ._validation import Failure, is_known
from ._waiters import resolve_timeout

__all__ = [
    "CREATOR_KEY",
    "CREATOR_TAG_KEY",
    "NAME_KEY",
    "RbacProvider",
    "aws_settings",
    "check_failures",
    "creator_token",
    "differs",
    "raise_failures",
    "region_moves",
    "strip_internal",
]

NAME_KEY = "__name"
"""Input carrying the Pulumi resource name, so messages can name the resource (ignored by diff)."""


CREATOR_KEY = "__creator"
"""Input carrying :func:`creator_token` (ignored by diff, like every ``__`` key)."""
CREATOR_TAG_KEY = "pulumi-elasticache-rbac:created-by"
"""Tag put on every user / user group at creation; its value is the creating resource's token."""
_MAX_TAG_VALUE = 256


def creator_token(kind: str, resource_name: str) -> str:
    """``<project>/<stack>/<kind>/<resource name>`` of the resource being constructed (a tag value:
    at most 256 characters, else its SHA-256)."""
    token = f"{pulumi.get_project()}/{pulumi.get_stack()}/{kind}/{resource_name}"
    if len(token) <= _MAX_TAG_VALUE:
        return token
    return "sha256:" + hashlib.sha256(token.encode()).hexdigest()


def aws_settings() -> dict[str, str | None]:
    """``region`` / ``profile`` of a resource being constructed: ``aws:region`` stack config, else
    ``AWS_REGION``, else ``AWS_DEFAULT_REGION`` (pulumi-aws's order); ``aws:profile``. ``None`` when unset."""
    config = pulumi.Config("aws")
    return {"region": config.get("region") or env_region(), "profile": config.get("profile") or None}


def region_moves(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """True when the resource must be replaced because its region changes.

    A resource recorded without a region (created while the region was left to boto3, e.g. before the
    environment fallback of :func:`aws_settings`) lives where boto3's default put it: gaining a region
    moves it only if its ARN names another region. Without an ARN (a membership) it is taken to stay.
    """
    old, new = olds.get("region"), news.get("region")
    if not old and is_known(new) and isinstance(new, str) and new:
        arn = olds.get("arn")
        return isinstance(arn, str) and arn.count(":") >= 5 and arn.split(":")[3] != new
    return differs(old, new)


def strip_internal(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` without keys starting with ``__`` (``__provider``, ``__name``): never a change."""
    return {k: v for k, v in props.items() if not k.startswith("__")}


def differs(old: Any, new: Any) -> bool:
    """True when ``new`` is unknown (preview) or not equal to ``old``; ``None`` equals an empty value."""
    if not is_known(new):
        return True
    return (old if old not in ({}, []) else None) != (new if new not in ({}, []) else None)


def check_failures(failures: list[Failure]) -> list[CheckFailure]:
    """Turn rule failures into CheckFailures *without* a property.

    With a property the engine prints ``property X value {V} has a problem: ...`` — the raw value, which
    for an access string holding a password rule (``>secret``) or for ``authentication_mode`` would leak
    a password into the CLI output. The reason itself names the resource and the field.
    """
    return [CheckFailure("", reason) for _prop, reason in failures]


def raise_failures(failures: list[Failure]) -> None:
    """Raise one :class:`InvalidInputError` listing every failure (create/update re-check their inputs)."""
    if failures:
        raise InvalidInputError("; ".join(reason for _, reason in failures))


class RbacProvider(ResourceProvider):
    """Base of the three providers (plain data; see the module docstring)."""

    serialize_as_secret_always = False
    wait_timeout: float | None = None

    def configure(self, req: ConfigureRequest) -> None:
        raw = req.config.get("elasticache-rbac:waitTimeoutSeconds")
        if raw not in (None, ""):
            try:
                self.wait_timeout = float(raw)
            except (TypeError, ValueError):
                pulumi_msg = f"elasticache-rbac:waitTimeoutSeconds must be a number of seconds, got {raw!r}"
                raise InvalidInputError(pulumi_msg) from None

    def target(self, props: Mapping[str, Any]) -> Target:
        """Where this resource's calls go (region/profile from its props) and how long waits may take."""
        region = props.get("region")
        profile = props.get("profile")
        return Target(
            region=region if isinstance(region, str) and region else None,
            profile=profile if isinstance(profile, str) and profile else None,
            timeout=resolve_timeout(self.wait_timeout),
        )

    @staticmethod
    def creator_of(props: Mapping[str, Any]) -> str | None:
        token = props.get(CREATOR_KEY)
        return token if isinstance(token, str) and token else None

    @staticmethod
    def name_of(props: Mapping[str, Any]) -> str | None:
        name = props.get(NAME_KEY)
        return name if isinstance(name, str) else None
