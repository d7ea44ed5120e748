"""The root project (Pulumi.yaml + __main__.py at the repository root) under the real engine: a
malformed `rbac` config value fails the preview with every problem and its config path, no traceback.
(Its happy path is `make up`, in tests/integration/test_demo.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pulumi import automation as auto

from elasticache_emulator.testing import RunningEmulator
from tests.support.pulumi_harness import root_project


def test_malformed_config_names_every_config_path(
    tmp_path: Path, project_stack: Callable[..., auto.Stack], emulator: RunningEmulator
) -> None:
    stack = project_stack(root_project(tmp_path / "root"), stack="bad", endpoint=emulator.endpoint_url)
    stack.set_config("rbac.users[0].id", auto.ConfigValue("Bad_Id"), path=True)
    stack.set_config("rbac.users[0].accessString", auto.ConfigValue("on ~* +@all"), path=True)
    stack.set_config("rbac.users[0].passwords[0]", auto.ConfigValue("too-short", secret=True), path=True)
    stack.set_config("rbac.groups[0].id", auto.ConfigValue("g"), path=True)
    stack.set_config("rbac.groups[0].members[0]", auto.ConfigValue("nobody"), path=True)

    with pytest.raises(auto.CommandError) as info:
        stack.preview()
    text = str(info.value)
    for expected in (
        "ElastiCacheRbac spec has 3 problems",
        "rbac.users[0].id: user id `bad_id` is not a valid identifier",
        "rbac.users[0].passwords[0]: must be 16-128 characters long",
        "rbac.groups[0].members[0]: unknown user id `nobody`",
        "Fix:",
    ):
        assert expected in text, text
    assert "too-short" not in text
    assert "Traceback" not in text


def test_failing_expectation_in_config_fails_preview(
    tmp_path: Path, project_stack: Callable[..., auto.Stack], emulator: RunningEmulator
) -> None:
    stack = project_stack(root_project(tmp_path / "root"), stack="expect", endpoint=emulator.endpoint_url)
    stack.set_config("rbac.users[0].id", auto.ConfigValue("reader"), path=True)
    stack.set_config("rbac.users[0].accessString", auto.ConfigValue("on ~app:* +@all"), path=True)
    stack.set_config("rbac.users[0].passwords[0]", auto.ConfigValue("reader-password-0123", secret=True), path=True)
    stack.set_config("rbac.expectations[0].user", auto.ConfigValue("reader"), path=True)
    stack.set_config("rbac.expectations[0].allow[0]", auto.ConfigValue("GET app:1"), path=True)
    stack.set_config("rbac.expectations[0].deny[0]", auto.ConfigValue("SET app:1 v"), path=True)
    stack.set_config("rbac.expectations[0].deny[1]", auto.ConfigValue("FLUSHALL"), path=True)

    with pytest.raises(auto.CommandError) as info:
        stack.preview()
    text = str(info.value)
    assert "ElastiCacheRbac spec has 2 problems" in text, text
    assert "rbac.expectations[0].deny[0]: user `reader` may run `SET app:1 v`: '+@all' allows 'set'" in text
    assert "rbac.expectations[0].deny[1]: user `reader` may run `FLUSHALL`" in text
    assert "reader-password-0123" not in text
    assert "Traceback" not in text
    assert emulator.admin.requests() == []


def test_missing_config_says_how_to_set_it(
    tmp_path: Path, project_stack: Callable[..., auto.Stack], emulator: RunningEmulator
) -> None:
    stack = project_stack(root_project(tmp_path / "root"), stack="empty", endpoint=emulator.endpoint_url)
    with pytest.raises(auto.CommandError) as info:
        stack.preview()
    text = str(info.value)
    assert "`elasticache-rbac:rbac` is not set" in text, text
    assert "pulumi config set --secret --path 'rbac.users[0].passwords[0]'" in text
    assert "Traceback" not in text
