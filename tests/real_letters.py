"""Expected values of the real letters beside what imrparse reads from them.

``real/expected.json`` holds, for each letter of ``../shared/real-letters/`` (by
case number), the values read by hand from the PDF: header fields, reviewer
states, certifications, years and hours, patient age and sex, and for every
decision its request, outcome, original request, authorized part and MTUS
citations. :func:`fields` lists both sides field by field, so a test can
check every one and a script can count how many agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import imrparse

HERE = Path(__file__).resolve().parent
#: The real letters, beside the repository (absent for most users).
LETTERS = HERE.parent.parent / "shared" / "real-letters"
EXPECTED: dict[str, Any] = json.loads((HERE / "real" / "expected.json").read_text(encoding="utf-8"))


def _mtus(citations: tuple[imrparse.Citation, ...]) -> list[dict[str, Any]]:
    return [
        {
            "guideline": c.guideline,
            "edition": c.edition,
            "topics": list(c.topics),
            "pages": [[p.first, p.last] for p in c.pages],
        }
        for c in citations
        if c.kind is imrparse.CitationKind.MTUS
    ]


def fields(case: str, det: imrparse.Determination) -> Iterator[tuple[str, Any, Any]]:
    """(field, expected, read) for every field ``expected.json`` has of a letter."""
    want = EXPECTED[case]
    header = det.header
    for name, value in want["header"].items():
        got = getattr(header, name, None) if header is not None else None
        got = got.value if hasattr(got, "value") else got
        got = got.isoformat() if hasattr(got, "isoformat") else got
        yield f"header.{name}", value, got
    reviewer = det.reviewer
    for name, value in want["reviewer"].items():
        got = getattr(reviewer, name, None) if reviewer is not None else None
        yield f"reviewer.{name}", value, list(got) if isinstance(got, tuple) else got
    summary = det.case_summary
    age = summary.patient_age if summary is not None else None
    sex = summary.patient_sex.value if summary is not None and summary.patient_sex else None
    yield "patient.age", want["patient"]["age"], age
    yield "patient.sex", want["patient"]["sex"], sex
    yield "decisions.count", len(want["decisions"]), len(det.decisions)
    for n, (expected, decision) in enumerate(
        zip(want["decisions"], det.decisions, strict=False), start=1
    ):
        where = f"decision {n}"
        yield f"{where}.request", expected["request"], decision.request
        yield f"{where}.outcome", expected["outcome"], decision.outcome.value
        yield f"{where}.original_request", expected["original_request"], decision.original_request
        yield f"{where}.authorized", expected["authorized"], decision.authorized
        yield (
            f"{where}.claims_administrator_mtus",
            expected["claims_administrator_mtus"],
            _mtus(decision.claims_administrator_basis),
        )
        yield f"{where}.reviewer_mtus", expected["reviewer_mtus"], _mtus(decision.reviewer_basis)
