"""Stage 2: raw letter text to the normalized text the grammars read.

The normalized text has one physical line per line, no leading or trailing
white space on any line, exactly one empty line between paragraphs, and no
empty lines at either end. Two raw layouts are understood:

* the *blank-line* layout that PDF-to-text tools produce for DWC letters: every
  physical line is followed by an empty line, a paragraph break is a line
  holding only spaces, and a page break adds further empty lines, possibly
  inside a paragraph;
* the *plain* layout: single newlines, paragraphs separated by blank lines.

In both, ``\\r\\n`` and ``\\r`` end lines, and a form feed is a page break. A
page break inside a paragraph joins its lines; a blank line (plain layout) or a
line of spaces (blank-line layout) next to a page break still ends the
paragraph. Characters outside ASCII are repaired piece by piece with ``ftfy``
(mojibake such as ``Â®`` becomes ``®``, curly quotes become straight ones).

*Page furniture* is removed: a line such as ``Page 2 of 4`` anywhere, a line
such as ``Page 2`` at the top or bottom of a page, and, in a text of two or
more pages, a running header (the same line at the top of every page, or of
every page but the first in a text of four or more pages, such as a case
number) or footer (the same line at
the bottom of every page), unless it ends in punctuation as prose does. The
blank lines around a removed line are read as if it were not there.
:attr:`Normalized.furniture` records the raw spans removed.

Every edit is recorded as it is made, as breakpoints mapping normalized
offsets to raw offsets, so any position in the normalized text can be reported
as a line and column (and page) of the raw text. The work is done with a few
passes of string methods over the whole text, not per character: this stage
runs on every letter.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import add, sub

import attrs

__all__ = ["Normalized", "Position", "normalize"]

_LINE_END = re.compile(r"(\r\n|[\r\n\f])")
_RAW_LINE_END = re.compile(r"\r\n|\r|\n")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")

#: Share of content lines followed by an empty line above which a text is
#: taken to be in the blank-line layout.
_BLANK_LINE_LAYOUT_SHARE = 0.75

#: In the blank-line layout, this many empty lines in a row make a page break.
_PAGE_BREAK_EMPTY_LINES = 2

#: "Page 2 of 4", "PAGE 2 OF 4", "Page 2/4": furniture wherever it stands.
_PAGE_OF = re.compile(r"page[ \t]*\d{1,4}[ \t]*(?:of|/)[ \t]*\d{1,4}", re.IGNORECASE)
#: "Page 2": furniture at the top or bottom of a page.
_PAGE_NUMBER = re.compile(r"page[ \t]*\d{1,4}", re.IGNORECASE)
#: Lines longer than this are never furniture.
_FURNITURE_MAX_LENGTH = 80
#: A running header may skip the first page only in a text of more pages than
#: this: in fewer, two pages starting with the same line of prose are likelier.
_HEADER_SKIPS_FIRST_PAGE = 3
#: A line ending in one of these is prose, never a running header or footer.
_PROSE_END = frozenset(".,;:!?")
#: How many lines at each edge of a page are looked at for furniture.
_FURNITURE_EDGE_LINES = 3


@attrs.frozen
class Position:
    """A place in the raw text: 1-based line and column, and the page."""

    line: int
    column: int
    page: int


@attrs.frozen(eq=False, slots=False)
class Normalized:
    """The normalized text of a letter and the way back to the raw text.

    Attributes:
        text: The normalized text.
        raw: The raw text it was made from.
        norm_breaks: Normalized offsets at which a run of unchanged text starts.
        raw_breaks: The raw offset each of those runs starts at.
        page_starts: Raw offsets at which pages after the first start.
        furniture: Raw ``(start, end)`` spans of the page furniture removed.
    """

    text: str
    raw: str
    norm_breaks: tuple[int, ...] = attrs.field(repr=False)
    raw_breaks: tuple[int, ...] = attrs.field(repr=False)
    page_starts: tuple[int, ...] = attrs.field(repr=False)
    furniture: tuple[tuple[int, int], ...] = attrs.field(default=(), repr=False)

    @functools.cached_property
    def _raw_line_starts(self) -> tuple[int, ...]:
        # Only errors need this; most letters never compute it.
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
        if raw_offset == 0:  # the start of a text that is no letter: no need to count lines
            return Position(1, 1, 1)
        starts = self._raw_line_starts
        line = bisect.bisect_right(starts, raw_offset)
        column = raw_offset - starts[line - 1] + 1
        page = bisect.bisect_right(self.page_starts, raw_offset) + 1
        return Position(line, column, page)

    def position(self, offset: int) -> Position:
        """Line, column and page in the raw text of a normalized offset."""
        return self.raw_position(self.to_raw(offset))

    def raw_line(self, line: int) -> str:
        """The text of a 1-based raw line, without its line end."""
        if line == 1:
            first_end = _RAW_LINE_END.search(self.raw)
            return self.raw[: first_end.start()] if first_end else self.raw
        starts = self._raw_line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.raw)
        return self.raw[start:end].rstrip("\r\n")


@attrs.frozen
class _Gap:
    """What lies between two content lines (only white space and line ends)."""

    line_ends: int  # how many lines end in the gap
    first_line_empty: bool  # the first line after the first line end is empty
    paragraph: tuple[bool, bool]  # ends a paragraph: (plain layout, blank-line layout)
    pages: tuple[tuple[int, ...], tuple[int, ...]]  # offsets where pages start, per layout


def _read_gap(gap: str) -> _Gap:
    # pieces: the tail of the line before the gap, then pairs of a line end
    # and the line after it; the last line is the head of the next content line.
    pieces = _LINE_END.split(gap)
    ends = pieces[1::2]
    lines = pieces[2::2]
    paragraph_plain = paragraph_blank = False
    for line, end in zip(lines[:-1], ends[1:], strict=True):
        if end != "\f":  # the empty piece before a form feed is no line at all
            paragraph_plain = True
            paragraph_blank = paragraph_blank or bool(line)
    feeds: list[int] = []
    runs: list[int] = []
    empty_run = 0
    offset = len(pieces[0])
    for n, (end, line) in enumerate(zip(ends, lines, strict=True), 1):
        offset += len(end)
        if end == "\f":
            feeds.append(offset)
        if line or n == len(lines):  # the next content line is never empty
            if empty_run >= _PAGE_BREAK_EMPTY_LINES:
                runs.append(offset)
            empty_run = 0
        else:
            empty_run += 1
        offset += len(line)
    return _Gap(
        line_ends=len(ends),
        first_line_empty=bool(lines) and not lines[0],
        paragraph=(paragraph_plain, paragraph_blank),
        pages=(tuple(feeds), tuple(feeds or runs)),
    )


#: Strings longer than this are not kept in the caches below.
_CACHED_LENGTH = 64
_GAP_CACHE_SIZE = 4096


class _GapCache(dict[str, _Gap]):
    """Gaps read once per distinct string: most letters have a handful of kinds."""

    def __missing__(self, gap: str) -> _Gap:
        value = _read_gap(gap)
        if len(gap) <= _CACHED_LENGTH:
            self[gap] = value
        return value


_GAPS = _GapCache()


@functools.cache
def _ftfy_fix_text() -> Callable[[str], str]:
    """ftfy's repair, imported on first use: most letters are pure ASCII."""
    import ftfy

    return functools.partial(ftfy.fix_text, config=ftfy.TextFixerConfig(explain=False))


