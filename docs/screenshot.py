"""Render the annotated view of the example letter to ``_static/annotated-view.png``.

Run after a change to the view's look: ``python docs/screenshot.py`` (or
give another file to write). Needs Chromium (Debian's ``chromium``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import imrparse
from imrparse import view

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "examples" / "issues_decisions_rationales.txt"
OUT = ROOT / "docs" / "_static" / "annotated-view.png"


#: Headless Chromium that asks the network for nothing (the machines that
#: build the docs and run the tests have none), with a fresh profile given
#: apart (``--user-data-dir``).
HEADLESS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str | None:
    """The Chromium on this machine's path, if any."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def main(argv: list[str]) -> int:
    out = Path(argv[0]).resolve() if argv else OUT
    chromium = find_chromium()
    if chromium is None:
        print("screenshot.py: needs chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "letter.html"
        det = imrparse.load(LETTER)
        page.write_text(view.to_html(det, title=LETTER.name), encoding="utf-8")
        # Open the page at the decisions, as a click on the panel's link does.
        decisions = next(
            n for n, e in enumerate(view.elements(det)) if e.name.startswith("IMR ISSUES")
        )
        subprocess.run(
            [
                chromium,
                *HEADLESS,
                "--hide-scrollbars",
                f"--user-data-dir={tmp}/profile",
                "--window-size=1400,800",
                f"--screenshot={out}",
                f"{page.as_uri()}#e{decisions}",
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
