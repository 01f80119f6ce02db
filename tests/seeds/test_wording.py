"""The sample letters reworded as other print runs word them: each variant reads
like the original, or fails at the line that is wrong."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

import imrparse
from imrparse import Determination, PageRange
from letters import replaced


def _text(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@functools.cache
def _original(seeds_dir: Path, prefix: str) -> Determination:
    """The sample letter as read, once for all the tests that compare with it."""
    return imrparse.loads(_text(seeds_dir, prefix))


def _reworded(seeds_dir: Path, prefix: str, old: str, new: str) -> tuple[str, Determination]:
    return replaced(_text(seeds_dir, prefix), old, new), _original(seeds_dir, prefix)


def _decisions(det: Determination) -> list[tuple[object, ...]]:
    """Each decision's request, outcome and clause values (spans left out)."""
    return [
        (
            d.request,
            d.outcome,
            [(c.kind, c.guideline, c.topics, c.pages) for c in d.claims_administrator_basis],
            [(c.kind, c.guideline, c.topics, c.pages) for c in d.reviewer_basis],
            d.rationale,
        )
        for d in det.decisions
    ]


#: The first claims-administrator paragraph of each sample letter.
CA_000 = (
    "Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines "
    "\n\nOpioids.   \n\n"
)
CA_004 = (
    "Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment \n\nGuidelines."
)
MAXIMUS_004 = (
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Muscle \n\n"
    "Relaxants Page(s): 41-42; 63-66.   \n\n \n\n"
)


@pytest.mark.parametrize(
    ("prefix", "old", "new"),
    [
        ("004", "items/services set forth below:", "item/service set forth below:"),
        ("004", "set forth below:", "set forth below."),
        ("004", "#60:  Upheld", "#60:  Upheld."),
        ("004", "#60:  Upheld", "#60:  upheld"),
        ("004", "Decision rationale:", "Decision Rationale:"),
        ("004", "MAXIMUS guideline:", "MAXIMUS Guideline:"),
        ("000", "including all medical records:", "including all medical records."),
        ("000", "based on a review of the", "based on review of the"),
    ],
)
def test_a_reworded_letter_reads_like_the_original(
    seeds_dir: Path, prefix: str, old: str, new: str
) -> None:
    text, original = _reworded(seeds_dir, prefix, old, new)
    det = imrparse.loads(text)
    assert _decisions(det) == _decisions(original)
    assert det.case_summary.text == original.case_summary.text


def test_an_empty_claims_administrator_basis_keeps_the_maximus_clauses(seeds_dir: Path) -> None:
    text, original = _reworded(seeds_dir, "000", CA_000, "Claims Administrator guideline:   \n\n")
    for strict in (True, False):
        det = imrparse.loads(text, strict=strict)
        first = det.decisions[0]
        assert first.claims_administrator_basis == ()
        assert [c.text for c in first.reviewer_basis] == [
            c.text for c in original.decisions[0].reviewer_basis
        ]
        assert first.rationale == original.decisions[0].rationale
        assert det.warnings == ()


def test_an_empty_basis_before_the_rationale_keeps_the_rationale(seeds_dir: Path) -> None:
    text, original = _reworded(seeds_dir, "004", CA_004, "Claims Administrator guideline: ")
    text = text.replace(MAXIMUS_004, "")
    det = imrparse.loads(text)
    (decision,) = det.decisions
    assert (decision.claims_administrator_basis, decision.reviewer_basis) == ((), ())
    assert decision.rationale == original.decisions[0].rationale


@pytest.mark.parametrize(
    ("pages", "read"),
    [("Page(s):", ()), ("Page(s): 41-42; 63-66;", (PageRange(41, 42), PageRange(63, 66)))],
    ids=["empty", "trailing-separator"],
)
def test_a_page_list_in_other_wording_reads(
    seeds_dir: Path, pages: str, read: tuple[PageRange, ...]
) -> None:
    text, _ = _reworded(seeds_dir, "004", "Page(s): 41-42; 63-66.", pages)
    det = imrparse.loads(text)
    assert det.decisions[0].reviewer_basis[0].pages == read
    assert det.decisions[0].reviewer_basis[0].topics == ("Muscle Relaxants",)


def test_a_name_with_periods_is_the_guideline(seeds_dir: Path) -> None:
    text, _ = _reworded(
        seeds_dir,
        "000",
        "Decision based on Non-MTUS Citation Official Disability Guidelines \n\n(ODG) Neck",
        "Decision based on Non-MTUS Citation U.S. Food and Drug Administration \n\n(FDA) Neck",
    )
    citation = imrparse.loads(text).decisions[0].reviewer_basis[1]
    assert citation.guideline == "U.S. Food and Drug Administration (FDA)"
    assert citation.topics[0] == "Neck and Upper Back (Acute and Chronic)"


def test_a_rationale_paragraph_ending_in_an_outcome_makes_no_decision(seeds_dir: Path) -> None:
    conclusion = "As such, the request for Norco 5/325 mg #30 is not medically necessary."
    added = "The prior review decision on this item: Upheld"
    text, original = _reworded(seeds_dir, "000", conclusion, f"{conclusion} \n\n \n\n{added} ")
    det = imrparse.loads(text)
    assert [d.request for d in det.decisions] == [d.request for d in original.decisions]
    assert det.decisions[0].rationale.endswith(added)


def test_a_request_line_without_a_request_costs_that_decision_alone(seeds_dir: Path) -> None:
    text, original = _reworded(seeds_dir, "000", "Norco 5/325 MG #30:  Upheld", ":  Upheld")
    with pytest.raises(imrparse.ParseError) as caught:
        imrparse.loads(text, strict=True)
    assert text.splitlines()[caught.value.line - 1].strip() == ":  Upheld"
    det = imrparse.loads(text)
    assert [d.request for d in det.decisions] == [d.request for d in original.decisions[1:]]
    (warning,) = det.warnings
    assert warning.code == "field_unreadable"
    assert text.splitlines()[warning.line - 1].strip() == ":  Upheld"
