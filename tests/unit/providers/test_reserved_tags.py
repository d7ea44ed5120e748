"""The provider adds tags of its own (created-by; membership ownership on groups), so fewer than
ElastiCache's 50 are left for the user: a preview says so instead of the service failing later."""

from __future__ import annotations

from pulumi_elasticache_rbac.dynamic_providers._validation import group_failures, user_failures

PW = "correct-horse-battery-1"


def _user(n_tags: int) -> dict[str, object]:
    return {
        "user_id": "alice",
        "access_string": "on ~* +@all",
        "authentication_mode": {"type": "password", "passwords": [PW]},
        "tags": {f"k{i}": "v" for i in range(n_tags)},
    }


def test_user_may_have_49_tags_not_50() -> None:
    assert user_failures(_user(49), "a") == []
    failures = user_failures(_user(50), "a")
    assert [f for f, _ in failures] == ["tags"]
    assert "use at most 49" in failures[0][1] and "User 'a'" in failures[0][1]


def test_group_may_have_48_tags_not_49() -> None:
    props = {"user_group_id": "app", "user_ids": ["default"]}
    assert group_failures({**props, "tags": {f"k{i}": "v" for i in range(48)}}, "g") == []
    failures = group_failures({**props, "tags": {f"k{i}": "v" for i in range(49)}}, "g")
    assert [f for f, _ in failures] == ["tags"] and "use at most 48" in failures[0][1]
