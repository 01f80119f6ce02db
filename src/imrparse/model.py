"""The data model: what a parsed letter is made of.

Every class is a frozen, slotted attrs class; sequences are tuples (any
other sequence given is converted), so models are immutable, hashable,
comparable by value and picklable. Use
:func:`attrs.evolve` to make a modified copy.

Prose fields (:attr:`Decision.rationale`, :attr:`CaseSummary.text`, ...) are
*reflowed*: the line breaks of the printed page become single spaces, runs of
spaces become one, and paragraphs are separated by one empty line. The text as
printed is always at ``det.text[element.span.start:element.span.end]``.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "CaseSummary",
    "Citation",
    "CitationKind",
    "Decision",
    "Determination",
    "Header",
    "Medication",
    "Outcome",
    "PageRange",
    "ParseWarning",
    "Priority",
    "Reviewer",
    "Section",
    "Sex",
    "Span",
    "Template",
    "TreatmentCategory",
]


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """A model sequence as a tuple; a string is refused, not split into letters."""
    if isinstance(items, str):
        raise TypeError(f"expected a sequence, not the string {items!r}")
    return tuple(items)


class _LowerNameEnum(enum.Enum):
    """An enum whose values are its members' names in lowercase."""

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[object]) -> str:
        return name.lower()


class Outcome(_LowerNameEnum):
    """The expert reviewer's decision on one disputed item.

    Attributes:
        UPHELD: The utilization review denial stands: the item is *not*
            medically necessary.
        OVERTURNED: The denial is reversed: the item *is* medically necessary.
    """

    UPHELD = enum.auto()
    OVERTURNED = enum.auto()


class Sex(_LowerNameEnum):
    """The patient's sex as the case summary states it.

    Attributes:
        MALE: Male.
        FEMALE: Female.
    """

    MALE = enum.auto()
    FEMALE = enum.auto()


class Priority(_LowerNameEnum):
    """How fast the review had to be made, as the header's ``Priority:`` says.

    Attributes:
        STANDARD: A standard review.
        EXPEDITED: An expedited review (an imminent and serious threat to the
            worker's health).
    """

    STANDARD = enum.auto()
    EXPEDITED = enum.auto()


class CitationKind(_LowerNameEnum):
    """Which body of guidelines a :class:`Citation` refers to.

    Attributes:
        MTUS: California's Medical Treatment Utilization Schedule.
        NON_MTUS: A guideline outside the MTUS, such as the ODG.
        OTHER: "Other Medical Treatment Guideline or Medical Evidence".
    """

    MTUS = enum.auto()
    NON_MTUS = enum.auto()
    OTHER = enum.auto()


class Template(_LowerNameEnum):
    """The layout of a letter, as recognized from its headings.

    Attributes:
        ISSUES_DECISIONS_RATIONALES: Sections "HOW THE IMR FINAL DETERMINATION
            WAS MADE", "CLINICAL CASE SUMMARY" and "IMR ISSUES, DECISIONS AND
            RATIONALES".
        DECISIONS_RATIONALES: The variant with "DOCUMENTS REVIEWED" and
            "IMR DECISION(S) AND RATIONALE(S)".
        NOTICE_2013: The 2013 "Notice of Independent Medical Review
            Determination".
        PROFESSIONAL_REVIEW: The "MEDICAL PROFESSIONAL REVIEW" report.
    """

    ISSUES_DECISIONS_RATIONALES = enum.auto()
    DECISIONS_RATIONALES = enum.auto()
    NOTICE_2013 = enum.auto()
    PROFESSIONAL_REVIEW = enum.auto()


def _span_end_not_before_start(instance: Span, attribute: attrs.Attribute[int], value: int) -> None:
    if value < instance.start:
        raise ValueError(f"span end {value} is before its start {instance.start}")


