"""The letter templates: header block, documents-reviewed variant, 2013 notice, detection."""

from __future__ import annotations

import datetime
import random
import re

import attrs
import lark
import pytest

import imrparse
from imrparse import CitationKind, Outcome, Template
from imrparse._grammar import get_parser, grammar_dir
from imrparse._parse import available_templates
from imrparse.testing import Clause, Item, Letter, random_letter, render
from letters import example, replaced

SAMPLE = example(Template.ISSUES_DECISIONS_RATIONALES.value)
VARIANT = example(Template.DECISIONS_RATIONALES.value)
NOTICE = example(Template.NOTICE_2013.value)
PROFESSIONAL_REVIEW = example(Template.PROFESSIONAL_REVIEW.value)


@pytest.mark.parametrize("template", list(Template), ids=lambda t: t.value)
def test_each_example_letter_parses_with_its_template(template: Template) -> None:
    det = imrparse.loads(example(template.value))
    assert det.template is template
    assert det.warnings == ()
    assert det.decisions


# -- the header block --------------------------------------------------------

HEADER = """MAXIMUS FEDERAL SERVICES, INC.
Independent Medical Review
Case Number: CM13-0012345   Date Assigned: 10/15/2013
UR Denial Date:  09/30/2013
Application Received: October 2, 2013
Decision Date: 11/12/2013
"""


def test_header_lines_fill_the_header_fields() -> None:
    det = imrparse.loads(HEADER + "\n" + SAMPLE)
    assert det.header == imrparse.Header(
        case_number="CM13-0012345",
        date_assigned=datetime.date(2013, 10, 15),
        ur_denial_date=datetime.date(2013, 9, 30),
        application_date=datetime.date(2013, 10, 2),
        decision_date=datetime.date(2013, 11, 12),
        span=det.header.span if det.header else imrparse.Span(0, 0),
    )
    assert det.header is not None
    assert det.text[det.header.span.start : det.header.span.end] == HEADER.strip()
    assert det.sections[0] == imrparse.Section(title="", span=det.header.span)
    assert det.template is Template.ISSUES_DECISIONS_RATIONALES


def test_a_letter_without_header_has_none() -> None:
    assert imrparse.loads(SAMPLE).header is None


def test_header_reviewer_lines_fill_what_the_statement_leaves_empty() -> None:
    lines = "State(s) of Licensure: Oregon, WA and Texas\nCertification(s)/Specialty: Neurology\n\n"
    det = imrparse.loads(lines + SAMPLE)
    # The statement names its board and states: they win.
    assert det.reviewer.board_certifications == ("Physical Medicine and Rehabilitation",)
    assert det.reviewer.licensed_states == ("California", "Nevada")
    without = re.sub(
        r"The expert\s+reviewer is Board Certified.*?Nevada\. ", "", SAMPLE, flags=re.S
    )
    det = imrparse.loads(lines + without)
    assert det.reviewer.board_certifications == ("Neurology",)
    assert det.reviewer.licensed_states == ("Oregon", "Washington", "Texas")
    assert det.reviewer.min_years_in_practice == 10


def test_header_date_of_injury_fills_a_case_summary_that_states_none() -> None:
    det = imrparse.loads("Date of Injury: 3/14/2012\n\n" + SAMPLE.replace(" on 3/14/2012", ""))
    assert det.case_summary.date_of_injury == datetime.date(2012, 3, 14)
    assert det.header is not None


@pytest.mark.parametrize(
    "line",
    ["Employee: Jane Doe", "Delivered by fax", "Dear Ms. Rivera:"],
    ids=["label", "text", "bare"],
)
def test_an_unknown_header_line_is_kept_and_warned_about(line: str) -> None:
    text = "Case Number: CM13-0000001\n" + line + "\n\n" + SAMPLE
    with pytest.raises(imrparse.ParseError, match="fits no slot") as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.line == 2
    det = imrparse.loads(text, strict=False)
    (warning,) = det.warnings
    assert warning.code == "unplaced_text"
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end] == line
    assert warning.span in det.sections[0].span


