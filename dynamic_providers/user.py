"""``User``: one ElastiCache RBAC user — its description for the provider engine, and what is its own.

Contracts beyond the engine's (:mod:`._engine`):
- ``check`` lowercases ``user_id`` and ``engine``, defaults ``user_name`` to the user id and reports every
  rule violation at once (:func:`._validation.user_failures`).
- ``diff``: a new ``user_id`` (or region) replaces creating the new user first; a new ``user_name``
  under the same id replaces deleting first (ElastiCache cannot rename a user) — refused at preview for
  a user named ``default`` that is in a group, which ElastiCache refuses to delete. ``engine``,
  ``access_string`` (compared by meaning), the authentication type, the passwords and ``tags`` update
  in place. Passwords are never stored in outputs: ``password_fingerprint`` (:mod:`._fingerprint`, a
  secret output) tells whether they changed; none declared (an adopted user keeping its live
  passwords) means they are not managed.
- ``update`` compares the access string and engine with the *live* user, so a change already applied
  by an interrupted or timed-out update is not sent again.
- ``read`` reports the live engine, access string (kept as declared when equivalent), authentication
  type, password count, status and groups.
- ``delete`` of a user named ``default`` that is still in a group fails naming the groups to leave.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pulumi
from pulumi.dynamic import DiffResult, Resource, UpdateResult
from pulumi.output import UNKNOWN
from pydantic import BaseModel, ConfigDict, Field

from . import access_strings
from ._engine import KindProvider, revised
from ._errors import DependencyViolationError, InvalidInputError, ServiceError
from ._fingerprint import is_current, password_fingerprint, same_passwords
from ._kind import Inputs, Kind, ObjectApi
from ._ownership import OWNER_KEY, OWNER_TAG_KEY, carry_owner_tag
from ._provider import USER_TYPE, resource_props
from ._tags import sync_tags, tag_list
from ._target import Target, describe_group
from ._validation import is_known, user_failures
from ._waiters import wait_for

__all__ = ["AuthenticationMode", "User", "UserInputs", "UserProvider"]


def output_auth_type(auth_type: str) -> str:
    """The authentication type as DescribeUsers reports it (``no-password-required`` reads back as
    ``no-password``)."""
    return "no-password" if auth_type == "no-password-required" else auth_type


class AuthenticationMode(BaseModel):
    """How the user authenticates: ``password`` (1-2 passwords; none, only when adopting: the live ones
    are kept), ``iam`` or ``no-password-required``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["password", "no-password-required", "iam"]
    passwords: list[str] = Field(default_factory=list, repr=False)

    def params(self) -> dict[str, Any]:
        """The ``AuthenticationMode`` parameter of CreateUser / ModifyUser."""
        out: dict[str, Any] = {"Type": self.type}
        if self.type == "password":
            out["Passwords"] = list(self.passwords)
        return out


class UserInputs(Inputs):
    """The checked inputs of a ``User`` (ids and engine already lowercase)."""

    user_id: str
    user_name: str
    engine: Literal["redis", "valkey"] = "redis"
    access_string: str
    authentication_mode: AuthenticationMode
    tags: dict[str, str] | None = None
    adopt_existing: bool = False

    @property
    def object_id(self) -> str:
        return self.user_id

    @property
    def label(self) -> str:
        return f"user {self.user_id!r}"

    @property
    def keeps_passwords(self) -> bool:
        """A password user adopted without declared passwords: its live passwords stay as they are."""
        return self.authentication_mode.type == "password" and not self.authentication_mode.passwords


def _access_changed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    access = news.get("access_string")
    engine = news.get("engine")
    engine = engine if isinstance(engine, str) and is_known(engine) else "redis"
    return not is_known(access) or not access_strings.equivalent(olds.get("access_string"), access, engine=engine)


def _auth_changed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    return auth_changed(olds, news.get("authentication_mode"))


def auth_changed(olds: Mapping[str, Any], mode: Any) -> bool:
    """Whether ``mode`` (the ``authentication_mode`` input) differs from the old outputs: its type, or
    its passwords by fingerprint (none declared: not managed, never a change)."""
    if not is_known(mode) or not isinstance(mode, Mapping):
        return True
    if olds.get("authentication_type") != output_auth_type(str(mode.get("type", "")).lower()):
        return True
    if olds.get("authentication_type") != "password":
        return False
    passwords = mode.get("passwords") or []
    if not is_known(passwords):
        return True
    if not passwords:
        return False
    return olds.get("password_count") != len(passwords) or not same_passwords(
        olds.get("password_fingerprint"), passwords
    )


