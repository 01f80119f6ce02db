"""The professional-review report: its items, outcomes, sections and reviewer."""

from __future__ import annotations

import datetime
import random
import re

import pytest

import imrparse
from imrparse import CitationKind, Outcome, Template
from imrparse.testing import Layout, Letter, random_letter, render
from letters import example

EXAMPLE = example("professional_review")
GUIDELINES = "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:"
RATIONALE = "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:"


def report(issues: str, rationale: str, *, guidelines: str | None = None) -> str:
    """A short report with the given items and rationale."""
    parts = [
        "MEDICAL PROFESSIONAL REVIEW",
        f"ISSUE AT DISPUTE:\n{issues}",
        "CASE SUMMARY:\nThe patient is a 47 year old male who was injured on 3/9/2012.",
    ]
    if guidelines is not None:
        parts.append(
            "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL\n"
            f"REVIEWER AND WHY:\n{guidelines}"
        )
    parts += [
        "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT\n"
        f"MEDICALLY NECESSARY:\n{rationale}",
        "MEDICAL REVIEWER QUALIFICATIONS:\nThe professional reviewer is Board Certified in "
        "Neurology and is licensed to practice in Nevada.",
    ]
    return "\n\n".join(parts) + "\n"


def outcomes(det: imrparse.Determination) -> list[tuple[str, Outcome]]:
    """The request and outcome of each decision."""
    return [(d.request, d.outcome) for d in det.decisions]


def section_text(det: imrparse.Determination, title: str) -> str:
    (span,) = [s.span for s in det.sections if s.title == title]
    return det.text[span.start : span.end]


# -- the example ---------------------------------------------------------------


def test_example_reads_every_part() -> None:
    det = imrparse.loads(EXAMPLE)
    assert det.template is Template.PROFESSIONAL_REVIEW
    assert det.warnings == ()
    assert det.header is not None
    assert (det.header.case_number, det.header.date_assigned, det.header.ur_denial_date) == (
        "CM15-0046213",
        datetime.date(2015, 3, 16),
        datetime.date(2015, 2, 24),
    )
    summary = det.case_summary
    assert (summary.patient_age, summary.patient_sex, summary.date_of_injury) == (
        58,
        imrparse.Sex.FEMALE,
        datetime.date(2011, 6, 14),
    )
    assert len(det.documents_reviewed) == 4
    assert det.documents_reviewed[3] == "Physical therapy notes, 09/02/2014 through 10/14/2014"
    assert outcomes(det) == [
        ("Norco 10/325 mg #120", Outcome.UPHELD),
        ("twelve sessions of aquatic therapy for the lumbar spine", Outcome.OVERTURNED),
    ]
    norco = det.decisions[0]
    assert norco.medication == imrparse.Medication(
        name="Norco",
        strength="10/325 mg",
        quantity=120,
        generics=("hydrocodone", "acetaminophen"),
        drug_class="Opioids",
    )
    assert norco.rationale.startswith("The guidelines support continued opioid therapy")
    assert norco.rationale.endswith("Norco 10/325 mg #120 is not medically necessary.")
    assert det.decisions[1].rationale.startswith("Aquatic therapy is recommended")


def test_example_sections_titles_and_spans() -> None:
    det = imrparse.loads(EXAMPLE)
    assert [s.title for s in det.sections] == [
        "MEDICAL PROFESSIONAL REVIEW",
        "ISSUE AT DISPUTE:",
        "CASE SUMMARY:",
        "DOCUMENTS REVIEWED FOR DETERMINATION:",
        GUIDELINES,
        RATIONALE,
        "MEDICAL REVIEWER QUALIFICATIONS:",
    ]
    by_title = {s.title: s.span for s in det.sections}
    assert det.header is not None and det.header.span in by_title["MEDICAL PROFESSIONAL REVIEW"]
    assert det.text[det.header.span.start : det.header.span.end].startswith("Case Number:")
    for decision in det.decisions:
        assert decision.span in by_title["ISSUE AT DISPUTE:"]
        item = det.text[decision.span.start : decision.span.end]
        assert item.startswith("Whether the request for") and item.endswith("necessary.")
    assert det.reviewer.span in by_title["MEDICAL REVIEWER QUALIFICATIONS:"]
    assert det.case_summary.span in by_title["CASE SUMMARY:"]


