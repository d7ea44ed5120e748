"""Compare the ElastiCache API calls two test runs made, per test and operation.

Record a run with ``ELASTICACHE_EMULATOR_CALL_TOTALS=<dir> make test`` (every in-process emulator writes
the totals of the calls it served, see ``elasticache_emulator.testing``), then::

    python scripts/compare_call_totals.py BEFORE_DIR AFTER_DIR

prints, for every test whose calls differ, the operations with their counts before -> after (``ok`` and
refused calls apart), then the totals. Write calls are deterministic; ``Describe*`` / ``List*`` counts
vary a little with timing (polls). Exit code 1 when a write operation is called more often after.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

Key = tuple[str, str]


def load(directory: Path) -> dict[str, Counter[Key]]:
    """Per test: (operation, outcome) -> calls, summed over the test's emulators."""
    per_test: dict[str, Counter[Key]] = defaultdict(Counter)
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text())
        for operation, outcome, count in data["totals"]:
            per_test[data["test"]][(operation, outcome)] += int(count)
    return per_test


def is_write(operation: str) -> bool:
    return not operation.startswith(("Describe", "List"))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = (load(Path(a)) for a in argv)
    more_writes = False
    total_before: Counter[Key] = Counter()
    total_after: Counter[Key] = Counter()
    for test in sorted(set(before) | set(after)):
        b, a = before.get(test, Counter()), after.get(test, Counter())
        total_before.update(b)
        total_after.update(a)
        if b == a:
            continue
        lines = []
        for key in sorted(set(b) | set(a)):
            if b[key] != a[key]:
                flag = " <- more writes" if is_write(key[0]) and a[key] > b[key] else ""
                more_writes |= bool(flag)
                lines.append(f"    {key[0]} [{key[1]}]: {b[key]} -> {a[key]}{flag}")
        print(f"{test}\n" + "\n".join(lines))
    print("\nTotals (all tests):")
    for key in sorted(set(total_before) | set(total_after)):
        print(f"  {key[0]} [{key[1]}]: {total_before[key]} -> {total_after[key]}")
    writes_b = sum(n for k, n in total_before.items() if is_write(k[0]))
    writes_a = sum(n for k, n in total_after.items() if is_write(k[0]))
    reads_b = sum(total_before.values()) - writes_b
    reads_a = sum(total_after.values()) - writes_a
    print(f"\nwrites {writes_b} -> {writes_a}; reads {reads_b} -> {reads_a}; tests {len(before)} -> {len(after)}")
    return 1 if more_writes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
