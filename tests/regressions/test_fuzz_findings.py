"""Inputs the long fuzz runs (``fuzz/``) found to hang, reduced to a letter.

A hang cannot be caught in-process, so each input runs in a child process
with a generous limit: these inputs parse in milliseconds, and a regression
makes them take longer than the universe has (exponential backtracking). The
kind of fault behind them is also looked for in every terminal of every
grammar, each match stopped by a timer signal.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from letters import EXAMPLES

EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"
#: backtracking.py: every grammar terminal against inputs that make regexes backtrack
BENCHMARKS = EXAMPLES.parent / "benchmarks"

#: Found by fuzz/fuzz_load.py --seed 12, input 40664 (and --seed 11, input 4410):
#: a run of spaces between a topic and the next clause. The topic terminal
#: matched a run of spaces with a repetition inside a repetition, which
#: backtracks through every way of splitting the run when the next word stops
#: the topic.
_SPACES_BEFORE_A_CLAUSE = f"""
import imrparse
text = open({str(EXAMPLE)!r}, encoding="utf-8").read()
old = "Guidelines (ODG) Pain (Chronic), Opioids"
assert old in text
text = text.replace(
    old, old + " " * 80 + "Other Medical Treatment Guideline or Medical Evidence: UpToDate"
)
kinds = [c.kind.value for c in imrparse.loads(text).decisions[0].reviewer_basis]
assert kinds == ["mtus", "non_mtus", "other"], kinds
"""


def test_a_run_of_spaces_before_the_next_clause_parses() -> None:
    subprocess.run([sys.executable, "-c", _SPACES_BEFORE_A_CLAUSE], check=True, timeout=120)


@pytest.mark.skipif(
    not hasattr(signal, "setitimer") or not hasattr(signal, "SIGALRM"),
    reason="stopping a runaway match needs a timer signal",
)
@pytest.mark.slow
def test_no_grammar_terminal_backtracks_on_a_long_run() -> None:
    """Every terminal of every grammar, on the inputs of ``benchmarks/backtracking.py``.

    A short run (200 fillers) takes well under a millisecond a case for any
    terminal that does not backtrack badly; one that does takes longer than
    anyone waits, as the topic terminal did on a run of spaces.
    """
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from backtracking import slow_cases
    finally:
        sys.path.remove(str(BENCHMARKS))
    slow = slow_cases(run=200, limit=0.25, stop_after=0.5)
    assert not slow, "\n".join(f"{c.terminal}: {c.shape} ({c.seconds:.2f} s)" for c in slow)