def test_every_decision_holds_every_clause_of_the_guidelines_section() -> None:
    det = imrparse.loads(EXAMPLE)
    first, second = det.decisions
    assert first.reviewer_basis == second.reviewer_basis
    assert first.claims_administrator_basis == ()
    opioids, aquatic = first.reviewer_basis
    assert (opioids.kind, opioids.guideline, opioids.topics, opioids.pages) == (
        CitationKind.MTUS,
        "Chronic Pain Medical Treatment Guidelines",
        ("Opioids",),
        (imrparse.PageRange(74, 96),),
    )
    assert aquatic.topics == ("Aquatic therapy",)
    guidelines = {s.title: s.span for s in det.sections}[GUIDELINES]
    assert opioids.span in guidelines and aquatic.span in guidelines


def test_reviewer_is_read_from_the_qualifications() -> None:
    reviewer = imrparse.loads(EXAMPLE).reviewer
    assert reviewer.board_certifications == ("Physical Medicine and Rehabilitation",)
    assert reviewer.subspecialties == ("Pain Medicine",)
    assert reviewer.licensed_states == ("California", "Arizona")
    assert (reviewer.min_years_in_practice, reviewer.min_hours_per_week) == (10, 24)
    # A sentence that states no qualification stays in the text.
    assert reviewer.text.endswith("with any of the parties to this review.")


# -- the items ------------------------------------------------------------------


@pytest.mark.parametrize(
    "issues",
    [
        "Norco 10/325 mg #120\nUrine drug screen",
        "Norco 10/325 mg #120.\nUrine drug screen.",
        "- Norco 10/325 mg #120\n- Urine drug screen",
        "1. Norco 10/325 mg\n#120\n2) Urine drug screen",
        "\u2022 Whether the request for Norco 10/325 mg #120 is medically necessary.\n"
        "\u2022 Whether the request for Urine drug screen is medically necessary.",
        "Whether the request for Norco 10/325 mg #120 is medically necessary. Whether\n"
        "the requested Urine drug screen is/was medically necessary?",
        "Whether Norco 10/325 mg #120 is medically necessary\n"
        "Whether Urine drug screen are medically necessary",
    ],
    ids=[
        "lines",
        "full stops",
        "dashes",
        "numbers wrapping",
        "marked questions",
        "questions",
        "bare questions",
    ],
)
def test_items_in_each_shape_give_their_requests(issues: str) -> None:
    rationale = (
        "The request for Norco 10/325 mg #120 is not medically necessary. The request for urine "
        "drug screen is medically necessary."
    )
    assert outcomes(imrparse.loads(report(issues, rationale))) == [
        ("Norco 10/325 mg #120", Outcome.UPHELD),
        ("Urine drug screen", Outcome.OVERTURNED),
    ]


def test_items_may_be_separated_by_empty_lines() -> None:
    text = report("\nLumbar MRI\n\nUrine drug screen\n", "Both requests are medically necessary.")
    text = text.replace("Both requests", "The lumbar MRI and the urine drug screen")
    assert [d.outcome for d in imrparse.loads(text).decisions] == [Outcome.OVERTURNED] * 2


def test_the_first_item_may_stand_on_the_headings_line() -> None:
    text = report("", "This request is medically necessary.").replace(
        "ISSUE AT DISPUTE:\n", "ISSUE AT DISPUTE: Lumbar MRI\n"
    )
    assert outcomes(imrparse.loads(text)) == [("Lumbar MRI", Outcome.OVERTURNED)]


def test_a_question_without_the_necessity_phrase_is_an_error_at_it() -> None:
    text = report(
        "Whether the request for Norco should be approved.\nWhether Urine drug screen is medically "
        "necessary.",
        "This request is medically necessary.",
    )
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text)
    assert caught.value.line == 4
    assert '"is medically necessary"' in caught.value.expected


def test_an_item_of_punctuation_only_is_unplaced_text() -> None:
    text = report("Lumbar MRI\n.", "This request is medically necessary.")
    with pytest.raises(imrparse.ParseError, match="fits no slot"):
        imrparse.loads(text, strict=True)
    det = imrparse.loads(text, strict=False)
    assert [w.code for w in det.warnings] == ["unplaced_text"]
    assert outcomes(imrparse.loads(text.replace("\n.\n", "\n"))) == [
        ("Lumbar MRI", Outcome.OVERTURNED)
    ]


