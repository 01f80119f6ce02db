"""Inputs the long fuzz runs (``fuzz/``) found to hang, reduced to a letter.

A hang cannot be caught in-process, so each input runs in a child process
with a generous limit: these inputs parse in milliseconds, and a regression
makes them take longer than the universe has (exponential backtracking).
"""

from __future__ import annotations

import subprocess
import sys

from letters import EXAMPLES

EXAMPLE = EXAMPLES / "issues_decisions_rationales.txt"

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
