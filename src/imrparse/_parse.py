"""Stage 3b: normalized text to a model; the one place lark errors are caught.

Each template's grammar is tried in a fixed order. The first that accepts the
letter is used; when none does, the error reported is the one that got
furthest into the text.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Iterator

import attrs
import lark

from . import _vocab as vocab
from ._assemble import START, assemble
from ._grammar import get_parser, grammar_dir
from ._layout import classify
from ._letters import build
from ._normalize import Normalized
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
    "HEADING_DOCUMENTS": 'the heading "DOCUMENTS REVIEWED"',
    "HEADING_DECISIONS": 'the heading "IMR DECISION(S) AND RATIONALE(S)"',
    "TITLE_NOTICE": 'the title "Notice of Independent Medical Review Determination"',
    "HEADING_DECISION_AND_RATIONALE": (
        'the heading "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE"'
    ),
    "HEADING_EXPERT_QUALIFICATIONS": 'the heading "Medical Qualifications of the Expert Reviewer:"',
    "HEADING_NOTICE_CASE_SUMMARY": 'the heading "Case Summary:"',
    "TITLE_PROFESSIONAL_REVIEW": 'the title "MEDICAL PROFESSIONAL REVIEW"',
    "HEADING_ISSUE_AT_DISPUTE": 'the heading "ISSUE AT DISPUTE:"',
    "HEADING_REVIEW_CASE_SUMMARY": 'the heading "CASE SUMMARY:"',
    "HEADING_REVIEW_DOCUMENTS": 'the heading "DOCUMENTS REVIEWED FOR DETERMINATION:"',
    "HEADING_GUIDELINES_RELIED_UPON": (
        'the heading "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:"'
    ),
    "HEADING_RATIONALE_NOT_NECESSARY": (
        'the heading "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT '
        'MEDICALLY NECESSARY:"'
    ),
    "HEADING_REVIEWER_QUALIFICATIONS": 'the heading "MEDICAL REVIEWER QUALIFICATIONS:"',
    "WHETHER": '"Whether the request for"',
    "DISPUTED_REQUEST": 'the disputed item, then "is medically necessary"',
    "IS_MEDICALLY_NECESSARY": '"is medically necessary"',
    "VERDICT_SUBJECT": 'a sentence ending "... is (not) medically necessary."',
    "NOT_MEDICALLY_NECESSARY": '"is not medically necessary"',
    "MEDICALLY_NECESSARY": '"is medically necessary"',
    "PARAGRAPH": "a paragraph of text",
    "LINE": "a line of text",
    "ENTRY_MARK": 'a list mark ("-", "1.")',
    "LETTERHEAD": "a letterhead line",
    "CASE_NUMBER_LABEL": '"Case Number:"',
    "DATE_ASSIGNED_LABEL": '"Date Assigned:"',
    "UR_DENIAL_DATE_LABEL": '"UR Denial Date:"',
    "APPLICATION_DATE_LABEL": '"Application Received:"',
    "LETTER_DATE_LABEL": '"Dated:"',
    "DECISION_DATE_LABEL": '"Decision Date:"',
    "DATE_OF_INJURY_LABEL": '"Date of Injury:"',
    "LICENSURE_LABEL": '"State(s) of Licensure:"',
    "CERTIFICATION_LABEL": '"Certification(s)/Specialty:"',
    "OTHER_LABEL": 'a "Label:"',
    "VALUE": "a value",
    "STATE_ITEM": "a state",
    "STATE_SEPARATOR": '","',
    "CERTIFICATION_ITEM": "a certification or specialty",
    "ITEM_SEPARATOR": '","',
    "ITEM_END": '"."',
    "HEADER_TEXT": "a header line",
    "DATE": "a date",
    "DETERMINATION_NUMBER": 'a numbered determination ("1) MAXIMUS Federal Services, Inc. ...")',
    "HAS_DETERMINED_THE_REQUEST_FOR": (
        '"MAXIMUS Federal Services, Inc. has determined the request for"'
    ),
    "DETERMINED_REQUEST": ('the request, then "is (not) medically necessary and appropriate"'),
    "NOT_NECESSARY": '"is not medically necessary and appropriate"',
    "NECESSARY": '"is medically necessary and appropriate"',
    "APPLICATION_FILED_ON": '"An application for Independent Medical Review was filed on"',
    "DISPUTING_THE_DENIAL_DATED": '"disputing the Utilization Review Denial dated"',
    "ASSIGNMENT_PROVIDED_ON": (
        '"A Notice of Assignment and Request for Information was provided to the above parties on"'
    ),
    "DECISION_MADE_FOR_EACH": '"A decision has been made for each of the treatment ..."',
    "DISCLAIMER": '"Disclaimer: The following case summary was taken directly from ..."',
    "FULL_STOP": '"."',
    "NEXT_ITEM": 'a block heading "Regarding the request for ...:"',
    "ITEM_NUMBER": 'an item number ("1)")',
    "REGARDING_THE_REQUEST": '"Regarding the request for"',
    "ITEM_REQUEST": "the request, then a colon",
    "ITEM_COLON": '":"',
    "TEXT": "a paragraph of text",
    "SENTENCE": "a sentence",
    "STATEMENT_SENTENCE": "a sentence",
    "BLANK": "an empty line",
    "BLANK_BEFORE_CLAUSES": 'an empty line, then "Decision based on ..."',
    "CLAIMS_ADMINISTRATOR_LABEL": '"Claims Administrator guideline:"',
    "REVIEWER_LABEL": '"MAXIMUS guideline:"',
    "RATIONALE_LABEL": '"Decision rationale:"',
    "BASED_ON_MTUS": '"Decision based on MTUS"',
    "BASED_ON_NON_MTUS": '"Decision based on Non-MTUS Citation"',
    "OTHER_EVIDENCE": '"Other Medical Treatment Guideline or Medical Evidence:"',
    "MTUS_EDITION": 'the date of an MTUS edition ("(May 2009)")',
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
    "BOARD_CERTIFIED_IN": '"is Board Certified in"',
    "SUBSPECIALTY_IN": '"has a subspecialty in"',
    "LICENSED_IN": '"is licensed to practice in"',
    "IN_PRACTICE_FOR": '"has been in active clinical practice for"',
    "WORKING": '"is currently working"',
    "CLAUSE_TEXT": "text",
    "AND": '"and"',
    "LIST_SEPARATOR": '","',
    "STOP": '"."',
    "SPECIALTY": "a specialty",
    "STATE": "a state",
    "BASED_ON_MTUS_PARTS": '"Decision based on MTUS" before a part and its year',
    "PART_JOIN": '", and" before the next MTUS part',
    "PART_TITLE": "an MTUS part's title",
    "EDITION_YEAR": "the year of an MTUS part's edition",
    "GUIDELINE_YEAR": "the year of a guideline's edition",
    "TOPICS_LEAD": "a colon or a dash before the topics",
    "SECTIONS_LABEL": '"Section(s):"',
    "SECTION": "an MTUS section",
    "BASIS_STATEMENT": '"The Claims Administrator did not cite any medical evidence ..."',
    "$END": "the end of the letter",
}


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


def _bare(name: str) -> str:
    return name.rsplit("__", 1)[-1].lstrip("_")


def _is_heading(name: str) -> bool:
    return _bare(name).startswith(("HEADING_", "TITLE_"))


@functools.cache
def _heading_terminals(template: Template) -> dict[str, str]:
    """The patterns of the grammar's heading and title terminals, by terminal name."""
    terminals = get_parser(template).terminals
    return {t.name: t.pattern.to_regexp() for t in terminals if _is_heading(t.name)}


