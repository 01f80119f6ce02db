"""Stage 1, PDF files: the text layer of a PDF as plain-layout text.

The text of each page is extracted with pypdfium2 (a dependency), one
line per printed line. PDFium reports lines, not paragraphs, so paragraph
breaks are read from the page geometry: a vertical gap between two lines
clearly wider than the usual line pitch of the document is an empty line in
the output. Pages are joined with a form feed (``\\f``), which normalization
reads as a page break, so errors can name the page.

Lines set off from the text of a page by a wide margin at its top or bottom
(running headers and footers such as ``Page 2 of 4``) are kept in the output,
without empty lines around them, for normalization to recognize as page
furniture. A paragraph break that falls on a page break shows as a page whose
text starts lower, or ends higher, than on the other pages, or as a last line
on which the next page's first word would have fitted.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import statistics
from typing import Any, NamedTuple

import attrs

from .errors import ParseError

__all__ = ["INSTALL_HINT", "extract_text"]

INSTALL_HINT = (
    "reading PDF files needs pypdfium2, which imrparse depends on but cannot import: "
    'reinstall it with pip install --force-reinstall "pypdfium2>=4.20"'
)

#: A gap wider than this many line pitches ends a paragraph ...
_PARAGRAPH_GAP = 1.4
#: ... and one wider than this sets a header or footer off from the text.
_MARGIN_GAP = 2.5
#: Lines at each edge of a page that may be headers or footers.
_MARGIN_LINES = 2
#: A page's text ending this many pitches above (or starting below) the
#: others' ends (starts) a paragraph at the page break.
_PAGE_EDGE_GAP = 0.6
#: A line ends its paragraph when the next word would have fitted on it, with
#: room to spare (within this share of the text width): widths are estimated,
#: and the text may have been wrapped by characters rather than by width.
_ROOM = 0.75
#: Below this many measured lines, the widest is the text width.
_FEW_WIDTHS = 10
#: Lines measured for their width at the top and at the bottom of each page.
_MEASURED_LINES = 6


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


class _Line(NamedTuple):
    """One printed line, and where it stands (None where unknown)."""

    text: str
    baseline: float | None
    width: float | None  # measured only near the top and bottom of a page


def _page_lines(textpage: Any) -> list[_Line]:
    import pypdfium2
    import pypdfium2.raw as raw

    # PDFium joins a line that ends in a hyphen with the next and gives the
    # hyphen as U+FFFE ("x-" / "ray"); it was printed, so it stays a hyphen
    # (one character for one keeps the offsets).
    text: str = textpage.get_text_range().replace("\ufffe", "-")
    x, y = ctypes.c_double(), ctypes.c_double()
    texts = text.split("\r\n")
    lines: list[_Line] = []
    start = 0
    for number, line in enumerate(texts):
        content = line.strip()
        baseline = width = None
        if content:
            lead = start + len(line) - len(line.lstrip())
            index = raw.FPDFText_GetCharIndexFromTextIndex(textpage, lead)
            if index >= 0 and raw.FPDFText_GetCharOrigin(
                textpage, index, ctypes.byref(x), ctypes.byref(y)
            ):
                baseline = y.value
                if number < _MEASURED_LINES or number >= len(texts) - _MEASURED_LINES:
                    last = raw.FPDFText_GetCharIndexFromTextIndex(textpage, lead + len(content) - 1)
                    if last >= 0:
                        with contextlib.suppress(pypdfium2.PdfiumError):
                            width = textpage.get_charbox(last)[2] - x.value
        lines.append(_Line(line, baseline, width))
        # PDFium counts text in UTF-16 code units; "\r\n" is two.
        start += len(line) + 2
        if not line.isascii():
            start += sum(1 for c in line if ord(c) > 0xFFFF)
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
    if not any(line.text.strip() for lines in pages for line in lines):
        raise ParseError(
            "the PDF has no text layer (a scanned image?): run it through OCR first",
            source=source,
        )
    return pages


def _pitch(pages: list[list[_Line]]) -> float | None:
    """The usual distance between the baselines of two lines of a paragraph."""
    steps = []
    for lines in pages:
        heights = [line.baseline for line in lines if line.baseline is not None]
        steps += [a - b for a, b in itertools.pairwise(heights) if a > b]
    # The lower quartile: most steps are within paragraphs.
    return statistics.quantiles(steps, n=4)[0] if len(steps) >= 4 else min(steps, default=None)


def _body(lines: list[_Line], pitch: float) -> tuple[int, int]:
    """The index range of a page's lines without its header and footer lines."""
    placed = [i for i, line in enumerate(lines) if line.baseline is not None]
    first, end = 0, len(lines)
    if len(placed) < 3:
        return first, end

    def gap(i: int, j: int) -> float:
        a, b = lines[i].baseline, lines[j].baseline
        assert a is not None and b is not None
        return a - b

    for n in range(min(_MARGIN_LINES, len(placed) - 2)):
        if gap(placed[n], placed[n + 1]) > _MARGIN_GAP * pitch:
            first = placed[n + 1]
        if gap(placed[-n - 2], placed[-n - 1]) > _MARGIN_GAP * pitch:
            end = placed[-n - 2] + 1
    return first, max(first, end)


