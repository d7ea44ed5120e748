"""Whole-spec rules of :class:`~components.ElastiCacheRbac`: every problem, all at once.

Field rules (ids, engines, authentication, passwords, access strings) and the rules that need the
whole spec (unknown members, the ``default``-named user of redis groups, duplicate user names in a
group, valkey membership, a membership on a group this spec owns authoritatively). The rules follow
``../shared/reference/elasticache-rbac-api.md`` section 2; each :class:`~components._spec.Problem`
says where, what and the fix. A password is never echoed: messages name its position only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pulumi

from components._spec import ElastiCacheRbacSpec, Problem, UserSpec, join_path

ENGINES = ("redis", "valkey")
AUTH_TYPES = ("password", "no-password-required", "iam")
MAX_PASSWORDS = 2
PASSWORD_LENGTH = (16, 128)
PASSWORD_FORBIDDEN = set(',"/@')
MAX_ID_LENGTH = 40
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_PASSWORD_RULE = re.compile(r"^(>|<|#|!|nopass$|resetpass$|reset$)", re.IGNORECASE)

BUILTIN_DEFAULT_ID = "default"


@dataclass(frozen=True)
class KnownUser:
    """What the rules need to know about a user that can be a group member."""

    id: str
    name: str
    engine: str
    authentication: str
    where: str

    @property
    def has_password_or_iam(self) -> bool:
        return self.authentication in ("password", "iam")


BUILTIN_DEFAULT = KnownUser(
    BUILTIN_DEFAULT_ID, "default", "redis", "no-password-required", "the built-in `default` user"
)


def check_spec(
    spec: ElastiCacheRbacSpec,
    *,
    root: str = "spec",
    indices: Mapping[str, Sequence[int]] | None = None,
    also_known: Iterable[str] = (),
) -> list[Problem]:
    """Every problem of ``spec``; ``indices`` maps entries back to their position in the raw input."""

    def path(section: str, k: int, *rest: int | str) -> str:
        pos = indices[section][k] if indices and section in indices else k
        return join_path(root, [section, pos, *rest])

    problems: list[Problem] = []
    known: dict[str, KnownUser] = {BUILTIN_DEFAULT_ID: BUILTIN_DEFAULT}

    for k, ext in enumerate(spec.existing_users):
        p = path("existingUsers", k)
        problems += _id_problems(ext.id, f"{p}.id", "user")
        problems += _engine_problems(ext.engine, f"{p}.engine")
        problems += _auth_type_problems(ext.authentication, f"{p}.authentication")
        if ext.id in known:
            problems.append(Problem(f"{p}.id", f"user id `{ext.id}` is declared twice", "declare each user once"))
        known[ext.id] = KnownUser(ext.id, ext.user_name, ext.engine, ext.authentication, p)

    for k, user in enumerate(spec.users):
        p = path("users", k)
        problems += _user_problems(user, p)
        if user.id == BUILTIN_DEFAULT_ID:
            continue  # already reported by _user_problems
        if user.id in known:
            problems.append(
                Problem(
                    f"{p}.id",
                    f"user id `{user.id}` is already declared at {known[user.id].where}",
                    "give every user a unique id (ids are case-insensitive)",
                )
            )
            continue
        known[user.id] = KnownUser(user.id, user.user_name, user.engine, user.authentication, p)

    unknown_ok = set(also_known)
    groups: dict[str, tuple[str, str, bool]] = {}  # id -> (path, engine, authoritative)
    for k, group in enumerate(spec.groups):
        p = path("groups", k)
        problems += _id_problems(group.id, f"{p}.id", "user group")
        problems += _engine_problems(group.engine, f"{p}.engine")
        if group.id in groups:
            problems.append(
                Problem(
                    f"{p}.id",
                    f"group id `{group.id}` is already declared at {groups[group.id][0]}",
                    "give every group a unique id (ids are case-insensitive)",
                )
            )
        else:
            groups[group.id] = (p, group.engine, group.members is not None)
        if group.members is not None:
            problems += _member_problems(
                group.member_ids or [], group.engine, f"{p}.members", known, unknown_ok, whole_group=True
            )
            if group.engine == "redis" and not group.members:
                problems.append(
                    Problem(
                        f"{p}.members",
                        "a redis user group needs a member whose user name is `default`",
                        'add "default" (the built-in user) to members, or leave members out to manage them '
                        "with memberships",
                    )
                )

    targeted: dict[str, str] = {}
    for k, membership in enumerate(spec.memberships):
        p = path("memberships", k)
        problems += _id_problems(membership.group, f"{p}.group", "user group")
        if membership.group in targeted:
            problems.append(
                Problem(
                    f"{p}.group",
                    f"group `{membership.group}` already has a membership at {targeted[membership.group]}",
                    "merge the two into one membership",
                )
            )
        targeted.setdefault(membership.group, p)
        owner = groups.get(membership.group)
        if owner is not None and owner[2]:
            problems.append(
                Problem(
                    f"{p}.group",
                    f"group `{membership.group}` is declared at {owner[0]} with `members`, which owns its "
                    "membership authoritatively; an additive membership on it would fight with it",
                    f"add these users to {owner[0]}.members, or leave `members` out of that group",
                )
            )
        if not membership.users:
            problems.append(Problem(f"{p}.users", "is empty", "list at least one user id"))
        engine = owner[1] if owner is not None else None
        problems += _member_problems(membership.user_ids, engine, f"{p}.users", known, unknown_ok, whole_group=False)
    return problems


def _id_problems(value: str, path: str, kind: str) -> list[Problem]:
    fix = (
        f"use 1-{MAX_ID_LENGTH} characters: a letter first, then letters, digits and single hyphens, "
        "not ending with a hyphen"
    )
    if not value:
        return [Problem(path, f"{kind} id is empty", fix)]
    if len(value) > MAX_ID_LENGTH:
        return [Problem(path, f"{kind} id `{value}` is {len(value)} characters long", fix)]
    if not _ID.match(value):
        return [Problem(path, f"{kind} id `{value}` is not a valid identifier", fix)]
    return []


def _engine_problems(value: str, path: str) -> list[Problem]:
    if value in ENGINES:
        return []
    return [Problem(path, f"engine `{value}` is not supported", f"use one of: {', '.join(ENGINES)}")]


def _auth_type_problems(value: str, path: str) -> list[Problem]:
    if value in AUTH_TYPES:
        return []
    return [Problem(path, f"authentication `{value}` is not supported", f"use one of: {', '.join(AUTH_TYPES)}")]


def _user_problems(user: UserSpec, p: str) -> list[Problem]:
    problems: list[Problem] = []
    if user.id == BUILTIN_DEFAULT_ID:
        problems.append(
            Problem(
                f"{p}.id",
                "`default` is the built-in user, which exists in every account and cannot be created",
                'use it as a member as is, or create your own default user with another id and `name: "default"`',
            )
        )
    else:
        problems += _id_problems(user.id, f"{p}.id", "user")
    if user.name is not None and (not user.name or user.name != user.name.strip()):
        problems.append(Problem(f"{p}.name", "is empty or has surrounding whitespace", "give a non-blank name"))
    problems += _engine_problems(user.engine, f"{p}.engine")
    problems += _auth_type_problems(user.authentication, f"{p}.authentication")
    problems += _access_string_problems(user.access_string, f"{p}.accessString")

    auth = user.authentication
    if auth == "password":
        if not user.passwords:
            problems.append(
                Problem(
                    f"{p}.passwords",
                    "authentication `password` needs 1 or 2 passwords, none given",
                    "add a password of 16-128 characters (in stack config, as a secret: "
                    f"`pulumi config set --secret --path '{p}.passwords[0]' <password>`)",
                )
            )
        elif len(user.passwords) > MAX_PASSWORDS:
            problems.append(
                Problem(
                    f"{p}.passwords",
                    f"has {len(user.passwords)} passwords; ElastiCache allows at most {MAX_PASSWORDS}",
                    "keep at most two (two only while rotating)",
                )
            )
        for i, password in enumerate(user.passwords):
            problems += _password_problems(password, f"{p}.passwords[{i}]")
    elif auth in AUTH_TYPES and user.passwords:
        problems.append(
            Problem(
                f"{p}.passwords",
                f"passwords are not allowed with authentication `{auth}`",
                "remove the passwords, or use `authentication: password`",
            )
        )
    if auth == "iam" and user.user_name != user.id:
        problems.append(
            Problem(
                f"{p}.name",
                f"an iam user's name must equal its id, but name is `{user.user_name}` and id is `{user.id}`",
                f"set name to `{user.id}` or leave it out",
            )
        )
    if user.engine == "valkey" and auth == "no-password-required":
        problems.append(
            Problem(
                f"{p}.authentication",
                "valkey users cannot use `no-password-required`",
                "use `password` or `iam`, or engine `redis`",
            )
        )
    return problems


def _password_problems(password: object, path: str) -> list[Problem]:
    if isinstance(password, pulumi.Output):
        return []  # not known yet: the User provider checks it at preview
    value = password.get_secret_value() if hasattr(password, "get_secret_value") else str(password)
    lo, hi = PASSWORD_LENGTH
    problems = []
    if not lo <= len(value) <= hi:
        problems.append(
            Problem(
                path,
                f"must be {lo}-{hi} characters long (this one has {len(value)})",
                "use a longer or shorter password",
            )
        )
    if any(c in PASSWORD_FORBIDDEN or not (c.isascii() and c.isprintable()) or c.isspace() for c in value):
        problems.append(
            Problem(
                path,
                'contains a character ElastiCache does not allow (`,` `"` `/` `@`, whitespace or non-printable)',
                "use printable ASCII without those characters",
            )
        )
    return problems


def _access_string_problems(value: str, path: str) -> list[Problem]:
    if not value.strip():
        return [Problem(path, "is blank", "give ACL rules, e.g. `on ~app:* +@read`")]
    bad = [t for t in value.split() if _PASSWORD_RULE.match(t)]
    if bad:
        return [
            Problem(
                path,
                "contains password or reset rules, which ElastiCache rejects in access strings",
                "remove the tokens starting with > < # ! and `nopass`, `resetpass`, `reset`; passwords go in "
                "`passwords`",
            )
        ]
    return []


def _member_problems(
    member_ids: Sequence[str],
    engine: str | None,
    path: str,
    known: Mapping[str, KnownUser],
    unknown_ok: set[str],
    *,
    whole_group: bool,
) -> list[Problem]:
    """Members of one group (``whole_group``) or one additive membership (``engine`` may be unknown)."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    members: list[tuple[int, KnownUser]] = []
    for i, uid in enumerate(member_ids):
        if uid in seen:
            problems.append(Problem(f"{path}[{i}]", f"`{uid}` is listed twice (also at [{seen[uid]}])", "list it once"))
            continue
        seen[uid] = i
        user = known.get(uid)
        if user is None:
            if uid in unknown_ok:
                continue
            close = difflib.get_close_matches(uid, list(known), n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            problems.append(
                Problem(
                    f"{path}[{i}]",
                    f"unknown user id `{uid}`{hint}",
                    "declare it under `users`, or under `existingUsers` if it exists outside this spec "
                    "(the built-in `default` user is always available)",
                )
            )
            continue
        members.append((i, user))

    if engine == "redis":
        for i, user in members:
            if user.engine != "redis":
                problems.append(
                    Problem(
                        f"{path}[{i}]",
                        f"user `{user.id}` has engine `{user.engine}`; a redis user group can only contain redis users",
                        "use a valkey group for it, or give the user engine `redis`",
                    )
                )
        if whole_group and not any(u.name == "default" for _, u in members) and members:
            problems.append(
                Problem(
                    path,
                    "a redis user group needs a member whose user name is `default`",
                    'add "default" (the built-in user), or one of your users with `name: "default"`',
                )
            )
    if engine == "valkey":
        for i, user in members:
            if not user.has_password_or_iam:
                who = user.where if user is not BUILTIN_DEFAULT else "the built-in `default` user"
                problems.append(
                    Problem(
                        f"{path}[{i}]",
                        f"user `{user.id}` ({who}) has no password; a valkey user group can only contain users "
                        "that authenticate with a password or iam",
                        "remove it (valkey groups need no default user), or give the user a password",
                    )
                )

    by_name: dict[str, KnownUser] = {}
    for i, user in members:
        other = by_name.get(user.name)
        if other is not None:
            problems.append(
                Problem(
                    f"{path}[{i}]",
                    f"users `{other.id}` and `{user.id}` both have the user name `{user.name}`; a group cannot "
                    "contain two users with the same name",
                    "keep only one of them in this group",
                )
            )
        else:
            by_name[user.name] = user
    return problems
