"""The guideline-basis grammar, one paragraph at a time (the field grammar's
start rule ``citations``, as a guideline paragraph of a letter is read)."""

from __future__ import annotations

import pytest

from imrparse import Citation, CitationKind, PageRange, Template
from imrparse._grammar import fields_parser
from imrparse._transform import FieldBuilder

MTUS, NON_MTUS, OTHER = CitationKind.MTUS, CitationKind.NON_MTUS, CitationKind.OTHER


def read_warning(text: str) -> tuple[tuple[Citation, ...], list[str]]:
    """The clauses of a basis paragraph and the codes of the warnings reading it gave."""
    tree = fields_parser().parse(text, start="citations")
    builder = FieldBuilder(text, Template.ISSUES_DECISIONS_RATIONALES)
    citations = builder.transform(tree)
    assert isinstance(citations, tuple)
    return citations, [w.code for w in builder.warnings]


def read(text: str) -> tuple[Citation, ...]:
    citations, warnings = read_warning(text)
    assert warnings == []
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
        # Clauses in the other wordings letters print.
        (
            "Decision based on MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12,\n"
            "pages 308-310.",
            (MTUS, "ACOEM", ("Chapter 12",), (PageRange(308, 310),)),
        ),
        (
            "Decision based on MTUS American College of Occupational and Environmental Medicine\n"
            "(ACOEM), 2nd Edition, (2004), Chapter 12 Low Back Complaints, Page(s): 303-305.",
            (MTUS, "ACOEM", ("Chapter 12 Low Back Complaints",), (PageRange(303, 305),)),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids, Page 74-96.",
            (MTUS, "Chronic Pain Treatment Guidelines", ("Opioids",), (PageRange(74, 96),)),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids, pages 74-96, 110.",
            (
                MTUS,
                "Chronic Pain Treatment Guidelines",
                ("Opioids",),
                (PageRange(74, 96), PageRange(110, 110)),
            ),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s) 74-96.",
            (MTUS, "Chronic Pain Treatment Guidelines", ("Opioids",), (PageRange(74, 96),)),
        ),
        (
            "Decision based on MTUS Post-Surgical Treatment Guidelines Knee, Page(s): 24-25.",
            (MTUS, "Post-Surgical Treatment Guidelines", ("Knee",), (PageRange(24, 25),)),
        ),
        (
            "Decision based on MTUS chronic pain medical treatment guidelines Opioids.",
            (MTUS, "chronic pain medical treatment guidelines", ("Opioids",), ()),
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines Pain, Opioids",
            (NON_MTUS, "Official Disability Guidelines", ("Pain", "Opioids"), ()),
        ),
        (
            "Decision based on Non-MTUS Citation Official Disability Guidelines Epidural steroid\n"
            "injections (ESIs)",
            (
                NON_MTUS,
                "Official Disability Guidelines",
                ("Epidural steroid injections (ESIs)",),
                (),
            ),
        ),
        (
            "Decision based on Non-MTUS Citation ODG Pain (Chronic), Opioids.",
            (NON_MTUS, "ODG", ("Pain (Chronic)", "Opioids"), ()),
        ),
        (
            "Decision based on Non-MTUS Citation U.S. Food and Drug Administration\n(FDA) Opioids",
            (NON_MTUS, "U.S. Food and Drug Administration (FDA)", ("Opioids",), ()),
        ),
        (
            "Decision based on Non-MTUS Citation ACOEM Practice Guidelines, 2nd Edition (2004),\n"
            "Chapter 7, page 127",
            (NON_MTUS, "ACOEM", ("Chapter 7",), (PageRange(127, 127),)),
        ),
        (
            "Other Medical Treatment Guideline or Medical Evidence: U.S. National Library of\n"
            "Medicine, MedlinePlus.",
            (OTHER, None, ("U.S. National Library of Medicine", "MedlinePlus"), ()),
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
        "acoem-edition-chapter-pages-word",
        "acoem-by-name-edition-year",
        "page-word-without-label",
        "pages-word-without-label",
        "page-s-without-colon",
        "post-surgical-capital",
        "mtus-title-lower-case",
        "known-name-without-abbreviation",
        "known-name-then-topic-with-abbreviation",
        "known-abbreviation-alone",
        "abbreviation-with-periods",
        "non-mtus-acoem-edition",
        "other-evidence-abbreviation-with-periods",
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


@pytest.mark.parametrize(
    "pages",
    ["Page(s):", "Page(s): .", "Page(s):\n", "Page(s): 74-96;", "Page(s): 74-96, 80,"],
    ids=[
        "empty",
        "empty-then-full-stop",
        "empty-at-line-end",
        "trailing-semicolon",
        "trailing-comma",
    ],
)
def test_an_empty_or_open_ended_page_list_is_read(pages: str) -> None:
    text = f"Decision based on MTUS Chronic Pain Treatment Guidelines Opioids, {pages}"
    (citation,) = read(text)
    assert citation.topics == ("Opioids",)
    expected = tuple(PageRange(*r) for r in ((74, 96), (80, 80)) if str(r[0]) in pages)
    assert citation.pages == expected


def test_a_page_list_of_no_page_is_an_unreadable_value() -> None:
    text = "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids, Page(s): N/A."
    (citation,), warnings = read_warning(text)
    assert (citation.topics, citation.pages) == (("Opioids",), ())
    assert warnings == ["unreadable_value"]


def test_an_empty_page_list_is_followed_by_the_next_clause() -> None:
    text = (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids, Page(s):  Decision based"
        " on Non-MTUS Citation Official Disability Guidelines (ODG) Pain"
    )
    mtus, non_mtus = read(text)
    assert (mtus.topics, mtus.pages) == (("Opioids",), ())
    assert values(non_mtus) == (NON_MTUS, "Official Disability Guidelines (ODG)", ("Pain",), ())