def _page_text(lines: list[_Line], body: tuple[int, int], pitch: float) -> str:
    """A page's lines, with an empty line at each wide gap inside its body."""
    first, end = body
    out: list[str] = []
    previous = None
    for i, (line, y, _) in enumerate(lines):
        if (
            first < i < end
            and previous is not None
            and y is not None
            and previous - y > _PARAGRAPH_GAP * pitch
        ):
            out.append("")
        out.append(line)
        if y is not None:
            previous = y
    return "\n".join(out)


@attrs.frozen
class _Edges:
    """Where the text of a page (without header and footer) starts and ends."""

    top: float  # baseline of its first line
    bottom: float  # baseline of its last line
    last_width: float | None  # width of its last line
    first_word_width: float | None  # width of the first word of its first line


def _edges(lines: list[_Line], body: tuple[int, int]) -> _Edges | None:
    placed = [line for line in lines[body[0] : body[1]] if line.baseline is not None]
    if not placed:
        return None
    first, last = placed[0], placed[-1]
    assert first.baseline is not None and last.baseline is not None
    word = None
    if first.width is not None:
        content = first.text.strip()
        # Measured in the line's average character width: close enough to
        # tell whether the word would have fitted on the line before.
        word = first.width * (len(content.split()[0]) + 1) / len(content)
    return _Edges(first.baseline, last.baseline, last.width, word)


def _text_width(pages: list[list[_Line]]) -> float:
    """The width the lines of a paragraph fill: the 90th percentile of widths.

    Not the widest line: a heading or a long unbroken line can be wider.
    """
    widths = [line.width for lines in pages for line in lines if line.width is not None]
    if len(widths) < _FEW_WIDTHS:
        return max(widths, default=0.0)
    return statistics.quantiles(widths, n=10)[-1]


def _paragraph_ends(edges: list[_Edges | None], number: int, pitch: float, width: float) -> bool:
    """Whether a paragraph ends at the break before page ``number``.

    It does when that page's text starts lower than another page's, when the
    page before ends higher than another page (but the last) ends, or when
    the first word of this page would have fitted on the last line of the page
    before: then that line did not end for want of room.
    """
    before, here = edges[number - 1], edges[number]
    if before is None or here is None:
        return False
    slack = _PAGE_EDGE_GAP * pitch
    if here.top < max(e.top for e in edges if e is not None) - slack:
        return True
    # The last page ends where the letter does: it is no measure.
    others = [e.bottom for e in edges[:-1] if e is not None and e is not before]
    if others and before.bottom > min(others) + slack:
        return True
    if before.last_width is None or here.first_word_width is None:
        return False
    return before.last_width + here.first_word_width < _ROOM * width


def _layout(pages: list[list[_Line]]) -> str:
    pitch = _pitch(pages)
    if pitch is None:  # no two lines one above the other: nothing to measure
        return "\n\f".join("\n".join(line.text for line in lines) for lines in pages)
    bodies = [_body(lines, pitch) for lines in pages]
    edges = [_edges(lines, body) for lines, body in zip(pages, bodies, strict=True)]
    width = _text_width(pages)
    out = [_page_text(pages[0], bodies[0], pitch)]
    for number in range(1, len(pages)):
        out.append("\n\n\f" if _paragraph_ends(edges, number, pitch, width) else "\n\f")
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
        ImportError: pypdfium2, a dependency, is missing or broken.
        ParseError: The PDF is encrypted, damaged or truncated, or has no
            text layer.
    """
    return _layout(_read_pages(data, source))
