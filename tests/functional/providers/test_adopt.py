"""Adoption (``adopt_existing``) writes only what differs from the live object; a password user may be
adopted keeping its live passwords until passwords are declared."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_elasticache_rbac import InvalidInputError, UserGroupProvider, UserProvider

from .conftest import RbacEnv, checked

PW = "adopted-password-0000001"


def hand_made(env: RbacEnv) -> None:
    """What a team made by hand: a password user, an iam user, a group holding both, tags on each."""
    c = env.client()
    c.create_user(
        UserId="app",
        UserName="app",
        Engine="redis",
        AccessString="on ~app:* +@read",
        AuthenticationMode={"Type": "password", "Passwords": [PW]},
        Tags=[{"Key": "team", "Value": "a"}],
    )
    c.create_user(
        UserId="svc", UserName="svc", Engine="redis", AccessString="on ~* +get", AuthenticationMode={"Type": "iam"}
    )
    c.create_user_group(
        UserGroupId="grp", Engine="redis", UserIds=["default", "app", "svc"], Tags=[{"Key": "team", "Value": "a"}]
    )


def user(uid: str, **over: Any) -> dict[str, Any]:
    props: dict[str, Any] = {"user_id": uid, "adopt_existing": True, **over}
    return checked(UserProvider(), props)


def test_adopting_what_matches_writes_nothing(rbac_env: RbacEnv) -> None:
    hand_made(rbac_env)
    rbac_env.admin.clear_requests()
    app = UserProvider().create(
        user("app", access_string="on ~app:* +@read", authentication_mode={"type": "password"}, tags={"team": "a"})
    )
    svc = UserProvider().create(user("svc", access_string="+get on ~*", authentication_mode={"type": "iam"}))
    grp = UserGroupProvider().create(
        checked(
            UserGroupProvider(),
            {
                "user_group_id": "grp",
                "user_ids": ["default", "app", "svc"],
                "tags": {"team": "a"},
                "adopt_existing": True,
            },
        )
    )
    assert rbac_env.writes() == []
    app_outs = app.outs or {}
    assert app_outs["adopted"] is True and app_outs["password_count"] == 1 and app_outs["password_fingerprint"] == ""
    assert (svc.outs or {})["adopted"] is True and (grp.outs or {})["marked"] is False

    # the passwords stay unmanaged: no diff; declaring them is one ModifyUser
    p = UserProvider()
    same = user("app", access_string="on ~app:* +@read", authentication_mode={"type": "password"}, tags={"team": "a"})
    assert p.diff("app", app_outs, same).changes is False
    declared = user(
        "app",
        access_string="on ~app:* +@read",
        authentication_mode={"type": "password", "passwords": [PW + "2"]},
        tags={"team": "a"},
    )
    assert p.diff("app", app_outs, declared).changes is True
    rbac_env.next_deployment()
    p.update("app", app_outs, declared)
    assert rbac_env.writes() == ["ModifyUser"]

    # the group's first update adds its authoritative marker
    rbac_env.admin.clear_requests()
    gp = UserGroupProvider()
    news = checked(
        gp, {"user_group_id": "grp", "user_ids": ["default", "app"], "tags": {"team": "a"}, "adopt_existing": True}
    )
    outs = gp.update("grp", grp.outs or {}, news).outs or {}
    assert outs["marked"] is True
    assert sorted(rbac_env.writes()) == ["AddTagsToResource", "ModifyUserGroup"]


def test_adopting_what_differs_writes_only_the_difference(rbac_env: RbacEnv) -> None:
    hand_made(rbac_env)
    rbac_env.admin.clear_requests()
    UserProvider().create(user("app", access_string="on ~app:* +@all", authentication_mode={"type": "password"}))
    modify = [r for r in rbac_env.admin.requests() if r.operation == "ModifyUser"]
    assert [r.operation for r in rbac_env.admin.requests() if r.is_write] == ["ModifyUser", "RemoveTagsFromResource"]
    assert "AccessString" in modify[0].params and not any(k.startswith("AuthenticationMode") for k in modify[0].params)


def test_adopting_without_passwords_needs_an_existing_password_user(rbac_env: RbacEnv) -> None:
    hand_made(rbac_env)
    with pytest.raises(InvalidInputError, match="does not exist, so it cannot be adopted keeping its live passwords"):
        UserProvider().create(user("ghost", access_string="on ~* +get", authentication_mode={"type": "password"}))
    with pytest.raises(InvalidInputError, match="declare 1 or 2 passwords to switch it"):
        UserProvider().create(user("svc", access_string="on ~* +get", authentication_mode={"type": "password"}))
    # without adopt_existing, passwords are required at check
    result = UserProvider().check(
        {}, {"__provider": "p", "user_id": "x", "access_string": "on", "authentication_mode": {"type": "password"}}
    )
    assert any("needs 1 or 2 passwords" in f.reason for f in result.failures)


def test_create_of_an_id_still_being_deleted_waits_and_creates(rbac_env: RbacEnv) -> None:
    hand_made(rbac_env)
    rbac_env.admin.configure(timings={"user_delete": 1.0})
    rbac_env.client().delete_user(UserId="svc")  # deleting for a second of real time
    created = UserProvider().create(
        checked(
            UserProvider(), {"user_id": "svc", "access_string": "on ~* +get", "authentication_mode": {"type": "iam"}}
        )
    )
    assert (created.outs or {})["adopted"] is False
    assert rbac_env.client().describe_users(UserId="svc")["Users"][0]["Status"] == "active"


def test_create_refused_by_an_object_that_is_gone_by_the_next_look_creates_again(rbac_env: RbacEnv) -> None:
    # the race of a deletion that ends between the refused create and the look at the object
    rbac_env.admin.add_fault("CreateUser", "UserAlreadyExists", message="User ghost already exists.")
    props = checked(
        UserProvider(), {"user_id": "ghost", "access_string": "on ~* +get", "authentication_mode": {"type": "iam"}}
    )
    UserProvider().create(props)
    assert [r.operation for r in rbac_env.admin.requests() if r.operation == "CreateUser"] == ["CreateUser"] * 2
    assert rbac_env.client().describe_users(UserId="ghost")["Users"][0]["Status"] == "active"
