"""Run Pulumi programs on the real engine, against a local backend, for tests, benchmarks and the demo.

Contract:
- :func:`find_engine` returns the engine built by ``make engine`` at exactly the version of the
  installed ``pulumi`` SDK, or raises :class:`EngineMissing` whose message says how to get it. Tests turn
  that into a *failure*, never a skip.
- :func:`pulumi_env` builds the environment every Pulumi process gets: a file backend and a private
  ``PULUMI_HOME`` under the given directory, a passphrase secrets provider, update checks and plugin
  downloads off, the project's interpreter for the dynamic-provider host, and AWS settings pointing at
  an emulator endpoint. Nothing here ever talks to the Pulumi Cloud or to AWS.
- :func:`inline_stack` / :func:`project_stack` create (or select) an Automation API stack with that
  environment.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pulumi import automation as auto

REPO_ROOT = Path(__file__).resolve().parents[2]
TEST_PASSPHRASE = "local-test-passphrase"


class EngineMissing(RuntimeError):
    """The Pulumi engine binaries are not where ``make engine`` puts them (or have the wrong version)."""


@dataclass(frozen=True)
class Engine:
    """A usable engine: ``bin_dir`` holds ``pulumi`` and the Python plugins, at ``version``."""

    bin_dir: Path
    version: str

    @property
    def pulumi(self) -> Path:
        return self.bin_dir / "pulumi"

    def command(self) -> auto.PulumiCommand:
        """A PulumiCommand bound to this engine (the Automation API checks its version)."""
        return auto.PulumiCommand(root=str(self.bin_dir.parent), version=None)


def default_engine_dir(version: str) -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "pulumi-elasticache-rbac" / "engine" / f"v{version}" / "bin"


def find_engine() -> Engine:
    """Locate the engine (``$PULUMI_ENGINE_DIR`` or the build cache) and check its version."""
    version = importlib.metadata.version("pulumi")
    bin_dir = Path(os.environ.get("PULUMI_ENGINE_DIR") or default_engine_dir(version))
    how = f"Build it with `make engine` (needs Go >= 1.24, or `pulumi` v{version} on PATH)."
    required = [
        "pulumi",
        "pulumi-language-python",
        "pulumi-language-python-exec",
        "pulumi-resource-pulumi-python",
    ]
    missing = [name for name in required if not os.access(bin_dir / name, os.X_OK)]
    if missing:
        raise EngineMissing(f"Pulumi engine v{version} not found in {bin_dir} (missing: {', '.join(missing)}). {how}")
    out = subprocess.run([str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, check=False)
    if out.stdout.strip() != f"v{version}":
        raise EngineMissing(
            f"{bin_dir / 'pulumi'} reports {out.stdout.strip() or out.stderr.strip()!r}, expected v{version}. {how}"
        )
    return Engine(bin_dir=bin_dir, version=version)


def pulumi_env(
    engine: Engine,
    state_dir: Path,
    *,
    aws_endpoint: str | None = None,
    region: str = "us-east-1",
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment for every Pulumi CLI / plugin process of one test (see module docstring)."""
    backend = state_dir / "backend"
    home = state_dir / "pulumi-home"
    backend.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": f"{engine.bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PULUMI_HOME": str(home),
        "PULUMI_BACKEND_URL": f"file://{backend}",
        "PULUMI_CONFIG_PASSPHRASE": TEST_PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
        # Test-only helper modules (tests/support) must import in the dynamic-provider process too.
        "PYTHONPATH": str(REPO_ROOT),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if aws_endpoint:
        env["AWS_ENDPOINT_URL_ELASTICACHE"] = aws_endpoint
    env.update(extra or {})
    return env


def _workspace_options(
    engine: Engine, env: Mapping[str, str], work_dir: Path | None, settings: auto.ProjectSettings | None
) -> auto.LocalWorkspaceOptions:
    return auto.LocalWorkspaceOptions(
        work_dir=str(work_dir) if work_dir else None,
        pulumi_home=env["PULUMI_HOME"],
        env_vars=dict(env),
        pulumi_command=engine.command(),
        project_settings=settings,
        secrets_provider="passphrase",
    )


def inline_stack(
    engine: Engine,
    env: Mapping[str, str],
    program: Callable[[], None],
    *,
    project: str = "rbac-test",
    stack: str = "test",
    work_dir: Path | None = None,
) -> auto.Stack:
    """Create or select stack ``project/stack`` running ``program`` in this process (inline program)."""
    settings = auto.ProjectSettings(
        name=project, runtime="python", backend=auto.ProjectBackend(url=env["PULUMI_BACKEND_URL"])
    )
    return auto.create_or_select_stack(
        stack_name=stack,
        project_name=project,
        program=program,
        opts=_workspace_options(engine, env, work_dir, settings),
    )


def project_stack(engine: Engine, env: Mapping[str, str], work_dir: Path, *, stack: str = "test") -> auto.Stack:
    """Create or select ``stack`` of the Pulumi project in ``work_dir`` (run by the language host)."""
    return auto.create_or_select_stack(
        stack_name=stack, work_dir=str(work_dir), opts=_workspace_options(engine, env, None, None)
    )


def root_project(dest: Path) -> Path:
    """A copy of the repository's root project (``Pulumi.yaml`` + ``__main__.py``, no stack files) in the
    new folder ``dest``, on this interpreter's virtualenv."""
    dest.mkdir()
    shutil.copyfile(REPO_ROOT / "__main__.py", dest / "__main__.py")
    text = (REPO_ROOT / "Pulumi.yaml").read_text()
    (dest / "Pulumi.yaml").write_text(re.sub(r"virtualenv: .*", f"virtualenv: {sys.prefix}", text))
    return dest
