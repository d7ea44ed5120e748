"""``User``: one ElastiCache RBAC user (input model + provider).

Contracts (beyond :class:`pulumi.dynamic.ResourceProvider`'s):
- ``check`` makes no API call; it lowercases ``user_id`` and ``engine``, defaults ``user_name`` to the
  user id, and reports every rule violation at once (:func:`._validation.user_failures`).
- ``diff``: ``user_id``, ``user_name`` (ModifyUser cannot change it) and ``region`` replace (delete first:
  the id is the natural key); ``engine``, ``access_string`` (compared by meaning), the authentication
  type, the passwords and ``tags`` update in place. Passwords are never stored in outputs: a salted
  keyed hash (``password_fingerprint``, a secret output, format ``v2:hmac-sha256:<salt>:<digest>``)
  tells whether they changed. Fingerprints written before v2 (``pbkdf2-sha256$rounds$salt$hash``) are
  still compared correctly (slowly, with PBKDF2) and rewritten as v2 on the user's next update.
- ``create`` is transactional: if the user does not become ``active`` it is deleted again. With
  ``adopt_existing`` an existing user with this id is taken over (modified to match) and ``adopted`` is
  true; an adopted user is never deleted by a failed create. A user that exists with this resource's own
  ``created-by`` tag (an earlier create of the same resource was interrupted) is resumed the same way,
  without ``adopt_existing`` (see :mod:`._provider`).
- ``read`` reports the live engine, access string, authentication type, password count, status and
  groups; a vanished user is reported gone (refresh drops it).
- ``delete`` treats "not found" as done and waits until the user is gone. A user whose ``user_name`` is
  ``default`` cannot be deleted while in a group: the error names the groups to leave first.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi
from botocore.exceptions import ClientError
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, UpdateResult
from pulumi.output import UNKNOWN
from pydantic import BaseModel, ConfigDict, Field

from . import _access_strings
from ._errors import (
    AlreadyExistsError,
    DependencyViolationError,
    InvalidInputError,
    NotFoundError,
)
from ._groups import Target, describe_one
from ._ownership import OWNER_KEY, OWNER_TAG_KEY, carry_owner_tag, claim, foreign_owner, owner_token
from ._provider import (
    NAME_KEY,
    USER_TYPE,
    RbacProvider,
    already_exists,
    aws_settings,
    check_failures,
    differs,
    raise_failures,
    region_moves,
    strip_internal,
)
from ._retry import call_with_retry
from ._tags import read_tags, sync_tags, tag_list
from ._validation import is_known, user_failures
from ._waiters import note, wait_for

__all__ = ["AuthenticationMode", "User", "UserInputs", "UserProvider", "password_fingerprint"]

_FINGERPRINT_PREFIX = "v2:hmac-sha256:"
_LEGACY_PREFIX = "pbkdf2-sha256$"


class AuthenticationMode(BaseModel):
    """How the user authenticates: ``password`` (1-2 passwords), ``iam`` or ``no-password-required``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["password", "no-password-required", "iam"]
    passwords: list[str] = Field(default_factory=list, repr=False)

    @property
    def output_type(self) -> str:
        """The type as DescribeUsers reports it (``no-password-required`` reads back as ``no-password``)."""
        return "no-password" if self.type == "no-password-required" else self.type


