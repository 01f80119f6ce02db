"""Parsing whole letters: errors, strict and lenient modes, spans."""

from __future__ import annotations

import pickle

import pytest

import imrparse
from imrparse import Outcome
from letters import blank_line_layout

REVIEWER = """HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer. The expert
reviewer is Board Certified in Orthopaedic Surgery and is licensed to practice in CA. He/she
has been in active clinical practice for more than 20 years and is currently working at
least 30 hours a week in active practice."""

SUMMARY = """CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on a review of the
case file, including all medical records:

The patient is a 58 year old man with a date of injury of 01/05/2010."""

ISSUES = """IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:"""

BLOCK = """{request}:  {outcome}

MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Opioids,
Page(s): 76-80.

Decision rationale: The request is {verdict} medically necessary."""


def letter(*blocks: str, before_first: str = "") -> str:
    parts = [REVIEWER, SUMMARY, ISSUES]
    if before_first:
        parts.append(before_first)
    return "\n\n".join(parts + list(blocks)) + "\n"


def block(
    request: str = "Norco 10/325 mg #60", outcome: str = "Upheld", verdict: str = "not"
) -> str:
    return BLOCK.format(request=request, outcome=outcome, verdict=verdict)


def test_a_minimal_letter_parses() -> None:
    det = imrparse.loads(letter(block(), block("Knee brace", "Overturned", "")))
    assert det.reviewer.licensed_states == ("California",)
    assert det.reviewer.subspecialties == ()
    assert (det.case_summary.patient_age, det.case_summary.patient_sex.value) == (58, "male")
    assert [d.outcome for d in det.decisions] == [Outcome.UPHELD, Outcome.OVERTURNED]
    assert det.decisions[1].medically_necessary
    assert det.decisions[1].claims_administrator_basis == ()


def test_wrapped_request_is_joined() -> None:
    wrapped = block("Physical therapy two times a week for six weeks for the\nlumbar spine")
    det = imrparse.loads(letter(wrapped))
    assert det.decisions[0].request == (
        "Physical therapy two times a week for six weeks for the lumbar spine"
    )


def test_every_span_slices_to_its_own_text() -> None:
    det = imrparse.loads(letter(block(), block("Knee brace", "Overturned", "")))
    for decision in det.decisions:
        text = det.text[decision.span.start : decision.span.end]
        assert text.startswith(decision.request.split()[0])
        assert text.endswith("necessary.")
        for citation in decision.reviewer_basis:
            assert det.text[citation.span.start : citation.span.end].startswith("Decision based")
    assert [s.title for s in det.sections] == [
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        "CLINICAL CASE SUMMARY",
        "IMR ISSUES, DECISIONS AND RATIONALES",
    ]


def test_request_line_without_outcome_is_reported_at_that_line() -> None:
    text = letter(block(), block("Cyclobenzaprine 7.5 mg #90", "", ""))
    lines = text.splitlines()
    request_line = lines.index("Cyclobenzaprine 7.5 mg #90:  ") + 1
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    error = caught.value
    assert error.line == request_line
    assert error.message == "request line has no outcome"
    assert "Cyclobenzaprine" in error.snippet
    assert error.expected


def test_first_request_without_outcome_is_reported_at_that_line() -> None:
    text = letter(block("Norco 10/325 mg #60", ""))
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.line == text.splitlines().index("Norco 10/325 mg #60:  ") + 1
    det = imrparse.loads(text)
    assert det.decisions == ()
    assert [(w.code, w.line) for w in det.warnings] == [("block_unreadable", caught.value.line)]


def test_error_line_counts_lines_of_the_original_blank_line_layout() -> None:
    text = letter(block(), block("Cyclobenzaprine 7.5 mg #90", "", ""))
    raw = blank_line_layout(text)
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(raw, strict=True)
    assert raw.splitlines()[caught.value.line - 1].startswith(" Cyclobenzaprine 7.5 mg #90:")


def test_missing_section_is_an_error_naming_the_heading() -> None:
    text = "\n\n".join([REVIEWER, ISSUES, block()])
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.message == 'the section "CLINICAL CASE SUMMARY" is missing'
    assert text.splitlines()[caught.value.line - 1] == ISSUES.splitlines()[0]
    det = imrparse.loads(text)
    assert det.case_summary is None
    assert [d.request for d in det.decisions] == ["Norco 10/325 mg #60"]


@pytest.mark.parametrize("end", ["He/she", "CLINICAL CASE SUMMARY", "Upheld"])
def test_truncated_letter_is_a_parse_error_at_its_end(end: str) -> None:
    full = letter(block())
    text = full[: full.index(end) + len(end)]
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    assert caught.value.line == len(text.splitlines())


def test_a_letter_cut_after_a_label_keeps_its_decision_without_rationale() -> None:
    full = letter(block())
    text = full[: full.index("MAXIMUS guideline:") + len("MAXIMUS guideline:")]
    (decision,) = imrparse.loads(text, strict=True).decisions
    assert (decision.request, decision.reviewer_basis, decision.rationale) == (
        "Norco 10/325 mg #60",
        (),
        "",
    )


def test_parse_error_is_a_value_error_that_reads_well_and_pickles() -> None:
    with pytest.raises(ValueError) as caught:
        imrparse.loads("Not a letter at all.", source="x.txt")
    error = caught.value
    assert isinstance(error, imrparse.ParseError)
    assert str(error).startswith("x.txt:1:")
    again = pickle.loads(pickle.dumps(error))
    assert (again.line, again.column, again.message, again.source) == (
        error.line,
        error.column,
        error.message,
        error.source,
    )


