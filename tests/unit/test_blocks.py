"""Decision blocks and guideline clauses in the wordings real letters vary in:
whole letters, printed from known values and then reworded."""

from __future__ import annotations

import datetime

import attrs
import pytest

import imrparse
from imrparse import CitationKind, Medication, Outcome, PageRange, Sex, Template
from imrparse.testing import Clause, Item, Letter, render
from letters import blank_line_layout, replaced

CHRONIC_PAIN = "Chronic Pain Treatment Guidelines"

LETTER = Letter(
    board_certifications=("Internal Medicine",),
    licensed_states=("California",),
    min_years_in_practice=5,
    min_hours_per_week=24,
    patient_age=34,
    patient_sex=Sex.MALE,
    date_of_injury=datetime.date(2009, 6, 12),
    case_summary=("This is a 34-year-old male with a 6/12/2009 date of injury.",),
    items=(
        Item(
            request="Cyclobenzaprine 10mg #60",
            outcome=Outcome.UPHELD,
            medication=Medication(
                name="Cyclobenzaprine",
                strength="10 mg",
                quantity=60,
                generics=("cyclobenzaprine",),
                drug_class="Muscle Relaxant",
            ),
            claims_administrator_basis=(Clause(kind=CitationKind.MTUS, guideline=CHRONIC_PAIN),),
            reviewer_basis=(
                Clause(
                    kind=CitationKind.MTUS,
                    guideline=CHRONIC_PAIN,
                    topics=("Muscle Relaxants",),
                    pages=(PageRange(41, 42), PageRange(63, 66)),
                ),
            ),
            rationale=("The request was not medically necessary.",),
        ),
        Item(
            request="Knee brace",
            outcome=Outcome.OVERTURNED,
            rationale=("The request is medically necessary.",),
        ),
    ),
)

#: The parts of the first block as the renderer prints them.
CA = f"Claims Administrator guideline: Decision based on MTUS {CHRONIC_PAIN}."
MAXIMUS = (
    f"MAXIMUS guideline: Decision based on MTUS {CHRONIC_PAIN} Muscle\n"
    "Relaxants, Page(s): page 41-42; 63-66."
)
LEAD_IN = (
    "The Final Determination was based on decisions for the disputed items/services set forth\n"
    "below:"
)
SUMMARY_LEAD_IN = (
    "The expert reviewer developed the following clinical case summary based on a review of the\n"
    "case file, including all medical records:"
)


def reworded(old: str, new: str, letter: Letter = LETTER) -> str:
    return replaced(render(letter), old, new)


def in_both_layouts(text: str) -> list[str]:
    """The text, and the same text in the PDF-to-text layout of the sample letters."""
    return [text, blank_line_layout(text)]


def values(text: str, *, strict: bool = True) -> Letter:
    det = imrparse.loads(text, strict=strict)
    return Letter.from_determination(det)


def without(letter: Letter, item: int, **changes: object) -> Letter:
    items = list(letter.items)
    items[item] = attrs.evolve(items[item], **changes)
    return attrs.evolve(letter, items=tuple(items))


# -- finding: a label with no clauses --------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "changes"),
    [
        (CA, "Claims Administrator guideline:", {"claims_administrator_basis": ()}),
        (MAXIMUS, "MAXIMUS guideline:", {"reviewer_basis": ()}),
        (
            CA + "\n\n" + MAXIMUS,
            "Claims Administrator guideline:",
            {"claims_administrator_basis": (), "reviewer_basis": ()},
        ),
        (
            CA + "\n\n" + MAXIMUS,
            "Claims Administrator guideline:\n" + MAXIMUS,
            {"claims_administrator_basis": ()},
        ),
    ],
    ids=["claims-administrator", "maximus", "claims-administrator-only", "next-label-on-next-line"],
)
def test_a_basis_label_without_clauses_is_an_empty_basis(
    old: str, new: str, changes: dict[str, object]
) -> None:
    for text in in_both_layouts(reworded(old, new)):
        assert values(text) == without(LETTER, 0, **changes)


# -- finding: the request line ---------------------------------------------------


