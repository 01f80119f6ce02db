"""What the benchmarks share: the sample letters, corpora, timing, grammar terminals.

The benchmarks run as scripts (``python benchmarks/parse.py``), so they import
this as a sibling module: ``from _common import ...``.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from imrparse import Template
from imrparse._parse import _bare
from imrparse.testing import Layout, random_letter, render

#: The sample letters beside the repository (absent for most checkouts).
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
#: Real letters (PDFs) beside the repository (absent for most checkouts).
REAL_LETTERS = Path(__file__).resolve().parents[2] / "shared" / "real-letters"

K = TypeVar("K", bound=Hashable)


def seed_texts() -> dict[str, str]:
    """The sample letters' texts by file name, in name order; empty without them."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def real_texts() -> dict[str, str]:
    """The raw text of each real letter (PDF) by file name, in name order; empty without them.

    Each PDF's text is extracted once, with ``imrparse._source.read_text``.
    """
    from imrparse._source import read_text

    return {p.name: read_text(p)[0] for p in sorted(REAL_LETTERS.glob("*.pdf"))}


def corpus(count: int, seed: int, *, template: Template | None = None) -> Iterator[str]:
    """``count`` generated letters of one to four decisions, in the PDF-to-text layout.

    Letter ``n`` is drawn from ``random.Random(seed + n)``, so letters of the
    same number have the same values (reviewer, patient, items) whatever the
    template. Without ``template``, letters of the sample letters' template,
    which have no header block; with it, letters of that template with one.
    """
    for n in range(count):
        rng = random.Random(seed + n)
        if template is None:
            letter = random_letter(rng, max_items=4)
        else:
            letter = random_letter(rng, template=template, header=True, max_items=4)
        yield render(letter, Layout.BLANK_LINE, rng=rng)


def median_ms(run: Callable[[], object], rounds: int) -> float:
    """The median wall time of ``rounds`` calls of ``run``, in ms."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def interleaved(
    runs: Iterable[tuple[K, Callable[[], object]]],
    rounds: int,
    *,
    alternate: bool = False,
    before_each: Callable[[], object] | None = None,
) -> dict[K, list[float]]:
    """Time several callables in turn, round after round.

    The machine's other load then falls on all of them alike.

    Args:
        runs: The callables, each with a key; the times of callables with the
            same key go in one list.
        rounds: How many times each callable is timed.
        alternate: Time them in reverse order every other round.
        before_each: Called, untimed, before each timed call.

    Returns:
        The seconds each call took, by key, in the order timed.
    """
    runs = list(runs)
    times: dict[K, list[float]] = {key: [] for key, _ in runs}
    for round_ in range(rounds):
        order = runs[::-1] if alternate and round_ % 2 else runs
        for key, run in order:
            if before_each is not None:
                before_each()
            start = time.perf_counter()
            run()
            times[key].append(time.perf_counter() - start)
    return times


def terminal_regexps(parser: Any) -> Iterator[tuple[str, str]]:
    """The bare name and the regular expression of each terminal of a lark parser."""
    for terminal in parser.terminals:
        yield _bare(terminal.name), terminal.pattern.to_regexp()
