"""Found by ``benchmarks/size.py`` (issue 3): text of no known template with
many heading lines takes time quadratic in their number.

``_parse._headings_found`` checks every heading match against every match
found before it, to list the headings in the error. 4,000 pairs of heading
lines (216 KB) took 3.4 s, 8,000 (432 KB) 13.3 s; a 10 MB input would take
hours. Time per input size is measured by comparing two sizes in one run, not
against a clock, with the garbage collector paused: linear work grows 16x for
16x the input, quadratic work 256x.
"""

from __future__ import annotations

import gc
import time

import pytest

import imrparse

PAIR = "IMR ISSUES, DECISIONS AND RATIONALES\n\nSTRAY CAPITALS\n\n"


def _seconds(pairs: int, runs: int) -> float:
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            with pytest.raises(imrparse.ParseError, match="not a letter of a known template"):
                imrparse.loads(PAIR * pairs)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.xfail(
    strict=True,
    reason="_parse._headings_found compares each heading with all found before it",
)
def test_an_error_listing_many_headings_costs_time_linear_in_the_input() -> None:
    _seconds(10, 1)  # build the parsers first
    small = _seconds(250, 3)
    large = _seconds(4000, 1)  # 16 times the input
    assert large < 64 * small