def test_an_invalid_header_date_is_an_unreadable_value() -> None:
    text = "Date Assigned: 2/30/2014\n\n" + SAMPLE
    with pytest.raises(imrparse.ParseError, match="2/30/2014"):
        imrparse.loads(text, strict=True)
    det = imrparse.loads(text, strict=False)
    assert det.header is not None and det.header.date_assigned is None
    assert [w.code for w in det.warnings] == ["unreadable_value"]


def test_a_repeated_header_field_with_another_value_is_warned_about() -> None:
    text = "Case Number: CM13-0000001\nCase Number: CM13-0000002\n\n" + SAMPLE
    det = imrparse.loads(text, strict=False)
    assert det.header is not None and det.header.case_number == "CM13-0000001"
    assert [w.code for w in det.warnings] == ["unplaced_text"]


# -- the documents-reviewed variant -------------------------------------------


def test_variant_reads_one_document_per_line() -> None:
    det = imrparse.loads(VARIANT)
    assert det.documents_reviewed == (
        "Application for Independent Medical Review",
        "Utilization Review Determination dated 10/21/2014",
        "Medical Treatment Utilization Schedule",
        "Medical records from the primary treating physician, 04/07/2014 through 10/02/2014",
    )
    assert [s.title for s in det.sections] == [
        "",
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        "DOCUMENTS REVIEWED",
        "CLINICAL CASE SUMMARY",
        "IMR DECISION(S) AND RATIONALE(S)",
    ]
    assert det.header is not None and det.header.case_number == "CM14-0187345"
    assert det.header.date_assigned == datetime.date(2014, 11, 3)


def test_a_marked_document_runs_on_over_unmarked_lines() -> None:
    listed = (
        "DOCUMENTS REVIEWED\n- Application for Independent Medical Review\n"
        "- Medical records from the primary treating physician, 04/07/2014\nthrough 10/02/2014\n"
        "2) Utilization Review Determination"
    )
    text = re.sub(r"DOCUMENTS REVIEWED\n.*?(?=\n\n)", lambda _: listed, VARIANT, flags=re.S)
    assert imrparse.loads(text).documents_reviewed == (
        "Application for Independent Medical Review",
        "Medical records from the primary treating physician, 04/07/2014 through 10/02/2014",
        "Utilization Review Determination",
    )


def test_variant_without_documents_section_parses() -> None:
    text = re.sub(r"DOCUMENTS REVIEWED\n.*?\n\n", "", VARIANT, flags=re.S)
    det = imrparse.loads(text)
    assert det.template is Template.DECISIONS_RATIONALES
    assert det.documents_reviewed == ()


def test_variant_request_line_without_outcome_is_reported_at_that_line() -> None:
    text = VARIANT.replace("Six sessions of physical therapy for the cervical spine:  Overturned",
                           "Six sessions of physical therapy for the cervical spine:")  # fmt: skip
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.message == "request line has no outcome"
    assert text.splitlines()[caught.value.line - 1].startswith("Six sessions")


# -- the 2013 notice ------------------------------------------------------------


