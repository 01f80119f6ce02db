"""PDFs of letters, built at test time with fpdf2 (no binary fixtures).

Each line of a plain-layout text becomes one printed line; an empty line leaves
an empty line's height; a full page or a form feed starts a new page. An empty
line that would be the last of a full page goes to the top of the next page:
at the bottom it would not show, and the paragraph break would be lost (the
extraction also reads a page ending higher than others, or in a short line,
as the end of a paragraph, but neither is certain). Page furniture (a
header and a ``Page N of M`` footer) can be printed in the page margins, where
DWC's PDFs have theirs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from fpdf import FPDF

import imrparse
from imrparse.testing import Layout, random_letter, render
from letters import example

#: Printed lines on a page.
LINES_PER_PAGE = 48
#: A font for any text (Debian's fonts-dejavu-core); without it, Latin-1 only.
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def printable(text: str) -> bool:
    """Whether :func:`letter_pdf` can print ``text`` on this machine."""
    if UNICODE_FONT.is_file():
        return True
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


_LINE_HEIGHT = 4.6  # millimetres: 10 pt type, single spaced
_TOP = 20.0


def letter_pdf(
    text: str,
    *,
    lines_per_page: int = LINES_PER_PAGE,
    header: str | None = None,
    footer: bool = False,
) -> bytes:
    """A PDF printing ``text`` (single newlines, ``\\f`` for page breaks).

    Args:
        text: The letter, in :attr:`~imrparse.testing.Layout.PLAIN` or
            :attr:`~imrparse.testing.Layout.FORM_FEED` layout (see
            :func:`printable`).
        lines_per_page: Lines on a full page.
        header: A line printed in the top margin of every page.
        footer: Print ``Page N of M`` in the bottom margin of every page.
    """
    pages: list[list[str]] = []
    for chunk in text.split("\f"):
        lines = chunk.removesuffix("\n").split("\n")
        page: list[str] = []
        for line in lines:
            # An empty line that would end a full page starts the next one,
            # where it shows (an empty last line would not).
            if len(page) == lines_per_page or (len(page) == lines_per_page - 1 and not line):
                pages.append(page)
                page = []
            page.append(line)
        pages.append(page)
    pdf = FPDF(format="letter", unit="mm")
    pdf.set_auto_page_break(False)
    if UNICODE_FONT.is_file():
        pdf.add_font("DejaVu", fname=str(UNICODE_FONT))
        pdf.set_font("DejaVu", size=10)
    else:
        pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        if header is not None:
            pdf.set_xy(pdf.l_margin, 8)
            pdf.cell(0, _LINE_HEIGHT, header)
        pdf.set_xy(pdf.l_margin, _TOP)
        for line in lines:
            pdf.cell(0, _LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
        if footer:
            pdf.set_xy(pdf.l_margin, -14)
            pdf.cell(0, _LINE_HEIGHT, f"Page {number} of {len(pages)}")
    return bytes(pdf.output())


def letters(seed: int = 0) -> Iterator[tuple[str, str]]:
    """Named plain-layout letters: the bundled example and generated ones."""
    yield "example", example("issues_decisions_rationales")
    for n, decisions in enumerate((1, 4, 12)):
        rng = random.Random(seed + n)
        letter = random_letter(rng)
        while len(letter.items) != decisions:
            letter = random_letter(rng)
        yield f"generated, {decisions} decisions", render(letter, Layout.PLAIN, rng=rng)


def without_positions(value: object) -> object:
    """``to_dict`` output without the fields that depend on the layout."""
    if isinstance(value, dict):
        return {
            k: without_positions(v) for k, v in value.items() if k not in ("text", "span", "source")
        }
    if isinstance(value, list):
        return [without_positions(v) for v in value]
    return value


def same_letter(a: imrparse.Determination, b: imrparse.Determination) -> bool:
    """Whether two parses hold the same values, apart from text, spans and source."""
    return without_positions(imrparse.to_dict(a)) == without_positions(imrparse.to_dict(b))
