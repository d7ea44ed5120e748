"""Copy an example project to a scratch directory so that a test never writes into examples/.

The copy's ``Pulumi.yaml`` points ``runtime.options.virtualenv`` at the interpreter running the tests
(the repository's ``.venv``), which has this repository's packages installed.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

from tests.support.pulumi_harness import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples"


def copy_example(name: str, dest: Path) -> Path:
    src = EXAMPLES / name
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__"))
    for project_file in dest.rglob("Pulumi.yaml"):
        text = project_file.read_text()
        project_file.write_text(re.sub(r"virtualenv: .*", f"virtualenv: {sys.prefix}", text))
    return dest


def use_step(project: Path, step: str) -> None:
    """Replace the program with ``<step>/__main__.py`` (pulumi-eks style update steps)."""
    shutil.copyfile(project / step / "__main__.py", project / "__main__.py")


def live(client: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(users by id, groups by id) as the emulator reports them."""
    users = {u["UserId"]: u for u in client.describe_users()["Users"]}
    groups = {g["UserGroupId"]: g for g in client.describe_user_groups()["UserGroups"]}
    return users, groups
