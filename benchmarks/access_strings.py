"""Per-call cost of the access-string model (run at every preview for every user).

    .venv/bin/python -m benchmarks.access_strings

Prints the time of the first (uncached) and of repeated ``validate`` / ``equivalent`` calls, the
command table's load time, and a ``dry_run``, for a typical access string and 500 distinct ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from pulumi_elasticache_rbac.dynamic_providers import access_strings, command_table

TYPICAL = "on ~app:* -@all +@read +@hash -hgetall &news.* (~audit:* +xadd)"
REWRITTEN = "on ~app:* &news.* -@all +@hash +@read -hgetall (~audit:* +xadd)"


def _per_call(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def main() -> None:
    start = time.perf_counter()
    command_table.load("redis")
    print(f"load the redis command table (once per process): {1000 * (time.perf_counter() - start):.1f} ms")
    distinct = [f"on ~app{i}:* -@all +@read +@hash -hgetall &news.* (~audit{i}:* +xadd)" for i in range(500)]
    start = time.perf_counter()
    for text in distinct:
        access_strings.validate(text)
    first = 1e6 * (time.perf_counter() - start) / 500
    cached = 1e6 * _per_call(lambda: access_strings.validate(TYPICAL), 20000)
    access_strings.equivalent(TYPICAL, REWRITTEN)
    compare = 1e6 * _per_call(lambda: access_strings.equivalent(TYPICAL, REWRITTEN), 20000)
    argv = ["GET", "app:1"]
    dry = 1e6 * _per_call(lambda: access_strings.dry_run(TYPICAL, argv), 5000)
    print(f"validate, first call per string (parse): {first:.0f} us/call")
    print(f"validate, cached:                        {cached:.1f} us/call")
    print(f"equivalent, cached (both parsed):        {compare:.1f} us/call")
    print(f"dry_run GET app:1:                       {dry:.0f} us/call")


if __name__ == "__main__":
    main()
