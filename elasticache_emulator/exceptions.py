"""Errors the emulator answers with, one class per wire code.

Every class carries the wire ``code`` exactly as botocore's service model declares it (``UserNotFound``,
not the shape name ``UserNotFoundFault``), the HTTP ``status`` from the model, and the fault ``sender``
flag. The message is given per raise and names the ids involved.

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

from typing import ClassVar


class EmulatorError(Exception):
    """Base class: an AWS error response. ``code``/``status``/``sender`` are class attributes."""

    code: ClassVar[str] = "InternalFailure"
    status: ClassVar[int] = 500
    sender: ClassVar[bool] = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def error_code(self) -> str:
        """The wire code (instances of :class:`ScriptedFault` override it per instance)."""
        return self.code

    @property
    def http_status(self) -> int:
        return self.status

    @property
    def fault_type(self) -> str:
        return "Sender" if self.sender else "Receiver"


class _SenderError(EmulatorError):
    status = 400
    sender = True


class UserAlreadyExists(_SenderError):
    """A user with this ID already exists."""

    code = "UserAlreadyExists"


class UserQuotaExceeded(_SenderError):
    """The quota of users has been exceeded."""

    code = "UserQuotaExceeded"


class DuplicateUserName(_SenderError):
    """Two members of one user group would share a user name."""

    code = "DuplicateUserName"


class UserNotFound(_SenderError):
    """The user does not exist (or, for tagging, is not available)."""

    code = "UserNotFound"
    status = 404


class InvalidUserState(_SenderError):
    """The user is not in active state."""

    code = "InvalidUserState"


class DefaultUserAssociatedToUserGroup(_SenderError):
    """A user named ``default`` cannot be deleted while it is in a user group."""

    code = "DefaultUserAssociatedToUserGroup"


class DefaultUserRequired(_SenderError):
    """A (redis) user group must contain a user whose user name is ``default``."""

    code = "DefaultUserRequired"


class UserGroupAlreadyExists(_SenderError):
    """The user group with this ID already exists."""

    code = "UserGroupAlreadyExists"


class UserGroupQuotaExceeded(_SenderError):
    """Too many user groups in the region, or too many users in one group (CreateUserGroup only)."""

    code = "UserGroupQuotaExceeded"


class UserGroupNotFound(_SenderError):
    """The user group does not exist (or, for tagging, is not available)."""

    code = "UserGroupNotFound"
    status = 404


class InvalidUserGroupState(_SenderError):
    """The user group is not in an active state (or is still associated with a cache)."""

    code = "InvalidUserGroupState"


class TagQuotaPerResourceExceeded(_SenderError):
    """More than the allowed number of tags (50) on one resource."""

    code = "TagQuotaPerResourceExceeded"


class TagNotFound(_SenderError):
    """RemoveTagsFromResource named a key the resource does not have."""

    code = "TagNotFound"
    status = 404


class InvalidARN(_SenderError):
    """The ARN is malformed or names a resource type the emulator does not tag."""

    code = "InvalidARN"


class InvalidParameterValue(_SenderError):
    """The value for a parameter is invalid."""

    code = "InvalidParameterValue"


class InvalidParameterCombination(_SenderError):
    """Two or more incompatible parameters were specified."""

    code = "InvalidParameterCombination"


class ReplicationGroupAlreadyExists(_SenderError):
    """The replication group already exists."""

    code = "ReplicationGroupAlreadyExists"


class ReplicationGroupNotFound(_SenderError):
    """The replication group does not exist (wire code keeps the ``Fault`` suffix in the model)."""

    code = "ReplicationGroupNotFoundFault"
    status = 404


class InvalidReplicationGroupState(_SenderError):
    """The replication group is not ``available``."""

    code = "InvalidReplicationGroupState"


class Throttling(_SenderError):
    """The common AWS throttling error (botocore retries it)."""

    code = "Throttling"


class MissingParameter(_SenderError):
    """A required request parameter is absent (only reachable by non-SDK clients)."""

    code = "MissingParameter"


class InvalidAction(_SenderError):
    """Unknown or unsupported ``Action``."""

    code = "InvalidAction"


class InvalidQueryParameter(_SenderError):
    """A parameter could not be parsed as its model type (only reachable by non-SDK clients)."""

    code = "InvalidQueryParameter"


class InternalFailure(EmulatorError):
    """An emulator bug surfaced as the AWS internal error."""

    code = "InternalFailure"


class ScriptedFault(EmulatorError):
    """A one-shot error a test scripted through the admin API: code and status chosen per instance."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self._code = code
        self._status = status

    @property
    def error_code(self) -> str:
        return self._code

    @property
    def http_status(self) -> int:
        return self._status

    @property
    def fault_type(self) -> str:
        return "Sender" if self._status < 500 else "Receiver"


PROTOCOL_ERRORS: tuple[type[EmulatorError], ...] = (
    Throttling,
    MissingParameter,
    InvalidAction,
    InvalidQueryParameter,
    InternalFailure,
)
"""Errors any operation may answer with regardless of the model's per-operation list."""
