"""Access strings under the real Pulumi engine: a rewritten equivalent shows no diff, a misspelt command
fails the preview with a did-you-mean (and no API call)."""

from __future__ import annotations

from typing import Any

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac.dynamic_providers import User
from tests.support import live

PW = "integration-secret-pw-1"
DECLARED = "on ~app:* -@all +@read +@hash -hgetall"
# The same permissions as ElastiCache / ACL LIST may write them: `off`-less order changed, categories
# spelt out, a redundant rule, a cancelled rule, aliases.
REWRITTEN = [
    "~app:* on resetchannels -@all +@hash +@read -hgetall",
    "on ~app:* ~app:* nocommands +@read +@hash +hgetall -hgetall",
    "on %RW~app:* -@all +@read +@hash -hgetall +client|list -client|list",
]


def _preview(stack: Any) -> dict[str, int]:
    return dict(stack.preview().change_summary)


def test_a_rewritten_equivalent_access_string_shows_no_diff(inline_stack: Any, emulator: RunningEmulator) -> None:
    def program() -> None:
        User(
            "reader",
            user_id="reader",
            access_string=DECLARED,
            authentication_mode={"type": "password", "passwords": [PW]},
        )

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    stack.up(on_output=print)
    client = emulator.client()
    for rewritten in REWRITTEN:
        client.modify_user(UserId="reader", AccessString=rewritten)  # out of band, as the service may rewrite it
        stack.refresh(on_output=print)
        assert client.describe_users(UserId="reader")["Users"][0]["AccessString"] == rewritten
        assert set(_preview(stack)) <= {"same"}, rewritten

    # A real difference is still a diff: +hgetall is granted now.
    client.modify_user(UserId="reader", AccessString="on ~app:* -@all +@read +@hash")
    stack.refresh(on_output=print)
    assert _preview(stack).get("update") == 1
    stack.up(on_output=print)
    assert client.describe_users(UserId="reader")["Users"][0]["AccessString"] == DECLARED
    stack.destroy(on_output=print)


def test_a_misspelt_command_fails_preview_with_did_you_mean(inline_stack: Any, emulator: RunningEmulator) -> None:
    def program() -> None:
        User(
            "typo",
            user_id="typo",
            access_string="on ~x +gett",
            authentication_mode={"type": "password", "passwords": [PW]},
        )

    stack = inline_stack(program, endpoint=emulator.endpoint_url)
    emulator.admin.clear_requests()
    text = live.failure_text(stack.preview)
    assert "unknown command 'gett'" in text and "did you mean get?" in text, text
    assert emulator.admin.requests() == []
