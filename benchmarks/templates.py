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
import statistics
from functools import partial

from _common import corpus, interleaved, seed_texts

import imrparse
from imrparse import Template

TEMPLATES = (
    Template.ISSUES_DECISIONS_RATIONALES,
    Template.DECISIONS_RATIONALES,
    Template.NOTICE_2013,
    Template.PROFESSIONAL_REVIEW,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=200, help="letters per template")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over each corpus")
    args = parser.parse_args()

    corpora = {t.value: list(corpus(args.letters, 0, template=t)) for t in TEMPLATES}
    for file, text in seed_texts().items():
        corpora[f"seed {file[:3]}"] = [text]
    for texts in corpora.values():  # warm up: grammars built, caches filled
        for text in texts:
            imrparse.loads(text)
    runs = []
    for name, texts in corpora.items():
        repeat = max(1, args.letters // len(texts)) if name.startswith("seed") else 1
        runs += [(name, partial(imrparse.loads, text)) for text in texts * repeat]
    times = interleaved(runs, args.rounds)
    print(f"{'corpus':30} {'letters':>7} {'KB/letter':>9} {'ms/letter':>9} {'ms/KB':>7}")
    for name, texts in corpora.items():
        kb = statistics.median(len(t.encode("utf-8")) for t in texts) / 1024
        ms = statistics.median(times[name]) * 1000
        print(f"{name:30} {len(texts):7d} {kb:9.1f} {ms:9.3f} {ms / kb:7.3f}")


if __name__ == "__main__":
    main()
