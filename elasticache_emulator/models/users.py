"""Users: CreateUser, ModifyUser, DeleteUser, DescribeUsers (reference §1.3-1.6, §2.1-2.5, §2.7-2.9)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from elasticache_emulator import access_strings
from elasticache_emulator.exceptions import (
    DefaultUserAssociatedToUserGroup,
    InvalidParameterCombination,
    InvalidParameterValue,
    InvalidUserState,
    UserAlreadyExists,
    UserQuotaExceeded,
)
from elasticache_emulator.models.base import BaseBackend
from elasticache_emulator.models.resources import RegionState, User
from elasticache_emulator.transitions import Kind
from elasticache_emulator.validation import check_tags, normalise_engine, resolve_authentication

__all__ = ["UserBackend"]


class UserBackend(BaseBackend):
    """One method per user operation; each returns the operation's output shape as a dict."""

    def _user_dict(
        self, state: RegionState, user: User, groups_of: Mapping[str, list[str]] | None = None
    ) -> dict[str, Any]:
        groups_of = state.groups_of_user() if groups_of is None else groups_of
        auth: dict[str, Any] = {"Type": user.auth_type}
        if user.auth_type == "password":
            auth["PasswordCount"] = user.password_count
        return {
            "UserId": user.user_id,
            "UserName": user.user_name,
            "Status": user.status,
            "Engine": user.engine,
            "MinimumEngineVersion": self.config.rules.minimum_engine_versions.get(user.engine, "6.0"),
            "AccessString": user.access_string,
            "UserGroupIds": list(groups_of.get(user.user_id, [])),
            "Authentication": auth,
            "ARN": user.arn,
        }

    def _check_user_auth_engine(self, user_id: str, engine: str, auth_type: str, user_name: str) -> None:
        if auth_type == "iam" and user_id != user_name:
            raise InvalidParameterCombination("User Id and User name must be same for authentication type: iam")
        if engine == "valkey" and auth_type == "no-password" and self.config.rules.valkey_users_require_authentication:
            raise InvalidParameterValue(
                f"User {user_id}: valkey engine does not support no-password authentication; "
                "use a password or IAM authentication."
            )

    def create_user(
        self,
        state: RegionState,
        *,
        user_id: str,
        user_name: str,
        engine: str,
        access_string: str,
        passwords: Sequence[str] | None = None,
        no_password_required: bool | None = None,
        authentication_mode: Mapping[str, Any] | None = None,
        tags: Sequence[Mapping[str, Any]] = (),
    ) -> dict[str, Any]:
        """CreateUser: validation, then existence, then quota. The new user is ``active`` at once."""
        uid = self._id("UserId", user_id)
        engine = normalise_engine(engine)
        self._check_access_string(access_string, engine)
        auth = resolve_authentication(
            passwords,
            no_password_required,
            authentication_mode,
            max_passwords=self.config.quotas.passwords_per_user,
            required=True,
        )
        assert auth is not None
        self._check_user_auth_engine(uid, engine, auth.type, user_name)
        arn = state.arn("user", uid)
        tag_dict = check_tags(tags, self.config.quotas.tags_per_resource, arn)
        if uid in state.users:
            raise UserAlreadyExists(user_id=uid)
        quota = self.config.quotas.users_per_region
        if len(state.users) >= quota:
            raise UserQuotaExceeded(quota=quota, user_id=uid)
        user = User(
            user_id=uid,
            user_name=user_name,
            engine=engine,
            access_string=access_strings.normalise(access_string),
            auth_type=auth.type,
            password_count=auth.password_count,
            arn=arn,
            tags=tag_dict,
        )
        state.users[uid] = user
        return self._user_dict(state, user)

    def _check_access_string(self, value: str, engine: str) -> None:
        try:
            access_strings.validate(value, self.config.rules.forbidden_commands, engine)
        except access_strings.AccessStringError as exc:
            raise InvalidParameterValue(str(exc)) from None

    def modify_user(
        self,
        state: RegionState,
        *,
        user_id: str,
        access_string: str | None = None,
        append_access_string: str | None = None,
        passwords: Sequence[str] | None = None,
        no_password_required: bool | None = None,
        authentication_mode: Mapping[str, Any] | None = None,
        engine: str | None = None,
    ) -> dict[str, Any]:
        """ModifyUser: changes apply at once; the user shows ``modifying`` for ``user_modify`` seconds."""
        user = self._get_user(state, user_id)
        if user.builtin:
            raise InvalidParameterValue(f"User {user.user_id} is the built-in default user and cannot be modified.")
        if user.status != "active":
            raise InvalidUserState(user_id=user.user_id, status=user.status, action="modified")
        if all(
            v is None
            for v in (access_string, append_access_string, passwords, no_password_required, authentication_mode, engine)
        ):
            raise InvalidParameterCombination(
                f"No modifications were requested for user {user.user_id}: specify at least one of AccessString, "
                "AppendAccessString, Passwords, NoPasswordRequired, AuthenticationMode or Engine."
            )
        if access_string is not None and append_access_string is not None:
            raise InvalidParameterCombination("AccessString and AppendAccessString cannot be specified together.")
        new_access = user.access_string
        checked_engine = user.engine if engine is None else normalise_engine(engine)
        if access_string is not None:
            self._check_access_string(access_string, checked_engine)
            new_access = access_strings.normalise(access_string)
        if append_access_string is not None:
            self._check_access_string(append_access_string, checked_engine)
            # The engine applies the appended rules to the user's current ones (``ACL SETUSER``).
            self._check_access_string(access_strings.append(user.access_string, append_access_string), checked_engine)
            new_access = access_strings.append(user.access_string, append_access_string)
        auth = resolve_authentication(
            passwords,
            no_password_required,
            authentication_mode,
            max_passwords=self.config.quotas.passwords_per_user,
            required=False,
        )
        new_engine = user.engine if engine is None else normalise_engine(engine)
        new_type = user.auth_type if auth is None else auth.type
        self._check_user_auth_engine(user.user_id, new_engine, new_type, user.user_name)
        candidate = User(**{**user.__dict__, "engine": new_engine, "auth_type": new_type})
        for group in state.user_groups.values():
            if group.includes(user.user_id):
                self._check_member_engine(group.user_group_id, group.engine, candidate)
        user.access_string = new_access
        user.engine = new_engine
        if auth is not None:
            user.auth_type, user.password_count = auth.type, auth.password_count
        self._begin(state, Kind.USER, user, "user_modify")
        return self._user_dict(state, user)

    def delete_user(self, state: RegionState, *, user_id: str) -> dict[str, Any]:
        """DeleteUser: ``deleting`` for ``user_delete`` seconds, then gone. Its groups drop it meanwhile
        (``rules.delete_user_detaches_from_groups``), else when it disappears."""
        user = self._get_user(state, user_id)
        if user.builtin:
            raise InvalidParameterValue(f"User {user.user_id} is the built-in default user and cannot be deleted.")
        if user.status != "active":
            raise InvalidUserState(user_id=user.user_id, status=user.status, action="deleted")
        if user.user_name == "default":
            groups = sorted(g.user_group_id for g in state.user_groups.values() if g.includes(user.user_id))
            if groups:
                raise DefaultUserAssociatedToUserGroup(user_id=user.user_id, user_group_ids=", ".join(groups))
        self._begin(state, Kind.USER, user, "user_delete")
        if self.config.rules.delete_user_detaches_from_groups:
            self._detach_from_groups(state, user.user_id)
        return self._user_dict(state, user)

    def _detach_from_groups(self, state: RegionState, user_id: str) -> None:
        """DeleteUser removes the user from its groups on its own: each group gets a pending removal, shown
        as ``modifying`` + ``PendingChanges`` for ``user_group_modify`` seconds (a group already in a
        transition applies it when that ends). The committed ``UserIds`` are untouched until then, so the
        DeleteUser response still lists the groups."""
        for group in state.user_groups.values():
            if group.status == "deleting":
                continue
            if user_id in group.pending_add:
                group.pending_add.remove(user_id)
            if user_id in group.user_ids and user_id not in group.pending_remove:
                group.pending_remove.append(user_id)
                if group.status == "active":
                    self._begin(state, Kind.USER_GROUP, group, "user_group_modify")

    def describe_users(
        self,
        state: RegionState,
        *,
        engine: str | None = None,
        user_id: str | None = None,
        filters: Sequence[Mapping[str, Any]] = (),
        max_records: int | None = None,
        marker: str | None = None,
    ) -> dict[str, Any]:
        """DescribeUsers: all users (incl. ``default`` and ``deleting`` ones), narrowed by the arguments."""
        users = list(state.users.values())
        if user_id is not None:
            users = [self._get_user(state, user_id)]
        if engine is not None:
            users = [u for u in users if u.engine == engine.lower()]
        accepted = self.config.rules.describe_users_filter_names
        for flt in filters:
            name = str(flt.get("Name", ""))
            if name not in accepted or name not in _USER_FILTERS:
                raise InvalidParameterCombination(
                    f"Filter name {name} is not supported. Supported filter names: {', '.join(accepted)}."
                )
            values = {str(v).lower() for v in flt.get("Values", [])}
            users = [u for u in users if _USER_FILTERS[name](u).lower() in values]
        groups_of = state.groups_of_user()
        return self._page(
            "Users",
            users,
            lambda u: self._user_dict(state, u, groups_of),
            max_records=max_records,
            marker=marker,
            error=InvalidParameterCombination,
        )


_USER_FILTERS: dict[str, Callable[[User], str]] = {
    "UserId": lambda u: u.user_id,
    "UserName": lambda u: u.user_name,
    "Engine": lambda u: u.engine,
    "Status": lambda u: u.status,
}
