"""Stage 1, PDF files: the text layer of a PDF as plain-layout text.

The text of each page is extracted with pypdfium2 (the ``pdf`` extra), one
line per printed line. PDFium reports lines, not paragraphs, so paragraph
breaks are read from the page geometry: a vertical gap between two lines
clearly wider than the usual line pitch of the document is an empty line in
the output. Pages are joined with a form feed (``\\f``), which normalization
reads as a page break, so errors can name the page.

Lines set off from the text of a page by a wide margin at its top or bottom
(running headers and footers such as ``Page 2 of 4``) are kept in the output,
without empty lines around them, for normalization to recognize as page
furniture. A paragraph break that falls on a page break shows as a page whose
text ends higher, or starts lower, than on the other pages.
"""

from __future__ import annotations

import ctypes
import itertools
import statistics
from typing import Any

from .errors import ParseError

__all__ = ["INSTALL_HINT", "extract_text"]

INSTALL_HINT = 'reading PDF files needs pypdfium2: pip install "imrparse[pdf]"'

#: A gap wider than this many line pitches ends a paragraph ...
_PARAGRAPH_GAP = 1.4
#: ... and one wider than this sets a header or footer off from the text.
_MARGIN_GAP = 2.5
#: Lines at each edge of a page that may be headers or footers.
_MARGIN_LINES = 2
#: A page's text ending this many pitches above (or starting below) the
#: others' ends (starts) a paragraph at the page break.
_PAGE_EDGE_GAP = 0.6


def _pdfium() -> Any:
    try:
        import pypdfium2  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    return pypdfium2


def _open_failure(err_code: int | None) -> str:
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    if err_code == raw.FPDF_ERR_PASSWORD:
        return "the PDF is encrypted and needs a password to open"
    if err_code == raw.FPDF_ERR_SECURITY:
        return "the PDF is encrypted with a security scheme that cannot be opened"
    if err_code == raw.FPDF_ERR_FORMAT:
        return "the PDF is damaged or truncated: its structure cannot be read"
    return "the PDF cannot be opened (it may be damaged)"


# One printed line: its text and the height of its baseline (None if unknown).
_Line = tuple[str, "float | None"]


def _page_lines(textpage: Any) -> list[_Line]:
    import pypdfium2.raw as raw

    text: str = textpage.get_text_range()
    x, y = ctypes.c_double(), ctypes.c_double()
    lines: list[_Line] = []
    start = 0
    for line in text.split("\r\n"):
        content = line.lstrip()
        baseline = None
        if content:
            index = raw.FPDFText_GetCharIndexFromTextIndex(
                textpage, start + len(line) - len(content)
            )
            if index >= 0 and raw.FPDFText_GetCharOrigin(
                textpage, index, ctypes.byref(x), ctypes.byref(y)
            ):
                baseline = y.value
        lines.append((line, baseline))
        start += len(line) + 2
    return lines


def _read_pages(data: bytes, source: str | None) -> list[list[_Line]]:
    pdfium = _pdfium()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(_open_failure(exc.err_code), source=source) from exc
    pages: list[list[_Line]] = []
    try:
        for number in range(len(document)):
            try:
                page = document[number]
            except pdfium.PdfiumError as exc:
                message = f"page {number + 1} of the PDF is damaged and cannot be read"
                raise ParseError(message, source=source, page=number + 1) from exc
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(_page_lines(textpage))
                finally:
                    textpage.close()
            except pdfium.PdfiumError as exc:
                message = f"the text of page {number + 1} of the PDF cannot be read"
                raise ParseError(message, source=source, page=number + 1) from exc
            finally:
                page.close()
    finally:
        document.close()
    if not pages:
        raise ParseError("the PDF has no pages", source=source)
    if not any(line.strip() for lines in pages for line, _ in lines):
        raise ParseError(
            "the PDF has no text layer (a scanned image?): run it through OCR first",
            source=source,
        )
    return pages


def _pitch(pages: list[list[_Line]]) -> float | None:
    """The usual distance between the baselines of two lines of a paragraph."""
    steps = []
    for lines in pages:
        heights = [y for line, y in lines if y is not None]
        steps += [a - b for a, b in itertools.pairwise(heights) if a > b]
    # The lower quartile: most steps are within paragraphs.
    return statistics.quantiles(steps, n=4)[0] if len(steps) >= 4 else min(steps, default=None)


def _body(lines: list[_Line], pitch: float) -> tuple[int, int]:
    """The index range of a page's lines without its header and footer lines."""
    placed = [i for i, (_, y) in enumerate(lines) if y is not None]
    first, end = 0, len(lines)
    if len(placed) < 3:
        return first, end

    def gap(i: int, j: int) -> float:
        a, b = lines[i][1], lines[j][1]
        assert a is not None and b is not None
        return a - b

    for n in range(min(_MARGIN_LINES, len(placed) - 2)):
        if gap(placed[n], placed[n + 1]) > _MARGIN_GAP * pitch:
            first = placed[n + 1]
        if gap(placed[-n - 2], placed[-n - 1]) > _MARGIN_GAP * pitch:
            end = placed[-n - 2] + 1
    return first, max(first, end)


def _page_text(lines: list[_Line], body: tuple[int, int], pitch: float | None) -> str:
    first, end = body
    out: list[str] = []
    previous = None
    for i, (line, y) in enumerate(lines):
        if (
            pitch
            and first < i < end
            and previous is not None
            and y is not None
            and previous - y > _PARAGRAPH_GAP * pitch
        ):
            out.append("")
        out.append(line)
        if y is not None:
            previous = y
    return "\n".join(out)


def _layout(pages: list[list[_Line]]) -> str:
    pitch = _pitch(pages)
    bodies = [_body(lines, pitch) if pitch else (0, len(lines)) for lines in pages]
    heights = [
        [y for _, y in lines[first:end] if y is not None]
        for lines, (first, end) in zip(pages, bodies, strict=True)
    ]
    tops = [h[0] for h in heights if h]
    bottoms = [h[-1] for h in heights if h]
    out = [_page_text(pages[0], bodies[0], pitch)]
    for number in range(1, len(pages)):
        # A paragraph ends at the page break when the page before ended
        # higher, or this one starts lower, than the text of other pages.
        before, here = heights[number - 1], heights[number]
        slack = _PAGE_EDGE_GAP * pitch if pitch else None
        paragraph = slack is not None and (
            (bool(before) and before[-1] > min(bottoms) + slack)
            or (bool(here) and here[0] < max(tops) - slack)
        )
        out.append("\n\n\f" if paragraph else "\n\f")
        out.append(_page_text(pages[number], bodies[number], pitch))
    return "".join(out)


def extract_text(data: bytes, source: str | None = None) -> str:
    """The text of a PDF, pages separated by form feeds.

    Args:
        data: The bytes of the PDF file.
        source: The file's path, for errors.

    Returns:
        The text of every page, one printed line per line, an empty line
        between paragraphs, and ``\\f`` between pages.

    Raises:
        ImportError: pypdfium2 is not installed (the ``pdf`` extra).
        ParseError: The PDF is encrypted, damaged or truncated, or has no
            text layer.
    """
    return _layout(_read_pages(data, source))
