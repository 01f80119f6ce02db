"""Stage 3b: normalized text to a model; the one place lark errors are caught.

Each template's grammar is tried in a fixed order. The first that accepts the
letter is used; when none does, the error reported is the one that got
furthest into the text.
"""

from __future__ import annotations

import functools
import re

import attrs
import lark

from ._grammar import get_parser, grammar_dir
from ._normalize import Normalized
from ._transform import build
from .errors import WARNING_CODES, ParseError
from .model import Determination, Span, Template

__all__ = ["INTERNAL_ERROR", "TEMPLATE_ORDER", "available_templates", "parse", "readable"]

#: The order in which templates are tried.
TEMPLATE_ORDER = (
    Template.ISSUES_DECISIONS_RATIONALES,
    Template.DECISIONS_RATIONALES,
    Template.NOTICE_2013,
    Template.PROFESSIONAL_REVIEW,
)

#: How a :class:`ParseError` that stands for a bug in imrparse begins.
INTERNAL_ERROR = "internal error in imrparse (please report it with the letter)"

#: Warning codes that are errors when parsing strictly.
LENIENT_CODES = frozenset(
    code for code, meaning in WARNING_CODES.items() if meaning.startswith("lenient:")
)

#: Terminal names (without lark's namespace prefix) in words, for errors.
TERMINAL_NAMES = {
    "HEADING_HOW_MADE": 'the heading "HOW THE IMR FINAL DETERMINATION WAS MADE"',
    "HEADING_CASE_SUMMARY": 'the heading "CLINICAL CASE SUMMARY"',
    "HEADING_ISSUES": 'the heading "IMR ISSUES, DECISIONS AND RATIONALES"',
    "CASE_SUMMARY_LEAD_IN": "the case summary's lead-in sentence",
    "ISSUES_LEAD_IN": "the lead-in sentence of the decisions",
    "PARAGRAPH": "a paragraph of text",
    "TEXT": "a paragraph of text",
    "SENTENCE": "a sentence",
    "BLANK": "an empty line",
    "NEXT_DECISION": "a request line ending in its outcome (Upheld or Overturned)",
    "REQUEST": "a request line ending in its outcome (Upheld or Overturned)",
    "OUTCOME_COLON": '":" before the outcome',
    "OUTCOME": "an outcome (Upheld or Overturned)",
    "CLAIMS_ADMINISTRATOR_LABEL": '"Claims Administrator guideline:"',
    "REVIEWER_LABEL": '"MAXIMUS guideline:"',
    "RATIONALE_LABEL": '"Decision rationale:"',
    "BASED_ON_MTUS": '"Decision based on MTUS"',
    "BASED_ON_NON_MTUS": '"Decision based on Non-MTUS Citation"',
    "OTHER_EVIDENCE": '"Other Medical Treatment Guideline or Medical Evidence:"',
    "MTUS_GUIDELINE": "an MTUS guideline title",
    "NON_MTUS_GUIDELINE": "a guideline name with its abbreviation",
    "TOPIC": "a guideline topic",
    "BASIS_TEXT": "text",
    "PAGES_LABEL": '"Page(s):"',
    "PAGE_WORD": '"page"',
    "PAGE_RANGE": "a page or page range",
    "COMMA": '","',
    "SEMICOLON": '";"',
    "CLAUSE_END": '"."',
    "BOARD_CERTIFIED_IN": '"The expert reviewer is Board Certified in"',
    "SUBSPECIALTY_IN": '"has a subspecialty in"',
    "LICENSED_IN": '"and is licensed to practice in"',
    "IN_PRACTICE_FOR": '"He/she has been in active clinical practice for more than"',
    "YEARS": '"years"',
    "WORKING_AT_LEAST": '"and is currently working at least"',
    "HOURS_A_WEEK": '"hours a week"',
    "AND": '"and"',
    "LIST_COMMA": '","',
    "STOP": '"."',
    "COUNT": "a number",
    "SPECIALTY": "a specialty",
    "STATE": "a state",
    "$END": "the end of the letter",
}

_LABEL_AT = re.compile(r"(?:Claims\s+Administrator|MAXIMUS)\s+guideline:|Decision\s+rationale:")


