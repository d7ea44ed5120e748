"""Every example is a runnable project with a README, and is exercised by a test; the CI sample is
a workflow that previews pull requests and updates main."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.integration.examples._projects import EXAMPLES

PROJECTS = ["quickstart", "password-rotation", "iam-users", "shared-group/owner", "shared-group/consumer",
            "valkey", "replication-group", "adopt"]  # fmt: skip


def test_every_example_is_listed_and_has_a_readme() -> None:
    folders = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assert folders == sorted(["adopt", "ci", "iam-users", "password-rotation", "quickstart", "replication-group",
                              "shared-group", "valkey"])  # fmt: skip
    index = (EXAMPLES / "README.md").read_text()
    for name in folders:
        assert (EXAMPLES / name / "README.md").is_file(), name
        assert f"]({name}/)" in index, name


def test_every_project_is_a_python_pulumi_project_on_the_repo_venv() -> None:
    for name in PROJECTS:
        project = yaml.safe_load((EXAMPLES / name / "Pulumi.yaml").read_text())
        assert project["runtime"]["name"] == "python", name
        venv = (EXAMPLES / name / project["runtime"]["options"]["virtualenv"]).resolve()
        assert venv == (EXAMPLES.parent / ".venv").resolve(), name
        assert (EXAMPLES / name / "__main__.py").is_file(), name
    assert (EXAMPLES / "password-rotation" / "step2" / "__main__.py").is_file()


def test_ci_sample_previews_pull_requests_and_updates_main() -> None:
    workflow = yaml.safe_load(Path(EXAMPLES / "ci" / "github-actions.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert triggers["pull_request"]["branches"] == ["main"]
    assert triggers["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["pulumi"]["steps"]
    commands = {s["with"]["command"]: s["if"] for s in steps if s.get("uses", "").startswith("pulumi/actions")}
    assert "pull_request" in commands["preview"]
    assert "refs/heads/main" in commands["up"]
