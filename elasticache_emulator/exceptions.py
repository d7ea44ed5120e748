"""Errors the emulator answers with, one class per wire code.

Each class is a docstring plus class attributes: the wire ``code`` exactly as botocore's service model
declares it (``UserNotFound``, not the shape name ``UserNotFoundFault``), the HTTP ``status`` from the
model (default 400), and a ``message`` template that a raise fills with keyword arguments
(``UserNotFound(user_id="u1")`` -> "User u1 not found."). A raise whose situation the template does not
describe passes the whole text instead (``UserNotFound("u1 is not available for tagging")``). The fault
``Type`` in the error envelope is ``Sender`` below HTTP 500, else ``Receiver``.

::

    EmulatorError
    ├── RBAC faults (declared in the model):
    │   UserAlreadyExists, UserQuotaExceeded, DuplicateUserName, UserNotFound, InvalidUserState,
    │   DefaultUserAssociatedToUserGroup, DefaultUserRequired, UserGroupAlreadyExists,
    │   UserGroupQuotaExceeded, UserGroupNotFound, InvalidUserGroupState, TagQuotaPerResourceExceeded,
    │   TagNotFound, InvalidARN, InvalidParameterValue, InvalidParameterCombination,
    │   ReplicationGroupAlreadyExists, ReplicationGroupNotFound, InvalidReplicationGroupState
    └── protocol-level (common AWS errors, not declared per operation):
        Throttling, MissingParameter, InvalidAction, InvalidQueryParameter, InternalFailure,
        ScriptedFault (any code a test asked for through the admin API)

``DECLARED`` in :mod:`elasticache_emulator.responses` lists which of these each operation may emit; a
test checks that list against botocore's model.
"""

from __future__ import annotations

__all__ = [
    "PROTOCOL_ERRORS",
    "DefaultUserAssociatedToUserGroup",
    "DefaultUserRequired",
    "DuplicateUserName",
    "EmulatorError",
    "InternalFailure",
    "InvalidARN",
    "InvalidAction",
    "InvalidParameterCombination",
    "InvalidParameterValue",
    "InvalidQueryParameter",
    "InvalidReplicationGroupState",
    "InvalidUserGroupState",
    "InvalidUserState",
    "MissingParameter",
    "ReplicationGroupAlreadyExists",
    "ReplicationGroupNotFound",
    "ScriptedFault",
    "TagNotFound",
    "TagQuotaPerResourceExceeded",
    "Throttling",
    "UserAlreadyExists",
    "UserGroupAlreadyExists",
    "UserGroupNotFound",
    "UserGroupQuotaExceeded",
    "UserNotFound",
    "UserQuotaExceeded",
]


class EmulatorError(Exception):
    """Base class: an AWS error response (see the module docstring)."""

    code: str
    status: int = 400
    message: str = "An error occurred."

    def __init__(self, message: str | None = None, **fields: object) -> None:
        text = type(self).message.format(**fields) if message is None else message
        super().__init__(text)
        self.message = text

    @property
    def fault_type(self) -> str:
        return "Sender" if self.status < 500 else "Receiver"


class UserAlreadyExists(EmulatorError):
    """A user with this ID already exists."""

    code = "UserAlreadyExists"
    message = "User {user_id} already exists."


class UserQuotaExceeded(EmulatorError):
    """The quota of users has been exceeded."""

    code = "UserQuotaExceeded"
    message = "The quota of {quota} users per region has been exceeded; cannot create user {user_id}."


class DuplicateUserName(EmulatorError):
    """Two members of one user group would share a user name."""

    code = "DuplicateUserName"
    message = (
        "User group {user_group_id} cannot contain more than one user with the user name {user_name}: users {user_ids}."
    )


class UserNotFound(EmulatorError):
    """The user does not exist (or, for tagging, is not available)."""

    code = "UserNotFound"
    status = 404
    message = "User {user_id} not found."


class InvalidUserState(EmulatorError):
    """The user is not in active state."""

    code = "InvalidUserState"
    message = "User {user_id} has status {status}. Only active users can be {action}."


class DefaultUserAssociatedToUserGroup(EmulatorError):
    """A user named ``default`` cannot be deleted while it is in a user group."""

    code = "DefaultUserAssociatedToUserGroup"
    message = (
        "User {user_id} is associated to user group(s) {user_group_ids}. A user with the user name default cannot "
        "be deleted while it is a member of a user group; remove it first."
    )