def readable(terminals: set[str] | frozenset[str]) -> tuple[str, ...]:
    """Terminal names as sorted, de-duplicated phrases."""
    names = set()
    for name in terminals:
        bare = name.rsplit("__", 1)[-1].lstrip("_")
        names.add(TERMINAL_NAMES.get(bare, bare.lower().replace("_", " ")))
    return tuple(sorted(names))


@functools.cache
def available_templates() -> tuple[Template, ...]:
    """The templates whose grammar is installed, in the order they are tried."""
    folder = grammar_dir()
    return tuple(t for t in TEMPLATE_ORDER if (folder / f"{t.value}.lark").is_file())


def _snippet(norm: Normalized, line: int, column: int) -> str:
    text = norm.raw_line(line).expandtabs(1)
    start = max(0, column - 60)
    shown = text[start : start + 100]
    prefix = "..." if start else ""
    return f"    {prefix}{shown}\n    {' ' * (len(prefix) + column - 1 - start)}^"


def error_at(
    norm: Normalized,
    offset: int,
    message: str,
    *,
    expected: tuple[str, ...] = (),
    source: str | None = None,
) -> ParseError:
    """A :class:`ParseError` for a normalized offset, placed in the raw text."""
    where = norm.position(offset)
    return ParseError(
        message,
        where.line,
        where.column,
        expected,
        source,
        _snippet(norm, where.line, where.column),
        where.page,
    )


def _paragraph_start(text: str, offset: int) -> int:
    """Start of the paragraph before the one at ``offset``."""
    end = text.rfind("\n\n", 0, offset)
    if end < 0:
        return offset
    start = text.rfind("\n\n", 0, end)
    return 0 if start < 0 else start + 2


def _translate(exc: lark.UnexpectedInput, norm: Normalized, source: str | None) -> ParseError:
    text = norm.text
    offset: int
    if isinstance(exc, lark.UnexpectedCharacters):
        offset = exc.pos_in_stream or 0
        expected = readable(exc.allowed)
        message = "unexpected text"
    elif isinstance(exc, lark.UnexpectedToken):
        at_end = exc.token.type == "$END"
        offset = len(text) if at_end else int(exc.token.start_pos or 0)
        expected = readable(exc.accepts or exc.expected)
        message = "the letter ends too early" if at_end else "unexpected text"
    else:  # UnexpectedEOF and any other lark input error
        offset = len(text)
        expected = readable(getattr(exc, "expected", None) or set())
        message = "the letter ends too early"
    if not text.strip():
        return error_at(norm, 0, "the text is empty", expected=expected, source=source)
    while offset < len(text) and text[offset] == "\n":
        offset += 1
    if _LABEL_AT.match(text, offset):
        # A label where a request or rationale text was expected: the
        # paragraph before it was meant as a request line, but has no outcome.
        return error_at(
            norm,
            _paragraph_start(text, offset),
            "request line has no outcome",
            expected=readable({"REQUEST"}),
            source=source,
        )
    return error_at(norm, offset, message, expected=expected, source=source)


def parse(norm: Normalized, *, source: str | None = None, strict: bool = True) -> Determination:
    """Parse a normalized letter with the first template whose grammar fits.

    Raises:
        ParseError: No template's grammar accepts the text, or (when
            ``strict``) the letter has a problem that lenient parsing reports
            as a warning.
    """
    failures: list[ParseError] = []
    for template in available_templates():
        try:
            tree = get_parser(template).parse(norm.text, start="start")
        except lark.UnexpectedInput as exc:
            failures.append(_translate(exc, norm, source))
            continue
        try:
            det = build(tree, norm.text, template)
        except (ValueError, TypeError, LookupError, AssertionError) as exc:
            # The grammar accepted the letter but a model invariant failed: a
            # bug in imrparse, reported as such (the fuzz tests look for it).
            raise ParseError(
                f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}", source=source
            ) from exc
        det = attrs.evolve(det, source=source)
        if strict:
            for warning in det.warnings:
                if warning.code in LENIENT_CODES:
                    span = warning.span or Span(0, 0)
                    raise error_at(norm, span.start, warning.message, source=source)
        return det
    if not failures:
        raise ParseError("no template grammar is installed", source=source)
    best = max(range(len(failures)), key=lambda i: (failures[i].line, failures[i].column, -i))
    raise failures[best]
