"""diff: replace-only ids, in-place engine, meaning-based access strings, hidden password changes,
`__provider`-only changes ignored, unknowns tolerated."""

from __future__ import annotations

from typing import Any

from pulumi.runtime import rpc

from pulumi_elasticache_rbac.dynamic_providers._fingerprint import is_current as is_current_fingerprint
from pulumi_elasticache_rbac.dynamic_providers._fingerprint import legacy_fingerprint as _legacy_fingerprint
from pulumi_elasticache_rbac.dynamic_providers._fingerprint import password_fingerprint
from pulumi_elasticache_rbac.dynamic_providers.membership import UserGroupMembershipProvider
from pulumi_elasticache_rbac.dynamic_providers.user import UserProvider
from pulumi_elasticache_rbac.dynamic_providers.user_group import UserGroupProvider

PW = "correct-horse-battery-1"
PW2 = "correct-horse-battery-2"


def user_outs(**over: Any) -> dict[str, Any]:
    outs: dict[str, Any] = {
        "__provider": "old-pickle",
        "user_id": "alice",
        "user_name": "alice",
        "engine": "redis",
        "access_string": "on ~* +@all",
        "authentication_type": "password",
        "password_count": 1,
        "password_fingerprint": password_fingerprint([PW]),
        "tags": {},
        "region": "us-east-1",
        "profile": None,
        "arn": "arn:aws:elasticache:us-east-1:123456789012:user:alice",
        "status": "active",
    }
    outs.update(over)
    return outs


def user_news(**over: Any) -> dict[str, Any]:
    news: dict[str, Any] = {
        "__provider": "new-pickle",
        "__name": "alice",
        "user_id": "alice",
        "user_name": "alice",
        "engine": "redis",
        "access_string": "on ~* +@all",
        "authentication_mode": {"type": "password", "passwords": [PW]},
        "region": "us-east-1",
        "adopt_existing": False,
    }
    news.update(over)
    return news


def test_no_change_even_if_provider_pickle_changed() -> None:
    d = UserProvider().diff("alice", user_outs(), user_news())
    assert d.changes is False
    assert d.replaces == []


def test_access_string_compared_by_meaning() -> None:
    p = UserProvider()
    assert p.diff("alice", user_outs(), user_news(access_string="allkeys on allcommands")).changes is False
    d = p.diff("alice", user_outs(), user_news(access_string="on ~app:* +@all"))
    assert d.changes is True and d.replaces == []


def test_id_and_name_and_region_replace() -> None:
    # a new id or region is another object: created first, so groups can swap it in before the old one goes
    p = UserProvider()
    d = p.diff("alice", user_outs(), user_news(user_id="alice2"))
    assert (d.changes, d.replaces, d.delete_before_replace) == (True, ["user_id"], False)
    # a new name under the same id must delete first (ElastiCache cannot rename, nor hold one id twice)
    d = p.diff("alice", user_outs(), user_news(user_name="alice-x"))
    assert (d.replaces, d.delete_before_replace) == (["user_name"], True)
    d = p.diff("alice", user_outs(), user_news(region="eu-west-1"))
    assert (d.replaces, d.delete_before_replace) == (["region"], False)


def test_engine_changes_in_place() -> None:
    d = UserProvider().diff("alice", user_outs(), user_news(engine="valkey"))
    assert d.changes is True and d.replaces == []


def test_password_change_detected_without_storing_password() -> None:
    p = UserProvider()
    outs = user_outs()
    assert PW not in str(outs)
    assert p.diff("alice", outs, user_news(authentication_mode={"type": "password", "passwords": [PW2]})).changes
    # order of two passwords does not matter
    outs2 = user_outs(password_count=2, password_fingerprint=password_fingerprint([PW, PW2]))
    assert not p.diff(
        "alice", outs2, user_news(authentication_mode={"type": "password", "passwords": [PW2, PW]})
    ).changes
    assert p.diff("alice", outs, user_news(authentication_mode={"type": "iam"})).changes


def test_fingerprint_is_salted() -> None:
    assert password_fingerprint([PW]) != password_fingerprint([PW])
    assert password_fingerprint([]) == ""


def test_fingerprint_format_is_self_describing() -> None:
    fp = password_fingerprint([PW])
    prefix, algo, salt, digest = fp.split(":")
    assert (prefix, algo, len(salt), len(digest)) == ("v2", "hmac-sha256", 32, 64)
    assert PW not in fp and is_current_fingerprint(fp) and is_current_fingerprint("")
    # passwords are JSON-encoded, so two lists that join to the same text still differ
    assert password_fingerprint(["a\nb", "c"], salt) != password_fingerprint(["a", "b\nc"], salt)


