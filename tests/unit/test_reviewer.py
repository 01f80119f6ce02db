"""The statement about the reviewer: qualifications read clause by clause."""

from __future__ import annotations

import random

import pytest

import imrparse
from imrparse import Template
from imrparse.testing import Layout, Letter, random_letter, render
from letters import example

EXAMPLE = example("issues_decisions_rationales")
STATEMENT = EXAMPLE[EXAMPLE.index("MAXIMUS Federal") : EXAMPLE.index("\n\nCLINICAL CASE SUMMARY")]
OPENING = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no\n"
    "affiliation with the employer, employee, providers or the claims administrator."
)
CLOSING = "The expert reviewer was selected based on his/her clinical experience."


def with_statement(statement: str) -> str:
    """The example letter with another statement about the reviewer."""
    return EXAMPLE.replace(STATEMENT, statement)


def reviewer(qualifications: str, *, strict: bool = True) -> imrparse.Reviewer:
    det = imrparse.loads(with_statement(f"{OPENING} {qualifications} {CLOSING}"), strict=strict)
    assert det.warnings == ()
    return det.reviewer


def fields(r: imrparse.Reviewer) -> tuple[object, ...]:
    return (
        r.board_certifications,
        r.subspecialties,
        r.licensed_states,
        r.min_years_in_practice,
        r.min_hours_per_week,
    )


SAMPLE = (
    "The expert reviewer is Board Certified in Internal Medicine, has a subspecialty in "
    "Nephrology and is licensed to practice in California. He/she has been in active clinical "
    "practice for more than five years and is currently working at least 24 hours a week in "
    "active practice."
)
READ = (("Internal Medicine",), ("Nephrology",), ("California",), 5, 24)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", READ),
        ("Board Certified", "Board-Certified", READ),
        ("Board Certified", "board-certified", READ),
        ("Board Certified", "BOARD CERTIFIED", READ),
        ("is Board", "is also Board", READ),
        ("has a subspecialty in", "has subspecialties in", READ),
        ("has a subspecialty in", "has a sub-specialty in", READ),
        ("has a subspecialty in", "and has a subspecialty in", READ),
        (", has a subspecialty in", " with a subspecialty in", READ),
        ("Nephrology and is licensed", "Nephrology. He/she is licensed", READ),
        ("Nephrology and is licensed", "Nephrology.\nHe/she is licensed", READ),
        ("Nephrology and is licensed", "Nephrology, and is licensed", READ),
        ("Internal Medicine,", "Internal\nMedicine,", READ),
        ("more than five years", "more than fourteen years",
         (*READ[:3], 14, 24)),
        ("more than five years", "more than twenty-five years",
         (*READ[:3], 25, 24)),
        ("more than five years", "more than Twenty Five years",
         (*READ[:3], 25, 24)),
        ("more than five years", "more than 25 years", (*READ[:3], 25, 24)),
        ("more than five years", "over five years", READ),
        ("more than five years", "at least 5 years", READ),
        ("more than five years", "more than five (5) years", READ),
        ("more than five years", "more than 5+ years", READ),
        ("at least 24 hours", "at least twenty-four hours", READ),
        ("at least 24 hours", "at least sixteen hours", (*READ[:4], 16)),
        ("24 hours a week", "24 hours per week", READ),
        ("24 hours a week", "24 hours weekly", READ),
        ("in California", "in the State of California", READ),
        ("in California", "in CA", READ),
        ("in California", "in Ohio and the District of Columbia",
         (*READ[:2], ("Ohio", "District of Columbia"), 5, 24)),
        ("in California", "in California, Nevada, and Arizona",
         (*READ[:2], ("California", "Nevada", "Arizona"), 5, 24)),
        ("in California", "in California; Nevada and\nArizona",
         (*READ[:2], ("California", "Nevada", "Arizona"), 5, 24)),
        ("Nephrology", "Nephrology, Sports Med.",
         (READ[0], ("Nephrology", "Sports Med."), *READ[2:])),
        ("Internal Medicine,", "Internal Medicine, Pediatrics,",
         (("Internal Medicine", "Pediatrics"), *READ[1:])),
        (" and is currently working at least 24 hours a week in active practice", "",
         (*READ[:4], None)),
    ],
)  # fmt: skip
def test_qualifications_in_other_wordings_are_read(
    old: str, new: str, expected: tuple[object, ...]
) -> None:
    assert old in SAMPLE
    assert fields(reviewer(SAMPLE.replace(old, new))) == expected


