"""The one public error, and the table of warning codes."""

from __future__ import annotations

import attrs

__all__ = ["WARNING_CODES", "ParseError"]


@attrs.define(eq=False)
class ParseError(ValueError):
    """The input is not a determination letter that can be read.

    ``str(error)`` names the place, says what was wrong and what the grammar
    would have accepted, and shows the line::

        letter.txt:41:1: request line has no outcome; expected ...
            Norco 5/325 MG #30:
            ^

    Attributes:
        message: What was wrong, in a short sentence.
        line: 1-based line in the input as the user has it (the PDF's
            extracted text for a PDF).
        column: 1-based column on that line.
        expected: What would have been accepted there, in words.
        source: The path the input was read from, or None.
        snippet: The offending line with a caret under the column.
        page: 1-based page, where the input has pages.
    """

    message: str
    line: int = 1
    column: int = 1
    expected: tuple[str, ...] = ()
    source: str | None = None
    snippet: str = ""
    page: int | None = None

    def __str__(self) -> str:
        where = _place(self.source or "<text>", self.line, self.column, self.page)
        tail = f"\n{self.snippet}" if self.snippet else ""
        return f"{where}: {_with_expected(self.message, self.expected)}{tail}"


def _with_expected(message: str, expected: tuple[str, ...]) -> str:
    """An error's message followed by what would have been accepted."""
    return f"{message}; expected {' or '.join(expected)}" if expected else message


def _place(source: str, line: int | None, column: int | None, page: int | None) -> str:
    """``source:line:column``, and the page where it is past the first."""
    where = source if line is None else f"{source}:{line}:{column}"
    return f"{where} (page {page})" if page is not None and page > 1 else where


#: Every warning code a :class:`~imrparse.ParseWarning` can carry, with what it
#: means. Codes marked *lenient* are raised as :class:`ParseError` when
#: ``strict=True`` and become warnings only with ``strict=False``; the others
#: are reported in both modes.
WARNING_CODES: dict[str, str] = {
    "unplaced_text": (
        "lenient: text that fits no slot of the template; it stays in its section's span."
    ),
    "unreadable_value": (
        "lenient: a value the grammar located could not be read (an impossible date, say); "
        "the field is left empty."
    ),
    "outcome_contradicted": (
        "the rationale's concluding sentence says the opposite of the decision's outcome "
        '("is not medically necessary" with Overturned, or the reverse), two lists of a '
        "2013 notice's determinations give one item opposite outcomes, or two sentences of a "
        "professional review's rationale conclude one item both ways."
    ),
    "outcome_not_stated": (
        "lenient: a disputed item whose outcome cannot be read; no decision is made for it "
        "and its text stays in its section."
    ),
    "section_missing": (
        "lenient: a section of the letter's template is not in the letter (its heading was "
        "not found); the fields it holds are empty (the reviewer or case summary is None)."
    ),
    "field_unreadable": (
        "lenient: the text of one slot (a request line, a guideline paragraph, the header, a "
        "list of credentials) could not be read; that field is left empty and the rest of "
        "the letter is read."
    ),
    "block_unreadable": (
        "lenient: a decision block whose request line has no outcome; no decision is made "
        "for it and its text stays in its section."
    ),
    "qualifications_not_read": (
        "the statement about the reviewer states no board certification, subspecialty, state "
        "of licensure, years in practice or hours a week in a wording that can be read; the "
        "reviewer's fields stay empty (or as the header block fills them) and the statement "
        "is kept in its text."
    ),
    "unmatched_determination": (
        "lenient: a numbered determination of a 2013 notice that no rationale block answers; "
        "its decision is read from the determination alone, with no rationale."
    ),
}
