"""Worst-case time of the free-text terminals on long runs of white space.

A terminal that looks ahead at every character of a run of spaces takes time
quadratic in the run's length. This times, for each terminal of the reviewer
statement, the professional review, the decision blocks and the guideline
clauses that reads free text or looks ahead, one regular expression match on
adversarial inputs of the sizes given: one long run of spaces inside the text,
and many short words (or lines, or near-labels) and spaces. With ``--before``,
the same terminals of another checkout are timed too (those that it has),
alternating with this one's, on the sizes given by ``--before-sizes`` (a
quadratic terminal takes minutes on a megabyte).

    python benchmarks/terminals.py [--sizes 100000 300000 1000000]
        [--before ../main --before-sizes 10000 20000 40000] [--rounds 3]

Prints, per terminal, input and size, the median seconds of each checkout.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_ms, terminal_regexps
from compare import import_checkout


def _run(before: str, after: str) -> Callable[[int], str]:
    """An input with a run of n spaces between two pieces of text."""
    return lambda n: before + " " * n + after


#: (template, terminal, input name, input of about n characters)
CASES: list[tuple[str, str, str, Callable[[int], str]]] = [
    ("notice_2013", "SPECIALTY", "run", _run("Internal", "Med")),
    ("notice_2013", "SPECIALTY", "words", lambda n: "Internal " * (n // 9)),
    ("notice_2013", "STATE", "run", _run("West", "Virginia")),
    ("notice_2013", "STATE", "words", lambda n: "West " * (n // 5)),
    ("notice_2013", "CLAUSE_TEXT", "run", _run("more", "five")),
    ("notice_2013", "SENTENCE", "run", _run("He/she", "has.")),
    ("professional_review", "VERDICT_SUBJECT", "run, no verdict", _run("The", "request")),
    ("professional_review", "VERDICT_SUBJECT", "run, verdict",
     _run("The", "request is not medically necessary.")),
    ("professional_review", "VERDICT_SUBJECT", "words, no verdict",
     lambda n: "The request " * (n // 12)),
    ("professional_review", "DISPUTED_REQUEST", "run",
     _run("Norco", "10/325 mg is medically necessary.")),
    ("professional_review", "DISPUTED_REQUEST", "words", lambda n: "Norco mg " * (n // 9)),
    # decision blocks and guideline clauses
    ("notice_2013", "TEXT", "run", _run("The", "end")),
    ("notice_2013", "TOPIC", "run", _run("Opioids", "Pain")),
    ("notice_2013", "TOPIC", "page words", lambda n: "pages " * (n // 6)),
    ("notice_2013", "TOPIC", "half labels",
     lambda n: "Pain\nMAXIMUS guideline " * (n // 22)),
    ("notice_2013", "TOPIC", "abbreviations", lambda n: "U.S. " * (n // 5)),
    ("notice_2013", "TOPIC", "page word, run", _run("page", "x")),
    ("notice_2013", "BASIS_TEXT", "run", _run("None", "x")),
    ("notice_2013", "BASIS_TEXT", "half labels",
     lambda n: "None\nDecision based\nMAXIMUS guideline " * (n // 38)),
    ("notice_2013", "BASIS_TEXT", "label, run",
     _run("None\nClaims", "Administrator")),
    ("notice_2013", "NON_MTUS_GUIDELINE", "run", _run("Official", "Disability")),
    ("notice_2013", "NON_MTUS_GUIDELINE", "abbreviations",
     lambda n: "U.S. " * (n // 5)),
    ("notice_2013", "MTUS_GUIDELINE", "run", _run("ACOEM,", "x")),
    ("notice_2013", "PAGE_WORD", "run", _run("pages", "x")),
    ("notice_2013", "REVIEWER_LABEL", "run", _run("\nMAXIMUS", "x")),
    ("notice_2013", "ISSUES_LEAD_IN", "run", _run("The", "x")),
    ("notice_2013", "CASE_SUMMARY_LEAD_IN", "run", _run("The", "x")),
]  # fmt: skip


def terminal_pattern(package: ModuleType, template: str, name: str) -> re.Pattern[str] | None:
    """The compiled regular expression of a terminal of one template's grammar."""
    parser = package._grammar.get_parser(package.Template(template))
    for bare, regexp in terminal_regexps(parser):
        if bare == name:
            return re.compile(regexp)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--before", type=Path, help="another checkout's root, timed too")
    parser.add_argument("--before-sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    sys.dont_write_bytecode = True
    os.environ["IMRPARSE_CACHE_DIR"] = ""
    import imrparse

    versions = {"after": imrparse}
    if args.before:
        versions["before"] = import_checkout(args.before.resolve(), "imrparse_before")
    print(f"{'template':28} {'terminal':17} {'input':18} {'chars':>9} {'version':7} {'s':>8}")
    for template, name, shape, build in CASES:
        patterns = {v: terminal_pattern(m, template, name) for v, m in versions.items()}
        sizes = sorted(set(args.sizes) | (set(args.before_sizes) if args.before else set()))
        for size in sizes:
            text = build(size)
            for version, pattern in patterns.items():
                wanted = args.before_sizes if version == "before" else sizes
                if pattern is None or size not in wanted:
                    continue
                took = median_ms(partial(pattern.match, text), args.rounds) / 1000
                print(f"{template:28} {name:17} {shape:18} {len(text):9} {version:7} {took:8.4f}")


if __name__ == "__main__":
    main()
