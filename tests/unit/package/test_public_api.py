"""The one import name: ``pulumi_elasticache_rbac`` re-exports the public API of its subpackages."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest

import pulumi_elasticache_rbac as pkg
from pulumi_elasticache_rbac import components, dynamic_providers
from tests.support.pulumi_harness import REPO_ROOT


def test_exports_exactly_the_public_names_of_both_subpackages() -> None:
    assert set(pkg.__all__) == {*components.__all__, *dynamic_providers.__all__, "__version__"}
    assert len(pkg.__all__) == len(set(pkg.__all__))
    for name in components.__all__:
        assert getattr(pkg, name) is getattr(components, name), name
    for name in dynamic_providers.__all__:
        assert getattr(pkg, name) is getattr(dynamic_providers, name), name


DOCS = [
    REPO_ROOT / "README.md",
    REPO_ROOT / "CHANGELOG.md",
    *sorted((REPO_ROOT / "docs").glob("*.md")),
    *sorted(REPO_ROOT.glob("examples/**/*.md")),
]
IMPORT = re.compile(r"^(?:from|import) pulumi_elasticache_rbac\b.*?(?:\([^)]*\)|$)", re.M | re.S)


def test_every_import_line_in_the_docs_works() -> None:
    statements = [(path.name, m.group(0)) for path in DOCS for m in IMPORT.finditer(path.read_text())]
    assert any("import ElastiCacheRbac" in s for _, s in statements)  # the README's component example
    for where, statement in statements:
        try:
            exec(statement, {})
        except ImportError as exc:
            pytest.fail(f"{where}: `{statement}` fails: {exc}")


def test_classes_live_under_the_package_name() -> None:
    """Dynamic providers are pickled by class path: new state must name the package, not a top-level folder."""
    for cls in (pkg.UserProvider, pkg.UserGroupProvider, pkg.UserGroupMembershipProvider, pkg.ElastiCacheRbac):
        assert cls.__module__.startswith("pulumi_elasticache_rbac."), cls


def test_is_typed() -> None:
    assert (Path(pkg.__file__).parent / "py.typed").is_file()


def test_version_is_the_installed_distribution_version() -> None:
    assert pkg.__version__ == importlib.metadata.version("pulumi-elasticache-rbac")


def test_in_the_checkout_the_subpackages_are_the_top_level_folders() -> None:
    """``components/`` and ``dynamic_providers/`` are the sources; the package reaches them (see pyproject)."""
    assert Path(components.__file__).resolve() == REPO_ROOT / "components" / "__init__.py"
    assert Path(dynamic_providers.__file__).resolve() == REPO_ROOT / "dynamic_providers" / "__init__.py"
