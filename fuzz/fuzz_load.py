"""Long fuzzing runs of ``imrparse.load``/``loads`` on mutated letters.

Each input is a generated letter (``imrparse.testing``) in a random layout,
mutated by ``tests/mutations.py`` (lines and paragraphs deleted, duplicated,
shuffled; truncation; injected characters, grammar tokens and bytes; other
line ends and encodings), parsed strictly or leniently, and checked: the result
must be a :class:`~imrparse.ParseError` or a sound
:class:`~imrparse.Determination` (``mutations.check``). Input number ``i`` of a
run with seed ``s`` is the same on every machine, so any finding replays with
``--seed s --start i --count i+1`` (a run stops before input number
``--count``).

Findings (any other exception, a broken invariant, or an input slower than
``--slow`` seconds) are written to ``--out`` with the input and a traceback;
progress is appended to ``--out``/``progress.log`` every ``--every`` inputs,
and a stopped run resumes from its last checkpoint with ``--resume``.

    nice python fuzz/fuzz_load.py --count 1000000 --out fuzz/runs/a
    nice python fuzz/fuzz_load.py --count 1000000 --out fuzz/runs/a --resume

Run it from the repository root in an environment with ``pip install -e
".[test]"``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # mutations.py

import imrparse  # noqa: E402
from imrparse._grammar import get_parser  # noqa: E402
from imrparse._parse import TEMPLATE_ORDER  # noqa: E402
from mutations import check, letter_text, mutate  # noqa: E402

#: Distinct generated letters a run draws from ...
POOL = 512
#: ... and the share of inputs that first replace one with a new letter.
RENEW = 0.05


def _draw(seed: int, index: int) -> tuple[random.Random, int, bool]:
    rng = random.Random(seed * 1_000_003 + index)
    return rng, rng.randrange(POOL), rng.random() < RENEW


def _renew(seed: int, index: int) -> str:
    return letter_text(random.Random(-(seed * 1_000_003 + index) - 1))


def case(seed: int, index: int, pool: list[str]) -> tuple[str | bytes, bool]:
    """Input number ``index`` of a run and whether it is parsed strictly."""
    rng, slot, renew = _draw(seed, index)
    if renew:
        pool[slot] = _renew(seed, index)
    return mutate(pool[slot], rng), rng.random() < 0.5


def pool_at(seed: int, index: int) -> list[str]:
    """The letters drawn from just before input number ``index``.

    Only the last letter each slot was renewed with is generated.
    """
    rng = random.Random(seed)
    pool = [letter_text(rng) for _ in range(POOL)]
    last: dict[int, int] = {}
    for earlier in range(index):
        _, slot, renew = _draw(seed, earlier)
        if renew:
            last[slot] = earlier
    for slot, earlier in last.items():
        pool[slot] = _renew(seed, earlier)
    return pool


def write_finding(out: Path, index: int, value: str | bytes, strict: bool, what: str) -> None:
    folder = out / "findings"
    folder.mkdir(parents=True, exist_ok=True)
    data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
    suffix = "txt" if isinstance(value, str) else "bin"
    (folder / f"{index}.{suffix}").write_bytes(data)
    (folder / f"{index}.json").write_text(
        json.dumps({"index": index, "strict": strict, "text": isinstance(value, str), "what": what})
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="input number to stop before")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first input number")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz" / "runs" / "latest")
    parser.add_argument("--every", type=int, default=10_000, help="inputs between checkpoints")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds that make a finding")
    parser.add_argument("--resume", action="store_true", help="go on from the last checkpoint")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    log = args.out / "progress.log"
    start, findings = args.start, 0
    outcomes = {"determination": 0, "parse_error": 0}
    if args.resume and log.exists():
        last = json.loads(log.read_text().splitlines()[-1])
        start, findings = last["done"], last["findings"]
        outcomes = {name: last[name] for name in outcomes}
    pool = pool_at(args.seed, start)
    for template in TEMPLATE_ORDER:  # build the parsers before anything is timed
        get_parser(template)
    began = time.perf_counter()
    slowest = 0.0
    for index in range(start, args.count):
        value, strict = case(args.seed, index, pool)
        tick = time.perf_counter()
        try:
            det = check(value, strict=strict)
        except Exception:  # a finding: report it and go on
            findings += 1
            write_finding(args.out, index, value, strict, traceback.format_exc())
        else:
            outcomes["determination" if det is not None else "parse_error"] += 1
        took = time.perf_counter() - tick
        slowest = max(slowest, took)
        if took > args.slow:
            findings += 1
            write_finding(args.out, index, value, strict, f"slow: {took:.2f} s")
        done = index + 1
        if done % args.every == 0 or done == args.count:
            record = {
                "done": done,
                "findings": findings,
                "seed": args.seed,
                "rate_per_s": round(
                    (done - start) / (time.perf_counter() - began), 1
                ),  # this session
                "slowest_s": round(slowest, 4),
                **outcomes,
                "imrparse": imrparse.__version__,
                "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
            }
            with log.open("a") as handle:
                handle.write(json.dumps(record) + "\n")
            print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