class UserInputs(BaseModel):
    """The checked inputs of a ``User`` (ids and engine already lowercase)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    user_id: str
    user_name: str
    engine: Literal["redis", "valkey"] = "redis"
    access_string: str
    authentication_mode: AuthenticationMode
    tags: dict[str, str] | None = None
    adopt_existing: bool = False
    region: str | None = None
    profile: str | None = None

    @property
    def label(self) -> str:
        return f"user {self.user_id!r}"


def password_fingerprint(passwords: Sequence[str], salt: str | None = None) -> str:
    """``v2:hmac-sha256:<salt>:<digest>`` of the (order-insensitive) passwords; '' when there are none.

    The digest is HMAC-SHA256 keyed with a random 16-byte salt (hex) over the sorted passwords
    JSON-encoded (unambiguous whatever the passwords hold). It only has to detect a change without
    revealing the passwords: it is a secret output, and whoever can decrypt it can decrypt the passwords
    themselves (the secret input ``authentication_mode``), so a slow KDF would protect nothing while
    costing ~35 ms of CPU on every diff (benchmarks/FINDINGS.md, F1).
    """
    if not passwords:
        return ""
    salt = salt or secrets.token_hex(16)
    message = json.dumps(sorted(passwords), separators=(",", ":")).encode()
    digest = hmac.new(bytes.fromhex(salt), message, hashlib.sha256).hexdigest()
    return f"{_FINGERPRINT_PREFIX}{salt}:{digest}"


def _legacy_fingerprint(passwords: Sequence[str], rounds: int, salt: str) -> str:
    """The pre-v2 format ``pbkdf2-sha256$rounds$salt$hash`` (read only: compared, never written)."""
    digest = hashlib.pbkdf2_hmac("sha256", "\n".join(sorted(passwords)).encode(), bytes.fromhex(salt), rounds).hex()
    return f"{_LEGACY_PREFIX}{rounds}${salt}${digest}"


def is_current_fingerprint(fingerprint: Any) -> bool:
    """Whether ``fingerprint`` is empty or in the current (v2) format, i.e. needs no rewrite."""
    return not fingerprint or (isinstance(fingerprint, str) and fingerprint.startswith(_FINGERPRINT_PREFIX))


def _same_passwords(fingerprint: Any, passwords: Sequence[str]) -> bool:
    if not isinstance(fingerprint, str) or not fingerprint:
        return not passwords
    if not passwords:
        return False
    try:
        if fingerprint.startswith(_FINGERPRINT_PREFIX):
            salt = fingerprint[len(_FINGERPRINT_PREFIX) :].split(":")[0]
            return hmac.compare_digest(password_fingerprint(passwords, salt), fingerprint)
        if fingerprint.startswith(_LEGACY_PREFIX):
            _, rounds, salt, _digest = fingerprint.split("$")
            return hmac.compare_digest(_legacy_fingerprint(passwords, int(rounds), salt), fingerprint)
    except ValueError:  # malformed: treat as changed (the update writes a fresh v2 fingerprint)
        return False
    return False


def _normalize(news: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(news)
    uid = out.get("user_id")
    if isinstance(uid, str) and is_known(uid):
        out["user_id"] = uid.lower()
        if out.get("user_name") is None:
            out["user_name"] = uid.lower()
    elif out.get("user_name") is None:
        out["user_name"] = UNKNOWN  # defaults to the id, which the engine does not know yet
    engine = out.get("engine")
    if engine is None:
        out["engine"] = "redis"
    elif isinstance(engine, str) and is_known(engine):
        out["engine"] = engine.lower()
    mode = out.get("authentication_mode")
    if isinstance(mode, Mapping) and isinstance(mode.get("type"), str) and is_known(mode.get("type")):
        out["authentication_mode"] = {**mode, "type": str(mode["type"]).lower()}
    return out


def _auth_params(mode: AuthenticationMode) -> dict[str, Any]:
    params: dict[str, Any] = {"Type": mode.type}
    if mode.type == "password":
        params["Passwords"] = list(mode.passwords)
    return params


class UserProvider(RbacProvider):
    """Dynamic provider of :class:`User` (contracts in the module docstring)."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = _normalize(news)
        return CheckResult(inputs, check_failures(user_failures(inputs, self.name_of(news))))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        resource_name = self.name_of(news)
        olds, news = strip_internal(olds), strip_internal(news)
        id_changes = differs(olds.get("user_id"), news.get("user_id"))
        name_changes = differs(olds.get("user_name"), news.get("user_name"))
        moves = region_moves(olds, news)
        replaces = [k for k, hit in (("user_id", id_changes), ("user_name", name_changes), ("region", moves)) if hit]
        # A new id (or region) is another object: create it first, so that groups swap the new user in
        # (in one ModifyUserGroup) before the old one is deleted. Only a new user_name under the same id
        # must delete first: ElastiCache cannot rename a user, nor hold two users with one id.
        delete_first = name_changes and not id_changes and not moves
        if delete_first:
            self._refuse_default_rename(olds, news, resource_name)
        changed = list(replaces)
        if differs(olds.get("engine"), news.get("engine")):
            changed.append("engine")
        access = news.get("access_string")
        if not is_known(access) or not _access_strings.equivalent(olds.get("access_string"), access):
            changed.append("access_string")
        if self._auth_changed(olds, news.get("authentication_mode")):
            changed.append("authentication_mode")
        if differs(olds.get("tags"), news.get("tags")):
            changed.append("tags")
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=delete_first)

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
        live = self._describe(self.target(olds), uid, label)
        groups = sorted((live or {}).get("UserGroupIds") or [])
        if not groups:
            return
        raise InvalidInputError(
            f"{label}: user_name cannot change from 'default' while the user is in user group(s) "
            f"{', '.join(groups)}: ElastiCache cannot rename a user, and refuses to delete a user named 'default' "
            "that is in a group. Give the user a new user_id together with the new name (the new user is then "
            "created first and swapped in), or take it out of those groups first"
        )

    @staticmethod
    def _auth_changed(olds: Mapping[str, Any], mode: Any) -> bool:
        if not is_known(mode) or not isinstance(mode, Mapping):
            return True
        raw_type = str(mode.get("type", "")).lower()
        out_type = "no-password" if raw_type == "no-password-required" else raw_type
        if olds.get("authentication_type") != out_type:
            return True
        if out_type != "password":
            return False
        passwords = mode.get("passwords") or []
        if not is_known(passwords):
            return True
        if not passwords:
            return False  # none declared (an adopted user keeping its live passwords): not managed
        return olds.get("password_count") != len(passwords) or not _same_passwords(
            olds.get("password_fingerprint"), passwords
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        raise_failures(user_failures(props, self.name_of(props)))
        inp = UserInputs.model_validate(_normalize(props))
        target = self.target(props)
        owner = self.owner_of(props)
        params: dict[str, Any] = {
            "UserId": inp.user_id,
            "UserName": inp.user_name,
            "Engine": inp.engine,
            "AccessString": inp.access_string,
            "AuthenticationMode": _auth_params(inp.authentication_mode),
        }
        create_tags = {**(inp.tags or {}), **({OWNER_TAG_KEY: owner} if owner else {})}
        if create_tags:
            params["Tags"] = tag_list(create_tags)
        adopted = resumed = False
        created: Any = None
        exists: AlreadyExistsError | None = None
        keeps_passwords = inp.authentication_mode.type == "password" and not inp.authentication_mode.passwords
        # With adopt_existing, look first: adopting then sends no write the live user does not need (not
        # even a refused CreateUser). Keeping the live passwords (no passwords declared, only allowed
        # with adopt_existing) needs a user to adopt: no CreateUser can be sent without passwords.
        found = self._describe(target, inp.user_id, inp.label) if inp.adopt_existing else None
        if found is None and keeps_passwords:
            raise InvalidInputError(
                f"{inp.label}: does not exist, so it cannot be adopted keeping its live passwords; declare "
                "1 or 2 passwords to create it"
            )
        if found is None:
            try:
                created = call_with_retry(
                    lambda: target.client.create_user(**params),
                    resource=inp.label,
                    what="CreateUser",
                    timeout=target.timeout,
                )
            except AlreadyExistsError as exc:
                exists = exc
        if created is None:
            existing = self._wait_active(target, inp.user_id, inp.label)  # tagging calls need an active user
            live_tags = read_tags(target, existing["ARN"], inp.label)
            live_owner = live_tags.get(OWNER_TAG_KEY)
            resumed = bool(owner) and live_owner == owner
            if not resumed and not inp.adopt_existing:
                assert exists is not None  # without adopt_existing, passwords are required (check)
                raise already_exists(exists, inp.label, live_owner, "user_id") from exists
            adopted = not resumed
            self._adopt(target, inp, existing, live_tags, retag=owner if adopted and live_owner else None)
        claim(inp.region, inp.profile, "user", inp.user_id, owner)
        try:
            # CreateUser answers with the user (the same shape as DescribeUsers), normally already
            # 'active': wait (and spend a DescribeUsers) only when it is not.
            if created is not None and created.get("Status") == "active":
                user = created
            else:
                user = self._wait_active(target, inp.user_id, inp.label)
        except Exception:
            if not (adopted or resumed):
                self._delete_quietly(target, inp.user_id)
            raise
        fingerprint = password_fingerprint(inp.authentication_mode.passwords)
        return CreateResult(inp.user_id, self._outputs(inp, user, fingerprint, adopted, owner))

    def _adopt(
        self, target: Target, inp: UserInputs, user: Any, live_tags: Mapping[str, str], retag: str | None
    ) -> None:
        """Make an existing user match the inputs, writing only what differs from it.

        UserName cannot be changed: it must already match. Passwords cannot be read back: declared ones
        are always sent; with none declared (only allowed with ``adopt_existing``) the live passwords are
        kept. ``retag``: the new owner token, when the user is taken over from another resource.
        """
        if user.get("UserName") != inp.user_name:
            raise InvalidInputError(
                f"{inp.label}: cannot adopt the existing user: its user_name is {user.get('UserName')!r}, not "
                f"{inp.user_name!r} (a user name cannot be changed); set user_name to match or pick another id"
            )
        mode = inp.authentication_mode
        live_type = str((user.get("Authentication") or {}).get("Type") or "")
        type_differs = live_type != ("no-password" if mode.type == "no-password-required" else mode.type)
        if type_differs and mode.type == "password" and not mode.passwords:
            raise InvalidInputError(
                f"{inp.label}: the existing user authenticates with {live_type!r}, not with passwords; declare "
                "1 or 2 passwords to switch it to 'password'"
            )
        self._modify(
            target,
            inp,
            access=not _access_strings.equivalent(user.get("AccessString"), inp.access_string),
            auth=type_differs or bool(mode.passwords),
            engine=str(user.get("Engine", "")).lower() != inp.engine,
        )
        current = {k: v for k, v in live_tags.items() if k != OWNER_TAG_KEY}
        sync_tags(target, inp.label, user["ARN"], current, dict(inp.tags or {}))
        if retag:
            sync_tags(target, inp.label, user["ARN"], {}, {OWNER_TAG_KEY: retag})

    def _modify(
        self, target: Target, inp: UserInputs, *, access: bool, auth: bool, engine: bool, wait: bool = True
    ) -> None:
        params: dict[str, Any] = {"UserId": inp.user_id}
        if access:
            params["AccessString"] = inp.access_string
        if auth:
            params["AuthenticationMode"] = _auth_params(inp.authentication_mode)
        if engine:
            params["Engine"] = inp.engine
        if len(params) == 1:
            return
        if wait:
            self._wait_active(target, inp.user_id, inp.label)
        call_with_retry(
            lambda: target.client.modify_user(**params),
            resource=inp.label,
            what="ModifyUser",
            timeout=target.timeout,
        )

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        raise_failures(user_failures(news, self.name_of(news)))
        inp = UserInputs.model_validate(_normalize(news))
        target = self.target(news)
        # Access string and engine are compared with the *live* user, not the old outputs: after an update
        # whose wait timed out or was interrupted, the change is already applied, and sending it again would
        # start another modification (and another long wait). Passwords cannot be read back, so a password
        # change is sent again in that case (setting the same passwords twice is harmless).
        live = self._wait_active(target, inp.user_id, inp.label)
        carry_owner_tag(target, inp.label, live["ARN"], self.owner_of(olds), self.owner_of(news))
        auth_changed = self._auth_changed(olds, inp.authentication_mode.model_dump())  # one fingerprint check
        self._modify(
            target,
            inp,
            access=not _access_strings.equivalent(live.get("AccessString"), inp.access_string),
            auth=auth_changed,
            engine=str(live.get("Engine", "")).lower() != inp.engine,
            wait=False,
        )
        old_tags: dict[str, str] = dict(olds.get("tags") or {})
        new_tags = dict(inp.tags or {})
        arn = olds.get("arn")
        if old_tags != new_tags and isinstance(arn, str):
            sync_tags(target, inp.label, arn, old_tags, new_tags)
        user = self._wait_active(target, inp.user_id, inp.label)
        fingerprint = str(olds.get("password_fingerprint") or "")
        if auth_changed or not is_current_fingerprint(fingerprint):  # a pre-v2 fingerprint is rewritten
            fingerprint = password_fingerprint(inp.authentication_mode.passwords)
        return UpdateResult(self._outputs(inp, user, fingerprint, bool(olds.get("adopted")), self.owner_of(news)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        target = self.target(props)
        label = f"user {id_!r}"
        user = self._describe(target, id_, label)
        if user is None or user.get("Status") == "deleting":
            return ReadResult(None, {})
        outs = {k: v for k, v in props.items() if not k.startswith("__") or k == OWNER_KEY}
        live_access = user.get("AccessString")
        if not _access_strings.equivalent(props.get("access_string"), live_access):
            outs["access_string"] = live_access
        outs.update(self._live_fields(user))
        return ReadResult(id_, outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        target = self.target(props)
        label = f"user {id_!r}"
        current = self._describe(target, id_, label)
        if current is None:
            return
        if current.get("Status") != "deleting" and self._managed_elsewhere(target, id_, label, props):
            return
        try:
            if current.get("Status") != "deleting":
                call_with_retry(
                    lambda: target.client.delete_user(UserId=id_),
                    resource=label,
                    what="DeleteUser",
                    timeout=target.timeout,
                )
        except NotFoundError:
            return
        except DependencyViolationError as exc:
            user = self._describe(target, id_, label) or {}
            groups = ", ".join(user.get("UserGroupIds") or []) or "its user groups"
            raise DependencyViolationError(
                f"{label}: cannot delete a user whose user_name is 'default' while it is in a user group; "
                f"remove it from {groups} (or delete those groups) first",
                code=exc.code,
                operation=exc.operation,
                service_message=exc.service_message,
            ) from exc
        wait_for(target.client, "UserDeleted", {"UserId": id_}, resource=label, timeout=target.timeout)

    def _managed_elsewhere(self, target: Target, user_id: str, label: str, props: Mapping[str, Any]) -> bool:
        """Whether another resource now manages the user (moved or taken over): then delete leaves it."""

        def live_tags() -> dict[str, str]:
            # tagging calls need an active user ("not available for tagging" while it is modifying)
            return read_tags(target, self._wait_active(target, user_id, label)["ARN"], label)

        tags = call_with_retry(live_tags, resource=label, what="ListTagsForResource", timeout=target.timeout)
        other = foreign_owner(target.region, target.profile, "user", user_id, tags, self.owner_of(props))
        if other is not None:
            note(f"{label}: not deleted: it is managed by {other} now (moved or taken over)")
        return other is not None

    # -- helpers -------------------------------------------------------------------------------------

    @staticmethod
    def _describe(target: Target, user_id: str, label: str) -> Any | None:
        return describe_one(target.client.describe_users, "Users", label, UserId=user_id)

    @staticmethod
    def _wait_active(target: Target, user_id: str, label: str) -> Any:
        response = wait_for(target.client, "UserActive", {"UserId": user_id}, resource=label, timeout=target.timeout)
        return response["Users"][0]

    @staticmethod
    def _delete_quietly(target: Target, user_id: str) -> None:
        """Undo a failed create (best effort: the original error is what the user needs to see)."""
        with contextlib.suppress(ClientError):
            target.client.delete_user(UserId=user_id)

    @staticmethod
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

    def _outputs(
        self, inp: UserInputs, user: Any, fingerprint: str, adopted: bool, owner: str | None
    ) -> dict[str, Any]:
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
            **self._live_fields(user),
        }


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
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "user_id": user_id,
            "user_name": user_name,
            "engine": engine,
            "access_string": access_string,
            "authentication_mode": _secret_mode(authentication_mode),
            "tags": tags,
            "adopt_existing": adopt_existing,
            NAME_KEY: resource_name,
            OWNER_KEY: owner_token(USER_TYPE, resource_name, opts.parent if opts else None),
            **aws_settings(),
            **dict.fromkeys(
                (
                    "arn",
                    "status",
                    "user_group_ids",
                    "authentication_type",
                    "password_count",
                    "password_fingerprint",
                    "minimum_engine_version",
                    "adopted",
                )
            ),
        }
        # (user id, user name) as the checked inputs will hold them, when both are plain strings: lets a
        # UserGroup pass member names to its check without an Output per member (benchmarks/FINDINGS.md, F6).
        self._plain_member_name: tuple[str, str] | None = None
        if isinstance(user_id, str) and (user_name is None or isinstance(user_name, str)):
            self._plain_member_name = (user_id.lower(), user_name if user_name is not None else user_id.lower())
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
