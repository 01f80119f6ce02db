"""Value readers: dates, ages, strengths, states, page ranges, conclusions."""

from __future__ import annotations

import datetime

import attrs
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
        ("Patient is a 50 y/o male, DOI: 5/5/05", (50, Sex.MALE)),
        ("a 47 y.o. female", (47, Sex.FEMALE)),
        ("a 61 yr old man", (61, Sex.MALE)),
        ("a 39 yo female", (39, Sex.FEMALE)),
        ("The applicant, 45 years of age, is a female", (45, Sex.FEMALE)),
        ("for 12 years. She is a male nurse's colleague", (None, Sex.MALE)),
        ("The patient is 61 years old. She reports pain.", (61, None)),
        ("The injured worker is a female nurse.", (None, Sex.FEMALE)),
        ("No age here.", (None, None)),
    ],
)
def test_read_patient(text: str, expected: tuple[int | None, Sex | None]) -> None:
    assert fields.read_patient(text) == expected


def drug(name: str, strength: str | None = None, quantity: int | None = None) -> Medication:
    return Medication(name=name, strength=strength, quantity=quantity)


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        # drugs: name, strength, quantity
        ("Norco 5/325 MG #30", drug("Norco", "5/325 mg", 30)),
        ("Cyclobenzaprine 10mg #60", drug("Cyclobenzaprine", "10 mg", 60)),
        ("Cyclobenzaprine Hydrochloride 5 MG #30",
         drug("Cyclobenzaprine Hydrochloride", "5 mg", 30)),
        ("Norco 10/325 #120", drug("Norco", "10/325", 120)),
        ("Norco 7.5/325 #90", drug("Norco", "7.5/325", 90)),
        ("Norco 10-325mg #60", drug("Norco", "10/325 mg", 60)),
        ("Duexis 800-26.6mg #90", drug("Duexis", "800/26.6 mg", 90)),
        ("Norco 10 / 325 mg #60", drug("Norco", "10/325 mg", 60)),
        ("Norco 10/325mg, #120", drug("Norco", "10/325 mg", 120)),
        ("Norco 10/325mg 1-2 tabs q4-6h #120", drug("Norco", "10/325 mg", 120)),
        ("Norco 5/325 mg quantity 30", drug("Norco", "5/325 mg", 30)),
        ("Norco 5/325 mg Qty: 30", drug("Norco", "5/325 mg", 30)),
        ("Norco #120", drug("Norco", None, 120)),
        ("Omeprazole #60", drug("Omeprazole", None, 60)),
        ("Omeprazole 20mg, 1 tablet twice daily #60", drug("Omeprazole", "20 mg", 60)),
        ("Ultram ER 150mg #30", drug("Ultram ER", "150 mg", 30)),
        ("Prilosec DR 20 mg", drug("Prilosec DR", "20 mg")),
        ("Gabapentin 600mg #90 with 3 refills", drug("Gabapentin", "600 mg", 90)),
        ("Zolpidem 10 mg at bedtime #30", drug("Zolpidem", "10 mg", 30)),
        ("Vitamin B12 1000 mcg", drug("Vitamin B12", "1000 mcg")),
        ("Vitamin D 50,000 IU #12", drug("Vitamin D", "50,000 iu", 12)),
        ("Medrol dose pack 4 mg #21", drug("Medrol dose pack", "4 mg", 21)),
        # item numbers and lead-ins before the name
        ("(1) Norco 5/325 MG #30", drug("Norco", "5/325 mg", 30)),
        ("1. Norco 5/325 MG #30", drug("Norco", "5/325 mg", 30)),
        ("1 prescription of Norco 10/325mg #120", drug("Norco", "10/325 mg", 120)),
        ("Retrospective Norco 10/325mg #120 (DOS 1/2/14)", drug("Norco", "10/325 mg", 120)),
        ("Retrospective request: Norco 10/325 #120", drug("Norco", "10/325", 120)),
        ("Post-op Percocet 5/325mg", drug("Percocet", "5/325 mg")),
        ("30 day supply of Norco 10/325 #120", drug("Norco", "10/325", 120)),
        ("one month supply of Trezix capsule 30.5/30/16mg",
         drug("Trezix capsule", "30.5/30/16 mg")),
        # a known drug named without strength or quantity
        ("Post-op Zofran", drug("Zofran")),
        ("Zofran", drug("Zofran")),
        ("Toradol injection", None),
        ("A 30-day supply of Norco 10/325 #90", drug("Norco", "10/325", 90)),
        ("Trigger point injection: lidocaine", None),
        ("Consultation: pain management for Norco", None),
        # topicals, patches, injections
        ("Lidoderm 5% patch", drug("Lidoderm", "5%")),
        ("Lidoderm 5% patch #30", drug("Lidoderm", "5%", 30)),
        ("Capsaicin 0.075% cream", drug("Capsaicin", "0.075%")),
        ("Terocin lotion 120 ml", drug("Terocin lotion", "120 ml")),
        ("Lidopro ointment 4 oz", drug("Lidopro ointment", "4 oz")),
        ("Fentanyl 25mcg/hr #10", drug("Fentanyl", "25 mcg/hr", 10)),
        ("Butrans 10 mcg/hr patch #4", drug("Butrans", "10 mcg/hr", 4)),
        ("Ketorolac 30 mg/ml injection", drug("Ketorolac", "30 mg/ml")),
        ("Toradol 60 mg IM injection", drug("Toradol", "60 mg")),
        # compounds: the product's name, the first strength outside parentheses
        ("Fluriflex (Flurbiprofen 15%/Cyclobenzaprine 10%) 180gm",
         drug("Fluriflex", "180 g")),
        ("Fluriflex (Flurbiprofen 15%/Cyclobenzaprine 10%)", drug("Fluriflex")),
        ("Norco (hydrocodone/APAP) 10/325mg #120", drug("Norco", "10/325 mg", 120)),
        ("Norco (10/325 mg) #120", drug("Norco", "10/325 mg", 120)),
        ("Ketoprofen 20%/Lidocaine 5% cream 120 gm", drug("Ketoprofen", "20%")),
        ("Compound cream: Flurbiprofen 20%, Lidocaine 5% 180 grams",
         drug("Flurbiprofen", "20%")),
        # services, with numbers or without
        ("Follow-up visit with an orthopedic specialist", None),
        ("Physical therapy sessions #12", None),
        ("Physical therapy 2x6 for the lumbar spine #12", None),
        ("Physical therapy 2/week for 6 weeks", None),
        ("12 sessions of physical therapy", None),
        ("MRI of the lumbar spine", None),
        ("Urine drug screen #1", None),
        ("TENS unit #1", None),
        ("Home exercise kit #1", None),
        ("Lumbar support #1", None),
        ("Wrist braces #2", None),
        ("Hot/cold pack #1", None),
        ("DME: cold therapy unit rental x 30 days", None),
        ("Diabetic supplies #100", None),
        ("Trigger point injections with 1% lidocaine #4", None),
        ("Lumbar epidural steroid injection at L4-L5 and L5-S1", None),
    ],
)  # fmt: skip
def test_read_medication(request_text: str, expected: Medication | None) -> None:
    assert as_written(fields.read_medication(request_text)) == expected


