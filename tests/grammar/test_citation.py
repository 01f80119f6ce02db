"""The guideline-basis grammar, one paragraph at a time (start rule ``citations``)."""

from __future__ import annotations

import lark
import pytest

from imrparse import Citation, CitationKind, PageRange, Template
from imrparse._grammar import get_parser
from imrparse._transform import _Builder

MTUS, NON_MTUS, OTHER = CitationKind.MTUS, CitationKind.NON_MTUS, CitationKind.OTHER


def read(text: str) -> tuple[Citation, ...]:
    parser = get_parser(Template.ISSUES_DECISIONS_RATIONALES)
    tree = parser.parse(text, start="citations")
    builder = _Builder(text, Template.ISSUES_DECISIONS_RATIONALES)
    citations = builder.transform(tree)
    assert builder.warnings == []
    assert isinstance(citations, tuple)
    return citations


def values(c: Citation) -> tuple[object, ...]:
    return (c.kind, c.guideline, c.topics, c.pages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids,\n"
            "Page(s): page(s) 74-96.",
            (MTUS, "Chronic Pain Treatment Guidelines", ("Opioids",), (PageRange(74, 96),)),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Muscle\n"
            "Relaxants Page(s): 41-42; 63-66.",
            (
                MTUS,
                "Chronic Pain Treatment Guidelines",
                ("Muscle Relaxants",),
                (PageRange(41, 42), PageRange(63, 66)),
            ),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines\nCyclobenzaprine, "
            "Medications for chronic pain, Antispasmodics, Page(s): page 41-42, 60-61, 64-\n66.",
            (
                MTUS,
                "Chronic Pain Treatment Guidelines",
                ("Cyclobenzaprine", "Medications for chronic pain", "Antispasmodics"),
                (PageRange(41, 42), PageRange(60, 61), PageRange(64, 66)),
            ),
        ),
        (
            "Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back\nComplaints Page(s): "
            "pages 179-180.",
            (MTUS, "ACOEM", ("Chapter 8 Neck and Upper Back Complaints",), (PageRange(179, 180),)),
        ),
        (
            "Decision based on MTUS Postsurgical Treatment Guidelines Knee, Page(s): 46.",
            (MTUS, "Postsurgical Treatment Guidelines", ("Knee",), (PageRange(46, 46),)),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines, Page(s): 80-90.",
            (MTUS, "Chronic Pain Treatment Guidelines", (), (PageRange(80, 90),)),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment\nGuidelines.",
            (MTUS, "Chronic Pain Treatment Guidelines", (), ()),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines\nOpioids: Criteria for Use.",
            (MTUS, "Chronic Pain Treatment Guidelines", ("Opioids: Criteria for Use",), ()),
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines\n(ODG) Neck and "
            "Upper Back (Acute and Chronic), Low Back - Lumbar & Thoracic (Acute &\nChronic), "
            "Opioids, Pain",
            (
                NON_MTUS,
                "Official Disability Guidelines (ODG)",
                (
                    "Neck and Upper Back (Acute and Chronic)",
                    "Low Back - Lumbar & Thoracic (Acute & Chronic)",
                    "Opioids",
                    "Pain",
                ),
                (),
            ),
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain "
            "(Chronic, Acute), Opioids.",
            (
                NON_MTUS,
                "Official Disability Guidelines (ODG)",
                ("Pain (Chronic, Acute)", "Opioids"),
                (),
            ),
        ),
        (
            "Other Medical Treatment Guideline or Medical Evidence:\nUpToDate, Flexeril",
            (OTHER, None, ("UpToDate", "Flexeril"), ()),
        ),
    ],
    ids=[
        "mtus-page-word",
        "mtus-semicolon-pages",
        "mtus-wrapped-page-range",
        "acoem-chapter",
        "single-page",
        "mtus-no-topics-comma-pages",
        "mtus-title-only",
        "topic-with-colon",
        "non-mtus-parenthesized-topics",
        "comma-inside-parentheses",
        "other-evidence",
    ],
)
def test_one_clause(text: str, expected: tuple[object, ...]) -> None:
    (citation,) = read(text)
    assert values(citation) == expected
    assert text[citation.span.start : citation.span.end].rstrip(".") == text.rstrip(".")


def test_clauses_are_read_in_the_order_written() -> None:
    text = (
        "Decision based on MTUS Chronic Pain Treatment Guidelines\n"
        "Cyclobenzaprine, Page(s): 41-42.  Decision based on Non-MTUS Citation Official "
        "Disability Guidelines (ODG) Pain,\nCyclobenzaprine (Flexeril®)   Other Medical "
        "Treatment Guideline or Medical Evidence:\nUpToDate, Flexeril"
    )
    kinds = [c.kind for c in read(text)]
    assert kinds == [MTUS, NON_MTUS, OTHER]
    assert read(text)[1].topics == ("Pain", "Cyclobenzaprine (Flexeril®)")


def test_a_clause_final_period_is_not_part_of_the_last_topic() -> None:
    (citation,) = read(
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain."
    )
    assert citation.topics == ("Pain",)


def test_a_page_list_without_pages_is_a_syntax_error() -> None:
    with pytest.raises(lark.UnexpectedInput):
        read("Decision based on MTUS Chronic Pain Treatment Guidelines Opioids, Page(s): .")
