"""Value readers: dates, ages, strengths, states, page ranges, conclusions."""

from __future__ import annotations

import datetime

import pytest

from imrparse import Medication, PageRange, Sex
from imrparse import _fields as fields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 18 2013", datetime.date(2013, 7, 18)),
        ("July 18, 2013", datetime.date(2013, 7, 18)),
        ("Sept. 3rd, 2014", datetime.date(2014, 9, 3)),
        ("6/12/09", datetime.date(2009, 6, 12)),
        ("06/12/1999", datetime.date(1999, 6, 12)),
        ("6-12-2009", datetime.date(2009, 6, 12)),
        ("2013-07-18", datetime.date(2013, 7, 18)),
        ("Smarch 3 2014", None),
    ],
)
def test_read_date(text: str, expected: datetime.date | None) -> None:
    assert fields.read_date(text) == expected


def test_two_digit_years_pivot_at_fifty_whatever_the_day() -> None:
    assert fields.read_date("1/2/49") == datetime.date(2049, 1, 2)
    assert fields.read_date("1/2/50") == datetime.date(1950, 1, 2)


def test_an_impossible_date_is_an_error() -> None:
    with pytest.raises(ValueError):
        fields.read_date("2/30/2013")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The case involves a 33 year old male who sustained an industrial injury on July 18 "
         "2013 involving his neck.", datetime.date(2013, 7, 18)),
        ("This is a 34-year-old male with a 6/12/09 date of injury, when he fell.",
         datetime.date(2009, 6, 12)),
        ("Seen on 8/8/14. She has a date of injury of 1/2/2012.", datetime.date(2012, 1, 2)),
        ("DOI: 3/4/10. Seen 5/5/15.", datetime.date(2010, 3, 4)),
        ("Seen on 8/8/14 for neck pain.", None),
    ],
    ids=["worded", "before-date-of-injury", "date-of-injury-of", "doi", "none"],
)  # fmt: skip
def test_read_date_of_injury(text: str, expected: datetime.date | None) -> None:
    assert fields.read_date_of_injury(text) == expected


def test_an_impossible_date_of_injury_is_an_error() -> None:
    with pytest.raises(ValueError, match="2/30/2013"):
        fields.read_date_of_injury("She was injured on 2/30/2013 and again on 3/1/2013.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The case involves a 33 year old male who", (33, Sex.MALE)),
        ("This is a 34-year-old male with", (34, Sex.MALE)),
        ("a 52-year-old woman", (52, Sex.FEMALE)),
        ("The patient is 61 years old. She reports pain.", (61, None)),
        ("The injured worker is a female nurse.", (None, Sex.FEMALE)),
        ("No age here.", (None, None)),
    ],
)
def test_read_patient(text: str, expected: tuple[int | None, Sex | None]) -> None:
    assert fields.read_patient(text) == expected


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("Norco 5/325 MG #30", Medication(name="Norco", strength="5/325 mg", quantity=30)),
        ("Cyclobenzaprine 10mg #60", Medication(name="Cyclobenzaprine", strength="10 mg",
                                                quantity=60)),
        ("Cyclobenzaprine Hydrochloride 5 MG #30",
         Medication(name="Cyclobenzaprine Hydrochloride", strength="5 mg", quantity=30)),
        ("Lidoderm 5% patch", Medication(name="Lidoderm", strength="5%", quantity=None)),
        ("Fentanyl 25mcg/hr #10", Medication(name="Fentanyl", strength="25 mcg", quantity=10)),
        ("Omeprazole #60", Medication(name="Omeprazole", strength=None, quantity=60)),
        ("Follow-up visit with an orthopedic specialist", None),
        ("Physical therapy sessions #12", None),
        ("MRI of the lumbar spine", None),
    ],
)  # fmt: skip
def test_read_medication(request_text: str, expected: Medication | None) -> None:
    assert fields.read_medication(request_text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("CA", "California"), ("West Virginia", "West Virginia"), ("ohio", "Ohio"),
     ("Ontario", "Ontario")],
)  # fmt: skip
def test_read_state(text: str, expected: str) -> None:
    assert fields.read_state(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("74-96", PageRange(74, 96)), ("46", PageRange(46, 46)), ("64-\n66", PageRange(64, 66)),
     ("41 \u2013 42", PageRange(41, 42))],
)  # fmt: skip
def test_read_page_range(text: str, expected: PageRange) -> None:
    assert fields.read_page_range(text) == expected


def test_a_page_range_that_ends_before_it_starts_is_an_error() -> None:
    with pytest.raises(ValueError):
        fields.read_page_range("96-74")


@pytest.mark.parametrize(("text", "expected"), [("5", 5), ("five", 5), ("Twenty", 20)])
def test_read_count(text: str, expected: int) -> None:
    assert fields.read_count(text) == expected


@pytest.mark.parametrize(
    ("rationale", "expected"),
    [
        ("As such, the request for Norco 5/325 mg #30 is not medically necessary.", False),
        ("Therefore, this request is medically necessary.", True),
        ("The request was not medically necessary.", False),
        ("An earlier request was not medically necessary. This one is medically necessary.",
         True),
        ("The request is considered medically necessary.", True),
        ("Guidelines support the use of this medication.", None),
        ("Whether it is medically necessary depends on function; it is not medically "
         "necessary here.", False),
    ],
)  # fmt: skip
def test_read_conclusion_reads_the_last_statement(rationale: str, expected: bool | None) -> None:
    assert fields.read_conclusion(rationale) is expected


def test_clean_joins_lines_and_hyphen_breaks() -> None:
    assert (
        fields.clean("Follow-\nup  visit\nwith a\tspecialist ")
        == "Follow-up visit with a specialist"
    )
    assert fields.clean("Low Back -\nLumbar") == "Low Back - Lumbar"


def test_reflow_keeps_paragraphs() -> None:
    assert fields.reflow("One\ntwo\n\nThree  four") == "One two\n\nThree four"
