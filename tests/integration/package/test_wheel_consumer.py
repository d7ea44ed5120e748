"""The built wheel in a user's own Pulumi project, outside the repository.

The sdist and the wheel are built from the checkout (``python -m build``: the wheel from the sdist, as
``make dist``), the wheel is installed with its dependencies into a fresh virtualenv inside a copy of
``tests/fixtures/consumer-project`` (a project with its own ``components/`` and ``dynamic_providers/``),
and that project runs on the real engine against the emulator: ``up`` -> ``preview`` (no changes) ->
``destroy``; then the project's own pytest, which uses the emulator plugin shipped in the wheel.
Nothing of the repository is importable in that virtualenv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from pulumi import automation as auto

from elasticache_emulator.testing import RunningEmulator
from pulumi_elasticache_rbac import __version__
from tests.support import pulumi_harness as ph

FIXTURE = ph.REPO_ROOT / "tests" / "fixtures" / "consumer-project"
WRITER_PASSWORD = "payments-writer-password-0123"


@dataclass(frozen=True)
class Consumer:
    project: Path
    venv: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def site_packages(self) -> Path:
        return self.venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"


def _env(consumer: Consumer | None = None) -> dict[str, str]:
    """The caller's environment without anything that could put the repository on ``sys.path``."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    env["PYTHONPATH"] = ""  # empty: Python ignores it, and it overrides an inherited value
    if consumer is not None:
        env["PATH"] = f"{consumer.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(argv: Sequence[str | Path], *, cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    assert done.returncode == 0, f"{argv} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", out, ph.REPO_ROOT], cwd=out, env=_env())
    wheels = list(out.glob("*.whl"))
    assert [w.name for w in wheels] == [f"pulumi_elasticache_rbac-{__version__}-py3-none-any.whl"]
    assert (out / f"pulumi_elasticache_rbac-{__version__}.tar.gz").is_file()
    return wheels[0]


