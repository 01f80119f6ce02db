"""Parsing speed: ms per letter and letters per second for ``imrparse.loads``.

Generates a corpus of synthetic letters of the sample letters' size (one to
four decisions, the PDF-to-text layout) and times ``loads`` on each, after one
warm-up pass. Also times ``import imrparse`` and the first parse (grammar
analysis, from lark's cache and without it) in fresh processes, and, when
``../shared/seeds`` is there, the two sample letters.

    python benchmarks/parse.py [--letters 500] [--rounds 5]

Figures are medians; the machine's other load shows in them, so compare runs
made one after the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import corpus, median_ms, seed_texts

import imrparse


def in_fresh_process(code: str, env: dict[str, str], rounds: int) -> float:
    """Median wall time in ms of ``python -c code``, minus an empty interpreter's."""

    def run(source: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", source], check=True, env=env)
        return time.perf_counter() - start

    empty = statistics.median(run("pass") for _ in range(rounds))
    full = statistics.median(run(code) for _ in range(rounds))
    return (full - empty) * 1000


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--letters", type=int, default=500)
    args.add_argument("--rounds", type=int, default=5)
    options = args.parse_args()

    texts = list(corpus(options.letters, 2026))
    size = statistics.median(len(t) for t in texts)
    for text in texts:  # warm-up: grammar built, caches filled
        imrparse.loads(text)
    per_letter = []
    for text in texts:
        per_letter.append(median_ms(lambda t=text: imrparse.loads(t), options.rounds))
    total = sum(per_letter) / 1000
    print(f"corpus: {len(texts)} generated letters, median {size / 1000:.1f} KB")
    print(
        f"loads: median {statistics.median(per_letter):.3f} ms per letter, "
        f"p90 {statistics.quantiles(per_letter, n=10)[-1]:.3f} ms, "
        f"{len(texts) / total:,.0f} letters/s on one core"
    )

    for name, raw in seed_texts().items():
        ms = median_ms(lambda r=raw: imrparse.loads(r), 200)
        print(f"sample {name} ({len(raw) / 1000:.1f} KB): {ms:.3f} ms median")

    env = dict(os.environ)
    print(f"import imrparse: {in_fresh_process('import imrparse', env, 7):.0f} ms")
    example = Path(__file__).resolve().parents[1] / "examples" / "issues_decisions_rationales.txt"
    first = f"import imrparse; imrparse.load({str(example)!r})"
    with tempfile.TemporaryDirectory() as cache:
        env["IMRPARSE_CACHE_DIR"] = cache
        in_fresh_process(first, env, 1)  # fills the cache
        warm = in_fresh_process(first, env, 7)
    env["IMRPARSE_CACHE_DIR"] = ""
    cold = in_fresh_process(first, env, 7)
    print(f"import and first parse: {warm:.0f} ms with lark's cache, {cold:.0f} ms without")


if __name__ == "__main__":
    main()
