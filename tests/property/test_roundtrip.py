"""Generated letters parse back to the values they were printed from."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given

import imrparse
from imrparse import Template
from imrparse._normalize import normalize
from imrparse.testing import Letter

from .strategies import rendered

pytestmark = pytest.mark.slow


@given(rendered())
def test_parsing_a_printed_letter_gives_back_its_values(case: tuple[Letter, str]) -> None:
    letter, text = case
    det = imrparse.loads(text)
    assert det.warnings == ()
    assert Letter.from_determination(det) == letter


@given(rendered())
def test_sections_cover_every_non_blank_character_once(case: tuple[Letter, str]) -> None:
    det = imrparse.loads(case[1])
    owner = [-1] * len(det.text)
    for n, section in enumerate(det.sections):
        assert 0 <= section.span.start <= section.span.end <= len(det.text)
        for i in range(section.span.start, section.span.end):
            assert owner[i] == -1, "two sections share a character"
            owner[i] = n
    assert all(owner[i] >= 0 for i, c in enumerate(det.text) if not c.isspace())
    starts = [s.span.start for s in det.sections]
    assert starts == sorted(starts)


#: Where each part of a letter is, per template: the title of the section
#: holding the reviewer, the case summary, and the decisions (None: each
#: decision in a section of its own).
SECTIONS = {
    Template.ISSUES_DECISIONS_RATIONALES: (
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        "CLINICAL CASE SUMMARY",
        "IMR ISSUES, DECISIONS AND RATIONALES",
    ),
    Template.DECISIONS_RATIONALES: (
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        "CLINICAL CASE SUMMARY",
        "IMR DECISION(S) AND RATIONALE(S)",
    ),
    Template.NOTICE_2013: ("Medical Qualifications of the Expert Reviewer:", "Case Summary:", None),
    Template.PROFESSIONAL_REVIEW: (
        "MEDICAL REVIEWER QUALIFICATIONS:",
        "CASE SUMMARY:",
        "ISSUE AT DISPUTE:",
    ),
}
#: The title of the section holding the header block, where it is not "".
HEADER = {Template.PROFESSIONAL_REVIEW: "MEDICAL PROFESSIONAL REVIEW"}
#: The section of the guideline clauses of a template that cites them once for
#: every item (elsewhere each decision's clauses lie in its own span).
CITATIONS = {
    Template.PROFESSIONAL_REVIEW: (
        "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:"
    ),
}


@given(rendered())
def test_every_element_lies_inside_its_section(case: tuple[Letter, str]) -> None:
    det = imrparse.loads(case[1])
    by_title = {s.title: s.span for s in det.sections}
    reviewer, summary, decisions = SECTIONS[det.template]
    assert det.reviewer.span in by_title[reviewer]
    assert det.case_summary.span in by_title[summary]
    if det.header is not None:
        assert det.header.span in by_title[HEADER.get(det.template, "")]
    citations = CITATIONS.get(det.template)
    for n, decision in enumerate(det.decisions, 1):
        block = det.text[decision.span.start : decision.span.end]
        if decisions is None:
            section = det.sections[len(det.sections) - len(det.decisions) + n - 1]
            assert section.title.startswith(f"{n}) Regarding the request for {decision.request}")
            assert decision.span in section.span
        elif det.template is Template.PROFESSIONAL_REVIEW:
            assert decision.span in by_title[decisions]
            assert decision.request in imrparse._fields.clean(block)
        else:
            assert decision.span in by_title[decisions]
            assert imrparse._fields.clean(block).startswith(decision.request)
        for citation in decision.claims_administrator_basis + decision.reviewer_basis:
            assert citation.span in (by_title[citations] if citations else decision.span)
            assert (
                imrparse._fields.clean(det.text[citation.span.start : citation.span.end])
                == citation.text
            )


@given(rendered())
def test_plain_data_and_json_round_trip_exactly(case: tuple[Letter, str]) -> None:
    det = imrparse.loads(case[1])
    assert imrparse.from_dict(imrparse.to_dict(det)) == det
    assert imrparse.dumps(imrparse.loads(case[1])) == imrparse.dumps(det)
    assert pickle.loads(pickle.dumps(det)) == det


@given(rendered())
def test_normalization_is_idempotent_and_its_offset_map_monotonic(
    case: tuple[Letter, str],
) -> None:
    norm = normalize(case[1])
    assert normalize(norm.text).text == norm.text
    raw_offsets = [norm.to_raw(i) for i in range(0, len(norm.text) + 1, 7)]
    assert raw_offsets == sorted(raw_offsets)
    for i in range(0, len(norm.text), 11):
        if not norm.text[i].isspace() and norm.text[i].isascii():
            assert case[1][norm.to_raw(i)] == norm.text[i]
