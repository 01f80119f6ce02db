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
    "CASE_SUMMARY_LEAD_IN": "the case summary's lead-in sentence",
    "ISSUES_LEAD_IN": "the lead-in sentence of the decisions",
    "PARAGRAPH": "a paragraph of text",
    "LINE": "a line of text",
    "ENTRY_MARK": 'a list mark ("-", "1.")',
    "LETTERHEAD": "a letterhead line",
    "CASE_NUMBER_LABEL": '"Case Number:"',
    "DATE_ASSIGNED_LABEL": '"Date Assigned:"',
    "UR_DENIAL_DATE_LABEL": '"UR Denial Date:"',
    "APPLICATION_DATE_LABEL": '"Application Received:"',
    "LETTER_DATE_LABEL": '"Dated:"',
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
    "NEXT_DECISION": "a request line ending in its outcome (Upheld or Overturned)",
    "REQUEST": "a request line ending in its outcome (Upheld or Overturned)",
    "OUTCOME_COLON": '":" before the outcome',
    "OUTCOME": "an outcome (Upheld or Overturned)",
    "OUTCOME_STOP": '"." after the outcome',
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


def _paragraph_start(text: str, offset: int) -> int:
    """Start of the paragraph before the one at ``offset``."""
    end = text.rfind("\n\n", 0, offset)
    if end < 0:
        return offset
    start = text.rfind("\n\n", 0, end)
    return 0 if start < 0 else start + 2


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


def _terminal_patterns(template: Template, names: frozenset[str]) -> str:
    """The patterns of a grammar's terminals of these (bare) names, as one alternation."""
    patterns = sorted(
        t.pattern.to_regexp() for t in get_parser(template).terminals if _bare(t.name) in names
    )
    return "|".join(f"(?:{p})" for p in patterns)


@functools.cache
def _label(template: Template) -> re.Pattern[str]:
    """A label of a decision block's part, as the template's grammar has it."""
    return re.compile(_terminal_patterns(template, _LABELS))


@functools.cache
def _outcome_line_end(template: Template) -> re.Pattern[str]:
    """A request line's end: the colon, the outcome and an optional full stop."""
    outcome = _terminal_patterns(template, frozenset({"OUTCOME"}))
    return re.compile(rf":[ \t]*(?:{outcome})[ \t]*\.?[ \t]*\Z")


#: A paragraph of at most this many lines, not ending in a full stop, that comes
#: right before a misplaced label is taken for a request line.
_REQUEST_LINES = 3


def _misplaced_label(
    text: str, offset: int, template: Template
) -> tuple[int, str, tuple[str, ...]] | None:
    """Where and what to report for a label where a paragraph of text was expected.

    A block's part starts where the grammar wanted more rationale (or text
    before the first block): the paragraph before it was meant as the block's
    request line but is not one. Returns the offset, message and expected
    phrases of the error, or None when the text at ``offset`` is no label.
    """
    line_start = offset
    while line_start > 0 and text[line_start - 1] == "\n":
        line_start -= 1
    label = _label(template).match(text, line_start)  # a label token takes its line break
    if label is None:
        return None
    start = _paragraph_start(text, offset)
    before = text[start:offset].rstrip()
    lines = before.split("\n")
    request = readable({"REQUEST"})
    ends = [n for n, line in enumerate(lines) if _outcome_line_end(template).search(line)]
    if ends:
        # A line ending in the outcome: a request line, but not one the
        # grammar takes as a block's start.
        n = ends[-1]
        if not lines[n].split(":")[0].strip() and len(lines) == 1:
            return start, "request line has no request before its outcome", request
        at = start + sum(len(line) + 1 for line in lines[:n])
        return at, "request line is not a paragraph of its own", ("an empty line",)
    if start < offset and len(lines) <= _REQUEST_LINES and not before.endswith("."):
        return start, "request line has no outcome", request
    words = " ".join(label.group().split())
    return offset, f'"{words}" where a paragraph of text was expected', ()


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


