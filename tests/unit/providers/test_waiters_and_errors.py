"""Waiter definitions (data) matched by botocore's own acceptor logic; backoff bounds; live membership;
ClientError mapping onto the error hierarchy."""

from __future__ import annotations

import random
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.waiter import WaiterModel

from pulumi_elasticache_rbac.dynamic_providers import _errors as e
from pulumi_elasticache_rbac.dynamic_providers._membership_change import live_members
from pulumi_elasticache_rbac.dynamic_providers._waiters import WAIT_BACKOFF, WAITER_MODEL, Backoff, Progress

MODEL = WaiterModel(WAITER_MODEL)


def outcome(waiter: str, response: dict[str, Any]) -> str:
    for acceptor in MODEL.get_waiter(waiter).acceptors:
        if acceptor.matcher_func(response):
            return acceptor.state
    return "retry"


def group(status: str, **extra: Any) -> dict[str, Any]:
    return {"UserGroups": [{"UserGroupId": "g", "Status": status, "UserIds": ["default"], **extra}]}


def error(code: str) -> dict[str, Any]:
    return {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": 404}}


def test_group_active_requires_no_pending_changes() -> None:
    assert outcome("UserGroupActive", group("active")) == "success"
    assert outcome("UserGroupActive", group("active", PendingChanges={})) == "success"
    assert outcome("UserGroupActive", group("active", PendingChanges={"UserIdsToAdd": ["a"]})) == "retry"
    assert outcome("UserGroupActive", group("active", PendingChanges={"UserIdsToRemove": ["a"]})) == "retry"
    assert outcome("UserGroupActive", group("modifying")) == "retry"
    assert outcome("UserGroupActive", group("creating")) == "retry"
    assert outcome("UserGroupActive", group("deleting")) == "failure"
    assert outcome("UserGroupActive", error("UserGroupNotFound")) == "failure"


def test_user_waiters() -> None:
    user = {"Users": [{"UserId": "u", "Status": "active"}]}
    assert outcome("UserActive", user) == "success"
    assert outcome("UserActive", {"Users": [{"Status": "modifying"}]}) == "retry"
    assert outcome("UserActive", error("UserNotFound")) == "failure"
    assert outcome("UserDeleted", {"Users": [{"Status": "deleting"}]}) == "retry"
    assert outcome("UserDeleted", error("UserNotFound")) == "success"
    assert outcome("UserDeleted", error("Throttling")) == "retry"
    assert outcome("UserGroupDeleted", error("UserGroupNotFound")) == "success"
    assert outcome("UserGroupDeleted", group("deleting")) == "retry"


def test_backoff_is_capped_jittered_and_growing() -> None:
    b = Backoff(first=0.5, factor=2.0, cap=4.0)
    rng = random.Random(1)
    delays = [[b.delay(n, rng) for _ in range(200)] for n in range(8)]
    for n, ds in enumerate(delays):
        nominal = min(4.0, 0.5 * 2**n)
        assert all(nominal / 2 <= d <= nominal for d in ds)
        assert max(ds) - min(ds) > nominal / 4  # jitter actually spreads
    assert max(delays[7]) <= 4.0


def test_wait_schedule_bounds_overshoot_by_the_time_waited_but_long_waits_poll_rarely() -> None:
    b = WAIT_BACKOFF
    rng = random.Random(2)
    assert b.nominal(0, elapsed=0.0) == 0.25  # starts fast: a user is often active at once
    # early on: never more than 1.5 s between polls, however many attempts were made
    assert all(b.delay(n, rng, elapsed=e) <= 1.5 for n in range(20) for e in (0.0, 5.0, 14.9))
    # later: at most 10 % of the time already waited, and at least 75 % of that (jitter)
    for elapsed in (20.0, 40.0, 80.0):
        ds = [b.delay(30, rng, elapsed=elapsed) for _ in range(200)]
        assert all(0.075 * elapsed <= d <= 0.1 * elapsed for d in ds)
    assert b.nominal(30, elapsed=140.0) == b.cap  # a 150 s wait still polls at most every 10 s
    # the retry schedule (no elapsed) is the plain exponential one
    assert b.nominal(5) == min(b.cap, 0.25 * 1.7**5)


def test_progress_lines_name_resource_what_and_time() -> None:
    lines: list[str] = []
    p = Progress("user group 'app'", "user group status 'active'", after=0, every=0, sink=lines.append)
    p.tick("status modifying")
    assert lines and "user group 'app'" in lines[0] and "waiting for user group status 'active'" in lines[0]
    assert "s so far" in lines[0] and "status modifying" in lines[0]
    quiet: list[str] = []
    Progress("x", "y", after=60, sink=quiet.append).tick()
    assert quiet == []


def test_live_members_applies_pending_changes() -> None:
    g = {"UserIds": ["default", "a", "b"], "PendingChanges": {"UserIdsToAdd": ["c"], "UserIdsToRemove": ["a"]}}
    assert live_members(g) == {"default", "b", "c"}
    assert live_members({"UserIds": ["x"]}) == {"x"}


def client_error(code: str, message: str = "msg", op: str = "ModifyUserGroup") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, op)


