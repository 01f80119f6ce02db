"""Time of normalization (``imrparse._normalize.normalize``) per letter.

Normalization runs on every letter, so its budget is a fraction of a parse
(target: at most 0.1 ms on the 8.7 KB sample letter 000). Times the sample
letters in ``../shared/seeds`` (when present) and generated letters in every
layout, and prints the median of ``--rounds`` runs of each.

    python benchmarks/normalize.py [--rounds 2000]
"""

from __future__ import annotations

import argparse
import random
from functools import partial

from _common import median_ms, seed_texts

from imrparse._normalize import normalize
from imrparse.testing import Layout, random_letter, render


def texts() -> list[tuple[str, str]]:
    named = [(f"seed {name[:3]}", text) for name, text in seed_texts().items()]
    letter = random_letter(random.Random(1), max_items=4)
    named += [
        (f"generated, {layout.value}", render(letter, layout, rng=random.Random(1)))
        for layout in Layout
    ]
    return named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    print(f"{'letter':<28} {'KB':>5} {'median us':>10}")
    for name, text in texts():
        us = median_ms(partial(normalize, text), args.rounds) * 1000
        print(f"{name:<28} {len(text) / 1000:>5.1f} {us:>10.1f}")


if __name__ == "__main__":
    main()
