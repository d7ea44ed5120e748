"""ElastiCache RBAC input rules: what makes a user, a user group or a membership valid, written once.

Pure functions over plain values (no Pulumi, no API call), used by both input surfaces:

- the providers' ``check`` (:mod:`._validation`) adds the resource name and the input field
  (``User 'app' (user_id 'app'): engine: <what>; <fix>``);
- the component's whole-spec validation (:mod:`components._rules`) adds the spec path
  (``rbac.users[0].engine: <what>. Fix: <fix>``).

Each rule returns a list of :class:`Issue` — what is wrong and how to fix it, empty when the value is
valid. A password is never echoed: password issues name its position only (:attr:`Issue.at`). The two
surfaces name their fields differently (``user_id`` / ``id``) and quote values differently (single
quotes / backticks), so rules whose text mentions another field or a value take a :class:`Terms`.

Values a caller does not know yet (a Pulumi output at preview) are passed as ``None`` where a rule
accepts that; a rule that needs an unknown value skips itself rather than guess. Shapes (is it a
string, a list) are the callers' business.

Sources: ``../shared/reference/elasticache-rbac-api.md`` §2.1 (ids), §2.2 (engine, valkey rules), §2.3
(passwords, iam), §2.4 (access strings: the model lives in :mod:`.access_strings`, which reads the
engines' command tables), §2.5 (the ``default`` user, duplicate user names), §2.6 (membership).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import access_strings
from .command_table import UnknownEngineError, table_name

__all__ = [
    "AUTH_TYPES",
    "BUILTIN_DEFAULT",
    "BUILTIN_DEFAULT_USER",
    "ENGINES",
    "MAX_ID_LENGTH",
    "PASSWORD_COUNT",
    "PASSWORD_FORBIDDEN",
    "PASSWORD_LENGTH",
    "Issue",
    "Member",
    "Terms",
    "access_string",
    "authentication_type",
    "builtin_default_id",
    "engine",
    "group_members",
    "iam_name",
    "identifier",
    "listed_members",
    "passwords",
    "user_name",
    "valkey_no_password",
]

ENGINES = ("redis", "valkey")
AUTH_TYPES = ("password", "no-password-required", "iam")
PASSWORD_COUNT = (1, 2)
"""Passwords a ``password`` user needs (two only while rotating)."""
PASSWORD_LENGTH = (16, 128)
PASSWORD_FORBIDDEN = frozenset(',"/@')
"""Besides whitespace and non-printable characters."""
MAX_ID_LENGTH = 40
MAX_USERS_PER_GROUP = 100
"""ElastiCache's users-per-user-group quota (Service Quotas code ``L-943F0F1C``; reference §2.13)."""
_ID = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
BUILTIN_DEFAULT = "default"
"""Id and user name of the built-in user that exists in every account and region."""


@dataclass(frozen=True)
class Issue:
    """One broken rule: what is wrong (``message``) and how to fix it (``fix``).

    ``at`` is the position in the list the rule looked at (a password, a group member), ``None`` when
    the issue is about the value as a whole.
    """

    message: str
    fix: str
    at: int | None = None


@dataclass(frozen=True)
class Terms:
    """How one input surface names the fields a fix points at, and how it quotes values."""

    user_id: str
    user_name: str
    quote: str

    def q(self, value: object) -> str:
        """``value`` quoted the surface's way."""
        return f"{self.quote}{value}{self.quote}"


@dataclass(frozen=True)
class Member:
    """A user in a group, as far as the caller knows it (``None``: not known)."""

    id: str
    name: str | None = None
    engine: str | None = None
    authentication: str | None = None


BUILTIN_DEFAULT_USER = Member(BUILTIN_DEFAULT, BUILTIN_DEFAULT, "redis", "no-password-required")
"""The built-in ``default`` user: always known, a redis user without a password."""


def identifier(value: str, noun: str, terms: Terms) -> list[Issue]:
    """A user id or user group id (``noun``): a letter, then letters, digits and single hyphens, not
    ending with a hyphen, at most 40 characters. Case is free (ids are stored lowercase)."""
    fix = (
        f"use 1-{MAX_ID_LENGTH} characters: a letter first, then letters, digits and single hyphens, "
        "not ending with a hyphen"
    )
    if not value:
        return [Issue(f"{noun} is empty", fix)]
    quoted = terms.q(value)
    if not _ID.fullmatch(value):
        why = "it must start with a letter and contain only ASCII letters, digits and hyphens"
        return [Issue(f"{noun} {quoted} is not a valid identifier: {why}", fix)]
    if value.endswith("-") or "--" in value:
        why = "it must not end with a hyphen or contain two consecutive hyphens"
        return [Issue(f"{noun} {quoted} is not a valid identifier: {why}", fix)]
    if len(value) > MAX_ID_LENGTH:
        return [Issue(f"{noun} {quoted} is {len(value)} characters long", f"use at most {MAX_ID_LENGTH}")]
    return []


