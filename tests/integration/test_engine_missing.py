"""Without an engine the integration tier fails loudly (never skips) and says how to get one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.pulumi_harness import REPO_ROOT


def test_missing_engine_is_a_failure_with_instructions(tmp_path: Path) -> None:
    env = dict(os.environ, PULUMI_ENGINE_DIR=str(tmp_path / "no-engine-here"))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/integration/test_engine_smoke.py"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "1 failed" in out or "1 error" in out, out
    assert "skipped" not in out
    assert "make engine" in out
