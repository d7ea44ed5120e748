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

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckFailure, ConfigureRequest, ResourceProvider

from ._client import env_region
from ._errors import AlreadyExistsError, InvalidInputError
from ._ownership import OWNER_KEY, owner_token
from ._target import Target
from ._validation import Failure, is_known
from ._waiters import parse_timeout, resolve_timeout

__all__ = [
    "BARRIER_TYPE",
    "GROUP_TYPE",
    "MEMBERSHIP_TYPE",
    "NAME_KEY",
    "USER_TYPE",
    "RbacProvider",
    "already_exists",
    "aws_settings",
    "check_failures",
    "differs",
    "raise_failures",
    "region_moves",
    "resource_props",
    "strip_internal",
]

NAME_KEY = "__name"
"""Input carrying the Pulumi resource name, so messages can name the resource (ignored by diff)."""


USER_TYPE = "pulumi-python:dynamic/elasticache-rbac:User"
GROUP_TYPE = "pulumi-python:dynamic/elasticache-rbac:UserGroup"
MEMBERSHIP_TYPE = "pulumi-python:dynamic/elasticache-rbac:UserGroupMembership"
BARRIER_TYPE = "pulumi-python:dynamic/elasticache-rbac:RbacBarrier"
"""The resource types (the ``module`` / ``name`` of each dynamic ``Resource`` class, as the SDK forms them)."""


def already_exists(exc: AlreadyExistsError, label: str, owner: str | None, id_field: str) -> AlreadyExistsError:
    """The error for a create that found the object existing and may not take it over."""
    if owner and owner.startswith("urn:"):
        how = (
            f"it is managed by {owner}. If you moved that resource here, give this one an alias to it "
            "(`opts=pulumi.ResourceOptions(aliases=[...])`), or set adopt_existing=True to take the object over "
            "(the old resource's delete then leaves it in place)"
        )
    else:
        how = f"choose another {id_field}, or set adopt_existing=True to manage the existing object"
    return exc.with_message(f"{label}: already exists; {how}")


def resource_props(
    type_: str,
    resource_name: str,
    opts: pulumi.ResourceOptions | None,
    inputs: Mapping[str, Any],
    outputs: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The properties a resource of ``type_`` registers: its ``inputs``, the internal inputs every provider
    reads (the resource name for messages, the owner token, the region and profile resolved now) and its
    ``outputs`` (``None`` until the provider fills them in)."""
    return {
        **inputs,
        NAME_KEY: resource_name,
        OWNER_KEY: owner_token(type_, resource_name, opts.parent if opts else None),
        **aws_settings(),
        **dict.fromkeys(outputs),
    }


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
        """Read ``elasticache-rbac:waitTimeoutSeconds``; an invalid value (or an invalid
        ``ELASTICACHE_RBAC_WAIT_TIMEOUT``) fails the first call, i.e. the preview, with the fix."""
        raw = req.config.get("elasticache-rbac:waitTimeoutSeconds")
        if raw not in (None, ""):
            self.wait_timeout = parse_timeout(raw, "stack config elasticache-rbac:waitTimeoutSeconds")
        resolve_timeout(self.wait_timeout)

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
    def owner_of(props: Mapping[str, Any]) -> str | None:
        """The resource's own owner token (see :mod:`._ownership`); ``None`` in state written before it."""
        token = props.get(OWNER_KEY)
        return token if isinstance(token, str) and token.startswith("urn") else None

    @staticmethod
    def name_of(props: Mapping[str, Any]) -> str | None:
        name = props.get(NAME_KEY)
        return name if isinstance(name, str) else None