def _fix_text(piece: str) -> str:
    fixed = _ftfy_fix_text()(piece)
    # No-break and other exotic spaces read as plain spaces.
    return "".join(" " if c.isspace() else c for c in fixed)


_fix_short_text = functools.lru_cache(maxsize=4096)(_fix_text)


def _repair(piece: str) -> str:
    return _fix_short_text(piece) if len(piece) <= _CACHED_LENGTH else _fix_text(piece)


def _repair_line(text: str, raw_start: int) -> tuple[str, list[int], list[int]]:
    """A content line with its non-ASCII pieces repaired, and its breakpoints."""
    out: list[str] = []
    norm: list[int] = []
    raw: list[int] = []
    length = cursor = 0
    for m in _NON_ASCII_RUN.finditer(text):
        for piece, at in ((text[cursor : m.start()], cursor), (_repair(m.group()), m.start())):
            if piece:
                norm.append(length)
                raw.append(raw_start + at)
                out.append(piece)
                length += len(piece)
        cursor = m.end()
    if cursor < len(text):
        norm.append(length)
        raw.append(raw_start + cursor)
        out.append(text[cursor:])
    fixed = "".join(out)
    if not fixed or fixed != fixed.strip():
        # A repair that would empty the line or leave space at its edges is
        # not made: the line keeps its characters as they are.
        return text, [0], [raw_start]
    return fixed, norm, raw