def test_notice_reads_header_dates_decisions_and_sections() -> None:
    det = imrparse.loads(NOTICE)
    assert det.header is not None
    assert (det.header.case_number, det.header.letter_date) == (
        "CM13-0004821",
        datetime.date(2013, 10, 14),
    )
    assert (det.header.application_date, det.header.ur_denial_date, det.header.date_assigned) == (
        datetime.date(2013, 9, 3),
        datetime.date(2013, 8, 22),
        datetime.date(2013, 9, 11),
    )
    assert [(d.request, d.outcome) for d in det.decisions] == [
        ("Tramadol ER 150 mg #30", Outcome.UPHELD),
        ("a follow-up visit with a spine surgeon", Outcome.OVERTURNED),
    ]
    assert det.reviewer.board_certifications == ("Orthopaedic Surgery",)
    assert det.reviewer.licensed_states == ("California", "Oregon")
    assert (det.case_summary.patient_age, det.case_summary.date_of_injury) == (
        52,
        datetime.date(2011, 4, 2),
    )
    assert not det.case_summary.text.startswith("Disclaimer")
    titles = [s.title for s in det.sections]
    assert titles == [
        "",
        "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
        "Medical Qualifications of the Expert Reviewer:",
        "Case Summary:",
        "1) Regarding the request for Tramadol ER 150 mg #30:",
        "2) Regarding the request for a follow-up visit with a spine surgeon:",
    ]
    for decision, section in zip(det.decisions, det.sections[4:], strict=True):
        assert decision.span in section.span
        assert decision.rationale.endswith("medically necessary and appropriate.")


def test_notice_denial_date_falls_back_to_the_application_sentence() -> None:
    text = replaced(NOTICE, "Case Number: CM13-0004821\n", "")
    det = imrparse.loads(text)
    assert det.header is not None and det.header.case_number is None
    assert det.header.ur_denial_date == datetime.date(2013, 8, 22)


def test_notice_blocks_without_numbers_match_by_order() -> None:
    text = NOTICE.replace("1) Regarding", "Regarding").replace("2) Regarding", "Regarding")
    det = imrparse.loads(text)
    assert [d.outcome for d in det.decisions] == [Outcome.UPHELD, Outcome.OVERTURNED]


def test_notice_block_matching_no_determination_has_no_outcome() -> None:
    text = NOTICE.replace("2) Regarding", "3) Regarding")
    with pytest.raises(imrparse.ParseError, match="no numbered determination"):
        imrparse.loads(text, strict=True)
    det = imrparse.loads(text, strict=False)
    codes = [w.code for w in det.warnings]
    assert codes == ["outcome_not_stated", "unmatched_determination"]
    # Determination 2) still gives its decision, from its sentence alone (so
    # in letter order it comes first).
    unmatched, tramadol = det.decisions
    assert (unmatched.request, unmatched.outcome, unmatched.rationale) == (
        "a follow-up visit with a spine surgeon",
        Outcome.OVERTURNED,
        "",
    )
    assert unmatched.span in det.sections[0].span
    assert tramadol.request == "Tramadol ER 150 mg #30"


def test_notice_determinations_that_disagree_are_warned_about() -> None:
    first, second = NOTICE.split("INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE")
    second = second.replace("spine surgeon is medically", "spine surgeon is not medically", 1)
    det = imrparse.loads(first + "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE" + second)
    (warning,) = det.warnings
    assert warning.code == "outcome_contradicted"
    assert det.decisions[1].outcome is Outcome.OVERTURNED


def test_notice_determination_without_outcome_is_an_error_at_it() -> None:
    text = NOTICE.replace(
        "spine surgeon is medically necessary and appropriate.", "spine surgeon.", 1
    )
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text)
    assert caught.value.line == 8
    assert any("medically necessary and appropriate" in e for e in caught.value.expected)


def test_notice_lost_space_in_not_medically_is_read() -> None:
    det = imrparse.loads(NOTICE.replace("is\nnot medically", "is\nnotmedically"))
    assert det.decisions[0].outcome is Outcome.UPHELD


# -- detection ----------------------------------------------------------------


def test_text_of_no_template_lists_its_headings_and_the_templates_tried() -> None:
    text = "UTILIZATION REVIEW DETERMINATION\nThe request is denied.\n\nRATIONALE\nNone.\n"
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text)
    error = caught.value
    assert (error.line, error.column) == (1, 1)
    assert '"UTILIZATION REVIEW DETERMINATION", "RATIONALE"' in error.message
    for template in Template:
        assert template.value in error.message
    assert 'the heading "HOW THE IMR FINAL DETERMINATION WAS MADE"' in error.expected


