"""Typed configuration of the emulator: timings, faults, quotas and rule switches.

All value objects are frozen pydantic models; a change produces a new object (:meth:`EmulatorConfig.merged`
deep-merges a JSON patch, which is what ``PUT /_emulator/config`` does). Defaults are chosen for fast
tests: every transition takes 0 s (the intermediate status is still visible in the response of the call
that starts it), no faults, quotas as documented in ``docs/emulator.md``.

Rules tagged [3P]/[I] in the behavioural reference are switches in :class:`Rules` so a test or a user can
turn them off when the real service turns out to differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from elasticache_emulator.transitions import TRANSITIONS
from pulumi_elasticache_rbac.dynamic_providers.command_table import RESTRICTED_COMMANDS

__all__ = ["EmulatorConfig", "FaultConfig", "Quotas", "Rules", "Timings", "build_config"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Timings(BaseModel):
    """Seconds each status transition takes, keyed by transition name (see ``transitions.TRANSITIONS``).

    A missing key means 0 s. ``Timings.uniform(d)`` sets every transition to ``d``.
    """

    model_config = _FROZEN

    durations: dict[str, float] = Field(default_factory=dict)

    @field_validator("durations")
    @classmethod
    def _known_and_non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for name, seconds in value.items():
            if name not in TRANSITIONS:
                raise ValueError(f"unknown transition {name!r}; known: {', '.join(sorted(TRANSITIONS))}")
            if seconds < 0:
                raise ValueError(f"duration of {name} must be >= 0, got {seconds}")
        return value

    @classmethod
    def uniform(cls, seconds: float) -> Timings:
        """Every transition takes ``seconds``."""
        return cls(durations=dict.fromkeys(TRANSITIONS, seconds))

    @classmethod
    def realistic(cls) -> Timings:
        """Durations in the range public observations suggest (reference §2.7), for demos."""
        return cls(
            durations={
                "user_modify": 5.0,
                "user_membership": 5.0,
                "user_delete": 5.0,
                "user_group_create": 10.0,
                "user_group_modify": 15.0,
                "user_group_association": 10.0,
                "user_group_delete": 10.0,
                "replication_group_create": 30.0,
                "replication_group_modify": 20.0,
                "replication_group_delete": 20.0,
            }
        )

    def duration(self, transition: str) -> float:
        return self.durations.get(transition, 0.0)


class FaultConfig(BaseModel):
    """Standing faults (one-shot scripted faults live in ``faults.FaultInjector``).

    * ``throttle_probability``: chance in [0, 1] that a call answers ``Throttling``.
    * ``throttle_operations``: restrict probability throttling to these operations (empty = all).
    * ``throttle_on_calls``: operation -> 1-based call numbers (counted since the last reset) that are
      throttled, e.g. ``{"CreateUser": [2, 3]}``; ``"*"`` counts all operations together.
    * ``latency``: extra seconds added to every AWS call; ``operation_latency`` adds per operation.
    * ``seed``: seed of the random generator used for probabilities (``None`` = random).
    """

    model_config = _FROZEN

    throttle_probability: float = Field(default=0.0, ge=0.0, le=1.0)
    throttle_operations: tuple[str, ...] = ()
    throttle_on_calls: dict[str, tuple[int, ...]] = Field(default_factory=dict)
    latency: float = Field(default=0.0, ge=0.0)
    operation_latency: dict[str, float] = Field(default_factory=dict)
    seed: int | None = None


class Quotas(BaseModel):
    """Service quotas. Figures marked unverified in the reference (§2.13) are guesses; see docs."""

    model_config = _FROZEN

    users_per_region: int = Field(default=2000, ge=1)
    """Includes the built-in ``default`` user. Unverified (third-party summary; an older table said 1000)."""
    user_groups_per_region: int = Field(default=200, ge=1)
    """Unverified (third-party summary; an older table said 100)."""
    users_per_user_group: int = Field(default=100, ge=1)
    """Unverified (third-party summary and recollection of an older AWS table)."""
    passwords_per_user: int = Field(default=2, ge=1)
    tags_per_resource: int = Field(default=50, ge=0)
    user_groups_per_replication_group: int = Field(default=1, ge=1)
    max_records_min: int = Field(default=20, ge=1)
    max_records_max: int = Field(default=100, ge=1)
    max_records_default: int = Field(default=100, ge=1)
    identifier_max_length: int = Field(default=40, ge=1)


DEFAULT_FORBIDDEN_COMMANDS: tuple[str, ...] = tuple(sorted(RESTRICTED_COMMANDS))
"""ElastiCache's restricted commands, from the command tables' data (``command_tables/elasticache.json``)."""
"""ElastiCache's restricted commands; granting one (``+config``) in an access string is rejected."""


