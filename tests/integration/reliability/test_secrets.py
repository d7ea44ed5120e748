"""Scenario 7 of issue 6: after create, update and password rotation (and a failed operation), no
plaintext password appears in `pulumi stack export` (plain CLI), the backend's files, the engine's verbose
logs (`--logtostderr -v=9`), the provider's output, any error message, or the emulator's request log."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from pulumi.automation import errors as auto_errors

from pulumi_elasticache_rbac.dynamic_providers import User, UserGroup

from .conftest import PW, PW2, PW3, Rig, default_cfg, export_plain

PW_NEW = "reliability-pw-rotated-0004"
_ENGINE_RPC_TRACE = re.compile(r"\"msg\":\"(Un)?[Mm]arshaling property for RPC\[")
ALL = (PW, PW2, PW3, PW_NEW)


def _program(cfg: dict[str, Any]) -> Any:
    """Passwords come from secret stack config, as in the examples and the root project. (Passwords
    written as literals in a program are plaintext in its source anyway, and the engine's -v=9 log
    prints RegisterResource properties before they are marked secret: only secret *config* values are
    redacted from its logs.)"""

    def program() -> None:
        config = pulumi.Config()
        users = {
            uid: User(
                uid,
                user_id=uid,
                access_string=cfg["access"],
                authentication_mode={"type": "password", "passwords": [config.require_secret(k) for k in keys]},
            )
            for uid, keys in cfg["users"].items()
        }
        UserGroup("app", user_group_id="app", user_ids=[users.get(m, m) for m in cfg["group"]])

    return program


def _verbose_up(stack: Any, texts: list[str]) -> None:
    result = stack.up(on_output=texts.append, log_to_std_err=True, log_verbosity=9, debug=True, show_secrets=False)
    texts += [result.stdout, result.stderr]


def _leaks(text: str) -> list[str]:
    return [pw for pw in ALL if pw in text]


def test_no_plaintext_password_in_state_logs_output_or_errors(
    inline_stack: Any, rig: Rig, pulumi_state_dir: Path
) -> None:
    cfg = default_cfg()
    cfg["users"] = {"alice": ["pwA"], "bob": ["pwB"], "carol": ["pwC"]}
    secrets = {"pwA": PW, "pwB": PW2, "pwC": PW3, "pwNew": PW_NEW}
    stack = inline_stack(
        _program(cfg),
        endpoint=rig.emu.endpoint_url,
        config={k: auto.ConfigValue(v, secret=True) for k, v in secrets.items()},
    )
    texts: list[str] = []
    checked: list[str] = []
    known_engine_leaks: list[str] = []

    def check(step: str, *, in_state: bool = True) -> None:
        exported = export_plain(stack)
        assert ('"ciphertext"' in exported) is in_state  # the passwords are there, encrypted
        files = [p for p in (pulumi_state_dir / "backend").rglob("*") if p.is_file()]
        found = {
            "stack export": _leaks(exported),
            "engine log / output": [line for t in texts for line in t.splitlines() if _leaks(line)],
            "backend files": [str(p) for p in files if any(pw.encode() in p.read_bytes() for pw in ALL)],
            "emulator request log": [
                r.operation for r in rig.admin.requests() if any(pw in v for v in r.params.values() for pw in ALL)
            ],
        }
        # Known engine limitation (v3.259.0), not fixable in a provider: at -v=9 the engine traces every
        # property it (un)marshals on its RPCs -- the program's RegisterResource, the provider's
        # Configure (the whole stack config), Check, Create, ... -- with secret values in plaintext (the
        # dynamic-provider host does not accept secrets, so the engine unwraps them for it). Pin the
        # leak to exactly those trace lines; every other log line and all output must be clean.
        log_lines = found["engine log / output"]
        traced = [line for line in log_lines if _ENGINE_RPC_TRACE.search(line)]
        found["engine log / output"] = [line[:300] for line in log_lines if line not in traced]
        known_engine_leaks.extend(traced)
        assert not any(found.values()), f"after {step}: {found}"
        checked.append(f"{step}: {sum(len(t) for t in texts)} chars of output/logs, {len(files)} state files")

    _verbose_up(stack, texts)  # create
    assert sum(t.count('"level"') for t in texts) > 100, "verbose engine logs were captured"
    check("create")

    cfg["access"] = "on ~app:* -@all +@read +@write"
    cfg["group"] = ["default", "alice", "carol"]
    _verbose_up(stack, texts)  # update
    check("update")

    cfg["users"]["alice"] = ["pwA", "pwNew"]  # rotation: add the new password, then drop the old one
    _verbose_up(stack, texts)
    cfg["users"]["alice"] = ["pwNew"]
    _verbose_up(stack, texts)
    assert rig.users()["alice"]["Authentication"]["PasswordCount"] == 1
    check("password rotation")

    # failures: the service rejects a password change, then a create; and refresh/destroy logs
    rig.admin.add_fault("ModifyUser", "InvalidParameterValue", message="Passwords length must be between 16-128")
    cfg["users"]["bob"] = ["pwB", "pwC"]
    with pytest.raises(auto_errors.CommandError) as failed:
        _verbose_up(stack, texts)
    texts.append(str(failed.value))
    assert "user 'bob': ModifyUser failed with InvalidParameterValue" in str(failed.value)
    rig.admin.add_fault("CreateUser", "InvalidParameterValue", message="rejected")
    cfg["users"]["dave"] = ["pwC"]
    cfg["group"] = ["default", "alice", "carol", "dave"]
    with pytest.raises(auto_errors.CommandError) as failed:
        _verbose_up(stack, texts)
    texts.append(str(failed.value))
    check("failed update and create")

    result = stack.refresh(on_output=texts.append, log_to_std_err=True, log_verbosity=9)
    texts += [result.stdout, result.stderr]
    result = stack.destroy(on_output=texts.append, log_to_std_err=True, log_verbosity=9)
    texts += [result.stdout, result.stderr]
    check("refresh and destroy", in_state=False)
    print("\n".join(checked))
    print(f"engine -v=9 RPC property-trace lines with a plaintext secret: {len(known_engine_leaks)}")
    assert known_engine_leaks, "the engine no longer traces secrets: update docs/reliability.md"
