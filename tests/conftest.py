"""Shared fixtures: Hypothesis profiles, the sample letters, a private cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The default profile draws the same examples on every run, so that a run's
# result never depends on luck; HYPOTHESIS_PROFILE=dev draws new ones, ten
# times as many, to look for failures (as fuzz/fuzz_load.py does for longer).
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
#: The real letters beside the repository (absent for users).
SEEDS = ROOT.parent / "shared" / "seeds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/expected/ from the current output",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Grammar caches go to a private folder, never the user's.
    cache = ROOT / ".pytest_cache" / "imrparse-grammar"
    os.environ.setdefault("IMRPARSE_CACHE_DIR", str(cache))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("the sample letters (../shared/seeds) are not present")
    return SEEDS