def test_a_request_line_without_a_request_is_reported_at_that_line() -> None:
    for text in in_both_layouts(reworded("Cyclobenzaprine 10mg #60:  Upheld", ":  Upheld")):
        with pytest.raises(imrparse.ParseError) as caught:
            imrparse.loads(text, strict=True)
        error = caught.value
        assert error.message.startswith("a request line could not be read")
        assert text.splitlines()[error.line - 1].strip() == ":  Upheld"
        det = imrparse.loads(text)
        assert [d.request for d in det.decisions] == ["Knee brace"]
        assert [w.code for w in det.warnings] == ["field_unreadable"]


@pytest.mark.parametrize(
    "outcome", ["Upheld.", "upheld", "UPHELD", "Upheld ."], ids=["stop", "lower", "upper", "spaced"]
)
def test_the_outcome_is_read_in_any_case_and_with_a_full_stop(outcome: str) -> None:
    text = reworded("#60:  Upheld", f"#60:  {outcome}")
    assert values(text) == LETTER


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Claims Administrator guideline:", "Claims Administrator Guideline:"),
        ("MAXIMUS guideline:", "MAXIMUS Guideline:"),
        ("MAXIMUS guideline:", "Maximus guideline:"),
        ("Decision rationale: The request was", "Decision Rationale: The request was"),
        ("Decision rationale: The request was", "DECISION RATIONALE: The request was"),
    ],
)
def test_labels_are_read_in_any_case(old: str, new: str) -> None:
    assert values(reworded(old, new)) == LETTER


def test_a_rationale_paragraph_ending_in_an_outcome_is_rationale() -> None:
    added = "The previous review of this item: Upheld"
    text = reworded(
        "The request was not medically necessary.",
        f"The request was not medically necessary.\n\n{added}",
    )
    for layout in in_both_layouts(text):
        det = imrparse.loads(layout)
        assert [d.request for d in det.decisions] == ["Cyclobenzaprine 10mg #60", "Knee brace"]
        assert det.decisions[0].rationale.endswith(added)


# -- finding: the lead-in sentences ------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("items/services set", "item/service set"),
        ("items/services set", "item(s)/service(s) set"),
        ("below:", "below."),
        ("below:", "below"),
    ],
)
@pytest.mark.parametrize(
    "template", [Template.ISSUES_DECISIONS_RATIONALES, Template.DECISIONS_RATIONALES]
)
def test_the_decisions_lead_in_is_read_in_its_variants(
    old: str, new: str, template: Template
) -> None:
    letter = attrs.evolve(LETTER, template=template)
    assert values(reworded(LEAD_IN, LEAD_IN.replace(old, new), letter)) == letter


@pytest.mark.parametrize(
    "template", [Template.ISSUES_DECISIONS_RATIONALES, Template.DECISIONS_RATIONALES]
)
def test_a_decisions_lead_in_in_other_wording_is_kept_and_warned_about(template: Template) -> None:
    letter = attrs.evolve(LETTER, template=template)
    other = "The items in dispute are decided as follows:"
    for text in in_both_layouts(reworded(LEAD_IN, other, letter)):
        with pytest.raises(imrparse.ParseError, match="fits no slot"):
            imrparse.loads(text, strict=True)
        det = imrparse.loads(text, strict=False)
        assert Letter.from_determination(det) == letter
        (warning,) = det.warnings
        assert warning.code == "unplaced_text"
        assert warning.span is not None
        assert det.text[warning.span.start : warning.span.end] == other
        assert warning.span in det.sections[-1].span


@pytest.mark.parametrize(
    ("old", "new"),
    [("records:", "records."), ("based on a review of", "based on review of")],
    ids=["full-stop", "without-a"],
)
def test_the_case_summary_lead_in_is_read_in_its_variants(old: str, new: str) -> None:
    det = imrparse.loads(reworded(SUMMARY_LEAD_IN, SUMMARY_LEAD_IN.replace(old, new)))
    assert det.case_summary.text == LETTER.case_summary[0]


