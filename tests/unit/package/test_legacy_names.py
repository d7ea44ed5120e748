"""The 0.1 import names in a checkout: ``dynamic_providers`` / ``components`` are aliases, never copies.

State written by 0.1 pickles providers as ``dynamic_providers.user.UserProvider`` etc. (the fixture
``tests/fixtures/legacy-v0.1.0/stack.json`` holds real ones). The dynamic-provider process of a stack
that mixes old and new resources unpickles both names; each check below runs in a fresh interpreter,
as that process does, so nothing imported by the test session can mask a second copy.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from typing import Any

import pytest

from pulumi_elasticache_rbac._legacy import adopt
from tests.support.pulumi_harness import REPO_ROOT

FIXTURE_STACK = REPO_ROOT / "tests" / "fixtures" / "legacy-v0.1.0" / "stack.json"

# Run in a fresh interpreter: report every loaded module of both names, by name, with its object id and file.
PROBE = """
import json, sys
{body}
mods = {{name: m for name, m in sys.modules.items()
        if name.split(".")[0] in ("components", "dynamic_providers")
        or name.startswith(("pulumi_elasticache_rbac.components", "pulumi_elasticache_rbac.dynamic_providers"))}}
print(json.dumps({{"modules": {{name: [id(m), getattr(m, "__file__", None)] for name, m in mods.items()}},
                  "result": result}}))
"""


def _run(body: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)],
        cwd=REPO_ROOT,  # like the root project's provider process: the checkout root is sys.path[0]
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return report


def _assert_one_copy(modules: dict[str, list[Any]]) -> None:
    """Every legacy name is bound to the very module object of its package name; each file loaded once."""
    new = {name: ident for name, (ident, _) in modules.items() if name.startswith("pulumi_elasticache_rbac.")}
    legacy = {name: ident for name, (ident, _) in modules.items() if not name.startswith("pulumi_elasticache_rbac.")}
    assert legacy, "no legacy name was imported"
    for name, ident in legacy.items():
        assert new.get(f"pulumi_elasticache_rbac.{name}") == ident, f"{name} is a second copy"
    files = [file for name, (_, file) in modules.items() if name in new]
    assert len(files) == len(set(files))
    assert len({ident for ident, _ in modules.values()}) == len(new)


def _legacy_provider_strings() -> dict[str, str]:
    """``__provider`` of one resource per provider class, as 0.1 wrote it, keyed by its pickled class path."""
    found: dict[str, str] = {}
    for resource in json.loads(FIXTURE_STACK.read_text())["deployment"]["resources"]:
        value = resource.get("outputs", {}).get("__provider")
        if isinstance(value, str):
            raw = base64.b64decode(value)
            path = next(p for p in ("membership", "user_group", "user") if f"dynamic_providers.{p}".encode() in raw)
            found.setdefault(path, value)
    return found


def test_fixture_pickles_the_legacy_class_paths() -> None:
    assert sorted(_legacy_provider_strings()) == ["membership", "user", "user_group"]


@pytest.mark.parametrize("first", ["legacy", "package"])
def test_both_names_are_one_module_set_in_either_order(first: str) -> None:
    legacy = "import dynamic_providers.user, dynamic_providers._client, dynamic_providers._retry, components"
    package = "import pulumi_elasticache_rbac.dynamic_providers.user, pulumi_elasticache_rbac.components"
    body = (
        "\n".join([legacy, package] if first == "legacy" else [package, legacy])
        + "\n"
        + (
            "import pulumi_elasticache_rbac as p\n"
            "result = [dynamic_providers.user.UserProvider is p.UserProvider,\n"
            "          components.ElastiCacheRbac is p.ElastiCacheRbac,\n"
            "          dynamic_providers._retry.group_lock is p.dynamic_providers._retry.group_lock]"
        )
    )
    report = _run(body)
    assert report["result"] == [True, True, True]
    _assert_one_copy(report["modules"])
    assert "dynamic_providers._client" in report["modules"] and "components._rules" in report["modules"]


def test_unpickling_old_and_new_providers_in_one_process_shares_classes_and_state() -> None:
    """What the provider process does for a stack mixing 0.1 resources and new ones: dill.loads both."""
    old = _legacy_provider_strings()
    body = f"""
import base64, dill
from pulumi.dynamic.dynamic import serialize_provider
old = {{k: dill.loads(base64.b64decode(v)) for k, v in {old!r}.items()}}
import pulumi_elasticache_rbac as p
new = {{"user": p.UserProvider(), "user_group": p.UserGroupProvider(), "membership": p.UserGroupMembershipProvider()}}
new = {{k: dill.loads(base64.b64decode(serialize_provider(v))) for k, v in new.items()}}
client_names = ("dynamic_providers._client", "pulumi_elasticache_rbac.dynamic_providers._client")
client_modules = {{sys.modules[n] for n in client_names}}
result = {{"same_class": {{k: type(old[k]) is type(new[k]) for k in new}},
          "old_class": {{k: type(v).__module__ + "." + type(v).__qualname__ for k, v in old.items()}},
          "new_pickle_names_package": all(b"pulumi_elasticache_rbac.dynamic_providers" in base64.b64decode(
              serialize_provider(v)) for v in new.values()),
          "client_modules": len(client_modules)}}
"""
    report = _run(body)
    result = report["result"]
    assert result["same_class"] == {"user": True, "user_group": True, "membership": True}
    assert result["old_class"] == {
        "user": "pulumi_elasticache_rbac.dynamic_providers.user.UserProvider",
        "user_group": "pulumi_elasticache_rbac.dynamic_providers.user_group.UserGroupProvider",
        "membership": "pulumi_elasticache_rbac.dynamic_providers.membership.UserGroupMembershipProvider",
    }
    assert result["new_pickle_names_package"] is True
    assert result["client_modules"] == 1
    _assert_one_copy(report["modules"])


def test_adopt_knows_only_the_legacy_names() -> None:
    with pytest.raises(ValueError, match="not a legacy package name: 'elasticache_emulator'"):
        adopt("elasticache_emulator")