class DefaultUserRequired(EmulatorError):
    """A (redis) user group must contain a user whose user name is ``default``."""

    code = "DefaultUserRequired"
    message = "User group needs to contain a user with the user name default."


class UserGroupAlreadyExists(EmulatorError):
    """The user group with this ID already exists."""

    code = "UserGroupAlreadyExists"
    message = "User group {user_group_id} already exists."


class UserGroupQuotaExceeded(EmulatorError):
    """Too many user groups in the region, or too many users in one group (CreateUserGroup only)."""

    code = "UserGroupQuotaExceeded"
    message = "The quota of {quota} user groups per region has been exceeded; cannot create user group {user_group_id}."


class UserGroupNotFound(EmulatorError):
    """The user group does not exist (or, for tagging, is not available)."""

    code = "UserGroupNotFound"
    status = 404
    message = "User group {user_group_id} not found."


class InvalidUserGroupState(EmulatorError):
    """The user group is not in an active state (or is still associated with a cache)."""

    code = "InvalidUserGroupState"
    message = "User group {user_group_id} has status {status}. Only active user groups can be {action}."


class TagQuotaPerResourceExceeded(EmulatorError):
    """More than the allowed number of tags (50) on one resource."""

    code = "TagQuotaPerResourceExceeded"
    message = (
        "Resource {resource} would have {count} tags; the maximum number of tags permitted on a resource is {limit}."
    )


class TagNotFound(EmulatorError):
    """RemoveTagsFromResource named a key the resource does not have."""

    code = "TagNotFound"
    status = 404
    message = "Tag key {key} was not found on resource {resource}."


class InvalidARN(EmulatorError):
    """The ARN is malformed or names a resource type the emulator does not tag."""

    code = "InvalidARN"
    message = "The ARN {arn} is not a valid ElastiCache ARN."


class InvalidParameterValue(EmulatorError):
    """The value for a parameter is invalid (each raise says which and why)."""

    code = "InvalidParameterValue"
    message = "The value for a parameter is invalid."


class InvalidParameterCombination(EmulatorError):
    """Two or more incompatible parameters were specified (each raise says which)."""

    code = "InvalidParameterCombination"
    message = "Two or more incompatible parameters were specified."


class ReplicationGroupAlreadyExists(EmulatorError):
    """The replication group already exists."""

    code = "ReplicationGroupAlreadyExists"
    message = "Replication group {replication_group_id} already exists."


class ReplicationGroupNotFound(EmulatorError):
    """The replication group does not exist (wire code keeps the ``Fault`` suffix in the model)."""

    code = "ReplicationGroupNotFoundFault"
    status = 404
    message = "ReplicationGroup {replication_group_id} not found."


class InvalidReplicationGroupState(EmulatorError):
    """The replication group is not ``available``."""

    code = "InvalidReplicationGroupState"
    message = (
        "Replication group {replication_group_id} has status {status}. Only available replication groups can be "
        "{action}."
    )


class Throttling(EmulatorError):
    """The common AWS throttling error (botocore retries it)."""

    code = "Throttling"
    message = "Rate exceeded"


class MissingParameter(EmulatorError):
    """A required request parameter is absent (only reachable by non-SDK clients)."""

    code = "MissingParameter"
    message = "The request must contain the parameter {parameter}."


class InvalidAction(EmulatorError):
    """Unknown or unsupported ``Action``."""

    code = "InvalidAction"
    message = "The action {action} is not valid for this web service."


class InvalidQueryParameter(EmulatorError):
    """A parameter could not be parsed as its model type (only reachable by non-SDK clients)."""

    code = "InvalidQueryParameter"
    message = "Invalid value {value!r} for parameter {parameter} ({type_name})."


class InternalFailure(EmulatorError):
    """An emulator bug surfaced as the AWS internal error (the message names the bug)."""

    code = "InternalFailure"
    status = 500
    message = "An internal error occurred in the emulator."


class ScriptedFault(EmulatorError):
    """A one-shot error a test scripted through the admin API: code and status chosen per instance."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


PROTOCOL_ERRORS: tuple[type[EmulatorError], ...] = (
    Throttling,
    MissingParameter,
    InvalidAction,
    InvalidQueryParameter,
    InternalFailure,
)
"""Errors any operation may answer with regardless of the model's per-operation list."""