@attrs.frozen
class Span:
    """A half-open range of offsets into :attr:`~imrparse.Determination.text`.

    ``det.text[span.start:span.end]`` is the text of the element that carries
    the span. Spans end at the element's last character, never on the line
    break after it.

    Attributes:
        start: Offset of the first character.
        end: Offset after the last character.
    """

    start: int = attrs.field(validator=attrs.validators.ge(0))
    end: int = attrs.field(validator=_span_end_not_before_start)

    def __len__(self) -> int:
        return self.end - self.start

    def __contains__(self, other: object) -> bool:
        if isinstance(other, Span):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, int):
            return self.start <= other < self.end
        return False


def _last_not_before_first(
    instance: PageRange, attribute: attrs.Attribute[int], value: int
) -> None:
    if value < instance.first:
        raise ValueError(f"page range ends at {value}, before its first page {instance.first}")


@attrs.frozen
class PageRange:
    """Pages of a guideline, inclusive: ``74-96`` or the single page ``46``.

    Attributes:
        first: The first page.
        last: The last page (equal to ``first`` for a single page).
    """

    first: int = attrs.field(validator=attrs.validators.ge(0))
    last: int = attrs.field(validator=_last_not_before_first)


@attrs.frozen(kw_only=True)
class Medication:
    """A drug request read from a request line such as ``Norco 5/325 MG #30``.

    Attributes:
        name: The drug as written (``Norco``, ``Cyclobenzaprine Hydrochloride``).
        strength: The strength, normalized: number, one space, lowercase unit
            (``5/325 mg``, ``10 mg``, ``5%``); None when not stated.
        quantity: The number after ``#``; None when not stated.
        generics: The generic ingredients, lowercase, in the order the
            request names them (``Norco`` gives ``hydrocodone`` and
            ``acetaminophen``; a compounded cream, each of its ingredients);
            empty when the drug is not known.
        drug_class: The drug class in the DWC's classification of IMR
            requests, spelt as the DWC does (``Opioids``, ``Muscle Relaxant``;
            ``Topical Compounds`` for a topical of several ingredients); None
            when the drug is not known.
    """

    name: str = attrs.field(validator=attrs.validators.min_len(1))
    strength: str | None = None
    quantity: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    generics: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    drug_class: str | None = None


@attrs.frozen
class TreatmentCategory:
    """What kind of treatment a request is, in the DWC's classification of
    IMR requests (category and subcategory, spelt as the DWC does).

    For a drug, the category is ``Pharmaceuticals`` and the subcategory its
    drug class (:attr:`Medication.drug_class`).

    Attributes:
        category: ``Pharmaceuticals``, ``Diagnostic Testing``, ``Rehabilitation``, ...
        subcategory: ``Opioids``, ``Imaging/Radiology``,
            ``Physical Therapy/Occupational Therapy (PT/OT)``, ...
    """

    category: str = attrs.field(validator=attrs.validators.min_len(1))
    subcategory: str = attrs.field(validator=attrs.validators.min_len(1))


@attrs.frozen(kw_only=True)
class Citation:
    """One guideline-basis clause: a ``Decision based on ...`` clause or an
    ``Other Medical Treatment Guideline or Medical Evidence:`` clause.

    Attributes:
        kind: MTUS, non-MTUS or other evidence.
        guideline: For MTUS, the part's title without ``MTUS`` and without
            the year of its edition (``Chronic Pain Treatment Guidelines``,
            ``Shoulder Complaints``), or ``ACOEM`` for an ACOEM chapter; for
            non-MTUS, the name through its abbreviation (``Official Disability
            Guidelines (ODG)``); None for other evidence or when not stated.
        edition: The year printed after an MTUS part's title
            (``Shoulder Complaints 2004`` gives 2004), or alone after a
            non-MTUS guideline's name (``Official Disability Guidelines
            (ODG), 2016,``); None when not printed.
        topics: The items after the guideline, separated by commas or
            semicolons, or the items of ``Section(s):``; a title that holds
            commas stays one item where it is known (``NSAIDs, GI symptoms &
            cardiovascular risk``, ``Forearm, Wrist, and Hand``) or numbered
            (``3.3.1.2 ...``). For ACOEM the first is the chapter (``Chapter 8
            Neck and Upper Back Complaints``).
        pages: The pages of ``Page(s):``, in the order written.
        text: The clause as written (reflowed).
        span: Where the clause is in :attr:`~imrparse.Determination.text`.
    """

    kind: CitationKind = attrs.field(converter=CitationKind)
    guideline: str | None = None
    edition: int | None = None
    topics: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    pages: tuple[PageRange, ...] = attrs.field(default=(), converter=_tuple)
    text: str = attrs.field(repr=False)
    span: Span