def test_one_heading_of_a_template_reads_the_letter_with_the_rest_missing() -> None:
    text = "Note.\n\nCLINICAL CASE SUMMARY\nThe patient is a 40 year old male.\n"
    with pytest.raises(imrparse.ParseError, match="is missing") as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.line == 3
    det = imrparse.loads(text)
    assert det.template is Template.ISSUES_DECISIONS_RATIONALES
    assert det.case_summary is not None and det.case_summary.patient_age == 40
    assert sorted(w.code for w in det.warnings) == [
        "section_missing",
        "section_missing",
        "unplaced_text",
    ]


def test_a_defect_after_a_variant_heading_is_reported_not_the_listing() -> None:
    text = VARIANT.replace("Medical Treatment Utilization Schedule\n", "").replace(
        "\nDecision rationale: Topical", "\n\nDecision rationale: Topical"
    )
    text = text.replace("Lidoderm 5% patch #30:  Upheld", "Lidoderm 5% patch #30:")
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.message == "request line has no outcome"


def test_a_notice_defect_is_reported_by_the_notice_grammar() -> None:
    # The other grammars read a notice as header lines up to a foreign heading;
    # the notice's own failure, further in, is the one reported.
    text = NOTICE.replace("Rationale Used by the Expert Reviewer:\nReferral", "Referral")
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text)
    assert "the 2013 notice" not in caught.value.message
    assert caught.value.line > 40


def test_every_heading_ends_free_text() -> None:
    """_NOT_AT_HEADING lists every heading and title terminal."""
    source = (grammar_dir() / "common.lark").read_text(encoding="utf-8")
    lookahead = re.search(r"^_NOT_AT_HEADING: /(.*)/$", source, re.M)
    assert lookahead is not None
    not_at_heading = re.compile(lookahead[1])
    for template in available_templates():
        for terminal in get_parser(template).terminals:
            bare = terminal.name.rsplit("__", 1)[-1]
            if bare.startswith(("HEADING_", "TITLE_")):
                heading = re.compile(terminal.pattern.to_regexp())
                # lark holds "\n" in a pattern as the character itself.
                sample = terminal.pattern.value.removeprefix("(?<![^\n])")
                sample = sample.removesuffix("(?=\n|\\Z)").replace("[ \n]", "\n")
                sample = re.sub(r"\\(.)", r"\1", sample)
                assert heading.fullmatch(sample), (bare, sample)
                assert not not_at_heading.match(sample + "\n"), bare


def test_the_grammars_build_and_share_one_copy_of_each_terminal() -> None:
    for template in available_templates():
        names = [t.name.rsplit("__", 1)[-1] for t in get_parser(template).terminals]
        assert "BLANK" in {n.lstrip("_") for n in names}
        assert len([n for n in names if n.lstrip("_") == "BLANK"]) == 1, template
        assert len([n for n in names if n == "PARAGRAPH"]) <= 1, template


def test_a_start_rule_is_not_the_only_way_in() -> None:
    # Each template grammar also parses a lone guideline paragraph (tests use it).
    parser = get_parser(Template.NOTICE_2013)
    with pytest.raises(lark.UnexpectedInput):
        parser.parse("", start="citations")


def test_header_span_is_the_block_of_lines_that_gave_its_fields() -> None:
    text = "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n\n" + PROFESSIONAL_REVIEW
    det = imrparse.loads(text)
    assert det.header is not None
    assert det.header.case_number == "CM15-0046213"
    covered = det.text[det.header.span.start : det.header.span.end]
    assert "Case Number: CM15-0046213" in covered
    assert "MAXIMUS FEDERAL SERVICES" not in covered
    (owner,) = [s for s in det.sections if det.header.span in s.span]
    assert owner.title == "MEDICAL PROFESSIONAL REVIEW"