def _live_fields(user: Any) -> dict[str, Any]:
    auth = user.get("Authentication") or {}
    return {
        "user_name": user.get("UserName"),
        "engine": str(user.get("Engine", "")).lower(),
        "arn": user.get("ARN"),
        "status": user.get("Status"),
        "user_group_ids": sorted(user.get("UserGroupIds") or []),
        "authentication_type": auth.get("Type"),
        "password_count": int(auth.get("PasswordCount") or 0),
        "minimum_engine_version": user.get("MinimumEngineVersion"),
    }


USER = Kind(
    name="User",
    id_field="user_id",
    failures=user_failures,
    lower=("user_id", "engine"),
    defaults={"engine": "redis"},
    # a new id is another user: created first, so groups swap it in before the old one goes
    replace_create_first=("user_id",),
    # ElastiCache cannot rename a user, nor hold two users with one id
    replace_delete_first=("user_name",),
    compare_equal=("engine", "tags"),
    compare={"access_string": _access_changed, "authentication_mode": _auth_changed},
    api=ObjectApi("User", "user"),
    live_fields=_live_fields,
)


class UserProvider(KindProvider):
    """Dynamic provider of :class:`User` (contracts in the module docstring)."""

    kind = USER

    def normalize_more(self, inputs: dict[str, Any]) -> dict[str, Any]:
        uid = inputs.get("user_id")
        if inputs.get("user_name") is None:
            # defaults to the id; unknown while the id is
            inputs["user_name"] = uid if isinstance(uid, str) and is_known(uid) else UNKNOWN
        mode = inputs.get("authentication_mode")
        if isinstance(mode, Mapping) and isinstance(mode.get("type"), str) and is_known(mode.get("type")):
            inputs["authentication_mode"] = {**mode, "type": str(mode["type"]).lower()}
        return inputs

    def diff_live(self, olds: Mapping[str, Any], news: Mapping[str, Any], result: DiffResult) -> DiffResult:
        if result.delete_before_replace:
            self._refuse_default_rename(olds, news, self.name_of(news))
        return result

    def _refuse_default_rename(self, olds: Mapping[str, Any], news: Mapping[str, Any], resource: str | None) -> None:
        """Fail at preview when a user named ``default`` would be renamed while it is in a group.

        Renaming deletes the user first, and ElastiCache refuses to delete a user named ``default`` that is
        in a group (``DefaultUserAssociatedToUserGroup``). The user's groups are read live (one
        DescribeUsers, only in this rare case): the stored outputs predate its groups.
        """
        uid = olds.get("user_id")
        if olds.get("user_name") != "default" or not isinstance(uid, str) or not is_known(news.get("user_name")):
            return
        label = f"User {resource!r} (user_id {uid!r})"
        live = self.describe(self.target(olds), uid, label)
        groups = sorted((live or {}).get("UserGroupIds") or [])
        if not groups:
            return
        raise InvalidInputError(
            f"{label}: user_name cannot change from 'default' while the user is in user group(s) "
            f"{', '.join(groups)}: ElastiCache cannot rename a user, and refuses to delete a user named 'default' "
            "that is in a group. Give the user a new user_id together with the new name (the new user is then "
            "created first and swapped in), or take it out of those groups first"
        )

    # -- create --------------------------------------------------------------------------------------

    def inputs(self, props: Mapping[str, Any]) -> UserInputs:
        return UserInputs.model_validate(props)

    def create_params(self, inp: UserInputs, owner: str | None) -> dict[str, Any]:
        params: dict[str, Any] = {
            "UserId": inp.user_id,
            "UserName": inp.user_name,
            "Engine": inp.engine,
            "AccessString": inp.access_string,
            "AuthenticationMode": inp.authentication_mode.params(),
        }
        tags = {**(inp.tags or {}), **({OWNER_TAG_KEY: owner} if owner else {})}
        if tags:
            params["Tags"] = tag_list(tags)
        return params

    def before_create(self, target: Target, inp: UserInputs, found: Any | None) -> None:
        if found is None and inp.keeps_passwords:
            # no passwords declared (check allows that only with adopt_existing): no CreateUser can be sent
            raise InvalidInputError(
                f"{inp.label}: does not exist, so it cannot be adopted keeping its live passwords; declare "
                "1 or 2 passwords to create it"
            )

    def converge(
        self,
        target: Target,
        inp: UserInputs,
        existing: Any,
        live_tags: Mapping[str, str],
        *,
        resumed: bool,
        retag: str | None,
    ) -> tuple[Any, dict[str, Any]]:
        """Make an existing user match the inputs, writing only what differs from it.

        UserName cannot be changed: it must already match. Passwords cannot be read back: declared ones
        are always sent; with none declared the live passwords are kept.
        """
        if existing.get("UserName") != inp.user_name:
            raise InvalidInputError(
                f"{inp.label}: cannot adopt the existing user: its user_name is {existing.get('UserName')!r}, "
                f"not {inp.user_name!r} (a user name cannot be changed); set user_name to match or pick another id"
            )
        mode = inp.authentication_mode
        live_type = str((existing.get("Authentication") or {}).get("Type") or "")
        type_differs = live_type != output_auth_type(mode.type)
        if type_differs and inp.keeps_passwords:
            raise InvalidInputError(
                f"{inp.label}: the existing user authenticates with {live_type!r}, not with passwords; declare "
                "1 or 2 passwords to switch it to 'password'"
            )
        self._modify(
            target,
            inp,
            access=not access_strings.equivalent(existing.get("AccessString"), inp.access_string, engine=inp.engine),
            auth=type_differs or bool(mode.passwords),
            engine=str(existing.get("Engine", "")).lower() != inp.engine,
        )
        current = {k: v for k, v in live_tags.items() if k != OWNER_TAG_KEY}
        sync_tags(target, inp.label, existing["ARN"], current, dict(inp.tags or {}))
        if retag:
            sync_tags(target, inp.label, existing["ARN"], {}, {OWNER_TAG_KEY: retag})
        if inp.wait:
            return self.wait_active(target, inp.user_id, inp.label), {}
        return self.describe(target, inp.user_id, inp.label) or existing, {}

    def outputs(self, inp: UserInputs, live: Any, *, adopted: bool, owner: str | None, **extra: Any) -> dict[str, Any]:
        fingerprint = extra.get("fingerprint")
        if fingerprint is None:
            fingerprint = password_fingerprint(inp.authentication_mode.passwords)
        return {
            OWNER_KEY: owner,
            "user_id": inp.user_id,
            "access_string": inp.access_string,
            "tags": dict(inp.tags or {}),
            "adopted": adopted,
            "adopt_existing": inp.adopt_existing,
            "password_fingerprint": fingerprint,
            "region": inp.region,
            "profile": inp.profile,
            **_live_fields(live),
        }

    # -- update --------------------------------------------------------------------------------------

    def _modify(
        self, target: Target, inp: UserInputs, *, access: bool, auth: bool, engine: bool, wait: bool = True
    ) -> Any | None:
        """Send what differs in one ModifyUser (after waiting for the user to be active, unless ``wait`` is
        false); its answer (the user, ``modifying``), or ``None`` when nothing differs."""
        params: dict[str, Any] = {"UserId": inp.user_id}
        if access:
            params["AccessString"] = inp.access_string
        if auth:
            params["AuthenticationMode"] = inp.authentication_mode.params()
        if engine:
            params["Engine"] = inp.engine
        if len(params) == 1:
            return None
        if wait:
            self.wait_active(target, inp.user_id, inp.label)
        return target.retry("ModifyUser", inp.label, lambda: target.client.modify_user(**params))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inp, target = self.prepare(news)
        # Access string and engine are compared with the *live* user, not the old outputs: after an update
        # whose wait timed out or was interrupted, the change is already applied, and sending it again would
        # start another modification (and another long wait). Passwords cannot be read back, so a password
        # change is sent again in that case (setting the same passwords twice is harmless).
        live = self.wait_active(target, inp.user_id, inp.label)
        carry_owner_tag(target, inp.label, live["ARN"], self.owner_of(olds), self.owner_of(news))
        changed_auth = auth_changed(olds, inp.authentication_mode.model_dump())  # one fingerprint check
        old_tags: dict[str, str] = dict(olds.get("tags") or {})
        new_tags = dict(inp.tags or {})
        if old_tags != new_tags:  # before the modification: tagging calls refuse a user being modified
            sync_tags(target, inp.label, live["ARN"], old_tags, new_tags)
        accepted = self._modify(
            target,
            inp,
            access=not access_strings.equivalent(live.get("AccessString"), inp.access_string, engine=inp.engine),
            auth=changed_auth,
            engine=str(live.get("Engine", "")).lower() != inp.engine,
            wait=False,
        )
        user = self.wait_active(target, inp.user_id, inp.label) if inp.wait else accepted or live
        fingerprint = str(olds.get("password_fingerprint") or "")
        if changed_auth or not is_current(fingerprint):  # a pre-v2 fingerprint is rewritten
            fingerprint = password_fingerprint(inp.authentication_mode.passwords)
        outs = self.outputs(
            inp, user, adopted=bool(olds.get("adopted")), owner=self.owner_of(news), fingerprint=fingerprint
        )
        return UpdateResult(revised(outs))

    # -- read / delete -------------------------------------------------------------------------------

    def read_more(self, target: Target, live: Any, props: Mapping[str, Any], label: str) -> dict[str, Any]:
        # the access string as declared, unless the live one means something else
        live_access = live.get("AccessString")
        engine = str(live.get("Engine") or "redis").lower()
        if access_strings.equivalent(props.get("access_string"), live_access, engine=engine):
            return {}
        return {"access_string": live_access}

    def wait_dependents_gone(self, target: Target, object_id: str, label: str) -> bool:
        """A user named ``default`` cannot be deleted while in a group (``DefaultUserAssociatedToUserGroup``):
        when every group it is still in is being deleted (a destroy: groups go first, without waiting),
        wait for those groups to be gone — one wait per group — and try again."""
        user = self.describe(target, object_id, label) or {}
        groups = [describe_group(target, gid, label) for gid in user.get("UserGroupIds") or []]
        if not groups or any(g is not None and g.get("Status") != "deleting" for g in groups):
            return False
        for group in groups:
            if group is not None:
                gid = str(group["UserGroupId"])
                wait_for(
                    target.client, "UserGroupDeleted", {"UserGroupId": gid}, resource=label, timeout=target.timeout
                )
        return True

    def delete_refused(self, exc: DependencyViolationError, target: Target, object_id: str, label: str) -> ServiceError:
        user = self.describe(target, object_id, label) or {}
        groups = ", ".join(user.get("UserGroupIds") or []) or "its user groups"
        return exc.with_message(
            f"{label}: cannot delete a user whose user_name is 'default' while it is in a user group; "
            f"remove it from {groups} (or delete those groups) first"
        )


