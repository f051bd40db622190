"""Property-based tests (hypothesis): what an attacker or a careless file can send.

Two budgets: `make test` runs the "suite" profile (a few seconds a property, the same
examples every run so a failure is reproducible), `make fuzz` the "fuzz" profile (random,
many more examples, failures kept in .hypothesis/ and replayed first next time).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Slow checks (a fixture shared by the examples, a model or server behind them) are expected.
_RELAXED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("suite", max_examples=25, deadline=None, derandomize=True, database=None,
                          suppress_health_check=_RELAXED, print_blob=True)  # fmt: skip
settings.register_profile("fuzz", max_examples=1000, deadline=None, suppress_health_check=_RELAXED, print_blob=True)
settings.load_profile(os.environ.get("MADOGUCHI_FUZZ_PROFILE", "suite"))


def few(share: int = 5) -> int:
    """Examples for a property whose every example is expensive (a corpus write, a training-size check)."""
    return max(5, settings.default.max_examples // share)