def _page_number(contents: list[str], k: int) -> bool:
    """Content line ``k`` is a bare page number ("Page 2"), not the end of a
    page list whose label ("Page(s):") ends the line before it."""
    text = contents[k]
    if len(text) > _FURNITURE_MAX_LENGTH or not _PAGE_NUMBER.fullmatch(text):
        return False
    return k == 0 or not contents[k - 1].rstrip().endswith(":")


def _furniture(contents: list[str], pages: list[tuple[int, int]]) -> set[int]:
    """Indexes of the content lines that are page furniture.

    Args:
        contents: The content lines.
        pages: The ``(first, end)`` content indexes of each page holding text.
    """
    removed = {
        k
        for k, text in enumerate(contents)
        if text[:1] in "Pp" and len(text) <= _FURNITURE_MAX_LENGTH and _PAGE_OF.fullmatch(text)
    }
    if len(pages) < 2:
        return removed
    edges = []
    for first, end in pages:
        top = range(first, min(end, first + _FURNITURE_EDGE_LINES))
        bottom = range(end - 1, max(first, end - _FURNITURE_EDGE_LINES) - 1, -1)
        edges += [top, bottom]
        for edge in (top, bottom):
            for k in edge:
                if k not in removed and not _page_number(contents, k):
                    break
                removed.add(k)
    # A running header: the same line at the top of every page, or of every
    # page but the first; a running footer: the same line at the bottom of
    # every page. Prose (a line ending in punctuation, such as the
    # "necessary." that ends many rationales) is never furniture.
    for side in (0, 1):
        first_kept = [next((k for k in edge if k not in removed), None) for edge in edges[side::2]]
        texts = [contents[k] if k is not None else "" for k in first_kept]
        if side == 0 and len(texts) > _HEADER_SKIPS_FIRST_PAGE and texts[0] != texts[1]:
            texts = texts[1:]  # the first page may have no running header
        text = texts[0]
        if (
            texts.count(text) == len(texts)
            and text
            and len(text) <= _FURNITURE_MAX_LENGTH
            and text[-1] not in _PROSE_END
        ):
            removed.update(k for k in first_kept if k is not None and contents[k] == text)
    return removed


