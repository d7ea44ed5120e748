"""The request log never holds a password: not in password parameters, not as a password rule inside an
access string, not in an error message quoting one."""

from __future__ import annotations

import pytest

from elasticache_emulator.request_log import RequestLog, RequestRecord, redact, redact_password_rules

SECRET = "hunter2hunter2hunter2"


@pytest.mark.parametrize(
    ("access", "logged"),
    [
        (f"on >{SECRET} ~* +@all", "on >*** ~* +@all"),
        (f"on <{SECRET} #0a1b2c3d !deadbeef ~app:* &* +@read", "on <*** #*** !*** ~app:* &* +@read"),
        (f">{SECRET}", ">***"),
        (f"on ~* +@all (~x >{SECRET} +get)", "on ~* +@all (~x >*** +get)"),
        (f"on ~* (>{SECRET} +get)", "on ~* (>*** +get)"),
        # no secret: kept as is
        ("on nopass resetpass ~* +@all -config", "on nopass resetpass ~* +@all -config"),
        ("on ~tag#1 ~a!b &c>d +@all", "on ~tag#1 ~a!b &c>d +@all"),
        ("", ""),
    ],
)
def test_password_rules_are_redacted_the_rest_kept(access: str, logged: str) -> None:
    assert redact_password_rules(access) == logged
    params = {"UserId": "u", "AccessString": access, "AppendAccessString": access}
    assert redact(params) == {"UserId": "u", "AccessString": logged, "AppendAccessString": logged}


def test_only_access_string_parameters_are_rewritten() -> None:
    params = {"UserName": ">not-a-rule", "AccessString": f"on >{SECRET}", "Passwords.member.1": SECRET}
    assert redact(params) == {"UserName": ">not-a-rule", "AccessString": "on >***", "Passwords.member.1": "***"}


def _record(seq: int, params: dict[str, str], error_message: str | None) -> RequestRecord:
    return RequestRecord(
        seq=seq,
        request_id=f"r{seq}",
        operation="CreateUser",
        params=redact(params),
        account_id="123456789012",
        region="us-east-1",
        http_status=200 if error_message is None else 400,
        error_code=None if error_message is None else "InvalidParameterValue",
        error_message=error_message,
        fault=None,
        started_at=0.0,
        ended_at=0.0,
    )


def test_the_log_keeps_no_password_from_params_or_error_messages() -> None:
    log = RequestLog()
    rejected = f"You can't specify passwords in an access string (found '>{SECRET}'); use Passwords instead."
    log.append(_record(1, {"AccessString": f"on >{SECRET} ~*"}, rejected))
    log.append(_record(2, {"AppendAccessString": f"#{SECRET}"}, None))
    dumped = repr([r.to_json() for r in log.records()])
    assert SECRET not in dumped
    first, second = log.records()
    assert first.params["AccessString"] == "on >*** ~*"
    assert first.error_message == "You can't specify passwords in an access string (found '>*** use Passwords instead."
    assert second.params["AppendAccessString"] == "#***"
    assert second.error_message is None
