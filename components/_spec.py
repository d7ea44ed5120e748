"""The typed spec of :class:`~components.ElastiCacheRbac` and its parser.

The models only check *shapes* (types, required fields, unknown keys); the rules run in
:mod:`components._rules` (the ElastiCache ones shared with the providers, from
:mod:`dynamic_providers.rules`), so that one call reports every problem of a spec at once. :func:`parse_spec`
runs both and raises :class:`SpecError` listing all problems, each with its path in the spec, what is
wrong and how to fix it.

Field names accept both ``snake_case`` and ``camelCase`` (``access_string`` / ``accessString``), so a
spec can come from Python code or from YAML stack configuration. Ids and engines are stored lowercase,
as ElastiCache stores them, so that case never causes a diff.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import pulumi
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic.alias_generators import to_camel

Password: TypeAlias = SecretStr | pulumi.Output[str]
"""A password: a plain string (kept as :class:`~pydantic.SecretStr`, so it never shows in a repr or
an error message) or a ``pulumi.Output[str]`` (e.g. from ``Config.require_secret``). Either way it is
passed to the provider as a Pulumi secret."""


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        arbitrary_types_allowed=True,
    )


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class UserSpec(_Model):
    """A user this spec creates (``dynamic_providers.User``)."""

    id: str
    """User id: a letter, then letters, digits, hyphens; at most 40 characters; stored lowercase."""
    name: str | None = None
    """The name passed to the engine (``AUTH name password``); defaults to the id."""
    engine: str = "redis"
    """``redis`` or ``valkey``."""
    access_string: str
    """Redis ACL rules, e.g. ``on ~app:* +@read``; no password rules, no ``reset``."""
    authentication: str = "password"
    """``password`` (1-2 passwords), ``no-password-required`` or ``iam`` (the name must equal the id)."""
    passwords: list[Password] = Field(default_factory=list)
    """1 or 2 passwords for ``authentication: password``; always sent as Pulumi secrets."""
    tags: dict[str, str] = Field(default_factory=dict)
    adopt_existing: bool = False
    """Adopt a user that already exists with this id instead of failing (see ``dynamic_providers``)."""

    _lower_id = field_validator("id", "engine", "authentication", mode="before")(_lower)

    @property
    def user_name(self) -> str:
        return self.name if self.name is not None else self.id


class ExistingUserSpec(_Model):
    """A user that exists outside this spec (another stack, the console) and may be a group member.

    Declaring it lets the whole-spec rules (default user, duplicate names, engines) see it. The
    built-in ``default`` user is always known and needs no declaration.
    """

    id: str
    name: str | None = None
    engine: str = "redis"
    authentication: str = "password"

    _lower_id = field_validator("id", "engine", "authentication", mode="before")(_lower)

    @property
    def user_name(self) -> str:
        return self.name if self.name is not None else self.id


Member: TypeAlias = str | UserSpec
"""A group member: a user id, or a :class:`UserSpec` object that is also listed in ``users``."""


class GroupSpec(_Model):
    """A user group this spec creates (``dynamic_providers.UserGroup``).

    With ``members`` (a list) the group owns its membership authoritatively. Leave ``members`` out
    (``None``) when other stacks add users with memberships (see :class:`MembershipSpec`).
    """

    id: str
    engine: str = "redis"
    members: list[Member] | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    adopt_existing: bool = False
    take_over_memberships: bool = False
    """With ``members``: take over a membership that ``memberships`` (also of other stacks) or people hold
    users in, instead of refusing (see ``dynamic_providers.UserGroup``)."""

    _lower_id = field_validator("id", "engine", mode="before")(_lower)

    @property
    def member_ids(self) -> list[str] | None:
        return None if self.members is None else [_member_id(m) for m in self.members]


class MembershipSpec(_Model):
    """Additive membership (``dynamic_providers.UserGroupMembership``): adds exactly ``users`` to
    ``group`` and never touches other members. The group may live in another stack."""

    group: str
    users: list[Member]

    _lower_id = field_validator("group", mode="before")(_lower)

    @property
    def user_ids(self) -> list[str]:
        return [_member_id(m) for m in self.users]


class ExpectationSpec(_Model):
    """What one user of this spec may and may not run, checked at preview with no API call.

    ``allow`` and ``deny`` are command lines (``GET app:1``, ``SET app:1 v``, quoted like a shell); each
    is decided as the engine's ``ACL DRYRUN`` decides it for the user's access string (commands,
    subcommands, key patterns with their read/write access, channels, selectors). A user that is ``off``
    and a command ElastiCache does not offer count as denied.
    """

    user: str
    """The id of a user declared under ``users``."""
    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)

    _lower_id = field_validator("user", mode="before")(_lower)


class ElastiCacheRbacSpec(_Model):
    """Everything one :class:`~components.ElastiCacheRbac` declares."""

    users: list[UserSpec] = Field(default_factory=list)
    groups: list[GroupSpec] = Field(default_factory=list)
    memberships: list[MembershipSpec] = Field(default_factory=list)
    existing_users: list[ExistingUserSpec] = Field(default_factory=list)
    expectations: list[ExpectationSpec] = Field(default_factory=list)
    """Permission checks (see :class:`ExpectationSpec`); a failing one fails the preview."""


def _member_id(member: Member) -> str:
    return member.id if isinstance(member, UserSpec) else member.lower()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec: where (``path``), what (``message``) and how to fix it (``fix``)."""

    path: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}. Fix: {self.fix}"


