"""Stage 2: raw letter text to the normalized text the grammars read.

The normalized text has one physical line per line, no leading or trailing
spaces on any line, exactly one empty line between paragraphs, and no empty
lines at either end. Two raw layouts are understood:

* the *blank-line* layout that PDF-to-text tools produce for DWC letters: every
  physical line is followed by an empty line, a paragraph break is a line
  holding only spaces, and a page break adds further empty lines, possibly
  inside a paragraph;
* the *plain* layout: single newlines, paragraphs separated by blank lines.

In both, ``\\r\\n`` and ``\\r`` end lines, and a form feed is a page break.
Characters outside ASCII are repaired line piece by line piece with ``ftfy``
(mojibake such as ``Â®`` becomes ``®``, curly quotes become straight ones).

Every edit is recorded as it is made, as breakpoints mapping normalized
offsets to raw offsets, so any position in the normalized text can be reported
as a line and column of the raw text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

import attrs
import ftfy

__all__ = ["Normalized", "Position", "normalize"]

_LINE_END = re.compile(r"\r\n|\r|\n|\f")
_RAW_LINE_END = re.compile(r"\r\n|\r|\n")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_FTFY_CONFIG = ftfy.TextFixerConfig(explain=False)

#: Share of content lines followed by an empty line above which a text is
#: taken to be in the blank-line layout.
_BLANK_LINE_LAYOUT_SHARE = 0.75


@attrs.frozen
class Position:
    """A place in the raw text: 1-based line and column, and the page."""

    line: int
    column: int
    page: int


@attrs.frozen(eq=False)
class Normalized:
    """The normalized text of a letter and the way back to the raw text.

    Attributes:
        text: The normalized text.
        raw: The raw text it was made from.
        norm_breaks: Normalized offsets at which a run of unchanged text starts.
        raw_breaks: The raw offset each of those runs starts at.
        page_starts: Raw offsets at which pages after the first start.
    """

    text: str
    raw: str
    norm_breaks: tuple[int, ...] = attrs.field(repr=False)
    raw_breaks: tuple[int, ...] = attrs.field(repr=False)
    page_starts: tuple[int, ...] = attrs.field(repr=False)
    _raw_line_starts: tuple[int, ...] = attrs.field(repr=False, init=False)

    @_raw_line_starts.default
    def _line_starts(self) -> tuple[int, ...]:
        return (0, *(m.end() for m in _RAW_LINE_END.finditer(self.raw)))

    def to_raw(self, offset: int) -> int:
        """Map an offset of the normalized text to an offset of the raw text."""
        offset = max(0, min(offset, len(self.text)))
        if not self.norm_breaks:
            return 0
        i = max(bisect.bisect_right(self.norm_breaks, offset) - 1, 0)
        raw = self.raw_breaks[i] + offset - self.norm_breaks[i]
        # A piece that ftfy shortened or lengthened maps into its raw piece.
        if i + 1 < len(self.raw_breaks):
            raw = min(raw, self.raw_breaks[i + 1])
        return min(raw, len(self.raw))

    def raw_position(self, raw_offset: int) -> Position:
        """Line, column and page of an offset of the raw text."""
        line = bisect.bisect_right(self._raw_line_starts, raw_offset)
        column = raw_offset - self._raw_line_starts[line - 1] + 1
        page = bisect.bisect_right(self.page_starts, raw_offset) + 1
        return Position(line, column, page)

    def position(self, offset: int) -> Position:
        """Line, column and page in the raw text of a normalized offset."""
        return self.raw_position(self.to_raw(offset))

    def raw_line(self, line: int) -> str:
        """The text of a 1-based raw line, without its line end."""
        starts = self._raw_line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.raw)
        return self.raw[start:end].rstrip("\r\n")


@attrs.frozen
class _Line:
    start: int  # raw offset of the first character
    end: int  # raw offset after the last character (before the line end)
    page_break_after: bool  # the line ended in a form feed

    def content(self, raw: str) -> tuple[int, int]:
        """Raw start and end of the line without surrounding white space."""
        text = raw[self.start : self.end]
        stripped = text.strip()
        if not stripped:
            return self.start, self.start
        lead = len(text) - len(text.lstrip())
        return self.start + lead, self.start + lead + len(stripped)


def _split_lines(raw: str) -> list[_Line]:
    lines = []
    start = 0
    for m in _LINE_END.finditer(raw):
        lines.append(_Line(start, m.start(), m.group() == "\f"))
        start = m.end()
    lines.append(_Line(start, len(raw), False))
    return lines


def _is_blank_line_layout(raw: str, lines: list[_Line]) -> bool:
    """Whether paragraph breaks are lines of spaces between empty lines."""
    has_space_lines = any(
        line.end > line.start and not raw[line.start : line.end].strip() for line in lines
    )
    if not has_space_lines:
        return False
    content = followed = 0
    for here, after in itertools.pairwise(lines):
        if raw[here.start : here.end].strip():
            content += 1
            followed += after.end == after.start
    return content > 0 and followed >= _BLANK_LINE_LAYOUT_SHARE * content


def _paragraphs(raw: str, lines: list[_Line]) -> Iterator[list[_Line]]:
    """Group content lines into paragraphs, per the layout of the text."""
    blank_line_layout = _is_blank_line_layout(raw, lines)
    paragraph: list[_Line] = []
    pending_break = False
    for line in lines:
        text = raw[line.start : line.end]
        if text.strip():
            if pending_break and paragraph:
                yield paragraph
                paragraph = []
            pending_break = False
            paragraph.append(line)
        elif (not blank_line_layout or text) and not line.page_break_after:
            # Plain layout: any blank line. Blank-line layout: a line of
            # spaces. The empty piece before a form feed is no line at all.
            pending_break = True
    if paragraph:
        yield paragraph


def _page_starts(raw: str, lines: list[_Line], blank_line_layout: bool) -> tuple[int, ...]:
    starts: list[int] = []
    empty_run = 0
    for i, line in enumerate(lines):
        if i and lines[i - 1].page_break_after:
            starts.append(line.start)
        if line.end == line.start:
            empty_run += 1
            continue
        if blank_line_layout and empty_run >= 2 and starts[-1:] != [line.start]:
            starts.append(line.start)
        empty_run = 0
    # A break at the very end starts no page.
    return tuple(s for s in starts if raw[s:].strip())


def _repair(piece: str) -> str:
    fixed = ftfy.fix_text(piece, _FTFY_CONFIG)
    # No-break and other exotic spaces read as plain spaces.
    return "".join(" " if c.isspace() else c for c in fixed)


def normalize(raw: str) -> Normalized:
    """Normalize the raw text of a letter.

    Args:
        raw: The letter's text as decoded from its file.

    Returns:
        The normalized text with its map back to ``raw``.
    """
    lines = _split_lines(raw)
    blank_line_layout = _is_blank_line_layout(raw, lines)
    out: list[str] = []
    norm_breaks: list[int] = []
    raw_breaks: list[int] = []
    length = 0

    def emit(text: str, raw_offset: int) -> None:
        nonlocal length
        norm_breaks.append(length)
        raw_breaks.append(raw_offset)
        out.append(text)
        length += len(text)

    for p, paragraph in enumerate(_paragraphs(raw, lines)):
        for n, line in enumerate(paragraph):
            start, end = line.content(raw)
            if p or n:
                # The separator maps to the end of the previous line.
                out.append("\n\n" if n == 0 else "\n")
                length += 2 if n == 0 else 1
            text = raw[start:end]
            if text.isascii():
                emit(text, start)
                continue
            cursor = 0
            for m in _NON_ASCII_RUN.finditer(text):
                if m.start() > cursor:
                    emit(text[cursor : m.start()], start + cursor)
                emit(_repair(m.group()), start + m.start())
                cursor = m.end()
            if cursor < len(text):
                emit(text[cursor:], start + cursor)

    return Normalized(
        text="".join(out),
        raw=raw,
        norm_breaks=tuple(norm_breaks),
        raw_breaks=tuple(raw_breaks),
        page_starts=_page_starts(raw, lines, blank_line_layout),
    )
