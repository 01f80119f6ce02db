"""Parsing speed by stage: full ``loads`` against the document structure alone, and rejection.

A letter of the labelled-block templates is read in two passes: its
structure (``_normalize.normalize``, the line classifier ``_layout.classify``
and the document grammar, ``_Assembler.parse``), then each slot by the field
grammar. This script times, in one process, the stages in turn round after
round (``--rounds``), and prints medians:

* ms per letter of ``imrparse.loads`` ("full") and of the structure alone,
  with their ratio (target: full within 2.5x of structure), and on the way
  normalization alone and normalization with the classifier. The letters:
  generated ones of both templates (``--letters`` each, as ``parse.py``
  draws them), the sample letters (``../shared/seeds``), the example letters
  of both templates (``examples/``) and the real letters
  (``../shared/real-letters/*.pdf``, each PDF's text extracted once, untimed).
* seconds to reject ``--reject-mb`` MB of English-like text with no heading
  (target: under 0.5 s), by stage: normalization, the line cutting
  (``_layout.lines``), the heading search, and ``loads`` as a whole.

With ``--before CHECKOUT`` (a worktree of an older commit, say) the same
texts are then timed with that checkout's ``loads(strict=False)``, in a
subprocess whose ``PYTHONPATH`` puts ``CHECKOUT/src`` first
(``_time_loads.py``); the letters it rejects are counted. Its figures come
from another process, run after this one's.

    python benchmarks/stages.py [--letters 200] [--rounds 5] [--reject-mb 8]
        [--reject-rounds 3] [--before ../old] [--before-reject-rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import corpus, interleaved, real_texts, seed_texts

import imrparse
from imrparse import Template
from imrparse._assemble import START, _Assembler
from imrparse._layout import classify, find_headings, lines
from imrparse._normalize import normalize

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"

#: Words of the text to reject: a case summary's, in lower case.
_PROSE = (
    "the patient was seen for pain in lower back and knee with request of physical therapy "
    "treatment medication review report physician noted history after injury work status "
    "exam showed tenderness range motion improved limited guidelines recommend trial visits "
    "weeks months daily dose records clinic"
)
_WORDS = _PROSE.split()


def non_letter(size: int, seed: int = 8) -> str:
    """``size`` characters of English-like lines and paragraphs, with no heading."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        line = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))).capitalize()
        line += rng.choice((".", ",", ";", ""))
        if rng.random() < 0.15:  # a paragraph ends
            line += "\n"
        out.append(line)
        total += len(line) + 1
    return "\n".join(out)[:size]


def letter_sets(count: int) -> dict[str, list[str]]:
    """The letters timed, by set name; sets without letters are left out."""
    sets = {
        "generated, issues": list(corpus(count, 2026)),
        "generated, decisions": list(corpus(count, 2026, template=Template.DECISIONS_RATIONALES)),
        "samples": list(seed_texts().values()),
        "examples": [
            (EXAMPLES / f"{t.value}.txt").read_text(encoding="utf-8")
            for t in START
            if (EXAMPLES / f"{t.value}.txt").is_file()
        ],
        "real letters": list(real_texts().values()),
    }
    return {name: texts for name, texts in sets.items() if texts}


def _structure(raw: str) -> object:
    norm = normalize(raw)
    layout = classify(norm.text)
    assert layout.template is not None
    return _Assembler(norm.text, layout.template).parse(layout)


def _layout(raw: str) -> object:
    return classify(normalize(raw).text)


#: The stages timed on letters, each a function of the raw text.
STAGES: dict[str, Callable[[str], object]] = {
    "normalize": normalize,
    "layout": _layout,
    "structure": _structure,
    "full": imrparse.loads,
}


def _loop(stage: Callable[[str], object], texts: list[str]) -> Callable[[], None]:
    def run() -> None:
        for text in texts:
            stage(text)

    return run


def time_letters(sets: dict[str, list[str]], rounds: int) -> dict[tuple[str, str], float]:
    """Median ms per letter of each stage on each set, by (set, stage)."""
    for texts in sets.values():  # warm-up: grammars built, caches filled
        for text in texts:
            for stage in STAGES.values():
                stage(text)
    runs = [
        ((name, stage), _loop(STAGES[stage], texts))
        for name, texts in sets.items()
        for stage in STAGES
    ]
    times = interleaved(runs, rounds, alternate=True)
    return {
        (name, stage): statistics.median(times[name, stage]) * 1000 / len(sets[name])
        for name, stage in times
    }