def test_an_unknown_label_in_the_second_column_ends_the_value_before_it() -> None:
    header = "Case Number: CM13-0012345\nDate Assigned: 10/15/2013    Employee: Jane Doe\n\n"
    det = imrparse.loads(header + SAMPLE, strict=False)
    assert det.header is not None
    assert det.header.date_assigned == datetime.date(2013, 10, 15)
    (warning,) = det.warnings
    assert warning.code == "unplaced_text"
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end] == "Employee: Jane Doe"


def test_an_unknown_label_after_a_value_is_kept_and_warned_about() -> None:
    det = imrparse.loads("Case Number: CM13-0012345 Rev: 2\n\n" + SAMPLE, strict=False)
    assert det.header is not None
    assert det.header.case_number == "CM13-0012345"
    (warning,) = det.warnings
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end] == "Rev: 2"


def test_a_rationale_paragraph_about_a_request_starts_no_item_block() -> None:
    said = "The request for Tramadol ER 150 mg #30\nis not medically necessary and appropriate."
    assert said in NOTICE
    text = NOTICE.replace(
        said,
        said + "\n\nRegarding the request for Tramadol ER 150 mg #30, the MTUS guidelines "
        "state: opioids\nshould be continued only with documented improvement.",
    )
    det = imrparse.loads(text)
    assert [d.request for d in det.decisions] == [
        "Tramadol ER 150 mg #30",
        "a follow-up visit with a spine surgeon",
    ]
    assert "the MTUS guidelines state" in det.decisions[0].rationale


@pytest.mark.parametrize("before", ["1) Regarding the request", "1) MAXIMUS Federal"])
def test_a_number_of_thousands_of_digits_is_no_internal_error(before: str) -> None:
    text = NOTICE.replace(before, "9" * 5000 + before[1:], 1)
    try:
        imrparse.loads(text, strict=False)
    except imrparse.ParseError as error:
        assert not error.message.startswith("internal error")


# -- letters a template cannot print --------------------------------------------


@pytest.mark.parametrize(
    "missing", ["letter_date", "application_date", "ur_denial_date", "date_assigned"]
)
def test_a_notice_without_one_of_its_dates_is_not_rendered(missing: str) -> None:
    letter = random_letter(random.Random(0), template=Template.NOTICE_2013)
    render(letter)
    with pytest.raises(ValueError, match=f"four dates; missing: {missing}$"):
        render(attrs.evolve(letter, **{missing: None}))


def _review_items(*items: Item) -> Letter:
    letter = random_letter(random.Random(0), template=Template.PROFESSIONAL_REVIEW)
    return attrs.evolve(letter, items=items)


MRI = Item(
    request="Lumbar MRI",
    outcome=Outcome.UPHELD,
    reviewer_basis=(Clause(kind=CitationKind.MTUS, guideline="ACOEM"),),
    rationale=("Red flags are absent. The request for Lumbar MRI is not medically necessary.",),
)
SCREEN = attrs.evolve(
    MRI,
    request="Urine drug screen",
    outcome=Outcome.OVERTURNED,
    rationale=("The request for Urine drug screen is medically necessary.",),
)


def test_a_professional_review_of_items_with_one_basis_is_rendered() -> None:
    letter = _review_items(MRI, SCREEN)
    assert Letter.from_determination(imrparse.loads(render(letter))) == letter


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (
            (attrs.evolve(MRI, claims_administrator_basis=MRI.reviewer_basis), SCREEN),
            "no claims administrator's basis",
        ),
        ((MRI, attrs.evolve(SCREEN, reviewer_basis=())), "theirs differ"),
        ((MRI, attrs.evolve(SCREEN, request="lumbar  MRI")), "one is repeated"),
    ],
    ids=["claims-administrator-basis", "differing-bases", "repeated-request"],
)
def test_a_professional_review_it_cannot_print_is_not_rendered(
    items: tuple[Item, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        render(_review_items(*items))
