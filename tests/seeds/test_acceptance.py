"""SPEC's acceptance table, on the two sample letters."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import imrparse
from imrparse import CitationKind, Outcome, PageRange, Sex, Template


def _load(seeds_dir: Path, prefix: str) -> imrparse.Determination:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return imrparse.load(path)


def test_seed_000_reviewer_patient_and_decisions(seeds_dir: Path) -> None:
    det = _load(seeds_dir, "000")
    assert det.template is Template.ISSUES_DECISIONS_RATIONALES
    r = det.reviewer
    assert r.board_certifications == ("Occupational and Environmental Medicine",)
    assert r.subspecialties == ("Public Health",)
    assert r.licensed_states == ("Ohio", "West Virginia")
    assert (r.min_years_in_practice, r.min_hours_per_week) == (5, 24)
    cs = det.case_summary
    assert (cs.patient_age, cs.patient_sex) == (33, Sex.MALE)
    assert cs.date_of_injury == datetime.date(2013, 7, 18)
    assert [(d.request, d.outcome) for d in det.decisions] == [
        ("Norco 5/325 MG #30", Outcome.UPHELD),
        ("Cyclobenzaprine Hydrochloride 5 MG #30", Outcome.UPHELD),
        ("Follow-up visit with an orthopedic specialist", Outcome.OVERTURNED),
    ]
    first = det.decisions[0]
    assert first.medication is not None
    assert (first.medication.name, first.medication.strength, first.medication.quantity) == (
        "Norco",
        "5/325 mg",
        30,
    )
    assert det.decisions[2].medication is None
    opioids = first.reviewer_basis[0]
    assert opioids.kind is CitationKind.MTUS
    assert opioids.guideline == "Chronic Pain Treatment Guidelines"
    assert opioids.topics == ("Opioids",)
    assert opioids.pages == (PageRange(74, 96),)
    assert det.warnings == ()


def test_seed_004_reviewer_patient_and_decision(seeds_dir: Path) -> None:
    det = _load(seeds_dir, "004")
    assert det.template is Template.ISSUES_DECISIONS_RATIONALES
    r = det.reviewer
    assert r.board_certifications == ("Internal Medicine",)
    assert r.subspecialties == ("Nephrology",)
    assert r.licensed_states == ("California",)
    assert (r.min_years_in_practice, r.min_hours_per_week) == (5, 24)
    cs = det.case_summary
    assert (cs.patient_age, cs.patient_sex, cs.date_of_injury) == (
        34,
        Sex.MALE,
        datetime.date(2009, 6, 12),
    )
    (decision,) = det.decisions
    assert (decision.request, decision.outcome) == ("Cyclobenzaprine 10mg #60", Outcome.UPHELD)
    assert decision.medication == imrparse.Medication(
        name="Cyclobenzaprine",
        strength="10 mg",
        quantity=60,
        generics=("cyclobenzaprine",),
        drug_class="Muscle Relaxant",
    )
    relaxants = decision.reviewer_basis[0]
    assert (relaxants.kind, relaxants.guideline, relaxants.topics) == (
        CitationKind.MTUS,
        "Chronic Pain Treatment Guidelines",
        ("Muscle Relaxants",),
    )
    assert relaxants.pages == (PageRange(41, 42), PageRange(63, 66))
    assert det.warnings == ()


def test_seed_000_citations_in_full(seeds_dir: Path) -> None:
    det = _load(seeds_dir, "000")
    second = det.decisions[1]
    mtus, odg, other = second.reviewer_basis
    assert mtus.topics == ("Cyclobenzaprine", "Medications for chronic pain", "Antispasmodics")
    assert mtus.pages == (PageRange(41, 42), PageRange(60, 61), PageRange(64, 66))
    assert odg.kind is CitationKind.NON_MTUS
    assert odg.guideline == "Official Disability Guidelines (ODG)"
    assert odg.topics == ("Pain", "Cyclobenzaprine (Flexeril®)")
    assert (other.kind, other.guideline, other.topics) == (
        CitationKind.OTHER,
        None,
        ("UpToDate", "Flexeril"),
    )
    acoem = det.decisions[2].reviewer_basis[0]
    assert (acoem.guideline, acoem.topics, acoem.pages) == (
        "ACOEM",
        ("Chapter 8 Neck and Upper Back Complaints",),
        (PageRange(179, 180),),
    )
    odg_first = det.decisions[0].reviewer_basis[1]
    assert odg_first.topics == (
        "Neck and Upper Back (Acute and Chronic)",
        "Low Back - Lumbar & Thoracic (Acute & Chronic)",
        "Opioids",
        "Pain",
    )


def test_page_break_inside_a_sentence_is_joined(seeds_dir: Path) -> None:
    det = _load(seeds_dir, "000")
    assert "(ODG) states the follow regarding cyclobenzaprine" in det.decisions[1].rationale


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_seed_spans_and_sections(seeds_dir: Path, prefix: str) -> None:
    det = _load(seeds_dir, prefix)
    covered = [False] * len(det.text)
    for section in det.sections:
        for i in range(section.span.start, section.span.end):
            assert not covered[i]
            covered[i] = True
    assert all(covered[i] for i, c in enumerate(det.text) if not c.isspace())
    for decision in det.decisions:
        block = det.text[decision.span.start : decision.span.end]
        assert block.startswith(decision.request.split()[0])
        for citation in decision.reviewer_basis + decision.claims_administrator_basis:
            assert citation.span in decision.span


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_seed_round_trips_through_dict_and_json(seeds_dir: Path, prefix: str) -> None:
    det = _load(seeds_dir, prefix)
    assert imrparse.from_dict(imrparse.to_dict(det)) == det
    assert imrparse.dumps(det) == imrparse.dumps(_load(seeds_dir, prefix))