def builtin_default_id(user_id: str, terms: Terms) -> list[Issue]:
    """A user to create cannot have the id ``default``: that is the built-in user."""
    if user_id.lower() != BUILTIN_DEFAULT:
        return []
    return [
        Issue(
            f"{terms.q(BUILTIN_DEFAULT)} is the built-in user, which exists in every account and cannot be "
            "created, modified or deleted",
            f"choose another {terms.user_id}; to replace the built-in user in a group, create your own user "
            f"with {terms.user_name} {terms.q(BUILTIN_DEFAULT)}",
        )
    ]


def user_name(value: str) -> list[Issue]:
    """The name passed to the engine: not empty, no surrounding whitespace."""
    if value and value == value.strip():
        return []
    return [
        Issue(
            "user name is empty or has surrounding whitespace",
            "use a non-empty string (or omitted) without leading or trailing whitespace",
        )
    ]


def engine(value: str, terms: Terms) -> list[Issue]:
    """``redis`` or ``valkey`` (any case)."""
    if value.lower() in ENGINES:
        return []
    return [Issue(f"engine {terms.q(value)} is not supported", f"use {terms.q('redis')} or {terms.q('valkey')}")]


def authentication_type(value: str, terms: Terms) -> list[Issue]:
    """``password``, ``no-password-required`` or ``iam`` (any case)."""
    if value.lower() in AUTH_TYPES:
        return []
    return [
        Issue(
            f"authentication type {terms.q(value)} is not one of {', '.join(AUTH_TYPES)}",
            "use password (with 1-2 passwords), iam (user name equal to the user id) or no-password-required",
        )
    ]


def passwords(auth_type: str, values: Sequence[str | None], terms: Terms, *, adopting: bool = False) -> list[Issue]:
    """Passwords for ``auth_type``: 1-2 for ``password``, none otherwise; each 16-128 printable ASCII
    characters without ``, " / @`` or whitespace. ``None`` entries are not known yet: counted, not checked.
    ``adopting`` (an existing user is taken over): no passwords at all is allowed too, and means the
    user keeps its live passwords until some are declared. Never echoes a password: issues about one
    carry its position in :attr:`Issue.at`."""
    auth = auth_type.lower()
    if auth not in AUTH_TYPES:
        return []  # reported by authentication_type
    if auth != "password":
        if not values:
            return []
        return [
            Issue(
                f"passwords are not allowed with authentication type {terms.q(auth)}",
                f"remove them, or use authentication type {terms.q('password')}",
            )
        ]
    issues: list[Issue] = []
    least, most = PASSWORD_COUNT
    if not values and adopting:
        return []
    if not least <= len(values) <= most:
        issues.append(
            Issue(
                f"authentication type {terms.q('password')} needs {least} or {most} passwords ({len(values)} given)",
                f"give {least} or {most} passwords of {PASSWORD_LENGTH[0]}-{PASSWORD_LENGTH[1]} characters "
                "(two only while rotating)",
            )
        )
    shortest, longest = PASSWORD_LENGTH
    for i, value in enumerate(values):
        if value is None:
            continue
        if not shortest <= len(value) <= longest:
            issues.append(
                Issue(
                    f"must be {shortest}-{longest} characters long ({len(value)} given)",
                    f"use a password of {shortest} to {longest} characters",
                    at=i,
                )
            )
        if any(c in PASSWORD_FORBIDDEN or not "!" <= c <= "~" for c in value):
            issues.append(
                Issue(
                    'contains forbidden characters (, " / @, whitespace or non-printable ones)',
                    'remove , " / @, spaces and non-printable characters: use printable ASCII only',
                    at=i,
                )
            )
    return issues


def access_string(value: str, engine_name: str | None = None) -> list[Issue]:
    """ACL rules the engine accepts, without password rules, ``reset`` or grants of restricted commands
    (every problem of the string; see :mod:`.access_strings`). ``engine_name``: the user's engine
    (``redis`` when not known or not valid: that rule reports the engine itself)."""
    try:
        table = table_name(engine_name or "redis")
    except UnknownEngineError:
        table = "redis"
    return [Issue(p.message, p.fix) for p in access_strings.validate(value, engine=table)]


