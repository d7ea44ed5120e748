"""A Python *project directory* runs through the language host: config, secrets, up/preview/destroy."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from pulumi import automation as auto

PROGRAM = """
import pulumi
from tests.support.smoke_provider import Echo

cfg = pulumi.Config()
echo = Echo("echo", cfg.require("value"))
pulumi.export("digest", echo.digest)
pulumi.export("token", cfg.require_secret("token"))
print("program ran for stack", pulumi.get_stack())
"""


def _write_project(root: Path) -> Path:
    proj = root / "proj"
    proj.mkdir()
    (proj / "Pulumi.yaml").write_text(
        f"name: smoke-project\nruntime:\n  name: python\n  options:\n    virtualenv: {sys.prefix}\n"
    )
    (proj / "__main__.py").write_text(PROGRAM)
    return proj


def test_project_directory_up_preview_destroy(tmp_path: Path, project_stack: Callable[..., auto.Stack]) -> None:
    stack = project_stack(_write_project(tmp_path), stack="dev")
    stack.set_config("value", auto.ConfigValue("from config"))
    stack.set_config("token", auto.ConfigValue("not-a-real-token-0123456789", secret=True))

    up = stack.up()
    assert up.summary.result == "succeeded"
    assert "program ran for stack dev" in up.stdout
    assert up.outputs["digest"].value == hashlib.sha256(b"from config").hexdigest()
    assert up.outputs["token"].secret is True

    assert stack.preview().change_summary == {"same": 2}
    assert stack.destroy().summary.resource_changes == {"delete": 2}