def test_a_case_summary_lead_in_in_other_wording_stays_in_the_narrative() -> None:
    other = "The following summary was developed from the case file:"
    det = imrparse.loads(reworded(SUMMARY_LEAD_IN, other))
    assert det.case_summary.text == f"{other}\n\n{LETTER.case_summary[0]}"
    assert det.case_summary.patient_age == 34


# -- finding: page lists and guideline names -------------------------------------------


@pytest.mark.parametrize(
    ("pages", "read"),
    [
        ("Page(s):", ()),
        ("Page(s): 41-42; 63-66;", (PageRange(41, 42), PageRange(63, 66))),
        ("pages 41-42, 63-66.", (PageRange(41, 42), PageRange(63, 66))),
    ],
    ids=["empty", "trailing-separator", "without-label"],
)
def test_a_page_list_in_other_wording_is_read(pages: str, read: tuple[PageRange, ...]) -> None:
    text = reworded("Page(s): page 41-42; 63-66.", pages)
    clause = attrs.evolve(LETTER.items[0].reviewer_basis[0], pages=read)
    for layout in in_both_layouts(text):
        assert values(layout) == without(LETTER, 0, reviewer_basis=(clause,))


def test_a_page_list_of_no_page_is_an_error_or_a_warning() -> None:
    text = reworded("Page(s): page 41-42; 63-66.", "Page(s): N/A.")
    with pytest.raises(imrparse.ParseError, match="no page in the page list 'N/A'") as caught:
        imrparse.loads(text, strict=True)
    assert "Page(s): N/A." in text.splitlines()[caught.value.line - 1]
    det = imrparse.loads(text, strict=False)
    assert det.decisions[0].reviewer_basis[0].pages == ()
    assert [w.code for w in det.warnings] == ["unreadable_value"]


def test_a_guideline_name_with_periods_is_read_whole() -> None:
    name = "U.S. Food and Drug Administration (FDA)"
    text = reworded(
        f"MAXIMUS guideline: Decision based on MTUS {CHRONIC_PAIN} Muscle",
        f"MAXIMUS guideline: Decision based on Non-MTUS Citation {name}\nOpioids.  "
        f"Decision based on MTUS {CHRONIC_PAIN} Muscle",
    )
    fda = Clause(kind=CitationKind.NON_MTUS, guideline=name, topics=("Opioids",))
    basis = (fda, *LETTER.items[0].reviewer_basis)
    assert values(text) == without(LETTER, 0, reviewer_basis=basis)


# -- finding: where errors are reported ------------------------------------------------


def test_a_second_label_of_one_part_is_reported_at_the_label() -> None:
    text = reworded(
        "The request was not medically necessary.",
        "The request was not medically necessary.\n\nMAXIMUS guideline: see above.",
    )
    for layout in in_both_layouts(text):
        with pytest.raises(imrparse.ParseError) as caught:
            imrparse.loads(layout, strict=True)
        error = caught.value
        assert "fits no slot" in error.message
        assert layout.splitlines()[error.line - 1].strip() == "MAXIMUS guideline: see above."
        assert values(layout, strict=False) == LETTER


def test_a_heading_with_text_on_its_line_is_a_missing_section() -> None:
    text = reworded("CLINICAL CASE SUMMARY\nThe expert", "CLINICAL CASE SUMMARY The expert")
    for layout in in_both_layouts(text):
        with pytest.raises(imrparse.ParseError) as caught:
            imrparse.loads(layout, strict=True)
        assert caught.value.message == 'the section "CLINICAL CASE SUMMARY" is missing'
        det = imrparse.loads(layout)
        assert det.case_summary is None
        assert [w.code for w in det.warnings] == ["section_missing"]
        assert [d.request for d in det.decisions] == ["Cyclobenzaprine 10mg #60", "Knee brace"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("below:\n\nCyclobenzaprine", "below:\nCyclobenzaprine"),
        ("#60:  Upheld\n\nClaims", "#60:  Upheld\nClaims"),
    ],
    ids=["with-the-lead-in", "with-its-first-label"],
)
def test_a_request_line_sharing_its_paragraph_is_read(old: str, new: str) -> None:
    for text in in_both_layouts(reworded(old, new)):
        assert values(text, strict=True) == LETTER