# -- outcomes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("Therefore, the request is not medically necessary.", Outcome.UPHELD),
        ("The request for lumbar MRI was medically necessary.", Outcome.OVERTURNED),
        ("The MRI is not considered medically necessary at this time.", Outcome.UPHELD),
        ("As such, the request is medically necessary and appropriate", Outcome.OVERTURNED),
        ("It is medically\nnecessary.", Outcome.OVERTURNED),
        ("The MRI is deemed medically necessary.", Outcome.OVERTURNED),
        ("Therefore, the MRI cannot be considered medically necessary.", Outcome.UPHELD),
        ("The MRI can not be considered medically necessary.", Outcome.UPHELD),
        ("The MRI was not found to be medically necessary.", Outcome.UPHELD),
        ("The MRI would not be medically necessary.", Outcome.UPHELD),
        ("The MRI has not been established as medically necessary.", Outcome.UPHELD),
        ("The MRI is no longer medically necessary.", Outcome.UPHELD),
    ],
)
def test_a_single_item_takes_the_outcome_of_the_determination_sentence(
    sentence: str, outcome: Outcome
) -> None:
    rationale = f"Imaging is indicated for red flags. {sentence}"
    assert outcomes(imrparse.loads(report("Lumbar MRI", rationale))) == [("Lumbar MRI", outcome)]


def test_a_necessity_phrase_inside_a_sentence_decides_nothing() -> None:
    text = report(
        "Lumbar MRI",
        "An MRI is medically necessary for patients with red flags. None are documented.",
    )
    with pytest.raises(imrparse.ParseError, match="no sentence") as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.line == 4
    det = imrparse.loads(text, strict=False)
    assert det.decisions == ()
    (warning,) = det.warnings
    assert warning.code == "outcome_not_stated"
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end] == "Lumbar MRI"
    assert "Lumbar MRI" in section_text(det, "ISSUE AT DISPUTE:")


@pytest.mark.parametrize(
    "sentence",
    [
        "There is no documentation that continued use of Naproxen Sodium 5% #90 is medically "
        "necessary.",
        "There is no clear evidence that Naproxen Sodium 5% #90 is medically necessary.",
        "It is unclear whether Naproxen Sodium 5% #90 is medically necessary.",
        "Whether Naproxen Sodium 5% #90 is medically necessary was not addressed.",
        "If pain persists, Naproxen Sodium 5% #90 is medically necessary.",
        "It is not clear that Naproxen Sodium 5% #90 is medically necessary.",
    ],
)
def test_a_sentence_that_asks_or_doubts_decides_nothing(sentence: str) -> None:
    text = report("Naproxen Sodium 5% #90", f"{sentence} The request is therefore non-certified.")
    with pytest.raises(imrparse.ParseError, match="no sentence"):
        imrparse.loads(text, strict=True)
    det = imrparse.loads(text, strict=False)
    assert det.decisions == ()
    assert [w.code for w in det.warnings] == ["outcome_not_stated"]


def test_a_doubting_sentence_before_the_determination_is_passed_over() -> None:
    rationale = (
        "There is no documentation that Naproxen Sodium 5% #90 is medically necessary. "
        "Therefore, the request for Naproxen Sodium 5% #90 is not medically necessary."
    )
    det = imrparse.loads(report("Naproxen Sodium 5% #90", rationale))
    assert outcomes(det) == [("Naproxen Sodium 5% #90", Outcome.UPHELD)]
    assert det.warnings == ()


def test_a_long_sentence_without_an_outcome_phrase_is_prose() -> None:
    # Each word of a sentence that turns out to be no verdict is looked at
    # once or twice, never in every way the sentence can be split.
    words = " ".join(f"word{n}" for n in range(3000))
    rationale = f"{words} is medically necessary for some. The request is not medically necessary."
    (decision,) = imrparse.loads(report("Lumbar MRI", rationale)).decisions
    assert decision.outcome is Outcome.UPHELD


