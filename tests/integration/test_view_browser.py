"""The annotated page in a real browser: headless Chromium renders it, the
screenshot shows a page (not a blank one), and the browser's console stays
silent. Skipped where no Chromium is installed (Debian's ``chromium``
package; ``.ci/run`` installs it)."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

import imrparse
from imrparse import view

HERE = Path(__file__).resolve().parent
LETTER = HERE.parent / "golden" / "letters" / "print_run_2016.txt"
DOCS = HERE.parents[1] / "docs"
sys.path.insert(0, str(DOCS))
try:
    from screenshot import HEADLESS, find_chromium  # the docs' own screenshot script
finally:
    sys.path.remove(str(DOCS))
CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium to render the page")


def render(page: Path, tmp_path: Path, size: tuple[int, int] = (1400, 900)) -> tuple[Path, str]:
    """Screenshot ``page`` in headless Chromium; the PNG and what the browser logged."""
    assert CHROMIUM is not None
    shot = tmp_path / f"{page.stem}.png"
    profile = tmp_path / f"{page.stem}-profile"
    done = subprocess.run(
        [
            CHROMIUM,
            *HEADLESS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), done.stderr[-2000:]
    return shot, done.stderr


def console(log: str) -> list[str]:
    """The page's console messages in Chromium's log."""
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def pixels(png: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB(A) pixels of an 8-bit truecolour PNG, row by row."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat = 8, b""
    width = height = channels = 0
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                pick = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + pick) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [row[x : x + 3] for row in rows for x in range(0, stride, channels)]


def test_page_renders_with_its_highlights_and_no_console_message(tmp_path: Path) -> None:
    page = tmp_path / "letter.html"
    page.write_text(view.to_html(imrparse.load(LETTER)), encoding="utf-8")
    shot, log = render(page, tmp_path)
    assert console(log) == []
    width, height, colours = pixels(shot)
    assert (width, height) == (1400, 900)
    counts = Counter(colours)
    _, most = counts.most_common(1)[0]
    # Text, panels and highlights: many colours, and the background is far
    # from all of the page.
    assert len(counts) > 50
    assert most < 0.9 * len(colours)
    # The highlight colours of the request and of an upheld outcome are drawn.
    for colour in (bytes.fromhex("ffe97a"), bytes.fromhex("ffc9c9")):
        assert counts[colour] > 100, colour.hex()


def test_the_docs_screenshot_is_made_of_the_example_letter(tmp_path: Path) -> None:
    shot = tmp_path / "view.png"
    script = DOCS / "screenshot.py"
    done = subprocess.run(
        [sys.executable, str(script), str(shot)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    width, height, colours = pixels(shot)
    assert (width, height) == (1400, 800)
    assert Counter(colours)[bytes.fromhex("ffe97a")] > 100  # a request's highlight


def test_console_check_sees_a_broken_page(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<p>x</p><script>undefinedFunction()</script>", encoding="utf-8")
    _, log = render(page, tmp_path, (400, 300))
    assert any("undefinedFunction" in line for line in console(log))


def test_blank_page_is_seen_as_blank(tmp_path: Path) -> None:
    page = tmp_path / "blank.html"
    page.write_text("<html><body></body></html>", encoding="utf-8")
    shot, _ = render(page, tmp_path, (400, 300))
    _, _, colours = pixels(shot)
    assert len(Counter(colours)) == 1