@attrs.frozen(kw_only=True)
class Decision:
    """The decision on one disputed item.

    Attributes:
        request: The treatment or service in dispute, as written (reflowed);
            for a partial authorisation, the part of the original request
            that was left for the review.
        original_request: For a partial authorisation ("... was the original
            request"), the request as first made; None otherwise.
        authorized: For a partial authorisation, what the claims
            administrator authorized, as printed; None otherwise.
        outcome: Upheld or overturned.
        medically_necessary: Derived from ``outcome``: True when overturned.
        medication: The drug, strength and quantity when the request is a
            drug request; None otherwise.
        category: The kind of treatment requested, in the DWC's
            classification; None when the request matches none of its rules
            (no guess is made).
        claims_administrator_basis: The clauses of the "Claims Administrator
            guideline:" paragraph.
        reviewer_basis: The clauses of the "MAXIMUS guideline:" paragraph (the
            expert reviewer's basis); in a professional review, every clause of
            its guidelines section, which it cites once for all items.
        rationale: The decision rationale, reflowed; paragraphs are separated by
            an empty line.
        span: The whole block, from the request to the end of the rationale;
            in a professional review, the item under "ISSUE AT DISPUTE:" (its
            rationale lies in a section of its own).
    """

    request: str = attrs.field(validator=attrs.validators.min_len(1))
    original_request: str | None = None
    authorized: str | None = None
    outcome: Outcome = attrs.field(converter=Outcome)
    medically_necessary: bool = attrs.field(init=False)
    medication: Medication | None = None
    category: TreatmentCategory | None = None
    claims_administrator_basis: tuple[Citation, ...] = attrs.field(default=(), converter=_tuple)
    reviewer_basis: tuple[Citation, ...] = attrs.field(default=(), converter=_tuple)
    rationale: str = attrs.field(default="", repr=False)
    span: Span

    @medically_necessary.default
    def _from_outcome(self) -> bool:
        return self.outcome is Outcome.OVERTURNED

    def __repr__(self) -> str:
        """Short: the request and the outcome. :func:`imrparse.to_dict` has it all."""
        return f"<Decision {_shortened(self.request)!r}: {self.outcome.value}>"


@attrs.frozen(kw_only=True)
class Header:
    """The letter's header block, where it has one.

    Attributes:
        case_number: The IMR case number (``CM13-0012345``).
        date_assigned: When the case was assigned to the reviewer.
        date_of_injury: The date of the industrial injury.
        decision_date: The date of the decision.
        ur_denial_date: The date of the utilization review denial.
        priority: Standard or expedited review.
        application_date: When the application for IMR was received
            ("Application Received").
        letter_date: The date the letter bears (a 2013 notice's "Dated:").
        span: Where the header is in :attr:`~imrparse.Determination.text`.
    """

    case_number: str | None = None
    date_assigned: datetime.date | None = None
    date_of_injury: datetime.date | None = None
    decision_date: datetime.date | None = None
    ur_denial_date: datetime.date | None = None
    priority: Priority | None = attrs.field(
        default=None, converter=attrs.converters.optional(Priority)
    )
    application_date: datetime.date | None = None
    letter_date: datetime.date | None = None
    span: Span


