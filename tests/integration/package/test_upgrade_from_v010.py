"""A stack written by 0.1.0, driven by its program with only the import lines moved to the package name.

The 0.1.0 state (tests/fixtures/legacy-v0.1.0) pickles the providers as ``dynamic_providers.<module>.<Class>``;
the successor program pickles ``pulumi_elasticache_rbac.dynamic_providers.<module>.<Class>``. ``preview``
and ``up`` plan nothing but the component's barrier (issue 11; it writes nothing to the service), ``refresh``
changes nothing; resources created afterwards carry the new class path, so the
following ``refresh`` and ``destroy`` unpickle providers under both names in one provider process.
(``tests/integration/test_legacy_state.py`` runs the unchanged 0.1.0 program on the same state.)
"""

from __future__ import annotations

import base64
import pickletools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from tests.support import live
from tests.support import pulumi_harness as ph
from tests.support.legacy_state import restore

OLD_IMPORTS = (
    "from components import ElastiCacheRbac\nfrom dynamic_providers import User, UserGroup, UserGroupMembership\n"
)
NEW_IMPORTS = "from pulumi_elasticache_rbac import ElastiCacheRbac, User, UserGroup, UserGroupMembership\n"
BARRIER = "pulumi_elasticache_rbac.dynamic_providers.barrier.RbacBarrierProvider"
ADDED = """
auditor = User("auditor", user_id="auditor", access_string="on ~app:* +@read", authentication_mode={"type": "iam"})
UserGroupMembership("auditor-in-open", user_group_id=open_group.user_group_id, user_ids=[auditor.user_id])
"""


def _pickled_class(value: str) -> str:
    """``module.Class`` that a ``__provider`` value refers to (dill pickles these classes by reference)."""
    strings = [arg for op, arg, _ in pickletools.genops(base64.b64decode(value)) if op.name.endswith("UNICODE")]
    return f"{strings[0]}.{strings[1]}"


def _provider_classes(stack: auto.Stack) -> dict[str, set[str]]:
    """The provider class paths in the state, from the resources' inputs and from their outputs."""
    found: dict[str, set[str]] = {"inputs": set(), "outputs": set()}
    deployment = stack.export_stack().deployment or {}
    for resource in deployment["resources"]:
        for side in found:
            value = resource.get(side, {}).get("__provider")
            if isinstance(value, str):
                found[side].add(_pickled_class(value))
    return found


def _no_changes(summary: Mapping[Any, int] | None) -> None:
    assert set(summary or {}) == {"same"}, summary


def test_successor_program_on_v010_state(pulumi_engine: ph.Engine, tmp_path: Path) -> None:
    restored = restore(pulumi_engine, "legacy-v0.1.0", tmp_path)
    try:
        program = restored.project_dir / "__main__.py"
        text = program.read_text()
        assert OLD_IMPORTS in text
        program.write_text(text.replace(OLD_IMPORTS, NEW_IMPORTS))
        stack, admin, client = restored.stack, restored.emulator.admin, restored.emulator.client()
        legacy = {
            "dynamic_providers.user.UserProvider",
            "dynamic_providers.user_group.UserGroupProvider",
            "dynamic_providers.membership.UserGroupMembershipProvider",
        }
        assert _provider_classes(stack) == {"inputs": legacy, "outputs": legacy}
        admin.clear_requests()

        assert live.plan(stack) == [("create", live.BARRIER, "rbac-ready")]
        _no_changes(stack.refresh().summary.resource_changes)
        up = stack.up()
        assert up.summary.resource_changes == {"create": 1, "same": 12}, up.summary.resource_changes
        assert [r.operation for r in admin.requests() if r.is_write] == []
        # `up` records the new inputs, while refresh and destroy read the provider from the outputs,
        # which keep the 0.1.0 class paths: the old names must stay importable (pulumi_elasticache_rbac._legacy).
        new = {f"pulumi_elasticache_rbac.{path}" for path in legacy}
        assert _provider_classes(stack) == {"inputs": new | {BARRIER}, "outputs": legacy | {BARRIER}}

        program.write_text(program.read_text() + ADDED)
        up = stack.up()
        assert up.summary.resource_changes == {"create": 2, "same": 13}, up.summary.resource_changes
        classes = _provider_classes(stack)
        assert classes["outputs"] == legacy | {
            BARRIER,
            "pulumi_elasticache_rbac.dynamic_providers.user.UserProvider",
            "pulumi_elasticache_rbac.dynamic_providers.membership.UserGroupMembershipProvider",
        }
        open_group = client.describe_user_groups(UserGroupId="open-group")["UserGroups"][0]
        assert set(open_group["UserIds"]) == {"default", "solo", "auditor"}

        admin.clear_requests()
        _no_changes(stack.refresh().summary.resource_changes)
        assert [r.operation for r in admin.requests() if r.is_write] == []

        destroy = stack.destroy()
        assert destroy.summary.result == "succeeded", destroy.stdout
        assert [u["UserId"] for u in client.describe_users()["Users"]] == ["default"]
        assert client.describe_user_groups()["UserGroups"] == []
    finally:
        restored.emulator.stop()
