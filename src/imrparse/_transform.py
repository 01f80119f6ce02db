"""Stage 4: a lark tree to model objects, one method per grammar rule.

Rules imported from another grammar file may carry lark's namespace prefix
(``decision__citation__topics``); methods are named for the rule itself and
found by the part after the last ``__``.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import lark
from lark.tree import Meta

from . import _fields as fields
from ._categories import read_category
from ._marks import mark
from .model import (
    CaseSummary,
    Citation,
    CitationKind,
    Decision,
    Determination,
    Header,
    Outcome,
    PageRange,
    ParseWarning,
    Reviewer,
    Section,
    Span,
    Template,
)

__all__ = ["FieldBuilder", "build"]


def _rule_name(data: str) -> str:
    return data.rsplit("__", 1)[-1]


class _Extent(Meta):
    """Where a rule's tokens start and end, in the shape of lark's ``Meta``."""

    def __init__(self, start: int, end: int) -> None:  # lark's Meta.__init__ is untyped
        self.empty = start < 0
        self.start_pos = start
        self.end_pos = end


@attrs.frozen
class _Unplaced:
    """A stretch of text the template has no slot for."""

    span: Span


@attrs.frozen
class _Tagged:
    """A rule's value together with the rule's name, for parents with optional parts."""

    tag: str
    value: Any
    span: Span


@attrs.frozen
class _Section:
    section: Section
    values: tuple[Any, ...]


@attrs.frozen
class _HeaderParts:
    """The lines of a header block: header fields as tags, and whether any
    line was one a header has (letterhead, a title, a label)."""

    tags: tuple[_Tagged, ...]
    span: Span
    recognized: bool


@attrs.frozen
class _Fallbacks:
    """Header fields stated outside the header block (the 2013 notice's
    application sentence and case-summary disclaimer); they fill only the
    fields the header block leaves empty."""

    tags: tuple[_Tagged, ...]


@attrs.frozen
class _Determination:
    """A numbered determination of the 2013 notice."""

    number: int
    request: str
    outcome: Outcome
    span: Span
    outcome_at: Span


@attrs.frozen
class _Determinations:
    items: tuple[_Determination, ...]


@attrs.frozen
class _ItemBlock:
    """A 2013 notice's rationale block: a decision waiting for its outcome."""

    number: int | None
    request: str
    parts: dict[str, _Tagged]
    heading: Span
    span: Span


@attrs.frozen
class _Entries:
    """The entries of a list, in order."""

    items: tuple[tuple[str, Span], ...]


@attrs.frozen
class _Issue:
    """A disputed item named under a professional review's "ISSUE AT DISPUTE:"."""

    request: str
    span: Span


@attrs.frozen
class _Issues:
    items: tuple[_Issue, ...]


@attrs.frozen
class _Verdict:
    """A determination sentence of a professional review's rationale."""

    subject: str
    outcome: Outcome
    span: Span
    outcome_at: Span


@attrs.frozen
class _Rationale:
    """A professional review's rationale: its determination sentences, in order."""

    verdicts: tuple[_Verdict, ...]
    span: Span


@attrs.frozen
class _Guidelines:
    """The clauses of a professional review's guidelines section, in order."""

    citations: tuple[Citation, ...]


#: How an ACOEM title starts, per kind of clause: an MTUS clause's guideline
#: is the MTUS part (ACOEM, however named); a non-MTUS clause's is the name as
#: written through its abbreviation, except that a bare "ACOEM ..." reads as ACOEM.
_ACOEM_TITLES = {
    CitationKind.MTUS: ("ACOEM", "American College of Occupational"),
    CitationKind.NON_MTUS: ("ACOEM",),
}

#: The header fields a header block or a notice sentence can state.
_HEADER_FIELDS = (
    "case_number",
    "date_assigned",
    "ur_denial_date",
    "application_date",
    "letter_date",
    "decision_date",
    "date_of_injury",
)
#: Header lines that state a reviewer's or the patient's fields.
_REVIEWER_FIELDS = ("licensed_states", "board_certifications")


