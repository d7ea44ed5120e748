"""What a command reports when it cannot do its job: one line saying what went wrong and how to fix it.

::

    CliError            message + exit code; the handler prints ``elasticache-rbac <command>: <message>``
     ├── UsageError     exit 2: the command line, the environment or an input file is wrong
     └── (itself)       exit 1: the run failed (unreachable endpoint, access denied, unwritable file)

:func:`from_aws` is the one place that sorts botocore's failures into these, raising ``from`` the
original. A traceback is never shown for them.
"""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidRegionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)

__all__ = ["CliError", "UsageError", "from_aws"]

_ENDPOINT_HINT = "check the network, or AWS_ENDPOINT_URL_ELASTICACHE if it points at an emulator"
_READ_PERMISSIONS = "elasticache:DescribeUsers, elasticache:DescribeUserGroups and elasticache:ListTagsForResource"


class CliError(Exception):
    """The command failed; ``str(self)`` is the whole message (what, then how to fix it)."""

    exit_code = 1


class UsageError(CliError):
    """The command line, the environment or an input file is wrong (exit code 2)."""

    exit_code = 2


def _text(exc: Exception) -> str:
    return str(exc).strip().rstrip(".")


def from_aws(exc: Exception, *, starting_token: str | None = None) -> CliError:
    """The :class:`CliError` for a botocore failure (``ClientError`` or ``BotoCoreError``).

    ``starting_token``: the token the run resumed from, so that a service rejecting its marker is
    reported as a bad ``--starting-token``.
    """
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return UsageError(
            f"no usable AWS credentials ({_text(exc)}). Fix: set AWS_PROFILE (or pass --profile), or "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`"
        )
    if isinstance(exc, ProfileNotFound):
        return UsageError(f"{_text(exc)}. Fix: name a profile from ~/.aws/config (`aws configure list-profiles`)")
    if isinstance(exc, NoRegionError):
        return UsageError("no AWS region given. Fix: pass --region, or set AWS_REGION (or AWS_DEFAULT_REGION)")
    if isinstance(exc, InvalidRegionError):
        return UsageError(f"{_text(exc)}. Fix: pass a region such as us-east-1 with --region")
    if isinstance(exc, EndpointConnectionError | ConnectTimeoutError | ReadTimeoutError | ConnectionError):
        return CliError(f"cannot reach ElastiCache: {_text(exc)}. Fix: {_ENDPOINT_HINT}")
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "Unknown"))
        message = str(error.get("Message", "")).strip()
        operation = exc.operation_name
        if starting_token is not None and "marker" in message.lower():
            return UsageError(
                f"the service rejected the --starting-token ({code}: {message}). Fix: pass the token exactly as "
                "the previous export printed it, or leave --starting-token out to start from the beginning"
            )
        if code in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation"):
            return CliError(f"{operation} was denied ({message}). Fix: grant the caller {_READ_PERMISSIONS}")
        if code in ("InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "ExpiredToken"):
            return UsageError(f"AWS rejected the credentials ({code}: {message}). Fix: refresh or replace them")
        return CliError(f"{operation} failed ({code}: {message})")
    if isinstance(exc, BotoCoreError):
        return CliError(f"AWS SDK error: {_text(exc)}")
    raise TypeError(f"not a botocore error: {exc!r}")