def as_written(medication: Medication | None) -> Medication | None:
    """The medication as its request line writes it: without the drug resolved."""
    return medication and attrs.evolve(medication, generics=(), drug_class=None)


def test_a_quantity_of_thousands_of_digits_is_not_read() -> None:
    medication = fields.read_medication("Norco 5/325 MG #" + "9" * 5000)
    assert as_written(medication) == drug("Norco", "5/325 mg", None)


def test_a_date_is_no_combination_strength() -> None:
    assert as_written(fields.read_medication("Norco (DOS 1/2/14) #30")) == drug("Norco", None, 30)


def test_read_medication_resolves_the_drug() -> None:
    medication = fields.read_medication("Norco 10/325mg #120")
    assert medication is not None
    assert (medication.generics, medication.drug_class) == (
        ("hydrocodone", "acetaminophen"),
        "Opioids",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("CA", "California"), ("West Virginia", "West Virginia"), ("ohio", "Ohio"),
     ("Ontario", "Ontario"), ("the State of California", "California"),
     ("State of Ohio", "Ohio"), ("the District of Columbia", "District of Columbia"),
     ("D.C.", "District of Columbia"), ("the Commonwealth of Pennsylvania", "Pennsylvania"),
     ("New\nYork", "New York"), ("the Netherlands", "the Netherlands")],
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


def test_a_page_number_of_thousands_of_digits_is_an_error_that_says_so() -> None:
    with pytest.raises(ValueError, match="too large"):
        fields.read_page_range("9" * 5000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5", 5), ("024", 24), ("five", 5), ("Twenty", 20), ("thirteen", 13), ("fourteen", 14),
     ("sixteen", 16), ("nineteen", 19), ("twenty-five", 25), ("Twenty Five", 25),
     ("ninety-nine", 99), ("forty", 40), ("zero", 0)],
)  # fmt: skip
def test_read_number(text: str, expected: int) -> None:
    assert fields.read_number(text) == expected