def _reject(text: str) -> str:
    try:
        imrparse.loads(text, max_size=None)
    except imrparse.ParseError as error:
        return f"ParseError: {error.message[:60]}"
    return "parsed (expected a ParseError)"


def time_rejection(text: str, rounds: int) -> tuple[dict[str, float], str]:
    """Median seconds of each stage of rejecting ``text``, and ``loads``'s outcome."""
    norm = normalize(text).text
    outcome = _reject(text)
    runs: list[tuple[str, Callable[[], object]]] = [
        ("normalize", lambda: normalize(text)),
        ("find_headings (all a rejection scans)", lambda: find_headings(norm)),
        ("lines (not needed to reject)", lambda: lines(norm)),
        ("loads", lambda: _reject(text)),
    ]
    times = interleaved(runs, rounds)
    return {stage: statistics.median(seconds) for stage, seconds in times.items()}, outcome


def time_before(
    checkout: Path, sets: dict[str, list[str]], reject: str, rounds: int, reject_rounds: int
) -> dict[str, Any]:
    """``_time_loads.py``'s figures for the ``imrparse`` of another checkout."""
    spec = {"sets": sets, "reject": reject, "rounds": rounds, "reject_rounds": reject_rounds}
    env = dict(os.environ)
    env["PYTHONPATH"] = str(checkout / "src")
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written into the other checkout
    env["IMRPARSE_CACHE_DIR"] = ""  # its grammars built in memory, untimed
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(HERE / "_time_loads.py"), str(path)],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200, help="generated letters per template")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reject-mb", type=float, default=8.0)
    parser.add_argument("--reject-rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to time (its root)")
    parser.add_argument("--before-reject-rounds", type=int, default=1)
    args = parser.parse_args()

    sets = letter_sets(args.letters)
    per_letter = time_letters(sets, args.rounds)
    print(f"ms per letter, medians of {args.rounds} rounds")
    print(
        f"{'letters':<22} {'n':>4} {'KB':>5} {'normalize':>9} {'layout':>7} "
        f"{'structure':>9} {'full':>7} {'full/structure':>14}"
    )
    for name, texts in sets.items():
        ms = {stage: per_letter[name, stage] for stage in STAGES}
        size = statistics.median(len(t) for t in texts) / 1000
        print(
            f"{name:<22} {len(texts):>4} {size:>5.1f} {ms['normalize']:>9.3f} "
            f"{ms['layout']:>7.3f} {ms['structure']:>9.3f} {ms['full']:>7.3f} "
            f"{ms['full'] / ms['structure']:>13.2f}x",
            flush=True,
        )

    reject = non_letter(int(args.reject_mb * 1_000_000))
    seconds, outcome = time_rejection(reject, args.reject_rounds)
    print(
        f"\nrejecting {len(reject) / 1e6:.1f} MB with no heading, seconds, medians of "
        f"{args.reject_rounds} rounds (target: loads < 0.5 s)"
    )
    for stage, value in seconds.items():
        print(f"  {stage:<22} {value:7.3f}")
    print(f"  outcome: {outcome}", flush=True)

    if args.before is None:
        return
    checkout = args.before.resolve()
    before = time_before(checkout, sets, reject, args.rounds, args.before_reject_rounds)
    print(f"\nbefore: {before['module']} (loads, strict=False; a subprocess, after the above)")
    print(
        f"{'letters':<22} {'n':>4} {'rejected':>8} {'before ms':>9} {'after ms':>9} "
        f"{'after/before':>12}"
    )
    for name, texts in sets.items():
        figures = before["sets"][name]
        ms = statistics.median(figures["seconds"]) * 1000 / len(texts)
        after = per_letter[name, "full"]
        print(
            f"{name:<22} {len(texts):>4} {figures['failed']:>8} {ms:>9.3f} {after:>9.3f} "
            f"{after / ms:>11.2f}x"
        )
    old = statistics.median(before["reject"]["seconds"])
    print(
        f"rejecting {len(reject) / 1e6:.1f} MB: before {old:.3f} s "
        f"({len(before['reject']['seconds'])} rounds; {before['reject']['outcome']}), "
        f"after {seconds['loads']:.3f} s, after/before {seconds['loads'] / old:.3f}x"
    )


if __name__ == "__main__":
    main()
