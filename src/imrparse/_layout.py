"""Stage 3a: normalized text to a stream of classified line tokens.

The normalized text (one physical line per line, one empty line between
paragraphs) is cut into lines, and each line is classified against the
vocabularies of :mod:`imrparse._vocab`: a section heading, a label that opens
a part of a decision block, a fixed lead-in sentence, a credentials line, a
header line, a request line (a line or run of lines ending in ``: Upheld`` or
``: Overturned``, or ending in ``:`` with the outcome alone on the next line),
or free text. Consecutive lines of one paragraph that are no anchor of their
own go with the token before them, so a letter is a few dozen tokens, each a
:class:`lark.Token` whose ``start_pos``/``end_pos`` are offsets into the
normalized text. Page breaks are no tokens.

The template is chosen from the headings found, before any parse; text with
no heading of any template is no letter, and is rejected after this one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs
import lark

from . import _vocab as vocab
from .model import Template

__all__ = ["Layout", "Line", "classify", "find_headings", "label_end", "lines"]


@attrs.frozen
class Line:
    """One non-empty line of the normalized text.

    Attributes:
        start: Offset of its first character.
        end: Offset after its last character.
        text: The line.
        number: 1-based line number in the normalized text.
        opens_paragraph: An empty line (or the start of the text) is before it.
    """

    start: int
    end: int
    text: str
    number: int
    opens_paragraph: bool


def lines(text: str) -> list[Line]:
    """The non-empty lines of a normalized text, in order."""
    found: list[Line] = []
    offset = 0
    after_blank = True
    for number, line in enumerate(text.split("\n"), start=1):
        end = offset + len(line)
        if line.strip():
            found.append(Line(offset, end, line, number, after_blank))
            after_blank = False
        else:
            after_blank = True
        offset = end + 1
    return found


#: Any heading as whole lines, in any case and spacing, with a colon or full
#: stop after it, on one line or wrapped onto a second: one pass over a text
#: finds its headings.
_HEADING_LINE = re.compile(
    r"^[ \t]*(?:"
    + "|".join(
        sorted(
            (
                r"(?:[ \t]+|[ \t]*\n[ \t]*)".join(re.escape(word) for word in heading.split())
                for heading in vocab.HEADINGS
            ),
            key=len,
            reverse=True,
        )
    )
    + r")[ \t]*[:.]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _heading_matches(text: str) -> Iterator[tuple[int, int, str]]:
    """Each heading of a text: where it starts and ends, and its token type."""
    for m in _HEADING_LINE.finditer(text):
        if m.group().count("\n") <= 1:
            yield m.start(), m.end(), vocab.HEADINGS[vocab.key(m.group())]


def find_headings(text: str) -> dict[int, str]:
    """The headings of a text: token type by the offset of the line it starts on."""
    return {start: kind for start, _, kind in _heading_matches(text)}


def choose_template(kinds: set[str]) -> Template | None:
    """The template whose headings (token types) the letter has; None when it has none."""
    for template, names in vocab.TEMPLATE_HEADINGS:
        if kinds & names:
            return template
    return None


def _phrase_pattern(phrases: Sequence[str]) -> str:
    """A pattern for fixed phrases, in any case and spacing."""
    alternatives = sorted(
        (r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in phrases),
        key=len,
        reverse=True,
    )
    return "(?:" + "|".join(alternatives) + ")"


def _line_starts(table: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (kind, re.compile(_phrase_pattern(phrases), re.IGNORECASE))
        for kind, phrases in table.items()
    ]


_LABELS = _line_starts(vocab.BASIS_LABELS)
_CREDENTIALS = _line_starts(vocab.CREDENTIAL_LABELS)
#: Every label and credential line start in one pattern, a group per kind:
#: one match a line.
_LINE_START = re.compile(
    "|".join(f"(?P<{kind}>{pattern.pattern})" for kind, pattern in _LABELS + _CREDENTIALS),
    re.IGNORECASE,
)
#: A lead-in sentence, with the colon or full stop after it.
_LEAD_INS = [
    (kind, re.compile(pattern.pattern + r"[ \t]*[:.]?", re.IGNORECASE))
    for kind, pattern in _line_starts(vocab.LEAD_INS)
]

#: A line that ends in its outcome: "...:  Upheld", "...: OVERTURNED."
_OUTCOME_END = re.compile(r":[ \t]*(?:upheld|overturned)[ \t]*\.?[ \t]*$", re.IGNORECASE)
#: A line that is an outcome alone.
_OUTCOME_ALONE = re.compile(r"(?:upheld|overturned)[ \t]*\.?", re.IGNORECASE)
#: A line that ends a sentence.
_SENTENCE_END = re.compile(r"[.?!][\"')\]]?[ \t]*$")
#: Words that show a request line is part of a partial authorisation that
#: began on an earlier line, and the phrase with which such a run begins.
_PARTIAL_TAIL = re.compile(
    r"IMR\s+eligible|authorized\s+by\s+the\s+Claims\s+Administrator|"
    r"^The\s+Claims\s+Administrator\s+authorized|^The\s+original\s+request,",
    re.IGNORECASE,
)
_PARTIAL_HEAD = re.compile(r"was\s+the\s+original\s+request", re.IGNORECASE)
#: A header line: a known label followed by its colon.
_HEADER_LABEL = re.compile(
    _phrase_pattern(sorted(vocab.HEADER_FIELDS)) + r"\.?[ \t]*:",
    re.IGNORECASE,
)

#: Headings after which request lines are read: the decisions heading, and
#: the others too, so that a letter whose decisions heading was lost still
#: gives its decisions.
_ANY_SECTION = frozenset(
    {
        "HEADING_HOW_MADE",
        "HEADING_CASE_SUMMARY",
        "HEADING_DOCUMENTS",
        "HEADING_ISSUES",
        "HEADING_DECISIONS",
    }
)


@attrs.frozen
class Layout:
    """A letter's lines, its template and its tokens.

    Attributes:
        template: The template its headings name; None when it has none.
        tokens: Classified tokens, in order (only for the templates read by
            the document grammars).
    """

    template: Template | None
    tokens: tuple[lark.Token, ...]


class _Classifier:
    """Classifies the lines of one letter (see the module's docstring)."""

    def __init__(
        self, text: str, all_lines: list[Line], headings: list[tuple[int, str, int]]
    ) -> None:
        self.text = text
        self.lines = all_lines
        self.kinds: list[str | None] = [None] * len(all_lines)
        # Lines that continue the anchor on a line before them (a lead-in
        # sentence over two lines, a wrapped heading): no request run starts there.
        self.continued = [False] * len(all_lines)
        #: The last line of each heading, by its first, and the lines a
        #: heading wrapped onto.
        self.heading_ends: dict[int, int] = {}
        self.heading_lines: set[int] = set()
        for n, kind, last in headings:
            self.kinds[n] = kind
            self.heading_ends[n] = last
            for m in range(n + 1, last + 1):
                self.continued[m] = True
                self.heading_lines.add(m)
        self.lead_in_ends: dict[int, int] = {}
        self.section = [""] * len(all_lines)
        current = ""
        for n in range(len(all_lines)):
            current = self.kinds[n] or current
            self.section[n] = current

    def _anchored(self, n: int) -> bool:
        return self.kinds[n] is not None or self.continued[n]

    def _paragraph_start(self, n: int) -> int:
        while n > 0 and not self.lines[n].opens_paragraph and not self._anchored(n - 1):
            n -= 1
        return n

    def _sentence_start(self, n: int, first: int) -> int:
        """The first line of the sentence run that ends on line ``n``."""
        while n > first and not _SENTENCE_END.search(self.lines[n - 1].text):
            n -= 1
        return n

    def _request_start(self, end: int) -> int:
        first = self._paragraph_start(end)
        start = self._sentence_start(end, first)
        while start > first and self._run_needs_more(start, end):
            start = self._sentence_start(start - 1, first)
        return start

    def _run_needs_more(self, start: int, end: int) -> bool:
        run = " ".join(line.text for line in self.lines[start : end + 1])
        return bool(_PARTIAL_TAIL.search(run)) and not _PARTIAL_HEAD.search(run)

    def _block_may_start(self, n: int) -> bool:
        """A decision block may start on line ``n``: the anchor before it ends
        a block's rationale or opens the decisions."""
        before = next((self.kinds[k] for k in range(n - 1, -1, -1) if self.kinds[k]), None)
        return before in _BLOCK_MAY_FOLLOW

    def _label_follows_soon(self, n: int) -> bool:
        """A label follows within two paragraphs of free text from line ``n``
        on (the first label of a block may be misprinted), with no line
        ending in an outcome between."""
        paragraphs = 0
        while n < len(self.lines) and not self._anchored(n):
            if _OUTCOME_END.search(self.lines[n].text):
                return False
            n += 1
            if n < len(self.lines) and self.lines[n].opens_paragraph:
                paragraphs += 1
                if paragraphs > 2:
                    return False
        return self._label_follows(n)

    def _heads_a_body(self, first: int, last: int) -> bool:
        """The run is a paragraph of its own and free text follows it, as a
        block's rationale follows its request line when its label is lost.
        (A paragraph ending in an outcome right before the next request line
        is the end of a rationale.)"""
        after = last + 1
        if not self.lines[first].opens_paragraph or after >= len(self.lines):
            return False
        if not self.lines[after].opens_paragraph or self._anchored(after):
            return False
        end = after
        while end + 1 < len(self.lines) and not self.lines[end + 1].opens_paragraph:
            end += 1
        return not any(_OUTCOME_END.search(line.text) for line in self.lines[after : end + 1])

    def _repeated(self, first: int, last: int) -> bool:
        """The run of lines ``first`` to ``last`` is printed again right after
        it, and there is a request followed by a label."""
        size = last - first + 1
        again = last + 1 + size
        if again > len(self.lines) or not self._label_follows(again):
            return False
        words = [line.text.split() for line in self.lines[first : last + 1]]
        return words == [line.text.split() for line in self.lines[last + 1 : again]]

    def _label_follows(self, n: int) -> bool:
        """A label of a decision block's part is on line ``n``: a run ending
        in an outcome is a request only then, so that a rationale paragraph
        that merely ends in "...: Upheld" starts no block."""
        return n < len(self.lines) and self.kinds[n] in vocab.BASIS_LABELS

    def _requests(self) -> Iterator[tuple[int, int, str]]:
        """(first line, last line, token type) of each request run: REQUEST,
        or UNREAD_REQUEST for the run that stands where a request line does
        but has no outcome."""
        taken = -1  # the last line of the last run found
        for n, line in enumerate(self.lines):
            if n <= taken or self.section[n] not in _ANY_SECTION or self._anchored(n):
                continue
            kind = "REQUEST"
            if _OUTCOME_END.search(line.text):
                last = n
            elif (
                line.text.rstrip().endswith(":")
                and n + 1 < len(self.lines)
                and not self.lines[n + 1].opens_paragraph
                and _OUTCOME_ALONE.fullmatch(self.lines[n + 1].text.strip())
            ):
                last = n + 1
            elif (
                self._label_follows(n + 1)
                and not _SENTENCE_END.search(line.text)
                and self._block_may_start(n)
            ):
                # Where a block's request line stands (after a rationale,
                # before a block's first label), but without an outcome; a
                # line ending a sentence there ends the rationale.
                last, kind = n, "UNREAD_REQUEST"
            else:
                continue
            first = self._request_start(n)
            if kind == "UNREAD_REQUEST" and self.lines[self._paragraph_start(n)].opens_paragraph:
                # Its words cannot be trusted to end sentences: the whole
                # paragraph is the request line.
                first = self._paragraph_start(n)
            if any(self._anchored(k) for k in range(first, last + 1)):
                continue
            if self._label_follows(last + 1) or (
                kind == "REQUEST"
                and (self._label_follows_soon(last + 1) or self._heads_a_body(first, last))
            ):
                taken = last
                yield first, last, kind
            elif kind == "REQUEST" and self._repeated(first, last):
                # A request line printed twice (at a page break, say): the
                # first is a block with no parts, not text of the block before.
                taken = last
                yield first, last, kind

    def classify(self) -> list[lark.Token]:
        lines_ = self.lines
        for n, line in enumerate(lines_):
            if self.kinds[n] is not None or n in self.heading_lines:
                continue
            found = _LINE_START.match(line.text)
            kind = found.lastgroup if found else None
            if kind is None and (line.opens_paragraph or self.kinds[n - 1] in _HEADING_KINDS):
                kind = self._lead_in(n)
            if kind is None and not self.section[n] and _HEADER_LABEL.search(line.text):
                kind = "HEADER_LINE"
            self.kinds[n] = kind
            if kind in _LEAD_IN_KINDS:
                for m in range(n + 1, self.lead_in_ends[n] + 1):
                    self.continued[m] = True
        runs = {first: (last, kind) for first, last, kind in self._requests()}
        tokens: list[lark.Token] = []
        n = 0
        while n < len(lines_):
            if n in runs:
                last, kind = runs[n]
                tokens.append(self._token(kind, n, last))
                n = last + 1
                continue
            kind = self.kinds[n] or "TEXT"
            last = n
            # Header lines are read a line at a time; other tokens run on.
            if kind not in _HEADING_KINDS and self.section[n]:
                # The token takes the lines of its paragraph up to the next anchor.
                while (
                    last + 1 < len(lines_)
                    and not lines_[last + 1].opens_paragraph
                    and self.kinds[last + 1] is None
                    and last + 1 not in runs
                ):
                    last += 1
            if kind in _LEAD_IN_KINDS:
                last = self.lead_in_ends[n]
            last = self.heading_ends.get(n, last)
            tokens.append(self._token(kind, n, last))
            n = last + 1
        return tokens

    def _lead_in(self, n: int) -> str | None:
        """The kind of lead-in sentence that starts on line ``n``, if one does;
        the line it ends on is kept in ``lead_in_ends``."""
        parts = [self.lines[n].text]
        m = n + 1
        while m < len(self.lines) and not self.lines[m].opens_paragraph and len(parts) < 4:
            parts.append(self.lines[m].text)
            m += 1
        joined = " ".join(parts)
        for kind, pattern in _LEAD_INS:
            if found := pattern.match(joined):
                # The line on which the match ends.
                end, length = n, 0
                for k, part in enumerate(parts):
                    length += len(part) + 1
                    if found.end() <= length:
                        end = n + k
                        break
                self.lead_in_ends[n] = end
                return kind
        return None

    def _token(self, kind: str, first: int, last: int) -> lark.Token:
        start, end = self.lines[first].start, self.lines[last].end
        return lark.Token(
            kind,
            self.text[start:end],
            start_pos=start,
            line=self.lines[first].number,
            column=1,
            end_line=self.lines[last].number,
            end_column=end - self.lines[last].start + 1,
            end_pos=end,
        )


_LEAD_IN_KINDS = frozenset(vocab.LEAD_INS)
#: Anchors after which a new decision block may start.
_BLOCK_MAY_FOLLOW = frozenset(
    {"RATIONALE_LABEL", "ISSUES_LEAD_IN", "HEADING_ISSUES", "HEADING_DECISIONS"}
)
_HEADING_KINDS = frozenset(vocab.HEADINGS.values())
_LABEL_PATTERNS = dict(_LABELS + _CREDENTIALS)


def label_end(token: lark.Token) -> int:
    """The offset after the label a label token starts with."""
    start = token.start_pos or 0
    pattern = _LABEL_PATTERNS.get(token.type)
    found = pattern.match(token) if pattern is not None else None
    return start + found.end() if found else start


def classify(text: str) -> Layout:
    """Cut a normalized letter into classified tokens and choose its template.

    The template is chosen from one scan of the text for heading lines, so a
    text of no template, or of one the document grammar does not read, is
    never cut into lines.
    """
    found = {start: (kind, end) for start, end, kind in _heading_matches(text)}
    template = choose_template({kind for kind, _ in found.values()})
    if template not in (Template.ISSUES_DECISIONS_RATIONALES, Template.DECISIONS_RATIONALES):
        return Layout(template, ())
    all_lines = lines(text)
    headings = []
    for n, line in enumerate(all_lines):
        if line.start in found:
            kind, end = found[line.start]
            last = n
            while last + 1 < len(all_lines) and all_lines[last + 1].start < end:
                last += 1  # a heading wrapped onto the next line
            headings.append((n, kind, last))
    return Layout(template, tuple(_Classifier(text, all_lines, headings).classify()))
