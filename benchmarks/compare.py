"""Parsing speed of this checkout against another: ``loads`` before and after a change.

Imports the ``imrparse`` package of another checkout (its ``src/imrparse``,
which reads its own ``grammar/``) beside this one, under another name, and
times ``loads`` of each on the same letters, alternating letter by letter and
which goes first, so that the machine's other load falls on both alike.
Nothing is written into the other checkout (no bytecode, no grammar cache).

    python benchmarks/compare.py --before ../main [--rounds 300] [letter.txt ...]

The letters default to the sample letters (``../shared/seeds``). Prints, per
letter, the median ms of each and their ratio (after / before). Figures are
medians of one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
from functools import partial
from pathlib import Path
from types import ModuleType

from _common import interleaved, seed_texts


def import_checkout(root: Path, name: str) -> ModuleType:
    """The ``imrparse`` package under ``root/src``, imported as ``name``."""
    init = root / "src" / "imrparse" / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"no imrparse package at {init}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout's root")
    parser.add_argument("--rounds", type=int, default=300, help="timed parses of each letter")
    parser.add_argument("letters", nargs="*", type=Path, help="text letters (default: seeds)")
    args = parser.parse_args()

    sys.dont_write_bytecode = True
    os.environ["IMRPARSE_CACHE_DIR"] = ""  # both build their grammars in memory
    import imrparse as after

    before = import_checkout(args.before.resolve(), "imrparse_before")
    if args.letters:
        texts = {path.name: path.read_text(encoding="utf-8") for path in args.letters}
    else:
        texts = seed_texts()
    if not texts:
        raise SystemExit("no letters: pass some, or put the sample letters in ../shared/seeds")
    versions = {"before": before, "after": after}
    for text in texts.values():  # warm up: grammars built
        for version in versions.values():
            version.loads(text)
    runs = [
        ((name, v), partial(versions[v].loads, text))
        for name, text in texts.items()
        for v in versions
    ]
    times = interleaved(runs, args.rounds, alternate=True)
    print(f"{'letter':32} {'before ms':>9} {'after ms':>9} {'ratio':>6}")
    for name in texts:
        ms = {v: statistics.median(times[name, v]) * 1000 for v in versions}
        print(f"{name:32} {ms['before']:9.3f} {ms['after']:9.3f} {ms['after'] / ms['before']:6.3f}")


if __name__ == "__main__":
    main()
