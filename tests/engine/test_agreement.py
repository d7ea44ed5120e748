"""The access-string model agrees with a real engine (``ACL SETUSER`` / ``ACL GETUSER`` / ``ACL DRYRUN``)."""

from __future__ import annotations

import pytest

from tests.engine.agreement import Corpus, corpus, measure
from tests.support.redis_server import RedisServer


@pytest.fixture(scope="module")
def data() -> Corpus:
    return corpus()


def test_the_corpus_is_large_enough(data: Corpus) -> None:
    assert len(data.strings) >= 300
    assert sum(len(lines) for lines in data.command_lines.values()) >= 3000


def test_agreement_with_the_engine(redis_engine: RedisServer, data: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    figures = measure(redis_engine, data)
    with capsys.disabled():
        print(f"\naccess strings vs redis-server {redis_engine.version}:", end=" ")
        print("; ".join(figures.line(name) for name in ("validation", "equivalence", "dry_run")))
    assert figures.dry_run[1] >= 3000
    assert figures.ratio("validation") >= 0.99, figures.disagreements
    assert figures.ratio("dry_run") >= 0.99, figures.disagreements
    assert figures.ratio("equivalence") == 1.0, figures.disagreements
