"""Start-up: ``import imrparse`` plus the first letter, in a fresh process.

Each measurement is a new Python process that imports imrparse and loads one
letter of each template (a separate process per letter, since the templates
are tried in order and later ones load more grammars), timing the import and
the first ``load`` with ``time.perf_counter`` inside the process:

* **cold**: no usable tables, in the package or the user's cache; the grammar
  is analysed by lark (what every process paid before tables were shipped);
* **cache**: the tables in the user's cache (a checkout after its first run);
* **shipped**: the tables in an installed wheel, with no user cache and an
  unwritable home (what a fresh install pays on its first letter).

    python benchmarks/startup.py [--rounds 5]

The wheel is built once (``python -m build --wheel --no-isolation``) into a
temporary folder. Figures are medians over the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEMPLATES = ("issues_decisions_rationales", "decisions_rationales", "notice_2013",
             "professional_review")  # fmt: skip

PROBE = """
import json, sys, time
start = time.perf_counter()
import imrparse
imported = time.perf_counter()
imrparse.load(sys.argv[1])
done = time.perf_counter()
print(json.dumps({"import": imported - start, "first": done - imported}))
"""


def probe(letter: Path, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(letter)],
        env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    times: dict[str, float] = json.loads(done.stdout)
    return times


def build_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = out.glob("imrparse-*.whl")
    return wheel


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=5)
    options = args.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        site = root / "site"
        zipfile.ZipFile(build_wheel(root / "dist")).extractall(site)
        home = root / "home"
        home.mkdir(mode=0o555)
        base = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
        checkout = str(ROOT / "src")
        cache = root / "cache"
        setups = {
            # A checkout has no shipped tables; an empty cache each round.
            "cold": lambda n: {**base, "PYTHONPATH": checkout,
                               "IMRPARSE_CACHE_DIR": str(root / f"empty-{n}")},
            "cache": lambda n: {**base, "PYTHONPATH": checkout, "IMRPARSE_CACHE_DIR": str(cache)},
            "shipped": lambda n: {**base, "PYTHONPATH": str(site), "HOME": str(home),
                                  "IMRPARSE_CACHE_DIR": ""},
        }  # fmt: skip
        for template in TEMPLATES:  # fill the user cache
            probe(EXAMPLES / f"{template}.txt", setups["cache"](0))
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} cores shared with other "
            f"work; medians of {options.rounds} fresh processes; seconds"
        )
        print(f"{'letter':30} {'tables':8} {'import':>7} {'first':>7} {'total':>7}")
        for template in TEMPLATES:
            letter = EXAMPLES / f"{template}.txt"
            for name, env in setups.items():
                runs = [probe(letter, env(n)) for n in range(options.rounds)]
                imported = statistics.median(r["import"] for r in runs)
                first = statistics.median(r["first"] for r in runs)
                total = statistics.median(r["import"] + r["first"] for r in runs)
                print(f"{template:30} {name:8} {imported:7.3f} {first:7.3f} {total:7.3f}")


if __name__ == "__main__":
    main()