def _secret_mode(mode: pulumi.Input[Mapping[str, Any]]) -> pulumi.Input[Mapping[str, Any]]:
    """``authentication_mode`` with its passwords as a secret, and its ``type`` left as given.

    Wrapping the whole mapping in one secret would make all of it unknown at preview whenever one
    password is (a generated password, a secret read from another resource), and check could not tell
    even which authentication type is meant. Only the passwords are secret; the engine keeps a nested
    secret encrypted in state like a top-level one.
    """
    if not isinstance(mode, Mapping):
        return pulumi.Output.secret(mode)
    out = dict(mode)
    if out.get("passwords") is not None:
        out["passwords"] = pulumi.Output.secret(out["passwords"])
    return out


class User(Resource, module="elasticache-rbac", name="User"):
    """An ElastiCache RBAC user.

    Passwords are sent to the engine only as secrets and never appear in outputs; ``password_fingerprint``
    (a secret output) lets diffs detect a change. The region (``aws:region`` stack config, else
    ``AWS_REGION``, else ``AWS_DEFAULT_REGION``) and ``aws:profile`` are resolved here, at construction.
    """

    user_id: pulumi.Output[str]
    user_name: pulumi.Output[str]
    engine: pulumi.Output[str]
    access_string: pulumi.Output[str]
    arn: pulumi.Output[str]
    status: pulumi.Output[str]
    user_group_ids: pulumi.Output[list[str]]
    authentication_type: pulumi.Output[str]
    password_count: pulumi.Output[int]
    password_fingerprint: pulumi.Output[str]
    minimum_engine_version: pulumi.Output[str]
    tags: pulumi.Output[dict[str, str]]
    adopted: pulumi.Output[bool]
    revision: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        user_id: pulumi.Input[str],
        access_string: pulumi.Input[str],
        authentication_mode: pulumi.Input[Mapping[str, Any]],
        engine: pulumi.Input[str] = "redis",
        user_name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        adopt_existing: bool = False,
        wait: bool = True,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = resource_props(
            USER_TYPE,
            resource_name,
            opts,
            {
                "user_id": user_id,
                "user_name": user_name,
                "engine": engine,
                "access_string": access_string,
                "authentication_mode": _secret_mode(authentication_mode),
                "tags": tags,
                "adopt_existing": adopt_existing,
                "wait": wait,
            },
            (
                "arn",
                "status",
                "user_group_ids",
                "authentication_type",
                "password_count",
                "password_fingerprint",
                "minimum_engine_version",
                "adopted",
                "revision",
            ),
        )
        self.plain_member_name: tuple[str, str] | None = None
        """(user id, user name) as the checked inputs will hold them, when both were given as plain
        strings (``None`` otherwise): a ``UserGroup`` then knows its members' names without an ``Output``
        per member."""
        if isinstance(user_id, str) and (user_name is None or isinstance(user_name, str)):
            self.plain_member_name = (user_id.lower(), user_name if user_name is not None else user_id.lower())
        if (
            adopt_existing
            and isinstance(authentication_mode, Mapping)
            and authentication_mode.get("type") == "password"
            and not authentication_mode.get("passwords")
        ):
            pulumi.log.warn(
                f"User {resource_name!r}: adopted keeping its live passwords, which this stack does not manage "
                "(nor rotate) until you declare 1 or 2 passwords in authentication_mode"
            )
        secret_opts = pulumi.ResourceOptions(additional_secret_outputs=["authentication_mode", "password_fingerprint"])
        super().__init__(UserProvider(), resource_name, props, pulumi.ResourceOptions.merge(opts, secret_opts))