@attrs.frozen(kw_only=True)
class Reviewer:
    """The expert reviewer, as the letter describes them.

    Attributes:
        board_certifications: Boards the reviewer is certified in.
        subspecialties: The reviewer's subspecialties.
        licensed_states: Full names of the states the reviewer is licensed in.
        min_years_in_practice: "in active clinical practice for more than N years".
        min_hours_per_week: "working at least N hours a week".
        text: The statement about the reviewer, reflowed.
        span: Where the statement is in :attr:`~imrparse.Determination.text`.
    """

    board_certifications: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    subspecialties: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    licensed_states: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    min_years_in_practice: int | None = None
    min_hours_per_week: int | None = None
    text: str = attrs.field(default="", repr=False)
    span: Span


@attrs.frozen(kw_only=True)
class CaseSummary:
    """The clinical case summary.

    Attributes:
        patient_age: The patient's age in years, as first stated.
        patient_sex: The patient's sex, as first stated.
        date_of_injury: The date of the industrial injury.
        text: The narrative (without the fixed lead-in sentence), reflowed.
        span: Where the narrative is in :attr:`~imrparse.Determination.text`.
    """

    patient_age: int | None = None
    patient_sex: Sex | None = None
    date_of_injury: datetime.date | None = None
    text: str = attrs.field(default="", repr=False)
    span: Span


@attrs.frozen(kw_only=True)
class Section:
    """One section of the letter: its heading and everything up to the next.

    Text before the first heading (a header block) is a section too; its title
    is the empty string.

    Attributes:
        title: The heading as written (``CLINICAL CASE SUMMARY``).
        span: From the heading to the section's last character.
    """

    title: str
    span: Span


@attrs.frozen(kw_only=True)
class ParseWarning:
    """A problem that did not stop the parse.

    Attributes:
        code: A stable identifier from :data:`imrparse.WARNING_CODES`.
        message: A sentence saying what was found.
        span: Where in :attr:`~imrparse.Determination.text`, if it has a place.
        line: The 1-based line of that place in the input as the user has it
            (the PDF's extracted text for a PDF); None without a place.
        page: The 1-based page of that place; None without a place.
    """

    code: str
    message: str
    span: Span | None = None
    line: int | None = None
    page: int | None = None


@attrs.frozen(kw_only=True)
class Determination:
    """One parsed IMR Final Determination Letter.

    Attributes:
        template: The layout the letter was read with.
        header: The header block; None when the letter has none.
        reviewer: The expert reviewer; None when the letter has no statement
            about the reviewer (with a ``section_missing`` warning).
        case_summary: The clinical case summary; None when the letter has
            none (with a ``section_missing`` warning).
        documents_reviewed: The records listed as reviewed, one per entry.
        decisions: One decision per disputed item, in letter order.
        sections: Every section, in letter order; together they cover every
            non-blank character of ``text``.
        text: The normalized text that every span points into.
        source: The path or name the letter was read from; None for a string.
        warnings: Problems that did not stop the parse.
    """

    template: Template = attrs.field(converter=Template)
    header: Header | None = None
    reviewer: Reviewer | None = None
    case_summary: CaseSummary | None = None
    documents_reviewed: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    decisions: tuple[Decision, ...] = attrs.field(default=(), converter=_tuple)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_tuple)
    text: str = attrs.field(repr=False)
    source: str | None = None
    warnings: tuple[ParseWarning, ...] = attrs.field(default=(), converter=_tuple)

    def __repr__(self) -> str:
        """Short: template, case number, source, decisions and their outcomes,
        the number of warnings. :func:`imrparse.to_dict` has it all."""
        case = self.header.case_number if self.header is not None else None
        decisions = "; ".join(f"{_shortened(d.request)}: {d.outcome.value}" for d in self.decisions)
        return (
            f"<Determination {self.template.value}"
            + (f" {case}" if case else "")
            + (f" from {self.source!r}" if self.source is not None else "")
            + f": {len(self.decisions)} decision{'' if len(self.decisions) == 1 else 's'}"
            + (f" ({decisions})" if decisions else "")
            + f", {len(self.warnings)} warning{'' if len(self.warnings) == 1 else 's'}>"
        )


def _shortened(text: str, most: int = 40) -> str:
    """``text``, cut to ``most`` characters with an ellipsis if longer."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "\u2026"
