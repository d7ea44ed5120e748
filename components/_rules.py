"""Whole-spec validation of :class:`~components.ElastiCacheRbac`: every problem, all at once.

The ElastiCache rules themselves (ids, engines, authentication, passwords, access strings, iam names,
valkey users, the ``default``-named member, duplicate user names, valkey membership) live once in
:mod:`dynamic_providers.rules`, shared with the providers' ``check``; this module applies them to every
entry of a spec and gives each issue its spec path as a :class:`~components._spec.Problem`. The rules
that only a whole spec can have are here: an id declared twice, a member that is not declared, a
membership on a group this spec owns authoritatively, two memberships of one group. Permission
expectations are checked by :mod:`components._expectations`.

A password is never echoed: problems name its position only.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import pulumi

from pulumi_elasticache_rbac.dynamic_providers import rules

from ._expectations import expectation_problems
from ._spec import ElastiCacheRbacSpec, Password, Problem, UserSpec, join_path

TERMS = rules.Terms(user_id="id", user_name="name", quote="`")
"""How the spec names things, for the shared rules' messages."""


def _problems(path: str, issues: Iterable[rules.Issue]) -> list[Problem]:
    """``issues`` of the value at ``path`` (``path[i]`` for one at a position) as problems."""
    return [Problem(path if i.at is None else f"{path}[{i.at}]", i.message, i.fix) for i in issues]


def check_spec(
    spec: ElastiCacheRbacSpec,
    *,
    root: str = "spec",
    indices: Mapping[str, Sequence[int]] | None = None,
    also_known: Iterable[str] = (),
) -> list[Problem]:
    """Every problem of ``spec``; ``indices`` maps entries back to their position in the raw input.

    ``also_known``: user ids declared by entries that failed to parse (so not "unknown" as members).
    """

    def path(section: str, k: int) -> str:
        pos = indices[section][k] if indices and section in indices else k
        return join_path(root, [section, pos])

    problems: list[Problem] = []
    known: dict[str, rules.Member] = {rules.BUILTIN_DEFAULT: rules.BUILTIN_DEFAULT_USER}
    declared_at: dict[str, str] = {}

    for k, ext in enumerate(spec.existing_users):
        p = path("existingUsers", k)
        problems += _problems(f"{p}.id", rules.identifier(ext.id, "user id", TERMS))
        problems += _problems(f"{p}.engine", rules.engine(ext.engine, TERMS))
        problems += _problems(f"{p}.authentication", rules.authentication_type(ext.authentication, TERMS))
        if ext.id in known:
            problems.append(Problem(f"{p}.id", f"user id `{ext.id}` is declared twice", "declare each user once"))
        known[ext.id] = rules.Member(ext.id, ext.user_name, ext.engine, ext.authentication)
        declared_at[ext.id] = p

    for k, user in enumerate(spec.users):
        p = path("users", k)
        problems += _user_problems(user, p)
        if user.id == rules.BUILTIN_DEFAULT:
            continue  # reported by _user_problems
        if user.id in known:
            problems.append(
                Problem(
                    f"{p}.id",
                    f"user id `{user.id}` is already declared at {declared_at[user.id]}",
                    "give every user a unique id (ids are case-insensitive)",
                )
            )
            continue
        known[user.id] = rules.Member(user.id, user.user_name, user.engine, user.authentication)
        declared_at[user.id] = p

    unknown_ok = set(also_known)
    groups: dict[str, tuple[str, str, bool]] = {}  # id -> (path, engine, authoritative)
    for k, group in enumerate(spec.groups):
        p = path("groups", k)
        problems += _problems(f"{p}.id", rules.identifier(group.id, "user group id", TERMS))
        problems += _problems(f"{p}.engine", rules.engine(group.engine, TERMS))
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
        if group.member_ids is not None:
            problems += _member_problems(group.member_ids, group.engine, f"{p}.members", known, unknown_ok, whole=True)

    targeted: dict[str, str] = {}
    for k, membership in enumerate(spec.memberships):
        p = path("memberships", k)
        problems += _problems(f"{p}.group", rules.identifier(membership.group, "user group id", TERMS))
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
        engine = owner[1] if owner is not None else None
        problems += _member_problems(membership.user_ids, engine, f"{p}.users", known, unknown_ok, whole=False)

    for k, expectation in enumerate(spec.expectations):
        problems += expectation_problems(expectation, path("expectations", k), spec.users, known)
    return problems


def _user_problems(user: UserSpec, p: str) -> list[Problem]:
    problems = _problems(
        f"{p}.id", rules.identifier(user.id, "user id", TERMS) or rules.builtin_default_id(user.id, TERMS)
    )
    if user.name is not None:
        problems += _problems(f"{p}.name", rules.user_name(user.name))
    problems += _problems(f"{p}.engine", rules.engine(user.engine, TERMS))
    problems += _problems(f"{p}.authentication", rules.authentication_type(user.authentication, TERMS))
    problems += _problems(f"{p}.accessString", rules.access_string(user.access_string, user.engine))
    plain = [_plain(pw) for pw in user.passwords]
    for issue in rules.passwords(user.authentication, plain, TERMS, adopting=user.adopt_existing):
        if issue.at is None and not user.passwords:
            # Where to put it, which only the component knows: a secret in stack config.
            hint = f"; in stack config, as a secret: `pulumi config set --secret --path '{p}.passwords[0]' <password>`"
            issue = rules.Issue(issue.message, issue.fix + hint)
        problems += _problems(f"{p}.passwords", [issue])
    problems += _problems(f"{p}.name", rules.iam_name(user.authentication, user.id, user.user_name, TERMS))
    problems += _problems(f"{p}.authentication", rules.valkey_no_password(user.engine, user.authentication, TERMS))
    return problems


def _plain(password: Password) -> str | None:
    """The password's text, ``None`` for an output (not known yet: the ``User`` provider checks it)."""
    if isinstance(password, pulumi.Output):
        return None
    return password.get_secret_value()


def _member_problems(
    member_ids: Sequence[str],
    engine: str | None,
    path: str,
    known: Mapping[str, rules.Member],
    unknown_ok: set[str],
    *,
    whole: bool,
) -> list[Problem]:
    """Members of a group (``whole``) or of an additive membership (``engine`` ``None``: not known).

    An id the spec does not declare is a problem here (unless in ``unknown_ok``) and an unknown member
    for the shared rules, which skip what they cannot know about it.
    """
    problems: list[Problem] = []
    for i, uid in enumerate(member_ids):
        if uid in known or uid in unknown_ok or member_ids.index(uid) != i:
            continue  # a repeat is reported by listed_members
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
    problems += _problems(path, rules.listed_members(member_ids, TERMS, whole=whole))
    # Undeclared ids are reported above and left out of the group rules, which see the declared ones
    # (none declared: nothing for them to check).
    positions = [i for i, uid in enumerate(member_ids) if uid in known]
    if member_ids and not positions:
        return problems
    group_issues = rules.group_members(engine, [known[member_ids[i]] for i in positions], TERMS, whole=whole)
    return problems + _problems(path, [replace(i, at=None if i.at is None else positions[i.at]) for i in group_issues])
