"""Parsing cost per template: median ms per letter and per KB for ``imrparse.loads``.

Generates the same number of synthetic letters of every template that
:func:`imrparse.testing.render` prints (one to four decisions, the PDF-to-text
layout, with a header block), warms up once, then times ``loads`` on each
letter, the templates interleaved round by round so the machine's other load
falls on all alike. Also times the sample letters (``../shared/seeds``) when
they are there: these are read by the first template tried, and letters of the
later templates pay for the grammars tried before theirs.

    python benchmarks/templates.py [--letters 200] [--rounds 5]

Figures are medians of one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import imrparse
from imrparse import Template
from imrparse.testing import Layout, random_letter, render

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
TEMPLATES = (
    Template.ISSUES_DECISIONS_RATIONALES,
    Template.DECISIONS_RATIONALES,
    Template.NOTICE_2013,
    Template.PROFESSIONAL_REVIEW,
)


def corpus(template: Template, count: int) -> list[str]:
    texts = []
    for seed in range(count):
        rng = random.Random(seed)
        letter = random_letter(rng, template=template, header=True, max_items=4)
        texts.append(render(letter, Layout.BLANK_LINE, rng=rng))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=200, help="letters per template")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over each corpus")
    args = parser.parse_args()

    corpora = {t.value: corpus(t, args.letters) for t in TEMPLATES}
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            corpora[f"seed {path.name[:3]}"] = [path.read_text(encoding="utf-8")]
    for texts in corpora.values():  # warm up: grammars built, caches filled
        for text in texts:
            imrparse.loads(text)
    times: dict[str, list[float]] = {name: [] for name in corpora}
    for _ in range(args.rounds):
        for name, texts in corpora.items():
            repeat = max(1, args.letters // len(texts)) if name.startswith("seed") else 1
            for text in texts * repeat:
                start = time.perf_counter()
                imrparse.loads(text)
                times[name].append(time.perf_counter() - start)
    print(f"{'corpus':30} {'letters':>7} {'KB/letter':>9} {'ms/letter':>9} {'ms/KB':>7}")
    for name, texts in corpora.items():
        kb = statistics.median(len(t.encode("utf-8")) for t in texts) / 1024
        ms = statistics.median(times[name]) * 1000
        print(f"{name:30} {len(texts):7d} {kb:9.1f} {ms:9.3f} {ms / kb:7.3f}")


if __name__ == "__main__":
    main()