#: The labels of a decision block's parts ("MAXIMUS guideline:"), by terminal name.
_LABELS = frozenset({"CLAIMS_ADMINISTRATOR_LABEL", "REVIEWER_LABEL", "RATIONALE_LABEL"})


def _heading_with_text(
    text: str, offset: int, terminals: set[str], template: Template
) -> tuple[int, str, tuple[str, ...]] | None:
    """An expected heading line that has text after it on its line, before ``offset``.

    Such a line is no heading, so the grammar reads it as text of the section
    before and fails only at the next heading or the end; the error belongs
    at that line.
    """
    whole_line = "(?=\n|\\Z)"  # as lark writes the look-ahead of a heading's line end
    found: tuple[int, str] | None = None
    for name, pattern in _heading_terminals(template).items():
        if name not in terminals or not pattern.endswith(whole_line):
            continue
        for m in re.finditer(pattern.removesuffix(whole_line) + r"[ \t]+\S", text[:offset]):
            if found is None or m.start() > found[0]:
                found = (m.start(), name)
    if found is None:
        return None
    (heading,) = readable({found[1]})
    return found[0], f"{heading} has text after it on its line", (heading,)


def _loose(text: str) -> str:
    """Text without case, white space or punctuation, to compare headings by."""
    return "".join(c for c in text.casefold() if c.isalnum())


