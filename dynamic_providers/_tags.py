"""Tagging plumbing shared by users and user groups: one shape conversion, one read, one sync.

Contract: every call names the resource in its errors (mapped through ``_errors``); writes are retried
like every other write (``_retry.call_with_retry``); tags are plain ``str -> str`` dicts everywhere
except on the wire, where :func:`tag_list` gives the API's sorted ``[{"Key", "Value"}]`` shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ._errors import map_client_error
from ._groups import Target
from ._retry import call_with_retry

if TYPE_CHECKING:
    from mypy_boto3_elasticache.type_defs import TagTypeDef


def tag_list(tags: Mapping[str, str] | None) -> list[TagTypeDef]:
    """Tags in the API's ``[{"Key": ..., "Value": ...}]`` shape, sorted by key."""
    return [{"Key": k, "Value": v} for k, v in sorted((tags or {}).items())]


def read_tags(target: Target, arn: str, resource: str) -> dict[str, str]:
    """The resource's live tags (one ListTagsForResource); errors are mapped and name ``resource``."""
    try:
        tags = target.client.list_tags_for_resource(ResourceName=arn).get("TagList") or []
    except ClientError as exc:
        raise map_client_error(exc, resource) from exc
    return {t["Key"]: t.get("Value", "") for t in tags if "Key" in t}


def sync_tags(target: Target, resource: str, arn: str, current: Mapping[str, str], wanted: Mapping[str, str]) -> None:
    """Make the tags ``current`` into ``wanted``: at most one remove and one add call, none if equal."""
    removed = sorted(set(current) - set(wanted))
    if removed:
        call_with_retry(
            lambda: target.client.remove_tags_from_resource(ResourceName=arn, TagKeys=removed),
            resource=resource,
            what="RemoveTagsFromResource",
            timeout=target.timeout,
        )
    added = {k: v for k, v in wanted.items() if current.get(k) != v}
    if added:
        call_with_retry(
            lambda: target.client.add_tags_to_resource(ResourceName=arn, Tags=tag_list(added)),
            resource=resource,
            what="AddTagsToResource",
            timeout=target.timeout,
        )
