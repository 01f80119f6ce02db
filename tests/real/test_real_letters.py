"""Every real letter of ``../shared/real-letters/`` read by default, field by field.

The letters are public records that DWC posted as PDFs; they are not part of
the repository, so these tests are skipped where they are absent. The values
they are checked against (``expected.json``) were read by hand from the PDFs.
"""

from __future__ import annotations

import attrs
import pytest

import imrparse
import imrparse.view
from real_letters import EXPECTED, LETTERS, fields

pytestmark = pytest.mark.skipif(not LETTERS.is_dir(), reason="the real letters are absent")

CASES = sorted(EXPECTED)


@pytest.fixture(scope="module")
def letters() -> dict[str, imrparse.Determination]:
    return {case: imrparse.load(LETTERS / f"{case}.pdf") for case in CASES}


@pytest.mark.parametrize("case", CASES)
def test_the_letter_reads_by_default_with_its_values(
    case: str, letters: dict[str, imrparse.Determination]
) -> None:
    det = letters[case]
    assert det.template is imrparse.Template.ISSUES_DECISIONS_RATIONALES
    wrong = [(name, want, got) for name, want, got in fields(case, det) if want != got]
    assert wrong == []


@pytest.mark.parametrize("case", CASES)
def test_every_element_lies_in_its_section(
    case: str, letters: dict[str, imrparse.Determination]
) -> None:
    import mutations

    mutations.check_determination(letters[case])


def test_all_decisions_are_read(letters: dict[str, imrparse.Determination]) -> None:
    assert sum(len(det.decisions) for det in letters.values()) == sum(
        len(EXPECTED[case]["decisions"]) for case in CASES
    )
    assert len(letters) == 65


@pytest.mark.parametrize("case", CASES)
def test_the_view_places_every_value_read(
    case: str, letters: dict[str, imrparse.Determination]
) -> None:
    det = letters[case]
    found = imrparse.view.elements(det)
    names = {kind: {e.name for e in found if e.kind == kind} for kind in imrparse.view.KINDS}
    header = attrs.asdict(det.header, recurse=False) if det.header is not None else {}
    assert len(names["header"]) == sum(v is not None for k, v in header.items() if k != "span")
    reviewer = attrs.asdict(det.reviewer, recurse=False) if det.reviewer is not None else {}
    assert len(names["reviewer"]) == sum(
        v not in (None, ()) for k, v in reviewer.items() if k not in ("text", "span")
    )
    summary = det.case_summary
    assert summary is not None
    assert len(names["patient"]) == (summary.patient_age is not None) + (
        summary.patient_sex is not None
    )
    for n, _ in enumerate(det.decisions, start=1):
        assert f"decision {n} request" in names["request"]
        assert f"decision {n} outcome" in names["outcome"]


def test_citation_topics_are_whole_titles(letters: dict[str, imrparse.Determination]) -> None:
    """No topic begins with the punctuation after a guideline's name, is a year
    alone, or is the piece of a known title that holds commas."""
    import re

    topics = [
        topic
        for det in letters.values()
        for decision in det.decisions
        for citation in decision.claims_administrator_basis + decision.reviewer_basis
        for topic in citation.topics
    ]
    assert len(topics) > 300
    assert [t for t in topics if not t or t[0] in ":-\u2013" or re.fullmatch(r"\d{4}", t)] == []
    pieces = {"Wrist", "Suffering", "GI symptoms & cardiovascular risk", "criteria for use"}
    assert [t for t in topics if t in pieces] == []


def test_printed_hyphens_are_hyphens(letters: dict[str, imrparse.Determination]) -> None:
    """PDFium gives some hyphens of these letters as U+FFFE (15 of the 65)."""
    assert [case for case, det in letters.items() if "\ufffe" in det.text] == []
    texts = " ".join(det.text for det in letters.values())
    assert "x-ray" in texts and "FDA-approved" in texts