def _path_key(problem: Problem) -> list[tuple[int, str | int]]:
    """Sort key: paths in document order (``users[2]`` before ``users[10]``)."""
    parts = re.findall(r"\[(\d+)\]|([^.\[\]]+)", problem.path)
    order = ["users", "groups", "memberships", "existingUsers", "expectations"]
    return [(0, int(num)) if num else (1, f"{order.index(name) if name in order else 9}{name}") for num, name in parts]


class SpecError(pulumi.RunError, ValueError):
    """The spec has problems; ``problems`` lists all of them (Pulumi prints this without a traceback)."""

    def __init__(self, problems: Sequence[Problem], *, what: str = "ElastiCacheRbac spec") -> None:
        self.problems = sorted(problems, key=_path_key)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{what} has {count} problem{'s' if count != 1 else ''}:\n{lines}")


def join_path(root: str, loc: Sequence[int | str]) -> str:
    """``("users", 0, "id")`` under ``rbac`` -> ``rbac.users[0].id``."""
    out = root
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else part
    return out


_SECTIONS: dict[str, type[_Model]] = {
    "users": UserSpec,
    "groups": GroupSpec,
    "memberships": MembershipSpec,
    "existingUsers": ExistingUserSpec,
    "expectations": ExpectationSpec,
}
_SNAKE = {"existing_users": "existingUsers"}


def _fields_of(model: type[_Model]) -> list[str]:
    return sorted(f.alias or n for n, f in model.model_fields.items())


_UNION_TAGS = ("str", "is-instance[Output]")


def _shape_problems(exc: ValidationError, root: str, model: type[_Model]) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = list(err["loc"])
        # Union members show up as loc parts named after the type (e.g. "str", "UserSpec"); drop them.
        loc = [p for p in loc if isinstance(p, int) or not (p[:1].isupper() or p in _UNION_TAGS)]
        path = join_path(root, loc)
        kind = err["type"]
        if kind == "missing":
            problems.append(Problem(path, "is required but missing", f"add `{loc[-1]}`"))
        elif kind == "extra_forbidden":
            field = str(loc[-1])
            close = difflib.get_close_matches(field, _fields_of(model), n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(_fields_of(model))}"
            problems.append(Problem(path, "is not a known field", f"remove it ({hint})"))
        else:
            problems.append(Problem(path, err["msg"][:1].lower() + err["msg"][1:], "give a value of that type"))
    # A union error reports once per alternative: keep one line per path.
    seen: set[str] = set()
    unique = []
    for p in problems:
        if p.path not in seen:
            seen.add(p.path)
            unique.append(p)
    return unique


def parse_spec(spec: ElastiCacheRbacSpec | Mapping[str, Any], *, root: str = "spec") -> ElastiCacheRbacSpec:
    """Parse and validate a whole spec; raise :class:`SpecError` listing every problem.

    ``root`` prefixes every path in the messages (``rbac`` for the stack config value of that name).
    Each user, group and membership is parsed on its own, so a malformed entry does not hide the
    problems of the others.
    """
    from ._rules import check_spec

    if isinstance(spec, ElastiCacheRbacSpec):
        found = check_spec(spec, root=root)
        if found:
            raise SpecError(found)
        return spec
    if not isinstance(spec, Mapping):
        raise SpecError(
            [
                Problem(
                    root or "spec",
                    f"is a {type(spec).__name__}, not a mapping",
                    "give an object with `users` and `groups`",
                )
            ]
        )

    problems: list[Problem] = []
    parsed: dict[str, list[Any]] = {name: [] for name in _SECTIONS}
    indices: dict[str, list[int]] = {name: [] for name in _SECTIONS}
    # Ids of entries that failed to parse still count as declared (no spurious "unknown member").
    declared_ids: set[str] = set()
    for key, value in spec.items():
        section = _SNAKE.get(key, key)
        if section not in _SECTIONS:
            close = difflib.get_close_matches(str(key), list(_SECTIONS), n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(_SECTIONS)}"
            problems.append(Problem(join_path(root, [key]), "is not a known field", f"remove it ({hint})"))
            continue
        if value is None:
            continue
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            problems.append(
                Problem(join_path(root, [key]), f"must be a list, got {type(value).__name__}", "give a list")
            )
            continue
        model = _SECTIONS[section]
        for i, item in enumerate(value):
            try:
                parsed[section].append(item if isinstance(item, model) else model.model_validate(item))
                indices[section].append(i)
            except ValidationError as exc:
                problems += _shape_problems(exc, join_path(root, [key, i]), model)
                item_id = item.get("id") if isinstance(item, Mapping) else None
                if section in ("users", "existingUsers") and isinstance(item_id, str):
                    declared_ids.add(item_id.lower())
    model_spec = ElastiCacheRbacSpec(
        users=parsed["users"],
        groups=parsed["groups"],
        memberships=parsed["memberships"],
        existing_users=parsed["existingUsers"],
        expectations=parsed["expectations"],
    )
    problems += check_spec(model_spec, root=root, indices=indices, also_known=declared_ids)
    if problems:
        raise SpecError(problems)
    return model_spec
