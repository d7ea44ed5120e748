"""The shared input rules (``pulumi_elasticache_rbac.dynamic_providers.rules``): one verdict for both input surfaces."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_elasticache_rbac.components import SpecError, parse_spec
from pulumi_elasticache_rbac.dynamic_providers import rules
from pulumi_elasticache_rbac.dynamic_providers._validation import TERMS, user_failures

T = rules.Terms(user_id="user_id", user_name="user_name", quote="'")
PW = "correct-horse-battery-1"


def messages(issues: list[rules.Issue]) -> list[str]:
    return [f"{i.message}; {i.fix}" for i in issues]


def test_valid_values_have_no_issues() -> None:
    assert rules.identifier("App-1", "user id", T) == []
    assert rules.engine("VALKEY", T) == []
    assert rules.authentication_type("IAM", T) == []
    assert rules.passwords("password", [PW, PW + "x"], T) == []
    assert rules.access_string("on ~app:* +@read") == []
    assert rules.iam_name("iam", "Bob", "bob", T) == []
    assert rules.user_name("default") == []


def test_terms_name_the_fields_and_quote_the_way_of_each_surface() -> None:
    spec_terms = rules.Terms(user_id="id", user_name="name", quote="`")
    assert messages(rules.iam_name("iam", "svc", "Svc", T)) == [
        "an iam user's user_name must equal its user_id ('Svc' is not 'svc'); omit user_name or set it to the user_id"
    ]
    assert messages(rules.iam_name("iam", "svc", "Svc", spec_terms)) == [
        "an iam user's name must equal its id (`Svc` is not `svc`); omit name or set it to the id"
    ]


def test_password_issues_carry_the_position_never_the_password() -> None:
    bad = "short,pw"
    issues = rules.passwords("password", [PW, bad, None, PW], T)
    assert [i.at for i in issues] == [None, 1, 1]  # count (4 given), then length and characters of [1]
    assert not any(bad in text for text in messages(issues))
    # None: not known yet (an Output at preview): counted, not checked
    assert rules.passwords("password", [None], T) == []
    assert "not allowed" in messages(rules.passwords("iam", [None], T))[0]


def test_group_rules_skip_what_they_cannot_know() -> None:
    alice = rules.Member("alice")  # name unknown: might be 'default'
    assert rules.group_members("redis", [alice], T, whole=True) == []
    assert rules.group_members("redis", [None], T, whole=True) == []
    named = rules.Member("alice", "alice")
    assert (
        "needs a member whose user name is 'default'"
        in messages(rules.group_members("redis", [named], T, whole=True))[0]
    )
    assert rules.group_members("redis", [named], T, whole=False) == []  # additive: the group has others
    # the group's engine unknown (a membership): only the engine-free rules
    assert rules.group_members(None, [rules.BUILTIN_DEFAULT_USER], T, whole=False) == []
    valkey = rules.group_members("valkey", [rules.BUILTIN_DEFAULT_USER], T, whole=True)
    assert [i.at for i in valkey] == [0] and "cannot join a valkey group" in valkey[0].message


def test_listed_members() -> None:
    assert [i.at for i in rules.listed_members(["a", "b", "A", None, None], T, whole=True)] == [2]
    assert "at least one user" in rules.listed_members([], T, whole=False)[0].message
    assert rules.listed_members([], T, whole=True) == []


def _provider_flags(**over: Any) -> set[str]:
    props: dict[str, Any] = {
        "user_id": "app",
        "access_string": "on ~* +@all",
        "authentication_mode": {"type": "password", "passwords": [PW]},
        **over,
    }
    return {field for field, _ in user_failures(props, "app")}


def _spec_flags(**over: Any) -> set[str]:
    user = {"id": "app", "accessString": "on ~* +@all", "passwords": [PW], **over}
    try:
        parse_spec({"users": [user]})
    except SpecError as exc:
        return {p.path.removeprefix("spec.users[0].").split("[")[0] for p in exc.problems}
    return set()


@pytest.mark.parametrize(
    "access",
    ["on ~* +@all", "on ~* +@all +config", "on ~* bogus", "on >" + PW + " ~*", "reset on ~*", "   ", "on ~* (+get"],
)
def test_both_surfaces_judge_access_strings_alike(access: str) -> None:
    assert bool(_provider_flags(access_string=access)) == bool(_spec_flags(accessString=access))


@pytest.mark.parametrize("password", [PW, "x" * 15, "x" * 129, PW + "@", PW + " x", PW + "é"])
def test_both_surfaces_judge_passwords_alike(password: str) -> None:
    provider = _provider_flags(authentication_mode={"type": "password", "passwords": [password]})
    assert bool(provider) == bool(_spec_flags(passwords=[password]))


@pytest.mark.parametrize("uid", ["app", "App", "9app", "app-", "a--b", "a" * 41, "a" * 40, "default", "a_b"])
def test_both_surfaces_judge_ids_alike(uid: str) -> None:
    assert bool(_provider_flags(user_id=uid)) == bool(_spec_flags(id=uid))


def test_users_per_group_quota() -> None:
    from pulumi_elasticache_rbac.dynamic_providers.rules import MAX_USERS_PER_GROUP

    ids: list[str | None] = [f"u{i}" for i in range(MAX_USERS_PER_GROUP)]
    assert rules.listed_members(ids, TERMS, whole=True) == []
    issues = rules.listed_members([*ids, None], TERMS, whole=True)
    assert len(issues) == 1 and "101 users listed" in issues[0].message and "L-943F0F1C" in issues[0].message
    # a repeated id counts once (and is reported as listed twice)
    assert [i.message for i in rules.listed_members([*ids, "u0"], TERMS, whole=False)] == [
        "user id 'u0' is listed twice"
    ]
