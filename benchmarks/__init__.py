"""``make bench``: converge time and API calls of the RBAC resources against the critical path.

Run ``python benchmarks/run.py --help``; see ``benchmarks/README.md`` for the timings and formulas.
"""
