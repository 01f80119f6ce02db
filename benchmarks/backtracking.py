"""Every grammar terminal against inputs that make badly shaped regexes backtrack.

Each terminal's regular expression is matched against a prefix, a long run of
one filler (spaces, words, punctuation) and then a stopper (a label, a
heading, a clause start, a colon, an empty line, ...): the shapes under which
a repetition inside a repetition, or two overlapping alternatives in a loop,
backtracks exponentially or quadratically. Prints the slowest cases and exits
with status 1 when any takes longer than ``--limit`` seconds (Unix: uses a
timer signal to stop a runaway match). ``tests/regressions`` runs it with a
short filler run (``slow_cases``).

    python benchmarks/backtracking.py [--run 2000] [--limit 0.05]
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
from typing import NamedTuple

from _common import terminal_regexps

from imrparse._grammar import get_parser
from imrparse._parse import available_templates

PREFIXES = ("a", "The", "Norco", "1) ", "(", "")
FILLERS = (" ", "\t", " \n", "a ", "a", ". ", ", ", "( ", "word ", "A. ", "\n", "-")
STOPPERS = (
    "Other Medical Treatment Guideline or Medical Evidence:",
    "Decision based on MTUS",
    "Page(s): 4",
    "pages 4",
    ":",
    ".",
    ",",
    ";",
    "\n\n",
    "\nMAXIMUS guideline:",
    "MAXIMUS guideline:",
    " is medically necessary.",
    " is not medically necessary and appropriate.",
    "\nCLINICAL CASE SUMMARY\n",
    ":  Upheld",
    "(",
    ")",
    "and is licensed to practice in",
    "has a subspecialty in",
    "and ",
    "#",
    "/",
    "x",
)


class Case(NamedTuple):
    """One terminal matched against one input."""

    seconds: float  #: infinite when the match was stopped
    terminal: str
    shape: str  #: how the input is made, e.g. ``'a' + ' ' * n + ':'``


class _TooSlow(Exception):
    pass


def _stop(signum: int, frame: object) -> None:
    raise _TooSlow


def _stop_after(limit: float) -> float:
    return 10 * limit + 1


def grammar_terminals() -> dict[str, str]:
    """Each distinct terminal regular expression of every template's grammar, and its name."""
    patterns: dict[str, str] = {}
    for template in available_templates():
        for name, regexp in terminal_regexps(get_parser(template)):
            patterns.setdefault(regexp, name)
    return patterns


def time_cases(patterns: dict[str, str], run: int, stop_after: float) -> list[Case]:
    """Every terminal against every input, slowest first.

    A match still running after ``stop_after`` seconds is stopped by a timer
    signal (SIGALRM: Unix, main thread only) and its case timed as infinite.
    """
    previous = signal.signal(signal.SIGALRM, _stop)
    timings: list[Case] = []
    try:
        for regexp, name in patterns.items():
            compiled = re.compile(regexp)
            for prefix in PREFIXES:
                for filler in FILLERS:
                    for stopper in STOPPERS:
                        text = prefix + filler * run + stopper
                        start = time.perf_counter()
                        signal.setitimer(signal.ITIMER_REAL, stop_after)
                        try:
                            compiled.match(text)
                            compiled.match(text, 1)
                            seconds = time.perf_counter() - start
                        except _TooSlow:
                            seconds = float("inf")
                        finally:
                            signal.setitimer(signal.ITIMER_REAL, 0)
                        case = f"{prefix!r} + {filler!r} * n + {stopper!r}"
                        timings.append(Case(seconds, name, case))
    finally:
        signal.signal(signal.SIGALRM, previous)
    timings.sort(reverse=True)
    return timings


def slow_cases(run: int = 2000, limit: float = 0.05, stop_after: float | None = None) -> list[Case]:
    """The cases of every grammar terminal that take longer than ``limit`` seconds.

    Args:
        run: The length of the filler run.
        limit: Seconds allowed per case.
        stop_after: Seconds after which a match is stopped (default: ten
            times the limit and one second).
    """
    stop = _stop_after(limit) if stop_after is None else stop_after
    patterns = grammar_terminals()
    slow = [c for c in time_cases(patterns, run, stop) if c.seconds > limit]
    # A pattern that backtracks is slow every time; a case slow once may have
    # been the machine's doing (another process, a pause): time the slow
    # terminals' cases twice more and keep each case's fastest time.
    for _ in range(2):
        if not slow:
            break
        names = {c.terminal for c in slow}
        again = {
            (c.terminal, c.shape): c
            for c in time_cases({r: n for r, n in patterns.items() if n in names}, run, stop)
        }
        slow = [
            min(c, again.get((c.terminal, c.shape), c), key=lambda case: case.seconds) for c in slow
        ]
        slow = [c for c in slow if c.seconds > limit]
    return slow


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--run", type=int, default=2000, help="length of the filler run")
    args.add_argument("--limit", type=float, default=0.05, help="seconds allowed per case")
    options = args.parse_args()

    patterns = grammar_terminals()
    timings = time_cases(patterns, options.run, _stop_after(options.limit))
    cases = len(timings)
    print(f"{len(patterns)} terminals, {cases} cases, filler run of {options.run}")
    print("slowest cases (seconds):")
    for seconds, name, case in timings[:10]:
        print(f"  {seconds:8.4f}  {name:28} {case}")
    slow = [t for t in timings if t.seconds > options.limit]
    print(f"{len(slow)} cases over {options.limit} s")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