def test_clauses_are_read_in_any_order_and_any_sentence() -> None:
    statement = (
        "He/she is licensed to practice in Oregon. The expert reviewer is currently working at "
        "least 30 hours a week and has been in active clinical practice for more than 12 years. "
        "The expert reviewer has a subspecialty in Hand Surgery and is Board Certified in "
        "Orthopaedic Surgery."
    )
    expected = (("Orthopaedic Surgery",), ("Hand Surgery",), ("Oregon",), 12, 30)
    assert fields(reviewer(statement)) == expected


def test_a_statement_ending_without_full_stop_is_read() -> None:
    statement = "The expert reviewer is Board Certified in Neurology"
    assert imrparse.loads(with_statement(statement)).reviewer.board_certifications == ("Neurology",)


def test_a_statement_without_qualifications_is_warned_about_in_both_modes() -> None:
    text = with_statement(f"{OPENING} {CLOSING}")
    for strict in (True, False):
        det = imrparse.loads(text, strict=strict)
        (warning,) = det.warnings
        assert warning.code == "qualifications_not_read"
        assert warning.span == det.reviewer.span
        assert fields(det.reviewer) == ((), (), (), None, None)
        assert det.reviewer.text.startswith("MAXIMUS Federal Services")


def test_qualifications_in_unknown_wording_stay_in_the_text() -> None:
    statement = "The expert reviewer is a diplomate of the American Board of Surgery."
    det = imrparse.loads(with_statement(statement))
    assert [w.code for w in det.warnings] == ["qualifications_not_read"]
    assert det.reviewer.text == statement


def test_a_clause_without_a_readable_number_is_an_unreadable_value() -> None:
    text = with_statement(SAMPLE.replace("more than five years", "over a decade"))
    with pytest.raises(imrparse.ParseError, match="no number of years"):
        imrparse.loads(text, strict=True)
    det = imrparse.loads(text, strict=False)
    (warning,) = det.warnings
    assert warning.code == "unreadable_value"
    assert det.text[warning.span.start : warning.span.end].startswith("He/she has been")
    assert fields(det.reviewer) == (*READ[:3], None, 24)


def test_a_count_of_thousands_of_digits_is_unreadable_not_an_error() -> None:
    text = with_statement(SAMPLE.replace("five years", f"{'9' * 5000} years"))
    det = imrparse.loads(text, strict=False)
    assert [w.code for w in det.warnings] == ["unreadable_value"]
    assert det.reviewer.min_years_in_practice is None


def test_a_long_run_of_spaces_inside_a_clause_is_read() -> None:
    statement = SAMPLE.replace("Internal Medicine", "Internal" + " " * 5000 + "Medicine")
    assert fields(reviewer(statement)) == READ


@pytest.mark.parametrize(
    ("template", "subject"),
    [(Template.NOTICE_2013, "The physician reviewer"),
     (Template.PROFESSIONAL_REVIEW, "The professional reviewer")],
)  # fmt: skip
def test_every_template_reads_the_clauses(template: Template, subject: str) -> None:
    text = example(template.value)
    start = text.index(f"{subject} is Board")
    end = text.index(".", text.index("licensed to practice", start)) + 1
    qualification = (
        f"{subject} is board-certified in Neurology. He/she is licensed to practice in NY."
    )
    det = imrparse.loads(text[:start] + qualification + text[end:])
    assert det.template is template
    assert det.reviewer.board_certifications == ("Neurology",)
    assert det.reviewer.licensed_states == ("New York",)


@pytest.mark.parametrize(
    ("template", "subject", "other"),
    [(Template.NOTICE_2013, "The physician reviewer", "The expert reviewer is"),
     (Template.PROFESSIONAL_REVIEW, "The professional reviewer", "The expert reviewer")],
    ids=["notice_2013", "professional_review"],
)  # fmt: skip
@pytest.mark.parametrize("varied", [False, True], ids=["sample", "varied"])
def test_a_template_names_its_reviewer_in_every_wording(
    template: Template, subject: str, other: str, varied: bool
) -> None:
    for seed in range(40):
        rng = random.Random(seed)
        letter = random_letter(rng, template=template, varied=varied)
        text = " ".join(render(letter, rng=rng, varied=varied).split())
        assert f"{subject} is " in text, seed
        assert other not in text, seed


@pytest.mark.parametrize("template", list(Template), ids=lambda t: t.value)
def test_letters_in_varied_wordings_parse_back_to_their_values(template: Template) -> None:
    for seed in range(40):
        rng = random.Random(seed)
        letter = random_letter(rng, template=template, varied=True, max_items=4)
        det = imrparse.loads(render(letter, Layout.BLANK_LINE, rng=rng, varied=True))
        assert det.warnings == ()
        assert Letter.from_determination(det) == letter, seed