class Rules(BaseModel):
    """Switches for rules the reference marks [3P] or [I] (defaults = the emulator's chosen behaviour)."""

    model_config = _FROZEN

    strict_identifiers: bool = True
    """[3P] ids must not end with a hyphen, contain ``--`` or exceed ``identifier_max_length``."""
    valkey_users_require_authentication: bool = True
    """[3P] a ``valkey`` user cannot be no-password."""
    valkey_groups_reject_no_password_users: bool = True
    """[D] a ``valkey`` group only holds password or IAM users."""
    redis_groups_require_redis_users: bool = True
    """[3P] a ``redis`` group only holds ``redis`` users."""
    redis_groups_require_default_user: bool = True
    """[O] a ``redis`` group needs a member whose user name is ``default``."""
    valkey_groups_require_default_user: bool = False
    """[I] the same for ``valkey`` groups (off: the built-in default user cannot be in one)."""
    reject_adding_existing_member: bool = True
    """[I] ModifyUserGroup adding a current member -> InvalidParameterValue (else ignored)."""
    membership_changes_mark_users_modifying: bool = True
    """[O] users added to / removed from a group go ``modifying`` for ``user_membership`` seconds."""
    delete_user_detaches_from_groups: bool = True
    """[O] DeleteUser detaches the user from its groups at once ("ElastiCache detaches that user from its user
    groups automatically"): each group goes ``modifying`` with ``PendingChanges.UserIdsToRemove`` for
    ``user_group_modify`` seconds ([I]) and then no longer lists it, so removing it afterwards answers
    InvalidParameterValue "... is not a member of user group ..." (off: groups list it until it is gone)."""
    tagging_requires_active: bool = True
    """[O] tagging a non-active user/group answers NotFound "... is not available for tagging"."""
    remove_missing_tag_raises: bool = True
    """[I] RemoveTagsFromResource of an absent key -> TagNotFound (else ignored)."""
    forbidden_commands: tuple[str, ...] = DEFAULT_FORBIDDEN_COMMANDS
    """[D]/[I] commands that may not be granted in an access string."""
    describe_users_filter_names: tuple[str, ...] = ("UserId",)
    """[I] accepted ``DescribeUsers`` filter names; also available: UserName, Engine, Status."""
    minimum_engine_versions: dict[str, str] = Field(default_factory=lambda: {"redis": "6.0", "valkey": "7.2"})
    """[I] ``MinimumEngineVersion`` reported per engine."""


class EmulatorConfig(BaseModel):
    """The whole configuration; JSON-serialisable (``model_dump(mode="json")``)."""

    model_config = _FROZEN

    timings: Timings = Field(default_factory=Timings)
    faults: FaultConfig = Field(default_factory=FaultConfig)
    quotas: Quotas = Field(default_factory=Quotas)
    rules: Rules = Field(default_factory=Rules)
    request_log_limit: int = Field(default=100_000, ge=0)
    """Oldest request-log entries are dropped beyond this many."""

    def merged(self, patch: Mapping[str, Any]) -> EmulatorConfig:
        """A new config with ``patch`` deep-merged; ``{"transition_delay": s}`` sets every timing.

        Raises ``pydantic.ValidationError`` (a ``ValueError``) on unknown keys or bad values.
        """
        patch = dict(patch)
        base = self.model_dump(mode="python")
        delay = patch.pop("transition_delay", None)
        if delay is not None:
            base["timings"] = Timings.uniform(float(delay)).model_dump(mode="python")
        return EmulatorConfig.model_validate(_deep_merge(base, patch))


def _deep_merge(base: dict[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict) and key != "throttle_on_calls":
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def build_config(
    *,
    transition_delay: float | None = None,
    timings: Mapping[str, float] | None = None,
    faults: Mapping[str, Any] | None = None,
    quotas: Mapping[str, Any] | None = None,
    rules: Mapping[str, Any] | None = None,
    base: EmulatorConfig | None = None,
) -> EmulatorConfig:
    """Convenience constructor: ``transition_delay`` first, then per-transition ``timings`` on top."""
    patch: dict[str, Any] = {}
    if transition_delay is not None:
        patch["transition_delay"] = transition_delay
    if timings:
        patch["timings"] = {"durations": dict(timings)}
    if faults:
        patch["faults"] = dict(faults)
    if quotas:
        patch["quotas"] = dict(quotas)
    if rules:
        patch["rules"] = dict(rules)
    return (base or EmulatorConfig()).merged(patch)
