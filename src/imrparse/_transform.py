"""Stage 4: a lark tree to model objects, one method per grammar rule.

Rules imported from another grammar file may carry lark's namespace prefix
(``decision__citation__topics``); methods are named for the rule itself and
found by the part after the last ``__``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import lark
from lark.tree import Meta

from . import _fields as fields
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

__all__ = ["build"]


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
        for child in tree.children:
            if isinstance(child, lark.Tree):
                value, first, last = self._visit(child)
                children.append(value)
            else:
                first, last = child.start_pos, child.end_pos  # type: ignore[assignment]
                if not child.type.startswith("_"):
                    children.append(child)
            if start < 0:
                start = first
            end = last
        name = _rule_name(str(tree.data))
        method: Callable[[Meta, list[Any]], Any] | None = (
            None if name.startswith("_") or name == "transform" else getattr(self, name, None)
        )
        if method is None:
            return lark.Tree(tree.data, children), start, end
        return method(_Extent(start, end), children), start, end

    def _span(self, meta: Meta) -> Span:
        """The rule's extent, without the blank lines around it."""
        start, end = meta.start_pos, meta.end_pos
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Span(start, end)

    def _slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def _warn(self, code: str, message: str, span: Span | None) -> None:
        self.warnings.append(ParseWarning(code=code, message=message, span=span))

    def _note_unplaced(self, items: Iterable[Any], where: str) -> None:
        for item in items:
            if isinstance(item, _Unplaced):
                excerpt = fields.clean(self._slice(item.span))
                if len(excerpt) > 60:
                    excerpt = excerpt[:57] + "..."
                self._warn("unplaced_text", f"text {where} fits no slot: {excerpt!r}", item.span)

    # -- citations ----------------------------------------------------------

    def page_range(self, meta: Meta, children: list[lark.Token]) -> PageRange | None:
        try:
            return fields.read_page_range(children[0])
        except ValueError as exc:
            self._warn("unreadable_value", str(exc), self._span(meta))
            return None

    def pages(self, meta: Meta, children: list[PageRange | None]) -> _Tagged:
        pages = tuple(p for p in children if p is not None)
        return _Tagged("pages", pages, self._span(meta))

    def topics(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        topics = tuple(t for t in (fields.clean(c) for c in children) if t)
        return _Tagged("topics", topics, self._span(meta))

    def _citation(self, kind: CitationKind, meta: Meta, children: Sequence[Any]) -> Citation:
        guideline: str | None = None
        topics: tuple[str, ...] = ()
        pages: tuple[PageRange, ...] = ()
        for child in children:
            if isinstance(child, _Tagged):
                if child.tag == "topics":
                    topics = child.value
                else:
                    pages = child.value
            elif _rule_name(child.type) in ("MTUS_GUIDELINE", "NON_MTUS_GUIDELINE"):
                guideline = fields.clean(child)
                if guideline.startswith("ACOEM"):
                    guideline = "ACOEM"
        span = self._span(meta)
        return Citation(
            kind=kind,
            guideline=guideline,
            topics=topics,
            pages=pages,
            text=fields.clean(self._slice(span)),
            span=span,
        )

    def mtus_clause(self, meta: Meta, children: list[Any]) -> Citation:
        return self._citation(CitationKind.MTUS, meta, children)

    def non_mtus_clause(self, meta: Meta, children: list[Any]) -> Citation:
        return self._citation(CitationKind.NON_MTUS, meta, children)

    def other_clause(self, meta: Meta, children: list[Any]) -> Citation:
        return self._citation(CitationKind.OTHER, meta, children)

    def unplaced_basis(self, meta: Meta, children: list[Any]) -> _Unplaced:
        return _Unplaced(self._span(meta))

    def citations(self, meta: Meta, children: list[Any]) -> tuple[Citation, ...]:
        self._note_unplaced(children, "in a guideline paragraph")
        return tuple(c for c in children if isinstance(c, Citation))

    # -- decisions ----------------------------------------------------------

    def request(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        request, outcome = children
        value = (fields.clean(request), Outcome(outcome.lower()))
        return _Tagged("request", value, self._span(meta))

    def claims_administrator_basis(self, meta: Meta, children: list[Any]) -> _Tagged:
        return _Tagged("claims_administrator_basis", children[0], self._span(meta))

    def reviewer_basis(self, meta: Meta, children: list[Any]) -> _Tagged:
        return _Tagged("reviewer_basis", children[0], self._span(meta))

    def rationale_text(self, meta: Meta, children: list[Any]) -> str:
        return fields.reflow(self._slice(self._span(meta)))

    def rationale(self, meta: Meta, children: list[Any]) -> _Tagged:
        return _Tagged("rationale", children[0], self._span(meta))

    def unplaced(self, meta: Meta, children: list[Any]) -> _Unplaced:
        return _Unplaced(self._span(meta))

    def decision(self, meta: Meta, children: list[Any]) -> Decision:
        parts = {c.tag: c for c in children if isinstance(c, _Tagged)}
        self._note_unplaced(children, "inside a decision block")
        request, outcome = parts["request"].value
        rationale: str = parts["rationale"].value if "rationale" in parts else ""
        decision = Decision(
            request=request,
            outcome=outcome,
            medication=fields.read_medication(request),
            claims_administrator_basis=_value(parts, "claims_administrator_basis", ()),
            reviewer_basis=_value(parts, "reviewer_basis", ()),
            rationale=rationale,
            span=self._span(meta),
        )
        concluded = fields.read_conclusion(rationale)
        if concluded is not None and concluded != decision.medically_necessary:
            said = "is medically necessary" if concluded else "is not medically necessary"
            self._warn(
                "outcome_contradicted",
                f"{request!r} is {outcome.value}, but its rationale concludes it {said}",
                parts["rationale"].span,
            )
        return decision

    def decisions(self, meta: Meta, children: list[Decision]) -> tuple[Decision, ...]:
        return tuple(children)

    # -- the reviewer -------------------------------------------------------

    def specialties(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return _Tagged("board_certifications", _texts(children), self._span(meta))

    def subspecialties(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return _Tagged("subspecialties", _texts(children), self._span(meta))

    def licensed_states(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        states = tuple(fields.read_state(c) for c in children)
        return _Tagged("licensed_states", states, self._span(meta))

    def qualification(self, meta: Meta, children: list[_Tagged]) -> list[_Tagged]:
        return list(children)

    def practice(self, meta: Meta, children: list[lark.Token]) -> list[_Tagged]:
        span = self._span(meta)
        tags = ("min_years_in_practice", "min_hours_per_week")
        pairs = zip(tags, children, strict=False)
        return [_Tagged(tag, fields.read_count(c), span) for tag, c in pairs]

    def reviewer_statement(self, meta: Meta, children: list[Any]) -> list[_Tagged]:
        return [tag for c in children if isinstance(c, list) for tag in c]

    def reviewer_body(self, meta: Meta, children: list[list[_Tagged]]) -> Reviewer:
        values: dict[str, Any] = {}
        for tag in (tag for statement in children for tag in statement):
            if isinstance(tag.value, tuple):
                values[tag.tag] = values.get(tag.tag, ()) + tag.value
            else:
                values.setdefault(tag.tag, tag.value)
        span = self._span(meta)
        return Reviewer(**values, text=fields.reflow(self._slice(span)), span=span)

    # -- sections -----------------------------------------------------------

    def paragraph(self, meta: Meta, children: list[lark.Token]) -> Span:
        return self._span(meta)

    def narrative(self, meta: Meta, children: list[Span]) -> CaseSummary:
        span = self._span(meta)
        text = fields.reflow(self._slice(span))
        age, sex = fields.read_patient(text)
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
        section = Section(title=str(heading), span=self._span(meta))
        return _Section(section, tuple(children[1:]))

    reviewer_section = _section
    case_summary_section = _section

    def issues_section(self, meta: Meta, children: list[Any]) -> _Section:
        self._note_unplaced(children, "before the first decision")
        return self._section(meta, children)

    def preamble(self, meta: Meta, children: list[Span]) -> _Section:
        span = self._span(meta)
        self._note_unplaced([_Unplaced(span)], "before the first heading")
        return _Section(Section(title="", span=span), ())

    def start(self, meta: Meta, children: list[_Section]) -> Determination:
        values = [v for c in children for v in c.values]
        return Determination(
            template=self.template,
            header=_first(values, Header),
            reviewer=_first(values, Reviewer),
            case_summary=_first(values, CaseSummary),
            decisions=next((v for v in values if isinstance(v, tuple)), ()),
            sections=tuple(c.section for c in children),
            text=self.text,
            warnings=tuple(self.warnings),
        )


def _texts(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(t for t in (fields.clean(x) for x in tokens) if t)


def _value(parts: dict[str, _Tagged], tag: str, default: Any) -> Any:
    return parts[tag].value if tag in parts else default


def _first(values: Iterable[Any], kind: type[Any]) -> Any:
    return next((v for v in values if isinstance(v, kind)), None)


def build(tree: lark.Tree[lark.Token], text: str, template: Template) -> Determination:
    """Build the :class:`Determination` of a parsed letter."""
    result = _Builder(text, template).transform(tree)
    assert isinstance(result, Determination)
    return result