def test_long_runs_of_spaces_in_items_and_sentences_are_read() -> None:
    spaces = " " * 20_000
    text = report(
        f"Whether the request for Norco{spaces}10/325 mg #120 is medically necessary.",
        f"The request{spaces}for Norco 10/325 mg #120 is{spaces}not medically necessary.",
    )
    (decision,) = imrparse.loads(text).decisions
    assert (decision.request, decision.outcome) == ("Norco 10/325 mg #120", Outcome.UPHELD)


def test_with_several_items_each_needs_a_sentence_naming_it() -> None:
    text = report(
        "Lumbar MRI\nUrine drug screen",
        "The request for lumbar MRI is not medically necessary. Therefore, the request is "
        "medically necessary.",
    )
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    assert (caught.value.line, caught.value.message) == (
        5,
        'no sentence "... is (not) medically necessary" of the rationale names '
        "'Urine drug screen'",
    )
    det = imrparse.loads(text, strict=False)
    assert outcomes(det) == [("Lumbar MRI", Outcome.UPHELD)]
    # The sentence naming no item is not matched to the other item by its
    # place; as the end of the last rationale, it contradicts the MRI's outcome.
    assert [w.code for w in det.warnings] == ["outcome_not_stated", "outcome_contradicted"]


def test_a_sentence_names_the_most_specific_request() -> None:
    text = report(
        "Norco 10/325 mg\nNorco 10/325 mg #120",
        "The request for Norco 10/325 mg #120 is not medically necessary. The request for\n"
        "NORCO 10/325MG is medically necessary.",
    )
    assert outcomes(imrparse.loads(text)) == [
        ("Norco 10/325 mg", Outcome.OVERTURNED),
        ("Norco 10/325 mg #120", Outcome.UPHELD),
    ]


def test_a_sentence_naming_several_items_decides_them_all() -> None:
    text = report(
        "Lumbar MRI\nUrine drug screen",
        "Neither is supported. The requests for lumbar MRI and urine drug screen are not medically "
        "necessary.",
    )
    det = imrparse.loads(text)
    assert outcomes(det) == [
        ("Lumbar MRI", Outcome.UPHELD),
        ("Urine drug screen", Outcome.UPHELD),
    ]
    assert det.decisions[0].rationale == det.decisions[1].rationale


def test_the_last_sentence_naming_an_item_decides_and_a_contrary_one_is_reported() -> None:
    text = report(
        "Lumbar MRI",
        "At first sight the lumbar MRI is medically necessary.\n\nHowever, red flags are absent. "
        "The lumbar MRI is not medically necessary.",
    )
    det = imrparse.loads(text)
    assert outcomes(det) == [("Lumbar MRI", Outcome.UPHELD)]
    (warning,) = det.warnings
    assert warning.code == "outcome_contradicted"
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end] == (
        "At first sight the lumbar MRI is medically necessary."
    )


def test_a_rationale_is_the_text_up_to_its_deciding_sentence() -> None:
    text = report(
        "Lumbar MRI\nUrine drug screen",
        "Imaging needs red flags.\n\nNone are documented. The request for lumbar MRI is not "
        "medically necessary. Screening is routine with opioids. The request for urine drug "
        "screen is medically necessary.\n\nBoth requests were reviewed against the MTUS.",
    )
    mri, screen = imrparse.loads(text).decisions
    assert mri.rationale == (
        "Imaging needs red flags.\n\nNone are documented. The request for lumbar MRI is not "
        "medically necessary."
    )
    assert screen.rationale == (
        "Screening is routine with opioids. The request for urine drug screen is medically "
        "necessary.\n\nBoth requests were reviewed against the MTUS."
    )


def test_text_after_the_last_decision_that_concludes_otherwise_is_reported() -> None:
    text = report(
        "Lumbar MRI\nUrine drug screen",
        "The request for lumbar MRI is not medically necessary. The request for urine drug screen "
        "is medically necessary. On reflection, it is not medically necessary.",
    )
    det = imrparse.loads(text)
    assert [d.outcome for d in det.decisions] == [Outcome.UPHELD, Outcome.OVERTURNED]
    assert [w.code for w in det.warnings] == ["outcome_contradicted"]


# -- sections -------------------------------------------------------------------------