@pytest.mark.parametrize("text", ["1000", "ten-five", "twenty-twenty", "many", "five-"])
def test_read_number_rejects_what_is_no_number(text: str) -> None:
    with pytest.raises(ValueError):
        fields.read_number(text)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("more than five years", "years", 5),
        ("over 25 years", "years", 25),
        ("for more than fourteen years", "years", 14),
        ("more than twenty-five years", "years", 25),
        ("more than five (5) years", "years", 5),
        ("more than 5+ years", "years", 5),
        ("one year", "years", 1),
        ("at least twenty-four hours a week", "hours", 24),
        ("at least 24 hours weekly", "hours", 24),
        ("at least 16 hrs per week", "hours", 16),
        ("at least 24-hours a week", "hours", 24),
        ("more than a decade", "years", None),
        ("since 1998", "years", None),
        ("five hours", "years", None),
        ("5,000 years", "years", None),
        ("1234 years", "years", None),
        (f"{'9' * 5000} years", "years", None),
        ("attention for ten years", "years", 10),
        ("often years", "years", None),
    ],
)  # fmt: skip
def test_read_count(text: str, unit: str, expected: int | None) -> None:
    assert fields.read_count(text, fields.UNITS[unit]) == expected


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
        # negated verb phrases
        ("Therefore, the request cannot be considered medically necessary.", False),
        ("The request can not be considered medically necessary.", False),
        ("The request was not found to be medically necessary.", False),
        ("The request would not be medically necessary.", False),
        ("The request has not been established as medically necessary.", False),
        ("The request is not considered medically necessary.", False),
        ("The request is no longer medically necessary.", False),
        ("Such a request is never medically necessary.", False),
        ("The request isn't medically necessary.", False),
        ("The request isn\u2019t medically necessary.", False),
        ("The request is, therefore, not medically necessary at this time.", False),
        ("The request is not medically necessary and appropriate.", False),
        ("The MRI is not supported by the provided records as being medically necessary "
         "at this time.", False),
        ("The request cannot be supported as medically necessary.", False),
        # affirmative ones
        ("The request is medically necessary and appropriate.", True),
        ("The request is deemed medically necessary.", True),
        ("The request has been established as medically necessary.", True),
        ("The request was found to be medically necessary.", True),
        ("The request is reasonable and medically necessary.", True),
        ("The request is supported as medically necessary.", True),
        ("The patient has not responded to conservative care and the surgery is therefore "
         "recommended as medically necessary.", True),
        ("As the patient has not completed any therapy the request is supported as medically "
         "necessary.", True),
        ("Although not all criteria are met, the request is supported as medically "
         "necessary.", True),
        ("The requests are medically necessary.", True),
        ("Norco, which is not recommended for long-term use, is medically necessary here.",
         True),
        # questions and doubts conclude nothing
        ("It is unclear whether the request is medically necessary.", None),
        ("There is no documentation that continued use of Naproxen is medically necessary.",
         None),
        ("There is no clear evidence that the brace is medically necessary.", None),
        ("If pain persists, a second injection is medically necessary.", None),
        ("Medically necessary care is defined in the regulations.", None),
        ("The request is not medically necessary. It is unclear whether more would be "
         "medically necessary.", False),
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
    # Only a hyphen after a letter or digit joins the lines without a space.
    assert fields.clean("5-\n10 mg") == "5-10 mg"
    assert fields.clean("(ODG)-\nPain") == "(ODG)- Pain"


def test_reflow_keeps_paragraphs() -> None:
    assert fields.reflow("One\ntwo\n\nThree  four") == "One two\n\nThree four"


@pytest.mark.parametrize(
    ("pieces", "sections", "expected"),
    [
        (["NSAIDs", "GI symptoms & cardiovascular risk", "and Opioids", "dosing."], True,
         ["NSAIDs, GI symptoms & cardiovascular risk", "Opioids, dosing"]),
        # a topic keeps its final period: "U.S." is an abbreviation
        (["UpToDate", "U.S."], False, ["UpToDate", "U.S."]),
        (["Special Studies", "Summary", "and Elbow"], False,
         ["Special Studies", "Summary", "Elbow"]),
        (["Pain", "Suffering", "and the Restoration of Function Chapter"], False,
         ["Pain, Suffering, and the Restoration of Function Chapter"]),
        # numbered MTUS sections run on to the next number; a page is no number
        (["3.3.1.2 Opioids: Screening for Risk of Addiction or Adverse Events",
          "Prior to Chronic Opioid Treatment: Screening for Alcohol Misuse/Abuse",
          "3.3.6 Opioids: Use of Urine Drug Testing (UDT)"], True,
         ["3.3.1.2 Opioids: Screening for Risk of Addiction or Adverse Events, Prior to Chronic "
          "Opioid Treatment: Screening for Alcohol Misuse/Abuse",
          "3.3.6 Opioids: Use of Urine Drug Testing (UDT)"]),
        (["3. Opioids: Risk", "Benefits", "and Harms", "4.1 Tapering Opioids"], True,
         ["3. Opioids: Risk, Benefits, and Harms", "4.1 Tapering Opioids"]),
        (["326", "Diagnostic Criteria"], True, ["326", "Diagnostic Criteria"]),
        (["4.1 Tapering Opioids: Indications for Tapering Opioids", "80"], True,
         ["4.1 Tapering Opioids: Indications for Tapering Opioids", "80"]),
        # topics are not numbered titles: "12 visits" is no section number
        (["12 visits", "Physical Medicine"], False, ["12 visits", "Physical Medicine"]),
    ],
)  # fmt: skip
def test_join_titles(pieces: list[str], sections: bool, expected: list[str]) -> None:
    assert fields.join_titles(pieces, sections=sections) == expected