#: Templates whose request lines carry the outcome ("Norco 5/325 MG #30:  Upheld").
_OUTCOME_IN_REQUEST = frozenset(
    {Template.ISSUES_DECISIONS_RATIONALES, Template.DECISIONS_RATIONALES}
)


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
    found = None
    if template in _OUTCOME_IN_REQUEST and any(_bare(t) == "TEXT" for t in terminals):
        found = _misplaced_label(text, offset, template)
    if found is None:
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


@functools.cache
def _headings(template: Template) -> re.Pattern[str]:
    """The heading lines and title lines of one template's grammar, as one pattern."""
    patterns = sorted(_heading_terminals(template).values())
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@functools.cache
def _opening_headings(template: Template) -> frozenset[str]:
    """The heading or title terminals a letter of the template can start with."""
    choices = get_parser(template).parse_interactive("", start="start").choices()  # type: ignore[no-untyped-call]
    return frozenset(name for name in choices if _is_heading(name))


#: A line that looks like a heading although no template has it: capitals,
#: figures and punctuation only, at most 80 characters.
_HEADING_LIKE = re.compile(r"(?m)^(?=[^a-z\n]*[A-Z]{3})[^a-z\n]{3,80}$")
#: How many headings an error lists at most.
_HEADINGS_LISTED = 12


def _headings_found(text: str, templates: tuple[Template, ...]) -> list[str]:
    """Heading-like lines of the text, in order, as written.

    Every pattern matches from the start of a line; a line already taken by a
    match of an earlier pattern (a heading printed across two lines, say) is
    not matched again.
    """
    found: dict[int, str] = {}
    taken: set[int] = set()  # starts of the lines that matches cover
    for pattern in (*(_headings(t) for t in templates), _HEADING_LIKE):
        for m in pattern.finditer(text):
            if m.start() in taken:
                continue
            found[m.start()] = " ".join(m.group().split())
            taken.add(m.start())
            taken.update(m.start() + i + 1 for i, c in enumerate(m.group()) if c == "\n")
    return [title for _, title in sorted(found.items())]


def _unrecognized(norm: Normalized, failures: list[_Failure], source: str | None) -> ParseError:
    tried = tuple(f.template for f in failures)
    headings = _headings_found(norm.text, tried)
    listed = ", ".join(f'"{h}"' for h in headings[:_HEADINGS_LISTED]) or "none"
    if len(headings) > _HEADINGS_LISTED:
        listed += f" and {len(headings) - _HEADINGS_LISTED} more"
    names = ", ".join(t.value for t in tried)
    wanted = {name for t in tried for name in _opening_headings(t)}
    return error_at(
        norm,
        0,
        f"not a letter of a known template (headings found: {listed}; templates tried: {names})",
        expected=readable(wanted),
        source=source,
    )


def _choose(norm: Normalized, failures: list[_Failure], source: str | None) -> ParseError:
    """The error to report when no template's grammar fits.

    A template *recognizes* the text when its grammar got past the first of
    its own headings in the text, or found one of them printed otherwise.
    Among those that did, the failure furthest into the text is the letter's
    error; when none did, the text is of no known template and the error
    lists the headings it has.
    """
    if not norm.text.strip():
        return failures[0].error
    recognized = []
    for order, failure in enumerate(failures):
        first = _headings(failure.template).search(norm.text)
        if failure.misprinted_heading or (first is not None and failure.offset > first.start()):
            recognized.append((failure.offset, -order, failure))
    if not recognized:
        return _unrecognized(norm, failures, source)
    return max(recognized, key=lambda r: r[:2])[2].error


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


def parse(norm: Normalized, *, source: str | None = None, strict: bool = True) -> Determination:
    """Parse a normalized letter with the first template whose grammar fits.

    Raises:
        ParseError: No template's grammar accepts the text, or (when
            ``strict``) the letter has a problem that lenient parsing reports
            as a warning.
    """
    failures: list[_Failure] = []
    with _collector_paused(len(norm.text)):
        for template in available_templates():
            try:
                tree = get_parser(template).parse(norm.text, start="start")
            except lark.UnexpectedInput as exc:
                failures.append(_translate(exc, norm, source, template))
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
    raise _choose(norm, failures, source)
