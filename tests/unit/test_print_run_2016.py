"""The layout of the letters DWC posted in 2016-17, on a letter written in it
(``tests/golden/letters/print_run_2016.txt``)."""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs
import pytest

import imrparse
from imrparse import Priority
from letters import replaced

LETTER = (Path(__file__).parents[1] / "golden" / "letters" / "print_run_2016.txt").read_text(
    encoding="utf-8"
)


def test_the_header_table_gives_its_dates_and_priority() -> None:
    header = imrparse.loads(LETTER).header
    assert header is not None
    assert (header.case_number, header.priority) == ("CM16-0123456", Priority.STANDARD)
    assert (header.date_assigned, header.date_of_injury, header.decision_date) == (
        datetime.date(2016, 11, 14),
        datetime.date(2015, 3, 2),
        datetime.date(2016, 12, 12),
    )
    # "Application" / "Received:" is one label over two lines.
    assert header.application_date == datetime.date(2016, 11, 8)


def test_the_header_table_reads_all_labels_then_all_values() -> None:
    table = (
        "Case Number: CM16-0123456\nDate Assigned:\nDate of Injury:\nDecision Date:\n"
        "UR Denial Date:\nPriority:\nApplication\nReceived:\n"
        "11/14/2016\n03/02/2015\n12/12/2016\n11/01/2016\nStandard\n11/08/2016\n"
    )
    text = table + LETTER[LETTER.index("\n\nHOW THE IMR") :]
    det = imrparse.loads(text)
    assert det.warnings == ()
    row_by_row = imrparse.loads(LETTER).header
    assert det.header is not None and row_by_row is not None
    assert attrs.evolve(det.header, span=row_by_row.span) == row_by_row


def test_credentials_give_states_and_boards_an_item_wrapped_over_lines_is_one() -> None:
    reviewer = imrparse.loads(LETTER).reviewer
    assert reviewer is not None
    assert reviewer.licensed_states == ("California", "Oregon")
    assert reviewer.board_certifications == (
        "Physical Medicine & Rehabilitation",
        "Public Health & General Preventive Medicine",
    )
    assert (reviewer.min_years_in_practice, reviewer.min_hours_per_week) == (5, 24)


def test_a_board_the_statement_and_the_credentials_both_name_is_one() -> None:
    text = replaced(
        LETTER,
        "He/she has been\nin active",
        "The expert reviewer is Board Certified in Physical Medicine & Rehabilitation.\n"
        "He/she has been\nin active",
    )
    reviewer = imrparse.loads(text).reviewer
    assert reviewer is not None
    assert reviewer.board_certifications == (
        "Physical Medicine & Rehabilitation",
        "Public Health & General Preventive Medicine",
    )