@functools.cache
def _heading_phrases(template: Template) -> dict[str, tuple[str, str]]:
    """Each heading of the grammar, by terminal name: the heading as printed and
    its :func:`_loose` form."""
    phrases = {}
    for name in _heading_terminals(template):
        (phrase,) = readable({name})
        printed = phrase.partition('"')[2].rpartition('"')[0]
        if printed:
            phrases[name] = (printed, _loose(printed))
    return phrases


def _misprinted_heading(
    text: str, offset: int, terminals: set[str], template: Template
) -> tuple[int, str, tuple[str, ...]] | None:
    """A line up to ``offset`` (or the line at it) that is an expected heading
    printed otherwise.

    A heading is read exactly as printed, so a line that differs from it only
    in case, white space or punctuation (``CLINICAL CASE SUMMARY:``) is read as
    text of the section before, and the grammar fails only at the next
    heading or the end; the error belongs at that line.
    """
    wanted = {
        loose: (printed, name)
        for name, (printed, loose) in _heading_phrases(template).items()
        if name in terminals
    }
    if not wanted:
        return None
    lengths = [len(printed) for printed, _ in wanted.values()]
    shortest, longest = min(lengths) // 2, max(lengths) + 8
    start, stop = 0, text.find("\n", offset)
    stop = len(text) if stop < 0 else stop
    while start < stop:
        end = text.find("\n", start, stop)
        end = stop if end < 0 else end
        line = text[start:end]
        if shortest <= len(line) <= longest and (match := wanted.get(_loose(line))):
            (heading,) = readable({match[1]})
            printed = " ".join(line.split())
            return start, f'heading printed otherwise: "{printed}"', (heading,)
        start = end + 1
    return None


@attrs.frozen
class _Failure:
    """One template's grammar rejecting the text."""

    template: Template
    error: ParseError
    offset: int  # where, in the normalized text
    misprinted_heading: bool = False  # the error is at one of its headings printed otherwise


def _translate(
    exc: lark.UnexpectedInput, norm: Normalized, source: str | None, template: Template
) -> _Failure:
    text = norm.text
    offset: int
    terminals: set[str]
    if isinstance(exc, lark.UnexpectedCharacters):
        offset = exc.pos_in_stream or 0
        terminals = set(exc.allowed)
        message = "unexpected text"
    elif isinstance(exc, lark.UnexpectedToken):
        at_end = exc.token.type == "$END"
        offset = len(text) if at_end else int(exc.token.start_pos or 0)
        # lark's ``accepts`` misses namespaced (imported) terminals.
        terminals = set(exc.accepts or ()) | set(exc.expected or ())
        message = "the letter ends too early" if at_end else "unexpected text"
    else:  # UnexpectedEOF and any other lark input error
        offset = len(text)
        terminals = set(getattr(exc, "expected", None) or ())
        message = "the letter ends too early"
    expected = readable(terminals)
    if not text.strip():
        error = error_at(norm, 0, "the text is empty", expected=expected, source=source)
        return _Failure(template, error, 0)
    while offset < len(text) and text[offset] == "\n":
        offset += 1
    found = _heading_with_text(text, offset, terminals, template)
    misprinted = False
    if found is None:
        found = _misprinted_heading(text, offset, terminals, template)
        misprinted = found is not None
    at = offset
    if found is not None:
        at, message, expected = found
    error = error_at(norm, at, message, expected=expected, source=source)
    return _Failure(template, error, offset, misprinted)


