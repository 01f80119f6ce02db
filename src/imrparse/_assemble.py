"""Stage 4: a letter's tokens to a :class:`Determination`, one slot at a time.

The layout's tokens (:mod:`imrparse._layout`) are fed to the document
grammar (``document.lark``) through lark's interactive parser: a token the
grammar cannot take where it stands is skipped with an ``unplaced_text``
warning, and parsing goes on at the next one, so one odd line costs at most
the element that holds it. Each slot of the resulting tree is then read by a
rule of the field grammar (``fields.lark``) over that slot's stretch of the
text; a slot that rule cannot read leaves its field empty with a
``field_unreadable`` warning, and the rest of the letter is still read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import lark

from . import _fields as fields
from . import _vocab as vocab
from ._categories import read_category
from ._grammar import document_parser, fields_parser
from ._layout import Layout, label_end
from ._marks import mark, recording_now
from ._transform import FieldBuilder
from .model import (
    CaseSummary,
    Citation,
    Decision,
    Determination,
    Header,
    Outcome,
    ParseWarning,
    Reviewer,
    Section,
    Span,
    Template,
)

__all__ = ["assemble"]

#: The document grammar's start rule for each template it reads.
START = {
    Template.ISSUES_DECISIONS_RATIONALES: "issues_letter",
    Template.DECISIONS_RATIONALES: "decisions_letter",
}

#: Section rules, by the heading token that opens them.
_SECTIONS = frozenset(
    {
        "header",
        "reviewer_section",
        "documents_section",
        "case_summary_section",
        "issues_section",
        "decisions_section",
    }
)
#: The sections each template has, in order, with the heading that names them
#: (a letter may leave out its documents reviewed).
_EXPECTED = {
    Template.ISSUES_DECISIONS_RATIONALES: (
        ("reviewer_section", "HOW THE IMR FINAL DETERMINATION WAS MADE"),
        ("case_summary_section", "CLINICAL CASE SUMMARY"),
        ("issues_section", "IMR ISSUES, DECISIONS AND RATIONALES"),
    ),
    Template.DECISIONS_RATIONALES: (
        ("reviewer_section", "HOW THE IMR FINAL DETERMINATION WAS MADE"),
        ("case_summary_section", "CLINICAL CASE SUMMARY"),
        ("decisions_section", "IMR DECISION(S) AND RATIONALE(S)"),
    ),
}
_ANY_OUTCOME_WORDING = re.compile(r"original\s+request", re.IGNORECASE)


def _tokens(tree: lark.Tree[lark.Token]) -> Iterator[lark.Token]:
    for child in tree.children:
        if isinstance(child, lark.Token):
            yield child
        else:
            yield from _tokens(child)


def _first(tree: lark.Tree[lark.Token]) -> lark.Token:
    return next(_tokens(tree))


def _last(tree: lark.Tree[lark.Token]) -> lark.Token:
    return list(_tokens(tree))[-1]


def _subtrees(tree: lark.Tree[lark.Token], name: str) -> list[lark.Tree[lark.Token]]:
    return [c for c in tree.children if isinstance(c, lark.Tree) and c.data == name]


def _texts(tree: lark.Tree[lark.Token]) -> list[lark.Token]:
    """The TEXT tokens directly under a rule."""
    return [c for c in tree.children if isinstance(c, lark.Token) and c.type == "TEXT"]


class _Assembler:
    """Builds one letter's model from its document tree."""

    def __init__(self, text: str, template: Template) -> None:
        self.text = text
        self.template = template
        self.fields = FieldBuilder(text, template)
        self.warnings = self.fields.warnings

    # -- plumbing -----------------------------------------------------------

    def warn(self, code: str, message: str, span: Span | None) -> None:
        self.warnings.append(ParseWarning(code=code, message=message, span=span))

    def span(self, start: int, end: int) -> Span:
        """The stretch from ``start`` to ``end`` without white space around it."""
        return self.fields.trimmed(start, end)

    def mark(self, kind: str, field: str, start: int, end: int) -> None:
        """Note where a value was read (for the annotated view)."""
        if recording_now():
            span = self.span(start, end)
            mark(kind, field, span.start, span.end)

    def unplaced(self, tokens: Iterable[lark.Token], where: str) -> None:
        for token in tokens:
            span = self.span(_start(token), _end(token))
            self.warn(
                "unplaced_text",
                f"text {where} fits no slot: {self.fields.excerpt(span)!r}",
                span,
            )

    def read(self, rule: str, start: int, end: int) -> Any:
        """A slot's value by a rule of the field grammar; None (with a
        ``field_unreadable`` warning) when the rule cannot read it."""
        span = self.span(start, end)
        if not len(span):
            return None
        try:
            tree = fields_parser().parse(
                lark.TextSlice(self.text, span.start, span.end), start=rule
            )
        except lark.UnexpectedInput:
            self.warn(
                "field_unreadable",
                f"{_RULE_NAMES[rule]} could not be read: {self.fields.excerpt(span)!r}",
                span,
            )
            return None
        return self.fields.transform(tree)

    # -- the document ---------------------------------------------------------

    def parse(self, layout: Layout) -> lark.Tree[lark.Token]:
        """Feed the tokens to the document grammar, skipping those it cannot take."""
        parser = document_parser().parse_interactive(start=START[self.template])
        skipped: list[lark.Token] = []
        recovering = False
        for token in layout.tokens:
            # After an anchor that could not be placed (the label of a block
            # whose request line was lost, say), its paragraphs go with it,
            # not into the slot before it.
            if recovering and token.type == "TEXT":
                skipped.append(token)
                continue
            recovering = False
            if token.type not in parser.choices():  # type: ignore[no-untyped-call]
                skipped.append(token)
                recovering = token.type != "TEXT"
                continue
            # A token the state takes may still fail after the reductions it
            # causes: then the stacks go back to where they were. (Lark's own
            # copy of a parser copies tokens without their end positions.)
            state = parser.parser_state
            states, values = list(state.state_stack), list(state.value_stack)
            try:
                parser.feed_token(token)
            except lark.UnexpectedToken:
                state.state_stack[:], state.value_stack[:] = states, values
                skipped.append(token)
                recovering = token.type != "TEXT"
        self.unplaced(skipped, "where the letter's layout has no place for it")
        tree: lark.Tree[lark.Token] = parser.feed_eof()  # type: ignore[no-untyped-call]
        return tree

    def build(self, tree: lark.Tree[lark.Token]) -> Determination:
        sections = [c for c in tree.children if isinstance(c, lark.Tree) and c.data in _SECTIONS]
        starts = [_start(_first(s)) for s in sections]
        ends = [*starts[1:], len(self.text)]
        if sections and self.text[: starts[0]].strip():
            # Text before the first section the grammar took (a skipped token).
            starts[0] = 0
        found: dict[str, tuple[lark.Tree[lark.Token], Span]] = {}
        model_sections: list[Section] = []
        for section, start, end in zip(sections, starts, ends, strict=True):
            span = self.span(start, end)
            heading = _first(section)
            title = "" if section.data == "header" else fields.clean(heading)
            model_sections.append(Section(title=title, span=span))
            found.setdefault(str(section.data), (section, span))
        for n, (rule, title) in enumerate(_EXPECTED[self.template]):
            if rule not in found:
                # Where it would have been: before the next section found.
                later = [
                    found[r][1].start for r, _ in _EXPECTED[self.template][n + 1 :] if r in found
                ]
                at = min(later) if later else len(self.text.rstrip())
                self.warn("section_missing", f'the section "{title}" is missing', Span(at, at))

        header = self.header(*found["header"]) if "header" in found else None
        reviewer = (
            self.reviewer(*found["reviewer_section"]) if "reviewer_section" in found else None
        )
        summary = (
            self.case_summary(*found["case_summary_section"])
            if "case_summary_section" in found
            else None
        )
        documents: tuple[str, ...] = ()
        if "documents_section" in found:
            documents = self.documents(found["documents_section"][0])
        decisions: list[Decision] = []
        for section in sections:
            for block in _subtrees(section, "decision"):
                decision = self.decision(block)
                if decision is not None:
                    decisions.append(decision)
            if section.data in ("issues_section", "decisions_section"):
                self.unplaced(_texts(section), "before the first decision")

        if "header" in found:
            reviewer, summary = self.fill_from_header(found["header"][0], header, reviewer, summary)
        return Determination(
            template=self.template,
            header=header,
            reviewer=reviewer,
            case_summary=summary,
            documents_reviewed=documents,
            decisions=decisions,
            sections=model_sections,
            text=self.text,
            warnings=self.warnings,
        )

    # -- the header -------------------------------------------------------------

    def header(self, tree: lark.Tree[lark.Token], span: Span) -> Header | None:
        values: dict[str, Any] = {}
        pending: list[tuple[str, lark.Token]] = []
        known = False
        for run in _runs(tree):
            lines = [t for t in run if vocab.key(t) not in vocab.LETTERHEAD]
            known |= len(lines) < len(run)
            if not lines:
                continue
            items = self.read("header_table", _start(lines[0]), _end(lines[-1]))
            read: list[lark.Token] = []  # labels and values that fill a field
            stray: list[lark.Token] = []  # unknown labels, values repeating a field
            for kind, token in items or ():
                if kind == "label":
                    # A word before a line break is part of the label only
                    # when the two make a known label.
                    field = vocab.HEADER_FIELDS.get(vocab.key(token))
                    if field is None and "\n" in token:
                        field = vocab.HEADER_FIELDS.get(vocab.key(token.rsplit("\n", 1)[1]))
                    if field is None:
                        stray.append(token)
                    else:
                        pending.append((field, token))
                        read.append(token)
                        self.mark("label", field, _start(token), _end(token))
                        known = True
                    continue
                taker = next((p for p in pending if _TAKES[p[0]] == kind), None)
                if taker is None:
                    continue
                pending.remove(taker)
                known = True
                field = taker[0]
                value = self.fields.header_value(field, token)
                if values.get(field) is None:
                    values[field] = value
                    read.append(token)
                    self.mark("header", field, _start(token), _end(token))
                elif value is not None and value != values[field]:
                    stray.append(token)
            # A line with no label or value of a field is text of no slot, and
            # so is an unknown label up to the next known one on its line.
            for line in lines:
                if not any(_overlap(t, line) for t in read):
                    self.unplaced([line], "in the header")
                    continue
                line_end = _end(line)
                for token in (t for t in stray if _overlap(t, line)):
                    after = (_start(t) for t in read if _end(token) <= _start(t) < line_end)
                    last = line_end if token.type == "HEADER_LABEL" else _end(token)
                    self.unplaced([_piece(token, min(after, default=last))], "in the header")
        for _field, label in pending:
            span = self.span(_start(label), _end(label))
            self.warn(
                "unreadable_value",
                f"no value of its kind for {fields.clean(label)!r} in the header",
                span,
            )
        if not known and not values:
            return None
        return Header(**values, span=span)

    def fill_from_header(
        self,
        tree: lark.Tree[lark.Token],
        header: Header | None,
        reviewer: Reviewer | None,
        summary: CaseSummary | None,
    ) -> tuple[Reviewer | None, CaseSummary | None]:
        """The header's credentials and date of injury fill what the sections leave empty."""
        stated = self.credential_values(_subtrees(tree, "credentials"))
        if reviewer is not None:
            for field, value in stated.items():
                if value and not getattr(reviewer, field):
                    reviewer = attrs.evolve(reviewer, **{field: value})
        if (
            summary is not None
            and summary.date_of_injury is None
            and header is not None
            and header.date_of_injury
        ):
            summary = attrs.evolve(summary, date_of_injury=header.date_of_injury)
        return reviewer, summary

    # -- the reviewer -------------------------------------------------------

    def credential_values(self, credentials: list[lark.Tree[lark.Token]]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for tree in credentials:
            token = _first(tree)
            field = _CREDENTIAL_FIELDS.get(token.type)
            if field is None:
                continue
            items = self.read("credential_list", label_end(token), _end(token)) or ()
            self.mark("reviewer", field, label_end(token), _end(token))
            if field == "licensed_states":
                items = tuple(fields.read_state(i) for i in items)
            values[field] = values.get(field, ()) + tuple(items)
        return values

    def reviewer(self, tree: lark.Tree[lark.Token], section: Span) -> Reviewer:
        heading = _first(tree)
        body = self.span(_end(heading), section.end)
        values: dict[str, Any] = {}
        for token in _texts(tree):
            for tag in (
                self.read("reviewer_statement", _start(token), _end(token)) or ()
            ):
                if isinstance(tag.value, tuple):
                    values[tag.tag] = values.get(tag.tag, ()) + tag.value
                elif tag.value is not None:
                    values.setdefault(tag.tag, tag.value)
        for field, value in self.credential_values(_subtrees(tree, "credentials")).items():
            # A board the statement names and the credentials list again is one.
            values[field] = tuple(dict.fromkeys(values.get(field, ()) + value))
        if not any(values.values()):
            self.warn(
                "qualifications_not_read",
                "no board certification, subspecialty, state of licensure, years in practice "
                "or hours a week could be read from the statement about the reviewer",
                body if len(body) else None,
            )
        return Reviewer(**values, text=fields.reflow(self.text[body.start : body.end]), span=body)

    # -- the case summary and documents -------------------------------------

    def case_summary(self, tree: lark.Tree[lark.Token], section: Span) -> CaseSummary:
        texts = _texts(tree)
        if texts:
            span = self.span(_start(texts[0]), _end(texts[-1]))
        else:
            last = [t for t in tree.children if isinstance(t, lark.Token)][-1]
            span = Span(_end(last), _end(last))
        return self.fields.case_summary_at(span)

    def documents(self, tree: lark.Tree[lark.Token]) -> tuple[str, ...]:
        texts = _texts(tree)
        if not texts:
            return ()
        entries = self.read("entries", _start(texts[0]), _end(texts[-1]))
        if entries is None:
            return ()
        for _, span in entries.items:
            self.mark("document", "documents_reviewed", span.start, span.end)
        return tuple(text for text, _ in entries.items)

    # -- decisions -------------------------------------------------------------

    def decision(self, tree: lark.Tree[lark.Token]) -> Decision | None:
        request_token = _first(tree)
        if request_token.type == "UNREAD_REQUEST":
            span = self.span(_start(request_token), _end(_last(tree)))
            self.warn(
                "block_unreadable",
                "request line has no outcome",
                self.span(_start(request_token), _end(request_token)),
            )
            return None
        read = self.request(request_token)
        if read is None:
            return None
        request, outcome, original, authorized = read
        self.unplaced(_texts(tree), "between a request and its first label")
        parts: dict[str, Any] = {}
        rationale_span: Span | None = None
        for part in tree.children:
            if not isinstance(part, lark.Tree):
                continue
            label = _first(part)
            start, end = label_end(label), _end(_last(part))
            if part.data == "rationale":
                rationale_span = self.span(start, end)
                parts["rationale"] = fields.reflow(self.text[start:end])
            else:
                citations: tuple[Citation, ...] = self.read("citations", start, end) or ()
                parts[str(part.data)] = citations
        span = self.span(_start(request_token), _end(_last(tree)))
        medication = fields.read_medication(request)
        decision = Decision(
            request=request,
            original_request=original,
            authorized=authorized,
            outcome=outcome,
            medication=medication,
            category=read_category(request, medication),
            claims_administrator_basis=parts.get("claims_administrator_basis", ()),
            reviewer_basis=parts.get("reviewer_basis", ()),
            rationale=parts.get("rationale", ""),
            span=span,
        )
        concluded = fields.read_conclusion(decision.rationale)
        if rationale_span is not None and concluded not in (None, decision.medically_necessary):
            self.fields.contradicted(request, outcome, rationale_span)
        return decision

    def request(self, token: lark.Token) -> tuple[str, Outcome, str | None, str | None] | None:
        start, end = _start(token), _end(token)
        if _ANY_OUTCOME_WORDING.search(token):
            try:
                tree = fields_parser().parse(
                    lark.TextSlice(self.text, start, end), start="partial_request"
                )
            except lark.UnexpectedInput:
                pass
            else:
                value: tuple[str, Outcome, str | None, str | None] = self.fields.transform(tree)
                return value
        read: tuple[str, Outcome, str | None, str | None] | None = self.read(
            "plain_request", start, end
        )
        return read


#: What kind of value each header field takes.
_TAKES = {
    "case_number": "case_number",
    "priority": "priority",
    **{
        field: "date"
        for field in (
            "date_assigned",
            "date_of_injury",
            "decision_date",
            "ur_denial_date",
            "application_date",
            "letter_date",
        )
    },
}
_CREDENTIAL_FIELDS = {"LICENSURE": "licensed_states", "CERTIFICATION": "board_certifications"}
#: Field-grammar rules in words, for warnings.
_RULE_NAMES = {
    "citations": "a guideline paragraph",
    "reviewer_statement": "the statement about the reviewer",
    "entries": "the list of documents reviewed",
    "header_table": "the header",
    "credential_list": "a list of credentials",
    "partial_request": "a request line",
    "plain_request": "a request line",
}


def _piece(token: lark.Token, end: int) -> lark.Token:
    """A token that runs from ``token``'s start to ``end``."""
    return lark.Token(token.type, token, start_pos=token.start_pos, end_pos=end)


def _start(token: lark.Token) -> int:
    return token.start_pos or 0


def _end(token: lark.Token) -> int:
    return token.end_pos or 0


def _overlap(a: lark.Token, b: lark.Token) -> bool:
    return _start(a) < _end(b) and _end(a) > _start(b)


def _runs(tree: lark.Tree[lark.Token]) -> Iterator[list[lark.Token]]:
    """The header's lines in runs uninterrupted by credentials."""
    run: list[lark.Token] = []
    for child in tree.children:
        if isinstance(child, lark.Token):
            run.append(child)
        elif run:
            yield run
            run = []
    if run:
        yield run


def assemble(text: str, layout: Layout) -> Determination:
    """Build the :class:`Determination` of a letter from its layout."""
    assert layout.template is not None
    assembler = _Assembler(text, layout.template)
    return assembler.build(assembler.parse(layout))
