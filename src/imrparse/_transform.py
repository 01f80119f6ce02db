"""Stage 4: a lark tree to model objects, one method per grammar rule.

:class:`_Builder` builds the values of the rules that the field grammar
(``fields.lark``, read slot by slot by :mod:`imrparse._assemble`) and the
whole-letter grammars (:mod:`imrparse._letters`) share: citations, the
statement about the reviewer, lists. :class:`FieldBuilder` adds the field
grammar's own slots. Rules imported from another grammar file may carry lark's namespace prefix
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
from ._marks import mark, recording_now
from .model import (
    CaseSummary,
    Citation,
    CitationKind,
    Outcome,
    PageRange,
    ParseWarning,
    Span,
    Template,
)

__all__ = ["FieldBuilder"]


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
    """A rule's value together with the rule's name, for parents with optional
    parts; ``at`` is where the value itself is printed, when the rule's span
    holds more (a label)."""

    tag: str
    value: Any
    span: Span
    at: Span | None = None


@attrs.frozen
class _Entries:
    """The entries of a list, in order."""

    items: tuple[tuple[str, Span], ...]


#: How an ACOEM title starts, per kind of clause: an MTUS clause's guideline
#: is the MTUS part (ACOEM, however named); a non-MTUS clause's is the name as
#: written through its abbreviation, except that a bare "ACOEM ..." reads as ACOEM.
_ACOEM_TITLES = {
    CitationKind.MTUS: ("ACOEM", "American College of Occupational"),
    CitationKind.NON_MTUS: ("ACOEM",),
}


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
        if recording_now():
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
        return fields.join_titles(children, sections=True)

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

    # -- conclusions --------------------------------------------------------

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

    # -- the case summary ---------------------------------------------------

    def case_summary_at(self, span: Span) -> CaseSummary:
        """The case summary whose narrative is at ``span``: its text, reflowed,
        and the patient's age, sex and date of injury read from it."""
        text = fields.reflow(self._slice(span))
        age, sex = fields.read_patient(text)
        if recording_now():
            for field, (start, end) in fields.patient_spans(self._slice(span), age, sex).items():
                mark("patient", field, span.start + start, span.start + end)
        try:
            injured = fields.read_date_of_injury(text)
        except ValueError as exc:
            injured = None
            self._warn("unreadable_value", str(exc), span)
        return CaseSummary(
            patient_age=age, patient_sex=sex, date_of_injury=injured, text=text, span=span
        )

    # -- dates ----------------------------------------------------------------

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
