"""Permission expectations of an :class:`~components.ElastiCacheRbacSpec`, checked with no API call.

Each ``expectations[i]`` names a user declared under ``users`` and command lines it must be able to run
(``allow``) or must not (``deny``). Every line is decided by :func:`dynamic_providers.access_strings.dry_run`
for the user's access string and engine: as the engine's ``ACL DRYRUN`` decides it, and denied as well
when the user is ``off`` or ElastiCache does not offer the command. A failing line is a
:class:`~components._spec.Problem` at ``<root>.expectations[i].allow[j]`` / ``.deny[j]`` that names the
user, the command line and the rule that decides.

A user whose access string is invalid is skipped here (its own problem is reported at its
``accessString``). Command lines are split like a shell (``SET k "two words"``).
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Mapping, Sequence

from pulumi_elasticache_rbac.dynamic_providers import access_strings, rules
from pulumi_elasticache_rbac.dynamic_providers.command_table import UnknownEngineError, load

from ._spec import ExpectationSpec, Problem, UserSpec

__all__ = ["expectation_problems"]


def expectation_problems(
    expectation: ExpectationSpec, path: str, users: Sequence[UserSpec], known: Mapping[str, rules.Member]
) -> list[Problem]:
    """Every failing line of ``expectation`` (at ``path``, e.g. ``rbac.expectations[0]``)."""
    user = next((u for u in users if u.id == expectation.user), None)
    if user is None:
        where = "declared only under `existingUsers`" if expectation.user in known else "not declared"
        return [
            Problem(
                f"{path}.user",
                f"user `{expectation.user}` is {where}, so its access string is not known",
                "name a user declared under `users` (its access string is what is checked)",
            )
        ]
    try:
        if access_strings.validate(user.access_string, engine=user.engine):
            return []
    except UnknownEngineError:
        return []
    problems: list[Problem] = []
    for field, should_run in (("allow", True), ("deny", False)):
        for j, line in enumerate(getattr(expectation, field)):
            problem = _check(user, line, should_run, f"{path}.{field}[{j}]")
            if problem is not None:
                problems.append(problem)
    return problems


def _check(user: UserSpec, line: str, should_run: bool, path: str) -> Problem | None:
    try:
        argv = shlex.split(line)
    except ValueError as exc:
        return Problem(
            path, f"`{line}` is not a command line ({exc})", "write it like a shell command, e.g. `GET app:1`"
        )
    if not argv:
        return Problem(path, "is empty", "give a command line, e.g. `GET app:1`")
    result = access_strings.dry_run(user.access_string, argv, engine=user.engine)
    if result.error:
        fix = "write a command line the engine accepts, e.g. `GET app:1`"
        if result.command is None:
            close = difflib.get_close_matches(argv[0].lower(), load(user.engine).top_level(), n=1)
            fix = f"did you mean {close[0].upper()}?" if close else fix
        return Problem(path, f"`{line}`: {result.reason}", fix)
    if result.usable == should_run:
        return None
    who = f"user `{user.id}`"
    if should_run:
        return Problem(
            path,
            f"{who} may not run `{line}`: {_why(result)}",
            f"grant it in the user's accessString (`{user.access_string}`), or move the line to `deny`",
        )
    return Problem(
        path,
        f"{who} may run `{line}`: {result.rule}",
        f"deny it in the user's accessString (`{user.access_string}`), or move the line to `allow`",
    )


def _why(result: access_strings.DryRun) -> str:
    if result.allowed and result.caveats:
        return result.caveats[0]
    return f"{result.reason} ({result.rule})"
