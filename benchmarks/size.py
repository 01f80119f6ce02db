"""Time per megabyte of ``imrparse.load``, from 10 KB to 10 MB, for letters and garbage.

Parsing must be linear in the size of the input: the time per MB should stay
roughly constant as inputs grow. Each kind of input is built at every size,
parsed with ``imrparse.load`` (bytes, ``max_size=None``), and timed: the sizes
in turn, round after round (``--repeat`` rounds), so that a change in the
machine's load falls on every size alike; medians are printed. Kinds: valid
letters with many decisions (in the samples' blank-line layout), and garbage
that stresses one part each: random printable text, random bytes, one huge
line, one huge paragraph, many blank lines, repeated headings, repeated request
lines, and a valid letter followed by garbage.

imrparse itself pauses the cyclic garbage collector while it parses a text of
a million characters or more (``_collector_paused`` in ``_parse.py``):
building the trees of very large inputs makes CPython's collector run more
often per object, which showed as growth that was not the parser's. So the
largest sizes are timed as users get them; with ``--no-gc`` the collector is
off at every size, which shows what it costs the smaller ones.

A kind is flagged SUPER-LINEAR when its time per MB at the largest size is more
than ``--tolerance`` times the largest time per MB at a smaller size ("growth"
in the table); a kind whose time per MB grows fast from 10 KB to 100 KB is not
run at larger sizes. Any exception other than ``ParseError`` is printed as a
finding.

    python benchmarks/size.py [--max-mb 10] [--repeat 3] [--no-gc]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import string
import traceback
from collections.abc import Callable

import attrs
from _common import interleaved

import imrparse
from imrparse.testing import Layout, random_letter, render

KB = 1000
MB = 1000 * KB
#: Seconds below which the timer and the scheduler blur growth.
_MEASURABLE = 0.005


def _letter(size: int, layout: Layout = Layout.BLANK_LINE) -> str:
    """A valid letter of about ``size`` characters: as many decisions as it takes."""
    rng = random.Random(size)
    letter = random_letter(rng, max_items=1)
    one = len(render(letter, layout, rng=random.Random(0)))
    items = []
    while len(items) * 700 + one < size:  # about 700 characters a decision
        items += random_letter(rng).items
    letter = attrs.evolve(letter, items=tuple(items) or letter.items)
    return render(letter, layout, rng=random.Random(size))


def _fill(size: int, piece: Callable[[random.Random], str]) -> str:
    rng = random.Random(size)
    out: list[str] = []
    total = 0
    while total < size:
        chunk = piece(rng)
        out.append(chunk)
        total += len(chunk)
    return "".join(out)[:size]


def _words(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters + " .,:;()#-/0123456789") for _ in range(80))


def _printable(rng: random.Random) -> str:
    return _words(rng) + rng.choice(("\n", "\n", "\n\n", " \n\n", "\f"))


KINDS: dict[str, Callable[[int], bytes]] = {
    "letter, many decisions": lambda n: _letter(n).encode(),
    "letter, plain layout": lambda n: _letter(n, Layout.PLAIN).encode(),
    "random printable text": lambda n: _fill(n, _printable).encode(),
    "random bytes": lambda n: random.Random(n).randbytes(n),
    "one huge line": lambda n: _fill(n, _words).encode(),
    "one huge paragraph": lambda n: _fill(n, lambda r: _words(r) + "\n").encode(),
    "many blank lines": lambda n: _fill(n, lambda r: "\n" * r.randint(1, 50) + " ").encode(),
    "repeated headings": lambda n: _fill(
        n,
        lambda r: (
            r.choice(("CLINICAL CASE SUMMARY", "IMR ISSUES, DECISIONS AND RATIONALES")) + "\n\n"
        ),
    ).encode(),
    "repeated request lines": lambda n: _fill(
        n, lambda r: f"Norco {r.randint(1, 99)} mg:  Upheld\n\n"
    ).encode(),
    "letter then garbage": lambda n: (_letter(n // 2) + _fill(n - n // 2, _printable)).encode(),
}


def _outcome(data: bytes) -> str:
    try:
        imrparse.load(data, max_size=None)
        return "parsed"
    except imrparse.ParseError as error:
        return f"ParseError: {error.message[:40]}"
    except Exception:  # a finding: a crash is a bug
        return "FINDING: " + traceback.format_exc(limit=-2).replace("\n", " | ")


def _per_mb(inputs: list[bytes], repeat: int) -> tuple[list[float], str]:
    """Median seconds per MB of each input, the inputs timed in turn, round after round.

    Also the outcome of the last input's last parse.
    """
    outcomes: list[str] = []

    def parse(data: bytes) -> Callable[[], None]:
        return lambda: outcomes.append(_outcome(data))

    runs = [(i, parse(data)) for i, data in enumerate(inputs)]
    times = interleaved(runs, repeat, before_each=gc.collect)
    per_mb = [statistics.median(times[i]) / (len(data) / MB) for i, data in enumerate(inputs)]
    return per_mb, outcomes[-1] if outcomes else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mb", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tolerance", type=float, default=2.0)
    parser.add_argument("--kinds", nargs="*", default=list(KINDS))
    parser.add_argument("--no-gc", action="store_true", help="time every size with gc disabled")
    args = parser.parse_args()
    if args.no_gc:
        gc.disable()
    sizes = [10 * KB, 100 * KB, 1 * MB, 10 * MB]
    sizes = [s for s in sizes if s <= args.max_mb * MB]
    header = "".join(f"{s // KB:>9} KB" for s in sizes)
    print(f"{'ms per MB':<26}{header}  growth  outcome at the largest size")
    for kind in args.kinds:
        make = KINDS[kind]
        # A quick round at the two smallest sizes shows growth fast enough
        # that larger sizes would take too long.
        quick, _ = _per_mb([make(s) for s in sizes[:2]], 1)
        fast_growth = len(quick) == 2 and quick[1] > 2 * args.tolerance * quick[0]
        used = sizes[:2] if fast_growth else sizes
        per_mb, outcome = _per_mb([make(s) for s in used], args.repeat)
        growth = per_mb[-1] / max(per_mb[:-1] or per_mb)
        flag = "  SUPER-LINEAR" if growth > args.tolerance else ""
        if per_mb[-1] * used[-1] / MB < _MEASURABLE:
            flag = "  (too fast to measure growth)"
        if len(used) < len(sizes):
            flag += " (larger sizes skipped)"
        cells = "".join(f"{t * 1e3:>12.0f}" for t in per_mb).ljust(12 * len(sizes))
        print(f"{kind:<26}{cells}  {growth:>5.2f}x  {outcome}{flag}", flush=True)


if __name__ == "__main__":
    main()