@pytest.mark.parametrize(
    ("code", "message", "cls"),
    [
        ("UserNotFound", "User x not found.", e.NotFoundError),
        ("UserGroupNotFound", "", e.NotFoundError),
        ("UserAlreadyExists", "", e.AlreadyExistsError),
        ("UserGroupAlreadyExists", "", e.AlreadyExistsError),
        ("InvalidUserGroupState", "has status modifying", e.InvalidStateError),
        ("InvalidUserState", "", e.InvalidStateError),
        ("Throttling", "Rate exceeded", e.ThrottlingError),
        ("ThrottlingException", "", e.ThrottlingError),
        ("DefaultUserAssociatedToUserGroup", "", e.DependencyViolationError),
        ("InvalidParameterValue", "User x is not a member of user group g", e.NotAMemberError),
        # the service's own words (terraform-provider-aws PR #49948; reference sections 2.6 and 2.12)
        ("InvalidParameterValue", "alice is not a member of user group app", e.NotAMemberError),
        ("UserNotFound", "alice is not available for tagging", e.NotReadyForTaggingError),
        ("UserGroupNotFound", "app is not available for tagging", e.NotReadyForTaggingError),
        ("InvalidParameterValue", "bad", e.RequestRejectedError),
        ("DefaultUserRequired", "", e.RequestRejectedError),
        ("SomethingNew", "", e.RequestRejectedError),
    ],
)
def test_map_client_error(code: str, message: str, cls: type[e.ServiceError]) -> None:
    err = client_error(code, message)
    mapped = e.map_client_error(err, "user group 'g'")
    assert type(mapped) is cls
    assert mapped.code == code and mapped.operation == "ModifyUserGroup"
    assert str(mapped).startswith("user group 'g': ModifyUserGroup failed with " + code)


def test_retryable_classes() -> None:
    assert issubclass(e.InvalidStateError, e.RetryableError)
    assert issubclass(e.ThrottlingError, e.RetryableError)
    assert not issubclass(e.NotAMemberError, e.RetryableError)
    assert issubclass(e.WaitTimeoutError, e.WaitError)
    assert all(issubclass(c, e.RbacError) for c in (e.ServiceError, e.InvalidInputError, e.WaitError))


def test_advice_in_messages() -> None:
    msg = str(e.map_client_error(client_error("UserAlreadyExists", op="CreateUser"), "user 'a'"))
    assert "adopt_existing=True" in msg


def test_wait_timeout_must_be_a_positive_number(monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi.dynamic import Config, ConfigureRequest

    from pulumi_elasticache_rbac.dynamic_providers import InvalidInputError, UserProvider
    from pulumi_elasticache_rbac.dynamic_providers._waiters import TIMEOUT_ENV, resolve_timeout

    monkeypatch.delenv(TIMEOUT_ENV, raising=False)
    for raw in ("-5", "0", "nan", "inf", "soon"):
        with pytest.raises(InvalidInputError, match="waitTimeoutSeconds must be a number of seconds greater than 0"):
            UserProvider().configure(
                ConfigureRequest(Config({"elasticache-rbac:waitTimeoutSeconds": raw}, project_name="test"))
            )
    provider = UserProvider()
    provider.configure(ConfigureRequest(Config({"elasticache-rbac:waitTimeoutSeconds": "300"}, project_name="test")))
    assert provider.target({}).timeout == 300.0
    monkeypatch.setenv(TIMEOUT_ENV, "-1")
    with pytest.raises(InvalidInputError, match=TIMEOUT_ENV):
        resolve_timeout()
    with pytest.raises(InvalidInputError, match=TIMEOUT_ENV):
        UserProvider().configure(ConfigureRequest(Config({}, project_name="test")))
    monkeypatch.setenv(TIMEOUT_ENV, "42")
    assert resolve_timeout() == 42.0 and resolve_timeout(7.0) == 7.0
