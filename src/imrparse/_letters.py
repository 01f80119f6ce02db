"""Stage 4 for the letters read by a whole-letter grammar: a lark tree to a
:class:`Determination`, one method per grammar rule.

The 2013 notice and the professional review are each described by one
grammar of the whole letter (``notice_2013.lark``, ``professional_review.lark``),
whose tree :class:`LetterBuilder` turns into the model: the rules they share
with the field grammar (citations, the statement about the reviewer, lists)
are built by :class:`imrparse._transform._Builder`; this module holds the
rest: the header lines, the sections, the decision blocks, the notice's
numbered determinations and the review's issues and verdicts, matched into
decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import lark
from lark.tree import Meta

from . import _fields as fields
from ._categories import read_category
from ._marks import mark
from ._transform import _Builder, _Entries, _Extent, _rule_name, _Tagged, _texts, _Unplaced
from .model import (
    CaseSummary,
    Citation,
    Decision,
    Determination,
    Header,
    Outcome,
    Reviewer,
    Section,
    Span,
    Template,
)

__all__ = ["LetterBuilder", "build"]


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


class LetterBuilder(_Builder):
    """Builds the model of a letter from the tree of its whole-letter grammar."""

    # -- decision blocks ---------------------------------------------------

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

    # -- the reviewer ------------------------------------------------------

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

    # -- sections ----------------------------------------------------------

    def paragraph(self, meta: Meta, children: list[lark.Token]) -> Span:
        return self._span(meta)

    def narrative(self, meta: Meta, children: list[Span]) -> CaseSummary:
        return self.case_summary_at(self._span(meta))

    def _section(self, meta: Meta, children: list[Any]) -> _Section:
        heading = children[0]
        assert isinstance(heading, lark.Token)
        section = Section(title=fields.clean(heading), span=self._span(meta))
        return _Section(section, tuple(children[1:]))

    # -- the header block --------------------------------------------------

    def letterhead(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        return _Tagged("letterhead", None, self._span(meta))

    def case_number(self, meta: Meta, children: list[lark.Token]) -> _Tagged:
        value = children[-1]
        return _Tagged(
            "case_number", fields.clean(value), self._span(meta), self._token_span(value)
        )

    def _date_line(self, tag: str, meta: Meta, children: list[lark.Token]) -> _Tagged:
        value = children[-1]
        return _Tagged(tag, self._read_date(value), self._span(meta), self._token_span(value))

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

    # -- the 2013 notice ----------------------------------------------------

    def determination(self, meta: Meta, children: list[lark.Token]) -> _Determination:
        number, request, outcome = children
        upheld = _rule_name(outcome.type) == "NOT_NECESSARY"
        # The request is its decision's when no rationale block answers it
        # (and the decision's span is this determination's).
        self._mark_token("request", "request", request)
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

    # -- the professional review -------------------------------------------

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

    # -- the letter --------------------------------------------------------

    @staticmethod
    def _mark_value(tag: _Tagged) -> None:
        """Note where a header field's value was read (for the annotated view)."""
        if tag.at is not None and tag.value is not None:
            mark("header", tag.tag, tag.at.start, tag.at.end)

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
                self._mark_value(tag)
            elif tag.value is not None and tag.value != found[tag.tag]:
                self._note_unplaced([_Unplaced(tag.span)], "repeating a header field")
        for tag in (t for f in fallbacks for t in f.tags):
            if found.get(tag.tag) is None and tag.value is not None:
                found[tag.tag] = tag.value
                first_span = first_span or tag.span
                self._mark_value(tag)
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
                for _, at in value.items:
                    mark("document", "documents_reviewed", at.start, at.end)
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


def _match_key(text: str) -> str:
    """Text compared without case or white space: "Norco 10/325mg" names "NORCO 10/325 MG"."""
    return "".join(text.split()).casefold()


def _value(parts: dict[str, _Tagged], tag: str, default: Any) -> Any:
    return parts[tag].value if tag in parts else default


def build(tree: lark.Tree[lark.Token], text: str, template: Template) -> Determination:
    """Build the :class:`Determination` of a parsed letter."""
    result = LetterBuilder(text, template).transform(tree)
    assert isinstance(result, Determination)
    return result