def test_guidelines_in_other_wording_are_prose_and_not_reported() -> None:
    text = report(
        "Lumbar MRI",
        "This request is not medically necessary.",
        guidelines="ACOEM Chapter 12, Low Back Complaints, pages 303-305.\n\nThey address imaging.",
    )
    det = imrparse.loads(text)
    assert det.warnings == ()
    assert det.decisions[0].reviewer_basis == ()
    assert "pages 303-305" in section_text(det, GUIDELINES)


def test_a_clause_ending_a_line_stops_at_the_next_heading() -> None:
    # No empty line before the rationale heading: the clause's topics end at it.
    text = report(
        "Lumbar MRI",
        "This request is not medically necessary.",
        guidelines="Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low "
        "Back, MRIs",
    ).replace("MRIs\n\nRATIONALE", "MRIs\nRATIONALE")
    det = imrparse.loads(text)
    (citation,) = det.decisions[0].reviewer_basis
    assert citation.topics == ("Low Back", "MRIs")
    assert [s.title for s in det.sections][-2] == RATIONALE


def test_prose_in_the_guidelines_stops_at_the_next_heading() -> None:
    text = report(
        "Lumbar MRI", "This request is not medically necessary.", guidelines="They address imaging."
    ).replace("imaging.\n\nRATIONALE", "imaging.\nRATIONALE")
    assert outcomes(imrparse.loads(text)) == [("Lumbar MRI", Outcome.UPHELD)]


def test_the_documents_and_guidelines_sections_may_be_left_out() -> None:
    text = re.sub(r"DOCUMENTS REVIEWED.*?(?=RATIONALE FOR)", "", EXAMPLE, flags=re.S)
    det = imrparse.loads(text)
    assert det.documents_reviewed == ()
    assert [d.reviewer_basis for d in det.decisions] == [(), ()]
    assert len(det.sections) == 5


def test_headings_printed_on_one_line_are_read() -> None:
    text = EXAMPLE.replace("PROFESSIONAL\nREVIEWER", "PROFESSIONAL REVIEWER").replace(
        "NOT\nMEDICALLY", "NOT MEDICALLY"
    )
    det = imrparse.loads(text)
    assert [s.title for s in det.sections][4:6] == [GUIDELINES, RATIONALE]


def test_lines_before_the_title_are_a_header_section_of_their_own() -> None:
    letterhead = "MAXIMUS FEDERAL SERVICES, INC.\n\n"
    det = imrparse.loads(letterhead + report("Lumbar MRI", "It is medically necessary."))
    assert [s.title for s in det.sections][:2] == ["", "MEDICAL PROFESSIONAL REVIEW"]
    assert det.header is not None and det.header.span == det.sections[0].span
    assert det.header.case_number is None


def test_a_report_without_header_lines_has_no_header() -> None:
    assert imrparse.loads(report("Lumbar MRI", "It is medically necessary.")).header is None


def test_a_missing_section_is_an_error_naming_its_heading() -> None:
    text = report("Lumbar MRI", "It is medically necessary.").replace("CASE SUMMARY:", "SUMMARY:")
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text)
    assert 'the heading "CASE SUMMARY:"' in caught.value.expected


def test_a_report_defect_is_reported_by_its_own_grammar() -> None:
    text = EXAMPLE.replace("MEDICAL REVIEWER QUALIFICATIONS:", "QUALIFICATIONS:")
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text)
    assert "headings found" not in caught.value.message
    assert 'the heading "MEDICAL REVIEWER QUALIFICATIONS:"' in caught.value.expected


# -- synthetic reports ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_generated_reports_of_several_items_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    letter = random_letter(rng, template=Template.PROFESSIONAL_REVIEW)
    det = imrparse.loads(render(letter, Layout.BLANK_LINE, rng=rng))
    assert det.warnings == ()
    assert Letter.from_determination(det) == letter


def test_generated_report_items_share_their_clauses_and_have_unique_requests() -> None:
    letter = random_letter(random.Random(5), template=Template.PROFESSIONAL_REVIEW)
    assert len(letter.items) > 1
    assert len({item.reviewer_basis for item in letter.items}) == 1
    assert all(item.claims_administrator_basis == () for item in letter.items)
    requests = ["".join(item.request.split()).casefold() for item in letter.items]
    assert len(requests) == len(set(requests))