def iam_name(auth_type: str, user_id: str, name: str, terms: Terms) -> list[Issue]:
    """An ``iam`` user's user name must equal its (lowercase) user id."""
    if auth_type.lower() != "iam" or name == user_id.lower():
        return []
    return [
        Issue(
            f"an iam user's {terms.user_name} must equal its {terms.user_id} "
            f"({terms.q(name)} is not {terms.q(user_id.lower())})",
            f"omit {terms.user_name} or set it to the {terms.user_id}",
        )
    ]


def valkey_no_password(engine_name: str, auth_type: str, terms: Terms) -> list[Issue]:
    """Valkey users authenticate with a password or iam."""
    if engine_name.lower() != "valkey" or auth_type.lower() != "no-password-required":
        return []
    return [
        Issue(
            "valkey users cannot be no-password",
            f"use type {terms.q('password')} or {terms.q('iam')}, or engine {terms.q('redis')}",
        )
    ]


def listed_members(ids: Sequence[str | None], terms: Terms, *, whole: bool) -> list[Issue]:
    """A member list names each user once; one that only adds users (not ``whole``) names at least one.

    ``None``: an id not known yet.
    """
    if not whole and not ids:
        return [Issue("an additive membership must name at least one user", "list at least one user id")]
    issues: list[Issue] = []
    seen: set[str] = set()
    for i, uid in enumerate(ids):
        if uid is None:
            continue
        if uid.lower() in seen:
            issues.append(Issue(f"user id {terms.q(uid.lower())} is listed twice", "list it once", at=i))
        seen.add(uid.lower())
    count = len({uid.lower() if uid is not None else f"#{i}" for i, uid in enumerate(ids)})
    if count > MAX_USERS_PER_GROUP:
        issues.append(
            Issue(
                f"{count} users listed; ElastiCache holds at most {MAX_USERS_PER_GROUP} users in one user group "
                "(quota L-943F0F1C)",
                "spread the users over several groups, or have the quota raised in Service Quotas first "
                "(request a higher 'users per user group' value for ElastiCache)",
            )
        )
    return issues


def group_members(
    engine_name: str | None, members: Sequence[Member | None], terms: Terms, *, whole: bool
) -> list[Issue]:
    """What the members of one user group may be: its whole membership (``whole``), or the users one
    additive membership adds to it.

    A redis group holds redis users only and (when ``whole``) needs a member whose user name is
    ``default``; a valkey group holds no user without a password (not the built-in ``default``
    either); no two members share a user name. ``engine_name`` ``None``: the group's engine is not
    known, so only the engine-free rules run. A ``None`` member, or a member field that is ``None``, is
    not known: the rules that need it skip themselves (the default-name rule runs only when every
    member's name is known, or one of them is ``default``). A repeated member counts once (see
    :func:`listed_members`).
    """
    q = terms.q
    issues: list[Issue] = []
    unique: dict[str, tuple[int, Member]] = {}
    names_known = True
    for i, member in enumerate(members):
        if member is None:
            names_known = False
        else:
            unique.setdefault(member.id.lower(), (i, member))
    known = list(unique.values())

    group_engine = engine_name.lower() if engine_name is not None else None
    for i, member in known:
        if group_engine == "redis" and member.engine is not None and member.engine != "redis":
            issues.append(
                Issue(
                    f"user {q(member.id)} has engine {q(member.engine)}; a redis user group can only contain "
                    "redis users",
                    f"use a valkey group for it, or give the user engine {q('redis')}",
                    at=i,
                )
            )
        if group_engine == "valkey" and member.authentication == "no-password-required":
            builtin = member.id.lower() == BUILTIN_DEFAULT
            who = f"the built-in {q(BUILTIN_DEFAULT)} user" if builtin else f"user {q(member.id)}"
            alternative = f"use engine {q('redis')}" if builtin else "give the user a password"
            issues.append(
                Issue(
                    f"{who} has no password and cannot join a valkey group",
                    f"remove it (valkey groups need no default user), or {alternative}",
                    at=i,
                )
            )

    names = [m.name for _, m in known]
    names_known = names_known and None not in names
    if whole and group_engine == "redis" and BUILTIN_DEFAULT not in names and names_known:
        issues.append(
            Issue(
                f"a redis user group needs a member whose user name is {q(BUILTIN_DEFAULT)}",
                f"add {q(BUILTIN_DEFAULT)} (the built-in user) or your own user named {q(BUILTIN_DEFAULT)}",
            )
        )

    by_name: dict[str, str] = {}
    for i, member in known:
        if member.name is None:
            continue
        other = by_name.setdefault(member.name, member.id)
        if other != member.id:
            issues.append(
                Issue(
                    f"users {q(other)} and {q(member.id)} both have the user name {q(member.name)}",
                    "a group may hold only one of them; keep one",
                    at=i,
                )
            )
    return issues