class _Builder:
    def __init__(self, text: str, template: Template) -> None:
        self.text = text
        self.template = template
        self.warnings: list[ParseWarning] = []

    # -- plumbing -----------------------------------------------------------

    def transform(self, tree: lark.Tree[lark.Token]) -> Any:
        """Build the value of ``tree`` bottom-up, one method per rule."""
        return self._visit(tree)[0]

    def _visit(self, tree: lark.Tree[lark.Token]) -> tuple[Any, int, int]:
        """The value of ``tree`` and the offsets its tokens span.

        The parser keeps every token (``keep_all_tokens``), so that a rule's
        extent includes its labels; tokens whose terminal name starts with
        ``_`` are then left out of the children a rule method sees.
        """
        children: list[Any] = []
        start = end = -1
        first: int
        last: int
        for child in tree.children:
            if type(child) is lark.Token:
                first, last = child.start_pos, child.end_pos  # type: ignore[assignment]
                if child.type[0] != "_":
                    children.append(child)
            else:
                value, first, last = self._visit(child)  # type: ignore[arg-type]
                children.append(value)
            if start < 0:
                start = first
            end = last
        method = self._method(tree.data)
        if method is None:
            return lark.Tree(tree.data, children), start, end
        return method(self, _Extent(start, end), children), start, end

    @classmethod
    @functools.cache
    def _method(cls, data: str) -> Callable[[Any, Meta, list[Any]], Any] | None:
        """The method that builds a rule's value, by the rule's (namespaced) name."""
        name = _rule_name(str(data))
        if name.startswith("_") or name == "transform":
            return None
        method: Callable[[Any, Meta, list[Any]], Any] | None = getattr(cls, name, None)
        return method

    def _span(self, meta: Meta) -> Span:
        """The rule's extent, without the blank lines around it."""
        return self.trimmed(meta.start_pos, meta.end_pos)

    def trimmed(self, start: int, end: int) -> Span:
        """The stretch from ``start`` to ``end`` without white space around it."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Span(start, end)

    def _slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def _mark(self, kind: str, field: str, meta: Meta) -> Span:
        """The rule's extent, noted as where ``field`` was read (for the annotated view)."""
        span = self._span(meta)
        mark(kind, field, span.start, span.end)
        return span

    def _token_span(self, token: lark.Token) -> Span:
        return self.trimmed(token.start_pos or 0, token.end_pos or 0)

    def _mark_token(self, kind: str, field: str, token: lark.Token) -> None:
        """Note that ``field`` was read from ``token`` (for the annotated view)."""
        span = self._token_span(token)
        mark(kind, field, span.start, span.end)

    def _warn(self, code: str, message: str, span: Span | None) -> None:
        self.warnings.append(ParseWarning(code=code, message=message, span=span))

    def _note_unplaced(self, items: Iterable[Any], where: str) -> None:
        for item in items:
            if isinstance(item, _Unplaced):
                excerpt = self._excerpt(item.span)
                self._warn("unplaced_text", f"text {where} fits no slot: {excerpt!r}", item.span)

    def _excerpt(self, span: Span) -> str:
        """The span's text on one line, shortened to 60 characters for a message."""
        excerpt = fields.clean(self._slice(span))
        return excerpt[:57] + "..." if len(excerpt) > 60 else excerpt

    # -- citations ----------------------------------------------------------

    def page_range(self, meta: Meta, children: list[lark.Token]) -> PageRange | None:
        try:
            return fields.read_page_range(children[0])
        except ValueError as exc:
            self._warn("unreadable_value", str(exc), self._span(meta))
            return None

    worded_page_range = page_range

    def unread_pages(self, meta: Meta, children: list[lark.Token]) -> None:
        span = self._span(meta)
        self._warn("unreadable_value", f"no page in the page list {self._excerpt(span)!r}", span)

    def pages(self, meta: Meta, children: list[PageRange | None]) -> _Tagged:
        pages = tuple(p for p in children if p is not None)
        return _Tagged("pages", pages, self._span(meta))

    def topics(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        topics = fields.join_titles([t for t in (fields.clean(c) for c in children) if t])
        return _Tagged("topics", tuple(topics), self._span(meta))

    def _citation(self, kind: CitationKind, meta: Meta, children: Sequence[Any]) -> Citation:
        guideline: str | None = None
        edition: int | None = None
        topics: tuple[str, ...] = ()
        pages: tuple[PageRange, ...] = ()
        for child in children:
            if isinstance(child, _Tagged):
                if child.tag == "topics":
                    topics = child.value
                else:
                    pages = child.value
            elif _rule_name(child.type) == "GUIDELINE_YEAR":
                edition = int(child)
            elif _rule_name(child.type) in ("MTUS_GUIDELINE", "NON_MTUS_GUIDELINE"):
                guideline = fields.clean(child)
                if guideline.startswith(_ACOEM_TITLES[kind]):
                    guideline = "ACOEM"
        span = self._span(meta)
        return Citation(
            kind=kind,
            guideline=guideline,
            edition=edition,
            topics=topics,
            pages=pages,
            text=fields.clean(self._slice(span)),
            span=span,
        )

    def mtus_clause(self, meta: Meta, children: list[Any]) -> Citation | tuple[Citation, ...]:
        parts = tuple(c for c in children if isinstance(c, Citation))
        return parts or self._citation(CitationKind.MTUS, meta, children)

    def non_mtus_clause(self, meta: Meta, children: list[Any]) -> Citation:
        return self._citation(CitationKind.NON_MTUS, meta, children)

    def other_clause(self, meta: Meta, children: list[Any]) -> Citation:
        return self._citation(CitationKind.OTHER, meta, children)

    def unplaced_basis(self, meta: Meta, children: list[Any]) -> _Unplaced:
        return _Unplaced(self._span(meta))

    def basis_statement(self, meta: Meta, children: list[Any]) -> None:
        return None

    def part_title(self, meta: Meta, children: list[lark.Token]) -> str:
        return fields.clean(self._slice(self._span(meta)))

    def mtus_section(self, meta: Meta, children: list[lark.Token]) -> str:
        return fields.clean(self._slice(self._span(meta)))

    def mtus_sections(self, meta: Meta, children: list[str]) -> list[str]:
        return fields.join_titles(children, numbered=True)

    def mtus_part(self, meta: Meta, children: list[Any]) -> Citation:
        """One part of a 2016-17 MTUS clause: its sections are topics, a
        section that is a bare number is a page."""
        title, year, *rest = children
        sections: list[str] = rest[0] if rest else []
        topics = tuple(s for s in sections if not s.isdigit())
        pages = tuple(fields.read_page_range(s) for s in sections if s.isdigit() and len(s) <= 6)
        span = self._span(meta)
        return Citation(
            kind=CitationKind.MTUS,
            guideline=title,
            edition=int(year),
            topics=topics,
            pages=pages,
            text=fields.clean(self._slice(span)),
            span=span,
        )

    def citations(self, meta: Meta, children: list[Any]) -> tuple[Citation, ...]:
        self._note_unplaced(children, "in a guideline paragraph")
        found: list[Citation] = []
        for child in children:
            if isinstance(child, Citation):
                found.append(child)
            elif isinstance(child, tuple):  # the parts of one MTUS clause
                found += child
        return tuple(found)

    # -- decisions ----------------------------------------------------------

    def claims_administrator_basis(self, meta: Meta, children: list[Any]) -> _Tagged:
        citations = children[0] if children else ()
        return _Tagged("claims_administrator_basis", citations, self._span(meta))

    def reviewer_basis(self, meta: Meta, children: list[Any]) -> _Tagged:
        return _Tagged("reviewer_basis", children[0] if children else (), self._span(meta))

    def rationale_text(self, meta: Meta, children: list[Any]) -> str:
        return fields.reflow(self._slice(self._span(meta)))

    def rationale(self, meta: Meta, children: list[Any]) -> _Tagged:
        return _Tagged("rationale", children[0], self._span(meta))

    def unplaced(self, meta: Meta, children: list[Any]) -> _Unplaced:
        return _Unplaced(self._span(meta))

    def _decision(
        self,
        request: str,
        outcome: Outcome,
        parts: dict[str, _Tagged],
        span: Span,
        *,
        check_conclusion: bool = True,
        outcome_at: Span | None = None,
    ) -> Decision:
        """A decision; unless told not to, warned about when its rationale's
        concluding sentence says the opposite of its outcome. ``outcome_at``
        is where the outcome is printed (for the annotated view)."""
        if outcome_at is not None:
            mark("outcome", "outcome", outcome_at.start, outcome_at.end, owner=span.start)
        rationale: str = parts["rationale"].value if "rationale" in parts else ""
        medication = fields.read_medication(request)
        decision = Decision(
            request=request,
            outcome=outcome,
            medication=medication,
            category=read_category(request, medication),
            claims_administrator_basis=_value(parts, "claims_administrator_basis", ()),
            reviewer_basis=_value(parts, "reviewer_basis", ()),
            rationale=rationale,
            span=span,
        )
        concluded = fields.read_conclusion(rationale) if check_conclusion else None
        if concluded is not None and concluded != decision.medically_necessary:
            self._contradicted(request, outcome, parts["rationale"].span)
        return decision

    def _contradicted(self, request: str, outcome: Outcome, span: Span) -> None:
        said = (
            "is not medically necessary"
            if outcome is Outcome.OVERTURNED
            else "is medically necessary"
        )
        self._warn(
            "outcome_contradicted",
            f"{request!r} is {outcome.value}, but its rationale concludes it {said}",
            span,
        )

    # -- the reviewer -------------------------------------------------------

    def specialties(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        tag = "board_certifications"
        return _Tagged(tag, _texts(children), self._mark("reviewer", tag, meta))

    def subspecialties(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        tag = "subspecialties"
        return _Tagged(tag, _texts(children), self._mark("reviewer", tag, meta))

    def licensed_states(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        states = tuple(fields.read_state(c) for c in _texts(children))
        return _Tagged("licensed_states", states, self._mark("reviewer", "licensed_states", meta))

    def _count(self, tag: str, unit: str, meta: Meta, children: list[lark.Token]) -> _Tagged:
        """A clause that states a number of years or hours; one whose number
        cannot be read is warned about."""
        span = self._mark("reviewer", tag, meta)
        count = fields.read_count(children[0], fields.UNITS[unit]) if children else None
        if count is None:
            said = self._excerpt(span)
            self._warn("unreadable_value", f"no number of {unit} can be read in {said!r}", span)
        return _Tagged(tag, count, span)

    def years_in_practice(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._count("min_years_in_practice", "years", meta, children)

    def hours_a_week(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._count("min_hours_per_week", "hours", meta, children)

    def reviewer_statement(self, meta: Meta, children: list[Any]) -> list[_Tagged]:
        return [c for c in children if isinstance(c, _Tagged)]

    def reviewer_body(self, meta: Meta, children: list[list[_Tagged]]) -> Reviewer:
        values: dict[str, Any] = {}
        for tag in (tag for statement in children for tag in statement):
            if isinstance(tag.value, tuple):
                values[tag.tag] = values.get(tag.tag, ()) + tag.value
            elif tag.value is not None:
                values.setdefault(tag.tag, tag.value)
        span = self._span(meta)
        if all(value == () for value in values.values()):
            self._warn(
                "qualifications_not_read",
                "no board certification, subspecialty, state of licensure, years in practice "
                "or hours a week could be read from the statement about the reviewer",
                span,
            )
        return Reviewer(**values, text=fields.reflow(self._slice(span)), span=span)

    # -- sections -----------------------------------------------------------

    def paragraph(self, meta: Meta, children: list[lark.Token]) -> Span:
        return self._span(meta)

    def narrative(self, meta: Meta, children: list[Span]) -> CaseSummary:
        return self.case_summary_at(self._span(meta))

    def case_summary_at(self, span: Span) -> CaseSummary:
        """The case summary whose narrative is at ``span``: its text, reflowed,
        and the patient's age, sex and date of injury read from it."""
        text = fields.reflow(self._slice(span))
        age, sex = fields.read_patient(text)
        for field, (start, end) in fields.patient_spans(self._slice(span)).items():
            mark("patient", field, span.start + start, span.start + end)
        try:
            injured = fields.read_date_of_injury(text)
        except ValueError as exc:
            injured = None
            self._warn("unreadable_value", str(exc), span)
        return CaseSummary(
            patient_age=age, patient_sex=sex, date_of_injury=injured, text=text, span=span
        )

    def _section(self, meta: Meta, children: list[Any]) -> _Section:
        heading = children[0]
        assert isinstance(heading, lark.Token)
        section = Section(title=fields.clean(heading), span=self._span(meta))
        return _Section(section, tuple(children[1:]))

    # -- the header block --------------------------------------------------

    def letterhead(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return _Tagged("letterhead", None, self._span(meta))

    def case_number(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        self._mark_token("header", "case_number", children[-1])
        return _Tagged("case_number", fields.clean(children[-1]), self._span(meta))

    def _date_line(self, tag: str, meta: Meta, children: list[lark.Token]) -> _Tagged:
        self._mark_token("header", tag, children[-1])
        return _Tagged(tag, self._read_date(children[-1]), self._span(meta))

    def date_assigned(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("date_assigned", meta, children)

    def ur_denial_date(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("ur_denial_date", meta, children)

    def application_date(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("application_date", meta, children)

    def letter_date(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("letter_date", meta, children)

    def decision_date(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("decision_date", meta, children)

    def date_of_injury(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("date_of_injury", meta, children)

    def _read_date(self, token: lark.Token) -> datetime.date | None:
        """A date value the grammar located; an unreadable one is warned about."""
        try:
            date = fields.read_date(token)
        except ValueError:
            date = None
        if date is None:
            self._warn(
                "unreadable_value",
                f"{fields.clean(token)!r} is not a valid date",
                Span(token.start_pos or 0, token.end_pos or 0),
            )
        return date

    def licensure(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        states = tuple(fields.read_state(c) for c in children)
        return _Tagged("licensed_states", states, self._span(meta))

    def certifications(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return _Tagged("board_certifications", _texts(children), self._span(meta))

    def other_label(self, meta: Meta, children: list[lark.Token]) -> _Unplaced:
        return _Unplaced(self._span(meta))

    def header_text(self, meta: Meta, children: list[lark.Token]) -> _Unplaced:
        return _Unplaced(self._span(meta))

    def _header_parts(self, meta: Meta, children: list[Any]) -> _HeaderParts:
        self._note_unplaced(children, "in the header")
        tags = tuple(c for c in children if isinstance(c, _Tagged))
        titled = any(isinstance(c, lark.Token) for c in children)
        return _HeaderParts(tags, self._span(meta), recognized=bool(tags) or titled)

    def header(self, meta: Meta, children: list[Any]) -> _Section:
        parts = self._header_parts(meta, children)
        return _Section(Section(title="", span=parts.span), (parts,))

    notice_header = _header_parts

    # -- the 2013 notice ------------------------------------------------------

    def determination(self, meta: Meta, children: list[lark.Token]) -> _Determination:
        number, request, outcome = children
        upheld = _rule_name(outcome.type) == "NOT_NECESSARY"
        return _Determination(
            number=int(number.rstrip(").")),
            request=fields.clean(request),
            outcome=Outcome.UPHELD if upheld else Outcome.OVERTURNED,
            span=self._span(meta),
            outcome_at=self._token_span(outcome),
        )

    def determination_list(self, meta: Meta, children: list[_Determination]) -> _Determinations:
        return _Determinations(tuple(children))

    def notice_section(self, meta: Meta, children: list[Any]) -> _Section:
        return _Section(Section(title="", span=self._span(meta)), tuple(children))

    def filed_on(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("application_date", meta, children)

    def denial_dated(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("ur_denial_date", meta, children)

    def assigned_on(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return self._date_line("date_assigned", meta, children)

    summary_dated = denial_dated

    def application(self, meta: Meta, children: list[_Tagged]) -> _Fallbacks:
        return _Fallbacks(tuple(children))

    disclaimer = application

    def stray(self, meta: Meta, children: list[lark.Token]) -> _Unplaced:
        return _Unplaced(self._span(meta))

    def decision_and_rationale_section(self, meta: Meta, children: list[Any]) -> _Section:
        self._note_unplaced(children, "after the application sentence")
        return self._section(meta, children)

    notice_case_summary_section = _section
    qualifications_section = _section

    def item_heading(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        number = next(
            (int(c.rstrip(").")) for c in children if _rule_name(c.type) == "ITEM_NUMBER"), None
        )
        self._mark_token("request", "request", children[-1])
        return _Tagged("item_heading", (number, fields.clean(children[-1])), self._span(meta))

    def item_block(self, meta: Meta, children: list[Any]) -> _ItemBlock:
        parts = {c.tag: c for c in children if isinstance(c, _Tagged)}
        self._note_unplaced(children, "inside a decision block")
        heading = parts.pop("item_heading")
        number, request = heading.value
        return _ItemBlock(number, request, parts, heading.span, self._span(meta))

    def item_section(self, meta: Meta, children: list[_ItemBlock]) -> _Section:
        (block,) = children
        title = fields.clean(self._slice(block.heading))
        return _Section(Section(title=title, span=self._span(meta)), (block,))

    def _match_items(
        self, found: Sequence[_Determinations], blocks: Sequence[_ItemBlock]
    ) -> list[Decision]:
        """The 2013 notice's decisions: each rationale block with the outcome of
        the numbered determination of its number (or, unnumbered, of its place)."""
        determinations: dict[int, _Determination] = {}
        for item in (d for listed in found for d in listed.items):
            first = determinations.setdefault(item.number, item)
            if first.outcome is not item.outcome:
                self._warn(
                    "outcome_contradicted",
                    f"determination {item.number}) is {item.outcome.value} here "
                    f"but {first.outcome.value} above",
                    item.span,
                )
        in_order = list(determinations.values())
        used: set[int] = set()
        decisions = []
        for place, block in enumerate(blocks):
            if block.number is not None:
                target = determinations.get(block.number)
            else:
                target = in_order[place] if place < len(in_order) else None
            if target is None or target.number in used:
                self._warn(
                    "outcome_not_stated",
                    f"no numbered determination states the outcome of {block.request!r}",
                    block.heading,
                )
                continue
            used.add(target.number)
            decisions.append(
                self._decision(
                    block.request,
                    target.outcome,
                    block.parts,
                    block.span,
                    outcome_at=target.outcome_at,
                )
            )
        for determination in in_order:
            if determination.number not in used:
                self._warn(
                    "unmatched_determination",
                    f"determination {determination.number}) ({determination.request!r}) "
                    "has no rationale block",
                    determination.span,
                )
                decisions.append(
                    self._decision(
                        determination.request,
                        determination.outcome,
                        {},
                        determination.span,
                        outcome_at=determination.outcome_at,
                    )
                )
        return sorted(decisions, key=lambda d: d.span.start)

    # -- lists ------------------------------------------------------------------

    def entry_line(self, meta: Meta, children: list[lark.Token]) -> tuple[str, Span]:
        span = self._span(meta)
        return fields.clean(self._slice(span)), span

    def marked_entry(self, meta: Meta, children: list[lark.Token]) -> tuple[str, Span]:
        span = self._span(meta)
        start = children[1].start_pos
        assert start is not None
        return fields.clean(self.text[start : span.end]), span

    def entries(self, meta: Meta, children: list[tuple[str, Span]]) -> _Entries:
        return _Entries(tuple(children))

    # -- the professional review ------------------------------------------------

    def review_title_section(self, meta: Meta, children: list[Any]) -> _Section:
        heading, *header = children
        values = header[0].values if header else ()
        return _Section(Section(title=fields.clean(heading), span=self._span(meta)), values)

    def _issue(self, meta: Meta, start: int) -> _Issue | _Unplaced:
        """The item from ``start`` to the rule's end, without a final full stop."""
        span = self._span(meta)
        request = fields.clean(self.text[start : span.end]).rstrip(" .;,")
        if not request:
            return _Unplaced(span)
        end = span.end
        while end > start and self.text[end - 1] in " .;,\n":
            end -= 1
        mark("request", "request", start, end)
        return _Issue(request, span)

    def issue_line(self, meta: Meta, children: list[lark.Token]) -> _Issue | _Unplaced:
        return self._issue(meta, self._span(meta).start)

    def issue_question(self, meta: Meta, children: list[lark.Token]) -> _Issue:
        (request,) = children
        self._mark_token("request", "request", request)
        return _Issue(fields.clean(request), self._span(meta))

    def marked_issue(self, meta: Meta, children: list[Any]) -> _Issue | _Unplaced:
        question = children[1]
        if isinstance(question, _Issue):
            return _Issue(question.request, self._span(meta))
        start = question.start_pos
        assert start is not None
        return self._issue(meta, start)

    def issues(self, meta: Meta, children: list[_Issue | _Unplaced]) -> _Issues:
        self._note_unplaced(children, "under the issue at dispute")
        return _Issues(tuple(c for c in children if isinstance(c, _Issue)))

    def guideline_paragraph(self, meta: Meta, children: list[Any]) -> tuple[Citation, ...]:
        # Text that is no clause is the reviewer's "why": prose, not unplaced.
        return tuple(c for c in children if isinstance(c, Citation))

    def guidelines(self, meta: Meta, children: list[tuple[Citation, ...]]) -> _Guidelines:
        return _Guidelines(tuple(c for paragraph in children for c in paragraph))

    def verdict(self, meta: Meta, children: list[lark.Token]) -> _Verdict:
        subject, outcome = children
        upheld = _rule_name(outcome.type) == "NOT_MEDICALLY_NECESSARY"
        result = Outcome.UPHELD if upheld else Outcome.OVERTURNED
        return _Verdict(fields.clean(subject), result, self._span(meta), self._token_span(outcome))

    def rationale_paragraph(self, meta: Meta, children: list[Any]) -> list[_Verdict]:
        return [c for c in children if isinstance(c, _Verdict)]

    def review_rationale(self, meta: Meta, children: list[list[_Verdict]]) -> _Rationale:
        return _Rationale(tuple(v for paragraph in children for v in paragraph), self._span(meta))

    issue_section = _section
    review_case_summary_section = _section
    review_documents_section = _section
    guidelines_section = _section
    review_rationale_section = _section
    review_qualifications_section = _section

    def _deciding_verdicts(self, issues: _Issues, rationale: _Rationale) -> dict[int, int]:
        """For each item (by place) that has an outcome, the verdict (by place)
        that decides it.

        A verdict decides the items whose request its sentence names (the
        most specific, where one request contains another); the last verdict
        naming an item decides it. A letter of one item takes its outcome
        from the last verdict when none names it. Earlier verdicts on an item
        that say the opposite are reported.
        """
        items, verdicts = issues.items, rationale.verdicts
        keys = [_match_key(item.request) for item in items]
        named: list[set[int]] = []
        for verdict in verdicts:
            subject = _match_key(verdict.subject)
            hits = {n for n, key in enumerate(keys) if key in subject}
            # "Norco 10/325 mg #120" names that item, not also an item "Norco 10/325 mg".
            within = {n for n in hits for m in hits if keys[n] != keys[m] and keys[n] in keys[m]}
            named.append(hits - within)
        deciding: dict[int, int] = {}
        for n, item in enumerate(items):
            candidates = [v for v, hits in enumerate(named) if n in hits]
            if not candidates and len(items) == 1:
                candidates = list(range(len(verdicts)))
            if not candidates:
                said = "names" if len(items) > 1 else "states the outcome of"
                self._warn(
                    "outcome_not_stated",
                    f'no sentence "... is (not) medically necessary" of the rationale {said} '
                    f"{item.request!r}",
                    item.span,
                )
                continue
            deciding[n] = last = candidates[-1]
            for v in candidates[:-1]:
                if verdicts[v].outcome is not verdicts[last].outcome:
                    self._warn(
                        "outcome_contradicted",
                        f"the rationale concludes {item.request!r} both ways; "
                        "its last conclusion is kept",
                        verdicts[v].span,
                    )
        return deciding

    def _review_decisions(
        self, issues: _Issues, rationale: _Rationale, basis: tuple[Citation, ...]
    ) -> list[Decision]:
        """A professional review's decisions: one per item with an outcome.

        A decision's rationale is the rationale's text from the end of the
        previous deciding verdict through its own (through the end of the
        section, for the last); its span is the item's under "ISSUE AT DISPUTE:".
        A verdict after the last deciding one that says the opposite of the
        outcome it decided is reported as a contradiction.
        """
        deciding = self._deciding_verdicts(issues, rationale)
        verdicts = rationale.verdicts
        segments: dict[int, _Tagged] = {}
        start = rationale.span.start
        ends = sorted(set(deciding.values()))
        for place, v in enumerate(ends):
            end = verdicts[v].span.end if place + 1 < len(ends) else rationale.span.end
            span = self._span(_Extent(start, end))
            segments[v] = _Tagged("rationale", fields.reflow(self._slice(span)), span)
            start = end
        decisions = []
        for n, v in deciding.items():
            item = issues.items[n]
            cited = _Tagged("reviewer_basis", basis, item.span)
            parts = {"rationale": segments[v], "reviewer_basis": cited}
            outcome = verdicts[v].outcome
            # Its outcome is read from the grammar's verdicts, not re-read from text.
            decisions.append(
                self._decision(
                    item.request,
                    outcome,
                    parts,
                    item.span,
                    check_conclusion=False,
                    outcome_at=verdicts[v].outcome_at,
                )
            )
            if v == ends[-1] and verdicts[-1].outcome is not outcome:
                self._contradicted(item.request, outcome, segments[v].span)
        return decisions

    # -- the letter ---------------------------------------------------------------

    def _header(
        self, parts: Sequence[_HeaderParts], fallbacks: Sequence[_Fallbacks]
    ) -> Header | None:
        found: dict[str, Any] = {}
        first_span: Span | None = None
        # The header's span is that of the block of header lines that gave it
        # the most fields (the first such block on a tie): one span must lie
        # inside one section, and a letter can have header lines in two.
        given = [0] * len(parts)
        for n, tag in ((n, t) for n, p in enumerate(parts) for t in p.tags):
            if tag.tag not in _HEADER_FIELDS:
                continue
            if found.get(tag.tag) is None:
                found[tag.tag] = tag.value
                given[n] += tag.value is not None
            elif tag.value is not None and tag.value != found[tag.tag]:
                self._note_unplaced([_Unplaced(tag.span)], "repeating a header field")
        for tag in (t for f in fallbacks for t in f.tags):
            if found.get(tag.tag) is None and tag.value is not None:
                found[tag.tag] = tag.value
                first_span = first_span or tag.span
        if not any(p.recognized for p in parts) and not any(v is not None for v in found.values()):
            return None
        span = parts[given.index(max(given))].span if parts else first_span
        assert span is not None
        return Header(**found, span=span)

    def start(self, meta: Meta, children: list[_Section]) -> Determination:
        reviewer: Reviewer | None = None
        summary: CaseSummary | None = None
        decisions: list[Decision] = []
        documents: list[str] = []
        parts: list[_HeaderParts] = []
        fallbacks: list[_Fallbacks] = []
        found: list[_Determinations] = []
        blocks: list[_ItemBlock] = []
        issues: _Issues | None = None
        rationale: _Rationale | None = None
        basis: tuple[Citation, ...] = ()
        for value in (v for c in children for v in c.values):
            if isinstance(value, tuple):  # the decisions of decision blocks
                decisions += (d for d in value if isinstance(d, Decision))
            elif isinstance(value, Reviewer):
                reviewer = reviewer or value
            elif isinstance(value, CaseSummary):
                summary = summary or value
            elif isinstance(value, _Entries):
                documents += (text for text, _ in value.items)
            elif isinstance(value, _HeaderParts):
                parts.append(value)
            elif isinstance(value, _Fallbacks):
                fallbacks.append(value)
            elif isinstance(value, _Determinations):
                found.append(value)
            elif isinstance(value, _ItemBlock):
                blocks.append(value)
            elif isinstance(value, _Issues):
                issues = value
            elif isinstance(value, _Rationale):
                rationale = value
            elif isinstance(value, _Guidelines):
                basis = value.citations
        assert reviewer is not None and summary is not None
        if parts:
            # The statement about the reviewer and the case summary are more
            # specific than the header's lines: these fill only what they
            # leave empty.
            stated = {t.tag: t.value for p in reversed(parts) for t in reversed(p.tags) if t.value}
            for tag in _REVIEWER_FIELDS:
                if tag in stated and not getattr(reviewer, tag):
                    reviewer = attrs.evolve(reviewer, **{tag: stated[tag]})
            if "date_of_injury" in stated and summary.date_of_injury is None:
                summary = attrs.evolve(summary, date_of_injury=stated["date_of_injury"])
        if found or blocks:
            decisions += self._match_items(found, blocks)
        if issues is not None and rationale is not None:
            decisions += self._review_decisions(issues, rationale, basis)
        return Determination(
            template=self.template,
            header=self._header(parts, fallbacks) if parts or fallbacks else None,
            reviewer=reviewer,
            case_summary=summary,
            documents_reviewed=documents,
            decisions=decisions,
            sections=[c.section for c in children],
            text=self.text,
            warnings=self.warnings,
        )


class FieldBuilder(_Builder):
    """Builds the value of one slot read by a rule of the field grammar."""

    def excerpt(self, span: Span) -> str:
        """The span's text on one line, at most 60 characters."""
        return self._excerpt(span)

    def contradicted(self, request: str, outcome: Outcome, span: Span) -> None:
        """Warn that a rationale concludes the opposite of its outcome."""
        self._contradicted(request, outcome, span)

    def header_value(self, field: str, token: lark.Token) -> Any:
        """A header value of the kind its field takes."""
        if field == "case_number":
            return fields.clean(token)
        if field == "priority":
            return token.lower()
        return self._read_date(token)

    # -- the header table ---------------------------------------------------

    def header_table(self, meta: Meta, children: list[tuple[str, lark.Token]]) -> list[Any]:
        return children

    def header_label(self, meta: Meta, children: list[lark.Token]) -> tuple[str, lark.Token]:
        return ("label", children[0])

    def date_value(self, meta: Meta, children: list[lark.Token]) -> tuple[str, lark.Token]:
        return ("date", children[0])

    def case_number_value(self, meta: Meta, children: list[lark.Token]) -> tuple[str, lark.Token]:
        return ("case_number", children[0])

    def priority_value(self, meta: Meta, children: list[lark.Token]) -> tuple[str, lark.Token]:
        return ("priority", children[0])

    def header_word(self, meta: Meta, children: list[lark.Token]) -> tuple[str, lark.Token]:
        return ("word", children[0])

    # -- credentials and request lines -------------------------------------

    def credential_list(self, meta: Meta, children: list[lark.Token]) -> tuple[str, ...]:
        return _texts(children)

    def _words(self, field: str, meta: Meta) -> str:
        span = self._mark("request", field, meta)
        return fields.clean(self._slice(span)).rstrip(",").rstrip()

    def original(self, meta: Meta, children: list[lark.Token]) -> str:
        return self._words("original_request", meta)

    def authorized(self, meta: Meta, children: list[lark.Token]) -> str:
        return self._words("authorized", meta)

    def portion(self, meta: Meta, children: list[lark.Token]) -> str:
        return self._words("request", meta)

    def other_wording(self, meta: Meta, children: list[lark.Token]) -> None:
        return None

    def partial_authorization(
        self, meta: Meta, children: list[str | None]
    ) -> tuple[str | None, str | None, str | None]:
        original, *authorized, portion = children
        return original, authorized[0] if authorized else None, portion

    def partial_request(
        self, meta: Meta, children: list[Any]
    ) -> tuple[str, Outcome, str | None, str | None]:
        (original, authorized, portion), outcome = children[0], children[1]
        self._mark_token("outcome", "outcome", outcome)
        return portion, Outcome(outcome.lower()), original, authorized

    def plain_request(
        self, meta: Meta, children: list[lark.Token]
    ) -> tuple[str, Outcome, str | None, str | None]:
        request, outcome = children
        self._mark_token("request", "request", request)
        self._mark_token("outcome", "outcome", outcome)
        return fields.clean(request), Outcome(outcome.lower()), None, None


def _texts(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(t for t in (fields.clean(x) for x in tokens) if t)


def _match_key(text: str) -> str:
    """Text compared without case or white space: "Norco 10/325mg" names "NORCO 10/325 MG"."""
    return "".join(text.split()).casefold()


def _value(parts: dict[str, _Tagged], tag: str, default: Any) -> Any:
    return parts[tag].value if tag in parts else default


def build(tree: lark.Tree[lark.Token], text: str, template: Template) -> Determination:
    """Build the :class:`Determination` of a parsed letter."""
    result = _Builder(text, template).transform(tree)
    assert isinstance(result, Determination)
    return result