def test_every_decision_of_the_example_is_read_with_its_citations() -> None:
    det = imrparse.loads(LETTER)
    assert det.warnings == ()
    norco, mri, brace = det.decisions
    assert (norco.request, norco.original_request, norco.authorized) == (
        "Norco 10/325mg #45",
        "Norco 10/325mg #90",
        "Norco 10/325mg #45",
    )
    assert [(c.guideline, c.edition, c.topics) for c in norco.reviewer_basis] == [
        (
            "Chronic Pain Medical Treatment",
            2016,
            ("Opioids, criteria for use", "Opioids, long-term assessment"),
        )
    ]
    # A request after a rationale with no empty line, labels right after it.
    assert mri.request == "MRI of the lumbar spine without contrast"
    assert mri.claims_administrator_basis == ()
    assert [(c.guideline, c.topics, c.pages) for c in mri.reviewer_basis] == [
        ("Low Back Complaints", ("Special Studies", "Summary"), ()),
        (
            "Forearm, Wrist, and Hand Complaints",
            ("Special Studies",),
            (imrparse.PageRange(268, 268),),
        ),
    ]
    # The outcome alone on the next line; a colon inside the request.
    assert (brace.request, brace.outcome) == (
        "Associated surgical service: Right wrist brace, purchase",
        imrparse.Outcome.OVERTURNED,
    )
    assert [c.kind.value for c in brace.reviewer_basis] == ["non_mtus", "other"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # a chapter title with commas, known with its "(updated ...)" and "ODG"
        ("(ODG), Forearm, Wrist, and hand (updated 11/23/16), MRI's (magnetic resonance imaging)",
         ("Official Disability Guidelines (ODG)", None,
          ("Forearm, Wrist, and hand (updated 11/23/16)", "MRI's (magnetic resonance imaging)"))),
        ("(ODG), Shoulder, Physical therapy; ODG Forearm, Wrist and Hand (updated 12/20/16), "
         "Splints",
         ("Official Disability Guidelines (ODG)", None,
          ("Shoulder", "Physical therapy", "ODG Forearm, Wrist and Hand (updated 12/20/16)",
           "Splints"))),
        # a colon or a dash after the guideline's name is no part of a topic
        (": Low Back - Lumbar & Thoracic (Acute & Chronic) Chapter",
         ("Official Disability Guidelines", None,
          ("Low Back - Lumbar & Thoracic (Acute & Chronic) Chapter",))),
        ("- Physical Medicine Guidelines",
         ("Official Disability Guidelines", None, ("Physical Medicine Guidelines",))),
        # semicolons separate topics as commas do
        ("(ODG), Low Back, Electrodiagnostic Studies (EDS); Nerve Conduction Studies (NCS)",
         ("Official Disability Guidelines (ODG)", None,
          ("Low Back", "Electrodiagnostic Studies (EDS)", "Nerve Conduction Studies (NCS)"))),
        # the year of the edition, alone after the name
        ("(ODG), 2016, Neck and Upper Back, CT (computed tomography)",
         ("Official Disability Guidelines (ODG)", 2016,
          ("Neck and Upper Back", "CT (computed tomography)"))),
        # a year that begins a topic stays in it
        ("(ODG), 2016 update, Neck and Upper Back",
         ("Official Disability Guidelines (ODG)", None, ("2016 update", "Neck and Upper Back"))),
    ],
)  # fmt: skip
def test_non_mtus_topics(clause: str, expected: tuple[str, int | None, tuple[str, ...]]) -> None:
    text = replaced(
        LETTER,
        "(ODG), Forearm, Wrist, & Hand (updated 11/23/16), Splints and Other Medical Treatment\n"
        "Guidelines www.mdguidelines.com.",
        f"{clause}.",
    )
    det = imrparse.loads(text)
    assert det.warnings == ()
    (citation,) = det.decisions[2].reviewer_basis
    assert (citation.guideline, citation.edition, citation.topics) == expected


def test_text_before_the_header_lies_in_the_first_section() -> None:
    """A label and prose before the header table fit no slot: they are
    reported and belong to the header's section, as every character of the
    text belongs to a section."""
    import mutations

    det = imrparse.loads("Decision rationale:\n\nA stray paragraph.\n\n" + LETTER)
    mutations.check_determination(det)
    assert det.sections[0].title == "" and det.sections[0].span.start == 0
    assert [w.code for w in det.warnings] == ["unplaced_text", "unplaced_text"]
    assert det.header is not None and det.header.case_number == "CM16-0123456"
    assert len(det.decisions) == 3


def test_a_page_after_a_numbered_section_is_a_page() -> None:
    text = replaced(
        LETTER, "Indications for Tapering Opioids.", "Indications for Tapering Opioids, 80."
    )
    (citation,) = imrparse.loads(text).decisions[0].claims_administrator_basis
    assert citation.topics == ("4.1 Tapering Opioids: Indications for Tapering Opioids",)
    assert citation.pages == (imrparse.PageRange(80, 80),)


def test_a_heading_wrapped_onto_a_second_line_is_one_heading() -> None:
    text = replaced(
        LETTER, "IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES, DECISIONS AND\nRATIONALES"
    )
    det = imrparse.loads(text)
    assert det.warnings == ()
    assert [s.title for s in det.sections][-1] == "IMR ISSUES, DECISIONS AND RATIONALES"
    assert [d.request for d in det.decisions] == [
        d.request for d in imrparse.loads(LETTER).decisions
    ]


def test_heading_words_over_three_lines_are_no_heading() -> None:
    text = replaced(
        LETTER, "IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES,\nDECISIONS AND\nRATIONALES"
    )
    det = imrparse.loads(text)
    assert "IMR ISSUES, DECISIONS AND RATIONALES" not in [s.title for s in det.sections]
    assert any(w.code == "section_missing" for w in det.warnings)
