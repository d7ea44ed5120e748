"""Tagging plumbing shared by users and user groups: one shape conversion, one read, one sync.

Contract: every call names the resource in its errors (mapped through ``_errors``); writes are retried
like every other write (``_retry.call_with_retry``); tags are plain ``str -> str`` dicts everywhere
except on the wire, where :func:`tag_list` gives the API's sorted ``[{"Key", "Value"}]`` shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from ._errors import map_client_error
from ._target import Target

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
        remove = target.client.remove_tags_from_resource
        target.retry("RemoveTagsFromResource", resource, lambda: remove(ResourceName=arn, TagKeys=removed))
    added = {k: v for k, v in wanted.items() if current.get(k) != v}
    if added:
        add = target.client.add_tags_to_resource
        target.retry("AddTagsToResource", resource, lambda: add(ResourceName=arn, Tags=tag_list(added)))


def settled_tags(target: Target, resource: str, settle: Callable[[], Any]) -> dict[str, str]:
    """The tags of the object ``settle`` waits for and returns: tagging calls answer "not available for
    tagging" while it is being created or modified (e.g. by another pipeline), so wait and retry."""
    return target.retry("ListTagsForResource", resource, lambda: read_tags(target, settle()["ARN"], resource))