#: A line that looks like a heading although no template has it: capitals,
#: figures and punctuation only, at most 80 characters.
_HEADING_LIKE = re.compile(r"(?m)^(?=[^a-z\n]*[A-Z]{3})[^a-z\n]{3,80}$")
#: How many headings an error lists at most.
_HEADINGS_LISTED = 12


def _unrecognized(norm: Normalized, source: str | None) -> ParseError:
    """The error for a text that has no heading of any template."""
    headings = [" ".join(m.group().split()) for m in _HEADING_LIKE.finditer(norm.text)]
    listed = ", ".join(f'"{h}"' for h in headings[:_HEADINGS_LISTED]) or "none"
    if len(headings) > _HEADINGS_LISTED:
        listed += f" and {len(headings) - _HEADINGS_LISTED} more"
    names = ", ".join(t.value for t in TEMPLATE_ORDER)
    wanted = frozenset(kind for _, names_ in vocab.TEMPLATE_HEADINGS for kind in names_)
    return error_at(
        norm,
        0,
        f"not a letter of a known template (headings found: {listed}; templates tried: {names})",
        expected=readable(wanted),
        source=source,
    )


#: Texts at least this long are parsed with the cyclic garbage collector paused.
_PAUSE_COLLECTOR_FROM = 1_000_000


@contextlib.contextmanager
def _collector_paused(length: int) -> Iterator[None]:
    """Pause the cyclic garbage collector while a long text is parsed.

    A parse tree and its model hold no reference cycles, but every full
    collection while they grow walks all of them, which makes the time to
    parse a text of many megabytes grow faster than its length. Texts of
    ordinary length are parsed with the collector left as it is.
    """
    if length < _PAUSE_COLLECTOR_FROM or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


#: What a strict parse says was expected where a warning of a code points.
_EXPECTED_BY_CODE = {
    "block_unreadable": ('": Upheld" or ": Overturned" at the end of the request line',),
    "section_missing": ("the section's heading",),
}


def _placed(norm: Normalized, det: Determination) -> Determination:
    """The determination with each warning's line and page in the user's file."""
    warnings = []
    for warning in det.warnings:
        if warning.span is not None:
            where = norm.position(warning.span.start)
            warning = attrs.evolve(warning, line=where.line, page=where.page)
        warnings.append(warning)
    return attrs.evolve(det, warnings=warnings)


def _grammar_parse(norm: Normalized, template: Template, source: str | None) -> Determination:
    """A letter of a template that the whole-letter grammars read."""
    try:
        tree = get_parser(template).parse(norm.text, start="start")
    except lark.UnexpectedInput as exc:
        raise _translate(exc, norm, source, template).error from exc
    return build(tree, norm.text, template)


def parse(norm: Normalized, *, source: str | None = None, strict: bool = False) -> Determination:
    """Parse a normalized letter with the template its headings name.

    Raises:
        ParseError: The text is empty or has no heading of any template, or
            (when ``strict``) the letter has a problem that lenient parsing
            reports as a warning.
    """
    if not norm.text.strip():
        raise error_at(norm, 0, "the text is empty", source=source)
    with _collector_paused(len(norm.text)):
        layout = classify(norm.text)
        if layout.template is None:
            raise _unrecognized(norm, source)
        try:
            if layout.template in START:
                det = assemble(norm.text, layout)
            else:
                det = _grammar_parse(norm, layout.template, source)
        except ParseError:
            raise
        except (ValueError, TypeError, LookupError, AssertionError) as exc:
            # A model invariant failed: a bug in imrparse, reported as such
            # (the fuzz tests look for it).
            raise ParseError(
                f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}", source=source
            ) from exc
    det = _placed(norm, attrs.evolve(det, source=source))
    if strict:
        for warning in det.warnings:
            if warning.code in LENIENT_CODES:
                span = warning.span if warning.span is not None else Span(0, 0)
                expected = _EXPECTED_BY_CODE.get(warning.code, ())
                raise error_at(norm, span.start, warning.message, expected=expected, source=source)
    return det