def normalize(raw: str) -> Normalized:
    """Normalize the raw text of a letter.

    Args:
        raw: The letter's text as decoded from its file.

    Returns:
        The normalized text with its map back to ``raw``.
    """
    if "\r" not in raw:
        # A form feed ends a line as a line break does (one character each);
        # the page break it marks is read from the gaps below.
        lines = (raw.replace("\f", "\n") if "\f" in raw else raw).split("\n")
        line_starts = list(accumulate(map(add, map(len, lines), repeat(1)), initial=0))
    elif "\f" not in raw and raw.count("\r") == raw.count("\n") == raw.count("\r\n"):
        lines = raw.split("\r\n")  # Windows line ends only
        line_starts = list(accumulate(map(add, map(len, lines), repeat(2)), initial=0))
    else:
        parts = _LINE_END.split(raw)
        lines = parts[::2]
        line_starts = list(accumulate(map(add, map(len, lines), map(len, parts[1::2])), initial=0))
    stripped = [line.strip() for line in lines]
    content = list(compress(range(len(lines)), stripped))
    contents = [stripped[i] for i in content]
    starts = [line_starts[i] + len(lines[i]) - len(lines[i].lstrip()) for i in content]
    ends = list(map(add, starts, map(len, contents)))

    # The gap before each content line, and the one after the last.
    if len(_GAPS) > _GAP_CACHE_SIZE:
        _GAPS.clear()
    gaps = list(
        map(
            _GAPS.__getitem__,
            [raw[e:s] for e, s in zip([0, *ends], [*starts, len(raw)], strict=True)],
        )
    )
    space_lines = len(lines) - lines.count("") - len(content)
    # Content lines followed by an empty line, of those with a line after them.
    # In a gap before a content line the last piece is that line's head, so
    # an empty line needs a second line end; after the last line it does not.
    followed = sum(gap.line_ends >= 2 and gap.first_line_empty for gap in gaps[1:-1])
    followable = len(content) - 1
    if content and gaps[-1].line_ends:
        followed += gaps[-1].first_line_empty
        followable += 1
    blank_line_layout = followable > 0 and followed >= _BLANK_LINE_LAYOUT_SHARE * followable
    layout = int(blank_line_layout and space_lines > 0)

    # Content line k starts a page when the gap before it holds a page break;
    # a break after the last line starts no page.
    breaks = [k for k, gap in enumerate(gaps[:-1]) if gap.pages[layout]]
    page_starts = [
        (ends[k - 1] if k else 0) + offset for k in breaks for offset in gaps[k].pages[layout]
    ]
    bounds = [0, *(k for k in breaks if k), len(contents)]
    removed = _furniture(contents, list(pairwise(bounds))) if contents else set()
    paragraph = [gap.paragraph[layout] for gap in gaps[:-1]]
    furniture: tuple[tuple[int, int], ...] = ()
    if removed:
        furniture = tuple((starts[k], ends[k]) for k in sorted(removed))
        kept = [k for k in range(len(contents)) if k not in removed]
        # The gaps around removed lines merge into the one before the next line.
        merged = list(paragraph)
        for k in sorted(removed):
            if k + 1 < len(merged):
                merged[k + 1] = merged[k + 1] or merged[k]
        paragraph = [merged[k] for k in kept]
        contents = [contents[k] for k in kept]
        starts = [starts[k] for k in kept]

    seps = ["\n\n" if p else "\n" for p in paragraph]
    if seps:
        seps[0] = ""
    repairs: dict[int, tuple[list[int], list[int]]] = {}
    if not raw.isascii():
        for k, text in enumerate(contents):
            if not text.isascii():
                contents[k], norm_rel, raw_rel = _repair_line(text, starts[k])
                repairs[k] = norm_rel, raw_rel
    lengths = list(map(len, contents))
    norm_starts = list(map(sub, accumulate(map(add, map(len, seps), lengths)), lengths))
    text = "".join(chain.from_iterable(zip(seps, contents, strict=True)))

    norm_breaks: list[int] = []
    raw_breaks: list[int] = []
    done = 0
    for k, (norm_rel, raw_abs) in repairs.items():  # in line order
        norm_breaks += norm_starts[done:k]
        raw_breaks += starts[done:k]
        norm_breaks += [norm_starts[k] + n for n in norm_rel]
        raw_breaks += raw_abs
        done = k + 1
    norm_breaks += norm_starts[done:]
    raw_breaks += starts[done:]

    return Normalized(
        text=text,
        raw=raw,
        norm_breaks=tuple(norm_breaks),
        raw_breaks=tuple(raw_breaks),
        page_starts=tuple(page_starts),
        furniture=furniture,
    )