def test_pre_v2_pbkdf2_fingerprint_still_compares() -> None:
    # the format written before v2 (stacks created by earlier versions): no spurious diff, changes detected
    legacy = _legacy_fingerprint([PW], 100_000, "00" * 16)
    assert legacy.startswith("pbkdf2-sha256$100000$") and not is_current_fingerprint(legacy)
    p = UserProvider()
    assert p.diff("alice", user_outs(password_fingerprint=legacy), user_news()).changes is False
    changed = user_news(authentication_mode={"type": "password", "passwords": [PW2]})
    assert p.diff("alice", user_outs(password_fingerprint=legacy), changed).changes is True


def test_malformed_fingerprint_is_a_change() -> None:
    p = UserProvider()
    for bad in ("v2:hmac-sha256:zz:00", "pbkdf2-sha256$x$00$00", "something-else"):
        assert p.diff("alice", user_outs(password_fingerprint=bad), user_news()).changes is True


def test_auth_type_drift_is_a_change() -> None:
    # refresh saw the user switched to no-password out of band
    outs = user_outs(authentication_type="no-password", password_count=0)
    assert UserProvider().diff("alice", outs, user_news()).changes


def test_unknowns_are_changes_and_unknown_id_replaces() -> None:
    p = UserProvider()
    assert p.diff("alice", user_outs(), user_news(access_string=rpc.UNKNOWN)).changes
    assert p.diff("alice", user_outs(), user_news(authentication_mode=rpc.UNKNOWN)).changes
    d = p.diff("alice", user_outs(), user_news(user_id=rpc.UNKNOWN))
    assert d.replaces == ["user_id"]


def test_tags_none_equals_empty() -> None:
    p = UserProvider()
    assert not p.diff("alice", user_outs(tags={}), user_news(tags=None)).changes
    assert p.diff("alice", user_outs(tags={}), user_news(tags={"team": "a"})).changes


def group_outs(**over: Any) -> dict[str, Any]:
    outs: dict[str, Any] = {
        "__provider": "x",
        "user_group_id": "app",
        "engine": "redis",
        "user_ids": ["alice", "default"],
        "manages_membership": True,
        "tags": {},
        "region": "us-east-1",
    }
    outs.update(over)
    return outs


def group_news(**over: Any) -> dict[str, Any]:
    news: dict[str, Any] = {
        "__provider": "y",
        "user_group_id": "app",
        "engine": "redis",
        "user_ids": ["default", "alice"],
        "region": "us-east-1",
    }
    news.update(over)
    return news


def test_group_membership_diff_is_set_based() -> None:
    p = UserGroupProvider()
    assert not p.diff("app", group_outs(), group_news()).changes
    d = p.diff("app", group_outs(), group_news(user_ids=["default", "alice", "bob"]))
    assert d.changes and d.replaces == []
    assert p.diff("app", group_outs(), group_news(user_ids=rpc.UNKNOWN)).changes


def test_group_without_user_ids_ignores_membership() -> None:
    p = UserGroupProvider()
    outs = group_outs(manages_membership=False, user_ids=["default", "x", "y"])
    assert not p.diff("app", outs, group_news(user_ids=None)).changes
    # giving up ownership is a change (the ownership tag goes)
    assert p.diff("app", group_outs(), group_news(user_ids=None)).changes
    # taking ownership is a change even if the members happen to match (diff itself then also looks for
    # memberships holding users in the group: tests/functional/providers/test_ownership.py)
    assert p.diff_inputs(group_outs(manages_membership=False), group_news()).changes


def test_group_id_replaces_engine_in_place() -> None:
    p = UserGroupProvider()
    assert p.diff("app", group_outs(), group_news(user_group_id="app2")).replaces == ["user_group_id"]
    d = p.diff("app", group_outs(), group_news(engine="valkey", user_ids=["alice"]))
    assert d.changes and d.replaces == []


def test_membership_diff() -> None:
    # the inputs part; diff also reads the group: tests/functional/providers/test_ownership.py
    p = UserGroupMembershipProvider()
    outs = {"__provider": "x", "user_group_id": "app", "user_ids": ["a", "b"], "region": "us-east-1"}
    news = {"__provider": "y", "user_group_id": "app", "user_ids": ["b", "a"], "region": "us-east-1"}
    assert not p.diff_inputs(outs, news).changes
    assert p.diff_inputs(outs, {**news, "user_ids": ["a"]}).changes
    assert p.diff_inputs(outs, {**news, "user_group_id": "other"}).replaces == ["user_group_id"]
    # after refresh found 'b' removed out of band, the same inputs are a change (up repairs it)
    assert p.diff_inputs({**outs, "user_ids": ["a"]}, news).changes
