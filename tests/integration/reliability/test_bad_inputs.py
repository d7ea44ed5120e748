"""Scenario 6 of issue 6: every invalid-input class of the reference (§2.1-§2.6) fails `preview` with an
error naming the resource, the field and the fix, and ElastiCache sees zero write calls (zero calls at
all: `check` makes none). Also malformed stack config of the root project.

The engine stops a preview at the first resource whose check fails, so each class is its own preview
(one stack, the program builds the case named in ``current``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi.automation import errors as auto_errors

from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup, UserGroupMembership
from tests.support import live
from tests.support.pulumi_harness import root_project

from .conftest import Rig

PW = "valid-password-0123456789"
SECRET = "Leaked-Secret-0123456789"  # stands in for a password typed into the wrong place


def _user(name: str, **over: Any) -> Callable[[], None]:
    props: dict[str, Any] = {
        "user_id": "alice",
        "access_string": "on ~* +@all",
        "authentication_mode": {"type": "password", "passwords": [PW]},
    }
    props.update(over)

    def build() -> None:
        User(name, **props)

    return build


def _auth(kind: str, passwords: list[str] | None = None) -> dict[str, Any]:
    return {"type": kind, **({"passwords": passwords} if passwords is not None else {})}


def _group(name: str, members: Callable[[], list[Any]], **over: Any) -> Callable[[], None]:
    def build() -> None:
        UserGroup(name, **{"user_group_id": "app", "user_ids": members(), **over})

    return build


def _membership(name: str, user_ids: list[str]) -> Callable[[], None]:
    def build() -> None:
        UserGroupMembership(name, user_group_id="app", user_ids=user_ids)

    return build


def _named(uid: str, user_name: str | None = None) -> User:
    return User(
        uid, user_id=uid, user_name=user_name, access_string="on ~* +@all", authentication_mode=_auth("password", [PW])
    )


@dataclass
class Case:
    name: str  # also the Pulumi resource name, so the message must contain it
    build: Callable[[str], Callable[[], None]]
    fields: tuple[str, ...]
    fix: str
    secrets: tuple[str, ...] = field(default=())


CASES = [
    # §2.1 identifiers
    Case("id-pattern", lambda n: _user(n, user_id="9lives"), ("user_id",), "must start with a letter"),
    Case("id-trailing-hyphen", lambda n: _user(n, user_id="alice-"), ("user_id",), "must not end with a hyphen"),
    Case("id-double-hyphen", lambda n: _user(n, user_id="al--ice"), ("user_id",), "two consecutive hyphens"),
    Case("id-too-long", lambda n: _user(n, user_id="a" * 41), ("user_id",), "use at most 40"),
    Case("id-default", lambda n: _user(n, user_id="default"), ("user_id",), "choose another user_id"),
    Case("user-name-empty", lambda n: _user(n, user_name=""), ("user_name",), "non-empty string (or omitted)"),
    Case(
        "group-id-pattern",
        lambda n: _group(n, lambda: ["default"], user_group_id="app_1"),
        ("user_group_id",),
        "only ASCII letters, digits and hyphens",
    ),
    Case(
        "group-id-too-long",
        lambda n: _group(n, lambda: ["default"], user_group_id="g" * 41),
        ("user_group_id",),
        "use at most 40",
    ),
    # §2.2 engine
    Case("user-engine", lambda n: _user(n, engine="memcached"), ("engine",), "use 'redis' or 'valkey'"),
    Case(
        "group-engine",
        lambda n: _group(n, lambda: ["default"], engine="memcached"),
        ("engine",),
        "use 'redis' or 'valkey'",
    ),
    Case(
        "valkey-no-password",
        lambda n: _user(n, engine="valkey", authentication_mode=_auth("no-password-required")),
        ("authentication_mode",),
        "use type 'password' or 'iam', or engine 'redis'",
    ),
    Case(
        "valkey-group-default",
        lambda n: _group(n, lambda: ["default"], engine="valkey"),
        ("user_ids",),
        "remove it (valkey groups need no default user)",
    ),
    # §2.3 authentication and passwords
    Case(
        "auth-type",
        lambda n: _user(n, authentication_mode=_auth("kerberos")),
        ("authentication_mode.type",),
        "is not one of password, no-password-required, iam",
    ),
    Case(
        "no-password",
        lambda n: _user(n, authentication_mode=_auth("password", [])),
        ("authentication_mode",),
        "give 1 or 2 passwords",
    ),
    Case(
        "three-passwords",
        lambda n: _user(n, authentication_mode=_auth("password", [PW, PW + "b", PW + "c"])),
        ("authentication_mode",),
        "give 1 or 2 passwords",
        (PW,),
    ),
    Case(
        "short-password",
        lambda n: _user(n, authentication_mode=_auth("password", ["short-secret"])),
        ("authentication_mode",),
        "must be 16-128 characters long",
        ("short-secret",),
    ),
    Case(
        "long-password",
        lambda n: _user(n, authentication_mode=_auth("password", ["x" * 129])),
        ("authentication_mode",),
        "must be 16-128 characters long",
        ("x" * 129,),
    ),
    Case(
        "password-chars",
        lambda n: _user(n, authentication_mode=_auth("password", [SECRET + "@/"])),
        ("authentication_mode",),
        'remove , " / @',
        (SECRET,),
    ),
    Case(
        "password-with-iam",
        lambda n: _user(n, authentication_mode=_auth("iam", [SECRET])),
        ("authentication_mode",),
        "not allowed with authentication type 'iam'; remove them",
        (SECRET,),
    ),
    Case(
        "iam-name-mismatch",
        lambda n: _user(n, user_name="bob", authentication_mode=_auth("iam")),
        ("user_name",),
        "omit user_name or set it to the user_id",
    ),
    # §2.4 access strings
    Case(
        "access-password",
        lambda n: _user(n, access_string=f"on >{SECRET} ~* +@all"),
        ("access_string",),
        "set passwords with",
        (SECRET,),
    ),
    Case(
        "access-hash",
        lambda n: _user(n, access_string=f"on #{SECRET} ~* +@all"),
        ("access_string",),
        "set passwords with",
        (SECRET,),
    ),
    Case(
        "access-nopass",
        lambda n: _user(n, access_string="on nopass ~* +@all"),
        ("access_string",),
        "set passwords with",
    ),
    Case(
        "access-resetpass",
        lambda n: _user(n, access_string="on resetpass ~* +@all"),
        ("access_string",),
        "set passwords with",
    ),
    Case(
        "access-reset",
        lambda n: _user(n, access_string="reset on ~* +@all"),
        ("access_string",),
        "'reset' is not allowed",
    ),
    Case("access-restricted", lambda n: _user(n, access_string="on ~* +@all +config"), ("access_string",), "remove it"),
    Case(
        "access-garbage",
        lambda n: _user(n, access_string="on ~* +@all bogus"),
        ("access_string",),
        "use on/off, ~keys, &channels",
    ),
    # §2.5 / §2.6 default user, membership
    Case(
        "no-default-user",
        lambda n: _group(n, lambda: [_named("alice")]),
        ("user_ids",),
        "add 'default' (the built-in user) or your own user named 'default'",
    ),
    Case(
        "duplicate-user-name",
        lambda n: _group(
            n,
            lambda: [
                _named("d1", "default"),
                _named("d2", "default"),
            ],
        ),
        ("user_ids",),
        "a group may hold only one of them",
    ),
    Case(
        "member-listed-twice", lambda n: _group(n, lambda: ["default", "alice", "alice"]), ("user_ids",), "list it once"
    ),
    Case("member-bad-id", lambda n: _group(n, lambda: ["default", "9bad"]), ("user_ids",), "must start with a letter"),
    Case(
        "membership-empty",
        lambda n: _membership(n, []),
        ("user_ids",),
        "must name at least one user",
    ),
    # §2.13 quotas known at preview: 100 users per user group
    Case(
        "group-too-many-members",
        lambda n: _group(n, lambda: ["default", *[f"user{i}" for i in range(100)]]),
        ("user_ids",),
        "at most 100 users in one user group",
    ),
    Case(
        "membership-too-many-users",
        lambda n: _membership(n, [f"user{i}" for i in range(101)]),
        ("user_ids",),
        "at most 100 users in one user group",
    ),
    # §2.12 tags (ElastiCache allows 50; the provider keeps one for its created-by tag)
    Case("too-many-tags", lambda n: _user(n, tags={f"k{i}": "v" for i in range(50)}), ("tags",), "use at most 49"),
]


def test_every_invalid_input_class_fails_preview_naming_resource_field_fix_with_zero_calls(
    inline_stack: Any, rig: Rig
) -> None:
    current: dict[str, Callable[[], None]] = {}
    stack = inline_stack(lambda: current["build"](), endpoint=rig.emu.endpoint_url)
    problems: list[str] = []
    started = time.monotonic()
    for case in CASES:
        current["build"] = case.build(case.name)
        rig.admin.clear_requests()
        try:
            text = live.failure_text(stack.preview)
        except AssertionError:
            problems.append(f"{case.name}: preview succeeded")
            continue
        errors = [line for line in text.splitlines() if "error:" in line and case.name in line]
        if not errors:
            problems.append(f"{case.name}: no error line names the resource:\n{text}")
            continue
        message = errors[-1]
        for want in (*case.fields, case.fix):
            if want not in message:
                problems.append(f"{case.name}: {want!r} missing from {message!r}")
        for secret in case.secrets:
            if secret in text:
                problems.append(f"{case.name}: the secret was echoed:\n{text}")
        calls = rig.admin.requests()
        if calls:
            problems.append(f"{case.name}: {len(calls)} API calls during preview: {[c.operation for c in calls]}")
    print(f"{len(CASES)} invalid-input classes checked in {time.monotonic() - started:.0f}s")
    assert not problems, "\n".join(problems)


def test_invalid_wait_timeout_fails_preview_naming_the_setting(inline_stack: Any, rig: Rig) -> None:
    for raw in ("-5", "0", "soon"):
        stack = inline_stack(
            _user("timeout-user"),
            stack=f"timeout{abs(hash(raw)) % 1000}",
            endpoint=rig.emu.endpoint_url,
            config={"elasticache-rbac:waitTimeoutSeconds": auto.ConfigValue(raw)},
        )
        rig.admin.clear_requests()
        text = live.failure_text(stack.preview)
        assert "elasticache-rbac:waitTimeoutSeconds must be a number of seconds greater than 0" in text, text
        assert repr(raw) in text
        assert rig.admin.requests() == []


def test_malformed_root_project_config_fails_preview_with_paths_and_fixes(
    tmp_path: Path, project_stack: Callable[..., auto.Stack], rig: Rig
) -> None:
    stack = project_stack(root_project(tmp_path / "root"), endpoint=rig.emu.endpoint_url)
    stack.set_config("aws:region", auto.ConfigValue("us-east-1"))
    cases: list[tuple[str | None, tuple[str, ...]]] = [
        (None, ("elasticache-rbac:rbac", "is not set", "pulumi config set")),
        ("just a string", ("is a str, not a structured object",)),
        (
            json.dumps(
                {
                    "users": [
                        {"id": "9bad", "accessString": "on ~* +@all", "passwords": [SECRET]},
                        {"id": "ok", "accesString": "on ~* +@all", "authentication": "iam"},
                    ],
                    "groups": [{"id": "app", "members": ["ok", "ghost"]}],
                }
            ),
            ("rbac.users[0].id", "rbac.users[1]", "accesString", "accessString", "rbac.groups[0].members", "ghost"),
        ),
    ]
    problems: list[str] = []
    for raw, wants in cases:
        if raw is None:
            stack.remove_config("rbac")
        else:
            stack.set_config("rbac", auto.ConfigValue(raw))
        rig.admin.clear_requests()
        try:
            result = stack.preview()
        except auto_errors.CommandError as exc:
            text = str(exc)
        else:
            problems.append(f"{raw!r}: preview succeeded: {result.stdout}")
            continue
        problems += [f"{raw!r}: {want!r} missing from:\n{text}" for want in wants if want not in text]
        if SECRET in text:
            problems.append(f"{raw!r}: a password was echoed")
        if rig.admin.requests():
            problems.append(f"{raw!r}: API calls during preview")
    assert not problems, "\n".join(problems)
