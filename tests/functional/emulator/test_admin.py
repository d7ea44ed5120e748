"""Admin API: request log, faults (throttling, Nth call, scripted, latency), config, clock, reset."""

from __future__ import annotations

import time

import pytest

from elasticache_emulator.admin import AdminError
from elasticache_emulator.testing import RunningEmulator
from tests.functional.emulator.helpers import PW, describe_user, raises, user


def test_health(emulator: RunningEmulator) -> None:
    assert emulator.admin.health()["status"] == "ok"


def test_request_log_counts_calls_and_redacts_passwords(emulator: RunningEmulator) -> None:
    ec = emulator.client()
    user(ec, "u1")
    ec.describe_users()
    with raises("UserNotFound"):
        ec.describe_users(UserId="ghost")
    records = emulator.admin.requests()
    assert [r.operation for r in records] == ["CreateUser", "DescribeUsers", "DescribeUsers"]
    create = records[0]
    assert create.is_write and create.ok and create.http_status == 200
    assert create.params["Passwords.member.1"] == "***" and PW not in str(create.params)
    assert create.params["UserId"] == "u1"
    assert (records[2].error_code, records[2].http_status) == ("UserNotFound", 404)
    assert records[0].started_at <= records[0].ended_at
    assert emulator.admin.call_counts() == {"CreateUser": 1, "DescribeUsers": 2}
    assert emulator.admin.call_counts(writes_only=True) == {"CreateUser": 1}
    assert [r.operation for r in emulator.admin.requests("CreateUser")] == ["CreateUser"]


def test_clear_requests(emulator: RunningEmulator) -> None:
    emulator.client().describe_users()
    emulator.admin.clear_requests()
    assert emulator.admin.requests() == []


def test_scripted_fault_fails_once_without_effect(emulator: RunningEmulator) -> None:
    ec = emulator.client(max_attempts=1)
    emulator.admin.add_fault("CreateUser", "InternalFailure", message="boom", http_status=500)
    with raises("InternalFailure", "^boom$", 500):
        user(ec, "u1")
    with raises("UserNotFound"):
        ec.describe_users(UserId="u1")
    user(ec, "u1")
    assert emulator.admin.requests()[0].fault == "scripted"


def test_scripted_fault_with_apply_looks_like_a_lost_response(emulator: RunningEmulator) -> None:
    ec = emulator.client(max_attempts=1)
    emulator.admin.add_fault("CreateUser", "RequestTimeout", http_status=500, apply=True)
    with raises("RequestTimeout"):
        user(ec, "u1")
    assert describe_user(ec, "u1")["Status"] == "active"


def test_scripted_fault_for_any_operation_and_times(emulator: RunningEmulator) -> None:
    ec = emulator.client(max_attempts=1)
    emulator.admin.add_fault("*", "ServiceUnavailable", http_status=503, times=2)
    assert [f.times for f in emulator.admin.faults()] == [2]
    for _ in range(2):
        with raises("ServiceUnavailable"):
            ec.describe_users()
    ec.describe_users()
    assert emulator.admin.faults() == []


def test_throttling_on_the_nth_call(emulator: RunningEmulator) -> None:
    ec = emulator.client(max_attempts=1)
    emulator.admin.configure(faults={"throttle_on_calls": {"DescribeUsers": [2]}})
    ec.describe_users()
    with raises("Throttling", "Rate exceeded", 400):
        ec.describe_users()
    ec.describe_users()


def test_botocore_retries_throttling(emulator: RunningEmulator) -> None:
    emulator.admin.configure(faults={"throttle_on_calls": {"DescribeUsers": [1]}})
    response = emulator.client(max_attempts=3).describe_users()
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert [r.error_code for r in emulator.admin.requests()] == ["Throttling", None]


def test_throttle_probability_one_throttles_selected_operations_only(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    emu = emulator_factory(faults={"throttle_probability": 1.0, "throttle_operations": ["CreateUser"]})
    ec = emu.client(max_attempts=1)
    ec.describe_users()
    with raises("Throttling"):
        user(ec, "u1")


def test_latency_is_added(emulator: RunningEmulator) -> None:
    emulator.admin.configure(faults={"operation_latency": {"DescribeUsers": 0.3}})
    started = time.monotonic()
    emulator.client().describe_users()
    assert time.monotonic() - started >= 0.3
    assert emulator.admin.requests()[-1].duration >= 0.3


def test_config_round_trip_and_validation(emulator: RunningEmulator) -> None:
    config = emulator.admin.configure(transition_delay=2, timings={"user_modify": 0.5}, quotas={"users_per_region": 5})
    assert config.timings.duration("user_group_create") == 2
    assert config.timings.duration("user_modify") == 0.5
    assert emulator.admin.config().quotas.users_per_region == 5
    with pytest.raises(AdminError) as info:
        emulator.admin.configure(timings={"no_such_transition": 1})
    assert info.value.status == 400 and "unknown transition" in info.value.message


def test_timings_changed_at_run_time_apply_to_new_transitions(emulator: RunningEmulator) -> None:
    ec = emulator.client(max_attempts=1)
    user(ec, "u1")
    emulator.admin.configure(timings={"user_modify": 60})
    ec.modify_user(UserId="u1", AccessString="on ~* +@read")
    assert describe_user(ec, "u1")["Status"] == "modifying"
    emulator.admin.advance_clock(61)
    assert describe_user(ec, "u1")["Status"] == "active"


def test_transition_with_a_small_real_delay(emulator_factory) -> None:  # type: ignore[no-untyped-def]
    ec = emulator_factory(transition_delay=0.2).client()
    user(ec, "u1")
    ec.modify_user(UserId="u1", AccessString="on ~* +@read")
    assert describe_user(ec, "u1")["Status"] == "modifying"
    time.sleep(0.25)
    assert describe_user(ec, "u1")["Status"] == "active"


def test_reset_forgets_state_log_and_faults(emulator: RunningEmulator) -> None:
    ec = emulator.client()
    user(ec, "u1")
    emulator.admin.add_fault("DescribeUsers", "X")
    emulator.admin.reset()
    assert emulator.admin.requests() == [] and emulator.admin.faults() == []
    assert [u["UserId"] for u in ec.describe_users()["Users"]] == ["default"]


def test_unknown_admin_endpoint(emulator: RunningEmulator) -> None:
    with pytest.raises(AdminError) as info:
        emulator.admin._call("GET", "nope")
    assert info.value.status == 404
