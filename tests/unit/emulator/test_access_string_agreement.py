"""The emulator's own access-string check and the providers' model agree (one table, two readers).

The emulator checks access strings with its own code (it must answer like the service, not like this
project's providers), reading the same command tables. This pins the two to the same verdict on the
real-engine tier's whole generated corpus, for every engine table.
"""

from __future__ import annotations

import pytest

from elasticache_emulator import access_strings as emulator
from elasticache_emulator.config import DEFAULT_FORBIDDEN_COMMANDS
from pulumi_elasticache_rbac.dynamic_providers import access_strings
from pulumi_elasticache_rbac.dynamic_providers.command_table import TABLES
from tests.engine.agreement import corpus


def _emulator_accepts(text: str, engine: str) -> bool:
    try:
        emulator.validate(text, DEFAULT_FORBIDDEN_COMMANDS, engine)
    except emulator.AccessStringError:
        return False
    return True


@pytest.mark.parametrize("engine", TABLES)
def test_same_verdict_on_the_engine_corpus(engine: str) -> None:
    data = corpus()
    strings = dict.fromkeys(data.strings + [s for pair in data.pairs for s in pair])
    different = [
        text
        for text in strings
        if _emulator_accepts(text, engine) != (not access_strings.validate(text, engine=engine))
    ]
    assert len(strings) > 1000
    assert not different
