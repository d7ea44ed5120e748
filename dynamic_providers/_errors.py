"""The one error hierarchy of the providers, and the one function that maps service errors to it.

Every failure a provider method raises is an :class:`RbacError`; the engine prints its message under the
resource, so each message names the resource and says what to do next. Service errors keep the botocore
``ClientError`` they came from as ``__cause__`` (``raise ... from``) and its wire ``code``.

::

    RbacError
    ├── InvalidInputError            inputs that break a rule (also found by `check`, at preview)
    ├── OwnershipConflictError       an authoritative UserGroup and a UserGroupMembership on one group
    ├── WaitError                    a wait ended in a state that cannot lead to the awaited one
    │   └── WaitTimeoutError             the awaited state was not reached within the timeout
    └── ServiceError                 the ElastiCache API refused a call (``code``, ``operation``)
        ├── NotFoundError                UserNotFound, UserGroupNotFound
        ├── AlreadyExistsError           UserAlreadyExists, UserGroupAlreadyExists
        ├── DependencyViolationError     DefaultUserAssociatedToUserGroup; group attached to a cache
        ├── RequestRejectedError         InvalidParameterValue/Combination, DefaultUserRequired,
        │   │                            DuplicateUserName, quotas, anything not listed here
        │   └── NotAMemberError              removal of a user that is not (any more) a member
        └── RetryableError               transient: the same call may succeed later
            ├── InvalidStateError            InvalidUserState, InvalidUserGroupState
            ├── NotReadyForTaggingError      a tagging call on an object that is not active yet
            └── ThrottlingError              Throttling, ThrottlingException, RequestLimitExceeded, ...

Wire codes are the ``<Code>`` values of botocore's service model (``UserNotFound``, not
``UserNotFoundFault``).
"""

from __future__ import annotations

from typing import Self

from botocore.exceptions import ClientError


class RbacError(Exception):
    """Base of every error raised by the ElastiCache RBAC providers."""


class InvalidInputError(RbacError):
    """Inputs break a rule of the service; the message lists every violation with its fix."""


class OwnershipConflictError(RbacError):
    """A UserGroupMembership targets a group whose membership an authoritative UserGroup owns."""


class WaitError(RbacError):
    """A wait ended without the awaited state (e.g. the resource started deleting)."""


class WaitTimeoutError(WaitError):
    """A resource did not reach the awaited state in time. Running `pulumi up` again resumes the wait."""


class ServiceError(RbacError):
    """The ElastiCache API refused a call. ``code`` is the wire error code, ``operation`` the API call."""

    code: str
    operation: str
    service_message: str

    def __init__(self, message: str, *, code: str, operation: str, service_message: str) -> None:
        super().__init__(message)
        self.code = code
        self.operation = operation
        self.service_message = service_message

    def with_message(self, message: str) -> Self:
        """The same refusal (class, code, operation, service message) told with ``message``."""
        return type(self)(message, code=self.code, operation=self.operation, service_message=self.service_message)


class NotFoundError(ServiceError):
    """The user or user group does not exist (``UserNotFound``, ``UserGroupNotFound``)."""


class AlreadyExistsError(ServiceError):
    """A user or user group with this id already exists; set ``adopt_existing=True`` to manage it."""


class DependencyViolationError(ServiceError):
    """Something still depends on the resource; detach it first (the message says what)."""


class RequestRejectedError(ServiceError):
    """The service rejected the request as invalid (bad value, bad combination, quota, ...)."""


class NotAMemberError(RequestRejectedError):
    """A removal named a user that is not a member of the group (any more).

    The service answers ``InvalidParameterValue`` and tells the case apart only by its message; that
    match lives in :func:`map_client_error` and nowhere else."""


class RetryableError(ServiceError):
    """Transient refusal; the same request may succeed after a wait."""


class InvalidStateError(RetryableError):
    """The user or group is not ``active`` (e.g. ``modifying``); retry once it settles."""


class NotReadyForTaggingError(RetryableError):
    """A tagging call named an object that exists but is not active (being created or modified).

    The service answers with the not-found codes (``UserNotFound`` / ``UserGroupNotFound``) and tells the
    case apart only by its message, "<id> is not available for tagging" (reference §2.12): that match
    lives in :func:`map_client_error` and nowhere else.
    """


class ThrottlingError(RetryableError):
    """The API throttled the call."""


THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
    }
)

_NOT_READY_FOR_TAGGING = "not available for tagging"
"""How the service's message tells :class:`NotReadyForTaggingError` from a real not-found."""
_NOT_A_MEMBER = "not a member"
"""How the service's message tells :class:`NotAMemberError` (ModifyUserGroup removing a user that is not
in the group) from other ``InvalidParameterValue`` refusals: "... is not a member of user group ...",
terraform-provider-aws PR #49948 (reference §2.6)."""

_ADVICE: dict[str, str] = {
    "UserAlreadyExists": "choose another user_id, or set adopt_existing=True to manage the existing user",
    "UserGroupAlreadyExists": ("choose another user_group_id, or set adopt_existing=True to manage the existing group"),
    "DefaultUserRequired": "a redis user group must contain a user whose user_name is 'default'",
    "DuplicateUserName": "two members of one group may not share a user_name; drop one of them",
    "DefaultUserAssociatedToUserGroup": (
        "remove this user (its user_name is 'default') from its user groups, or delete those groups, first"
    ),
    "InvalidUserState": "the user is not active; retry once it settles",
    "InvalidUserGroupState": "the user group is not active; retry once it settles",
    "UserQuotaExceeded": "delete unused users or raise the quota",
    "UserGroupQuotaExceeded": (
        "ElastiCache allows at most 100 users in one user group and 200 user groups per region by default: "
        "spread the users over several groups or delete unused groups, or have the quota raised in Service Quotas"
    ),
    "TagQuotaPerResourceExceeded": "use at most 50 tags",
}


def map_client_error(error: ClientError, resource: str) -> ServiceError:
    """Return the :class:`ServiceError` subclass for ``error``; the caller raises it ``from error``.

    ``resource`` names the Pulumi resource and the ElastiCache object (``"user 'alice'"``) and starts
    the message; the service message follows (the service never echoes passwords).
    """
    err = error.response.get("Error", {})
    code = str(err.get("Code", "Unknown"))
    service_message = str(err.get("Message", ""))
    operation = error.operation_name
    cls: type[ServiceError]
    if code in ("UserNotFound", "UserGroupNotFound") and _NOT_READY_FOR_TAGGING in service_message.lower():
        cls = NotReadyForTaggingError
    elif code in ("UserNotFound", "UserGroupNotFound"):
        cls = NotFoundError
    elif code in ("UserAlreadyExists", "UserGroupAlreadyExists"):
        cls = AlreadyExistsError
    elif code == "DefaultUserAssociatedToUserGroup":
        cls = DependencyViolationError
    elif code in ("InvalidUserState", "InvalidUserGroupState"):
        cls = InvalidStateError
    elif code in THROTTLING_CODES:
        cls = ThrottlingError
    elif code == "InvalidParameterValue" and _NOT_A_MEMBER in service_message.lower():
        cls = NotAMemberError
    else:
        cls = RequestRejectedError
    advice = _ADVICE.get(code)
    message = f"{resource}: {operation} failed with {code}: {service_message}"
    if advice:
        message += f" ({advice})"
    return cls(message, code=code, operation=operation, service_message=service_message)