def test_empty_text_is_a_parse_error() -> None:
    with pytest.raises(imrparse.ParseError, match="empty"):
        imrparse.loads("   \n\n  ")


def test_unplaced_text_raises_when_strict_and_warns_when_lenient() -> None:
    text = letter(block(), before_first="Note: a second page of this letter was illegible.")
    with pytest.raises(imrparse.ParseError, match="fits no slot"):
        imrparse.loads(text, strict=True)
    det = imrparse.loads(text, strict=False)
    (warning,) = det.warnings
    assert warning.code == "unplaced_text"
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end].startswith("Note:")
    assert len(det.decisions) == 1


def test_text_before_the_first_heading_is_its_own_section_when_lenient() -> None:
    det = imrparse.loads("Received by fax\n\n" + letter(block()), strict=False)
    assert det.sections[0].title == ""
    assert det.text[det.sections[0].span.start : det.sections[0].span.end] == "Received by fax"
    assert [w.code for w in det.warnings] == ["unplaced_text"]


def test_contradicting_rationale_is_warned_in_both_modes() -> None:
    det = imrparse.loads(letter(block("Knee brace", "Overturned", "not")))
    (warning,) = det.warnings
    assert warning.code == "outcome_contradicted"
    assert "Knee brace" in warning.message


def test_warning_codes_are_documented() -> None:
    det = imrparse.loads(
        letter(block("Knee brace", "Overturned", "not"), before_first="Stray words."),
        strict=False,
    )
    assert {w.code for w in det.warnings} <= set(imrparse.WARNING_CODES)


def test_loads_reads_bytes_as_load_does() -> None:
    text = letter(block())
    assert imrparse.loads(text.encode("utf-16")) == imrparse.loads(text)
    with pytest.raises(imrparse.ParseError, match="binary"):
        imrparse.loads(b"\x00\x01 not text")


def test_loads_refuses_what_is_neither_text_nor_bytes() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        imrparse.loads(12)  # type: ignore[arg-type]


def test_same_input_gives_the_same_json() -> None:
    text = letter(block(), block("Knee brace", "Overturned", ""))
    assert imrparse.dumps(imrparse.loads(text)) == imrparse.dumps(imrparse.loads(text))


def test_an_impossible_date_of_injury_is_an_error_or_a_warning() -> None:
    text = letter(block()).replace("01/05/2010", "02/30/2010")
    with pytest.raises(imrparse.ParseError, match="02/30/2010") as caught:
        imrparse.loads(text, strict=True)
    assert text.splitlines()[caught.value.line - 1].startswith("The patient is a 58 year old")
    det = imrparse.loads(text, strict=False)
    assert det.case_summary.date_of_injury is None
    assert det.case_summary.patient_age == 58
    assert [w.code for w in det.warnings] == ["unreadable_value"]


def test_a_backwards_page_range_is_dropped_with_a_warning_when_lenient() -> None:
    text = letter(block()).replace("Page(s): 76-80.", "Page(s): 80-76, 90.")
    with pytest.raises(imrparse.ParseError, match="80-76"):
        imrparse.loads(text, strict=True)
    det = imrparse.loads(text, strict=False)
    assert det.decisions[0].reviewer_basis[0].pages == (imrparse.PageRange(90, 90),)
    (warning,) = det.warnings
    assert warning.code == "unreadable_value"
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end] == "80-76"


def test_every_terminal_has_a_readable_name_for_errors() -> None:
    from imrparse._grammar import get_parser
    from imrparse._parse import TERMINAL_NAMES, available_templates

    for template in available_templates():
        for terminal in get_parser(template).terminals:
            bare = terminal.name.rsplit("__", 1)[-1].lstrip("_")
            if bare not in ("SPACE", "LINE_BREAK"):
                assert bare in TERMINAL_NAMES, terminal.name


def test_a_bug_while_building_the_model_is_a_parse_error_that_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from imrparse import _parse

    def broken(*args: object) -> None:
        raise KeyError("request")

    monkeypatch.setattr(_parse, "assemble", broken)
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(letter(block()), strict=True)
    assert caught.value.message.startswith(_parse.INTERNAL_ERROR)
    assert isinstance(caught.value.__cause__, KeyError)


def test_which_warnings_are_errors_when_strict_is_pinned() -> None:
    from imrparse._parse import LENIENT_CODES

    # Deliberately spelled out: a change here changes what strict parsing raises.
    assert (
        frozenset(
            {
                "unplaced_text",
                "unreadable_value",
                "outcome_not_stated",
                "unmatched_determination",
                "section_missing",
                "field_unreadable",
                "block_unreadable",
            }
        )
        == LENIENT_CODES
    )


@pytest.mark.parametrize("enabled", [True, False])
def test_parsing_a_long_text_leaves_the_garbage_collector_as_it_was(enabled: bool) -> None:
    import gc

    from imrparse import _parse

    long_text = "Stray words. " * (_parse._PAUSE_COLLECTOR_FROM // 13) + "\n\n" + letter(block())
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(imrparse.ParseError):
            imrparse.loads(long_text, strict=True)
        assert gc.isenabled() is enabled
        assert len(imrparse.loads(long_text, strict=False).decisions) == 1
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
