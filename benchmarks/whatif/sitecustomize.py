"""What-if experiments (``run.py --what-if-pbkdf2-rounds N``): imported by every Python process the
engine starts, because ``run.py`` puts this directory first on their ``PYTHONPATH``.

It changes a constant of the *measured* code in the dynamic-provider process only, to estimate the gain
of a proposed fix (benchmarks/FINDINGS.md) before anyone implements it. Never used by ``make bench``'s
default run.
"""

import os

_rounds = os.environ.get("BENCH_WHATIF_PBKDF2_ROUNDS")
if _rounds:
    import dynamic_providers.user as _user

    _user._PBKDF2_ROUNDS = int(_rounds)
