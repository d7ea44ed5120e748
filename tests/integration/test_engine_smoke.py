"""The real engine runs a dynamic resource end to end: up -> preview (no changes) -> destroy."""

from __future__ import annotations

import hashlib

import pulumi

from tests.conftest import InlineStackFactory
from tests.support.smoke_provider import Echo


def _program() -> None:
    echo = Echo("echo", "hello engine")
    pulumi.export("digest", echo.digest)


def test_dynamic_resource_up_preview_destroy(inline_stack: InlineStackFactory) -> None:
    stack = inline_stack(_program, project="smoke")

    up = stack.up()
    assert up.summary.result == "succeeded"
    assert up.summary.resource_changes == {"create": 2}
    assert up.outputs["digest"].value == hashlib.sha256(b"hello engine").hexdigest()

    preview = stack.preview()
    assert preview.change_summary == {"same": 2}

    destroy = stack.destroy()
    assert destroy.summary.result == "succeeded"
    assert destroy.summary.resource_changes == {"delete": 2}