@pytest.fixture(scope="module")
def consumer(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Consumer:
    """The fixture project copied outside the repository, with ``venv/`` holding the wheel and pytest."""
    project = tmp_path_factory.mktemp("consumer") / "payments-rbac"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("__pycache__", "README.md"))
    assert ph.REPO_ROOT not in project.parents
    made = Consumer(project, project / "venv")
    _run([sys.executable, "-m", "venv", made.venv], cwd=project, env=_env())
    pip: list[str | Path] = [made.python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q"]
    _run([*pip, wheel, "pytest>=8.3,<9"], cwd=project, env=_env(made))
    return made


def test_wheel_holds_only_the_package_and_the_emulator(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {
        "pulumi_elasticache_rbac",
        "elasticache_emulator",
        f"pulumi_elasticache_rbac-{__version__}.dist-info",
    }
    for path in (
        "pulumi_elasticache_rbac/py.typed",
        "pulumi_elasticache_rbac/components/_rbac.py",
        "pulumi_elasticache_rbac/dynamic_providers/user.py",
        "pulumi_elasticache_rbac/cli/__init__.py",
        "elasticache_emulator/pytest_plugin.py",
    ):
        assert path in names, path
    entry_points = zipfile.ZipFile(wheel).read(f"pulumi_elasticache_rbac-{__version__}.dist-info/entry_points.txt")
    for line in (
        b"elasticache-emulator = elasticache_emulator.cli:main",
        b"elasticache-rbac = pulumi_elasticache_rbac.cli:main",
        b"elasticache_emulator = elasticache_emulator.pytest_plugin",
    ):
        assert line in entry_points, line


def test_nothing_of_the_repository_is_importable_in_the_consumer_venv(consumer: Consumer, tmp_path: Path) -> None:
    probe = (
        "import importlib.util, json, sys\n"
        "names = ['pulumi_elasticache_rbac', 'elasticache_emulator', 'components', 'dynamic_providers', "
        "'tests', 'benchmarks']\n"
        "print(json.dumps({'origins': {n: getattr(importlib.util.find_spec(n), 'origin', None) for n in names},"
        " 'path': sys.path}))\n"
    )
    report = json.loads(_run([consumer.python, "-c", probe], cwd=tmp_path, env=_env(consumer)))
    origins = report["origins"]
    for name in ("pulumi_elasticache_rbac", "elasticache_emulator"):
        assert Path(origins[name]) == consumer.site_packages / name / "__init__.py", origins
    assert [origins[n] for n in ("components", "dynamic_providers", "tests", "benchmarks")] == [None] * 4
    repo = str(ph.REPO_ROOT)
    assert not [p for p in report["path"] if p.startswith(repo)]
    assert not [p for p in consumer.site_packages.glob("*.pth") if repo in p.read_text()]


def test_console_scripts(consumer: Consumer, tmp_path: Path) -> None:
    bin_dir = consumer.venv / "bin"
    out = _run([bin_dir / "elasticache-rbac", "--version"], cwd=tmp_path, env=_env(consumer))
    assert out == f"elasticache-rbac {__version__}\n"
    assert "--state-file" in _run([bin_dir / "elasticache-emulator", "--help"], cwd=tmp_path, env=_env(consumer))


def test_consumer_project_up_preview_destroy(
    consumer: Consumer, pulumi_engine: ph.Engine, pulumi_state_dir: Path, emulator: RunningEmulator
) -> None:
    env = ph.pulumi_env(pulumi_engine, pulumi_state_dir, aws_endpoint=emulator.endpoint_url, extra={"PYTHONPATH": ""})
    # As in a user's setup: only `Pulumi.yaml` (virtualenv: venv) says which Python runs the program and
    # the dynamic-provider process (the harness's fallback interpreter is this repository's venv).
    del env["PULUMI_PYTHON_CMD"]
    stack = ph.project_stack(pulumi_engine, env, consumer.project, stack="dev")
    stack.set_config("aws:region", auto.ConfigValue("us-east-1"))
    stack.set_config("writerPassword", auto.ConfigValue(WRITER_PASSWORD, secret=True))

    up = stack.up()
    assert up.summary.result == "succeeded", up.stdout
    # The stack, the component with its 2 users, 2 groups and barrier, the standalone user and membership,
    # and the project's own Probe.
    assert up.summary.resource_changes == {"create": 10}, up.summary.resource_changes
    assert up.outputs["groupIds"].value == ["payments", "payments-shared"]
    own = {
        "components": str(consumer.project / "components" / "__init__.py"),
        "dynamic_providers": str(consumer.project / "dynamic_providers" / "__init__.py"),
    }
    package = str(consumer.site_packages / "pulumi_elasticache_rbac" / "__init__.py")
    # In the program and in the dynamic-provider process alike: the project's own packages and the wheel's.
    assert up.outputs["programImports"].value == {**own, "pulumi_elasticache_rbac": package}
    assert up.outputs["providerProcessImports"].value == {
        **own,
        "pulumi_elasticache_rbac": package,
        "sys.prefix": str(consumer.venv),
    }

    client = emulator.client()
    groups = {g["UserGroupId"]: set(g.get("UserIds", [])) for g in client.describe_user_groups()["UserGroups"]}
    # A group created without members starts with the built-in `default` (a redis group needs one).
    assert groups == {
        "payments": {"payments-default", "payments-writer"},
        "payments-shared": {"default", "payments-auditor"},
    }
    users = {u["UserId"] for u in client.describe_users()["Users"]}
    assert users == {"default", "payments-default", "payments-writer", "payments-auditor"}

    preview = stack.preview()
    assert set(preview.change_summary) == {"same"}, preview.change_summary

    for path in (pulumi_state_dir / "backend").rglob("*"):
        if path.is_file():
            assert WRITER_PASSWORD.encode() not in path.read_bytes(), path

    destroy = stack.destroy()
    assert destroy.summary.result == "succeeded", destroy.stdout
    assert [u["UserId"] for u in client.describe_users()["Users"]] == ["default"]
    assert client.describe_user_groups()["UserGroups"] == []


def test_consumer_runs_its_own_tests_with_the_emulator_plugin_from_the_wheel(consumer: Consumer) -> None:
    out = _run(
        [consumer.python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=consumer.project, env=_env(consumer)
    )
    assert "3 passed" in out, out
