"""Time ``imrparse.loads(strict=False)`` of whichever ``imrparse`` is importable.

Run by ``stages.py --before`` in a subprocess whose ``PYTHONPATH`` puts another
checkout's ``src`` first, so that checkout's code is timed on the same texts.
It imports nothing but the standard library and ``imrparse``, so it runs
against older versions of the package too.

    python benchmarks/_time_loads.py INPUT.json

The input holds ``sets`` (name to list of texts), ``reject`` (a text that is
no letter), ``rounds`` and ``reject_rounds``. Prints JSON: the package's
path, per set the seconds of each round over all its letters and how many it
rejected, and the seconds of each round of rejecting ``reject``, with the
outcome.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import imrparse


def _loads(text: str) -> str:
    try:
        imrparse.loads(text, strict=False, max_size=None)
    except imrparse.ParseError as error:
        return f"ParseError: {error.message[:60]}"
    return "parsed"


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    sets: dict[str, list[str]] = spec["sets"]
    result: dict[str, Any] = {"module": imrparse.__file__, "sets": {}}
    for name, texts in sets.items():  # warm-up; counts the letters rejected
        failed = sum(_loads(text) != "parsed" for text in texts)
        result["sets"][name] = {"seconds": [], "failed": failed}
    for _ in range(spec["rounds"]):  # the sets in turn, round after round
        for name, texts in sets.items():
            start = time.perf_counter()
            for text in texts:
                _loads(text)
            result["sets"][name]["seconds"].append(time.perf_counter() - start)
    seconds, outcome = [], ""
    for _ in range(spec["reject_rounds"]):
        start = time.perf_counter()
        outcome = _loads(spec["reject"])
        seconds.append(time.perf_counter() - start)
    result["reject"] = {"seconds": seconds, "outcome": outcome}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
