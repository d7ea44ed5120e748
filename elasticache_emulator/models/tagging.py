"""Tags: AddTagsToResource, ListTagsForResource, RemoveTagsFromResource on user, user-group and
replication-group ARNs (reference §2.12)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from elasticache_emulator.exceptions import (
    InvalidARN,
    TagNotFound,
    TagQuotaPerResourceExceeded,
    UserGroupNotFound,
    UserNotFound,
)
from elasticache_emulator.models.base import BaseBackend
from elasticache_emulator.models.resources import RegionState, partition_for
from elasticache_emulator.validation import check_tags

__all__ = ["TaggingBackend"]


class TaggingBackend(BaseBackend):
    """The three tagging operations; a tag value may be absent (``None``)."""

    def _taggable(self, state: RegionState, arn: str) -> dict[str, str | None]:
        parts = arn.split(":")
        if len(parts) != 7 or parts[0] != "arn" or parts[2] != "elasticache" or not parts[6]:
            raise InvalidARN(arn=arn)
        _, partition, _, region, account, rtype, rid = parts
        if (partition, region, account) != (partition_for(state.region), state.region, state.account_id):
            raise InvalidARN(f"The ARN {arn} does not belong to account {state.account_id} in region {state.region}.")
        check_available = self.config.rules.tagging_requires_active
        if rtype == "user":
            user = self._get_user(state, rid)
            if check_available and user.status != "active":
                raise UserNotFound(f"{user.user_id} is not available for tagging")
            return user.tags
        if rtype == "usergroup":
            group = self._get_group(state, rid)
            if check_available and group.status != "active":
                raise UserGroupNotFound(f"{group.user_group_id} is not available for tagging")
            return group.tags
        if rtype == "replicationgroup":
            return self._get_rg(state, rid).tags
        raise InvalidARN(f"The ARN {arn} names a resource type ({rtype}) the emulator does not support.")

    @staticmethod
    def _tag_list(tags: Mapping[str, str | None]) -> dict[str, Any]:
        return {"TagList": [{"Key": k} if v is None else {"Key": k, "Value": v} for k, v in tags.items()]}

    def list_tags_for_resource(self, state: RegionState, *, resource_name: str) -> dict[str, Any]:
        return self._tag_list(self._taggable(state, resource_name))

    def add_tags_to_resource(
        self, state: RegionState, *, resource_name: str, tags: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]:
        current = self._taggable(state, resource_name)
        new = {**current, **check_tags(tags, len(tags) + 1, resource_name)}
        limit = self.config.quotas.tags_per_resource
        if len(new) > limit:
            raise TagQuotaPerResourceExceeded(resource=resource_name, count=len(new), limit=limit)
        current.clear()
        current.update(new)
        return self._tag_list(current)

    def remove_tags_from_resource(
        self, state: RegionState, *, resource_name: str, tag_keys: Sequence[str]
    ) -> dict[str, Any]:
        current = self._taggable(state, resource_name)
        missing = [k for k in tag_keys if k not in current]
        if missing and self.config.rules.remove_missing_tag_raises:
            raise TagNotFound(key=missing[0], resource=resource_name)
        for key in tag_keys:
            current.pop(key, None)
        return self._tag_list(current)
