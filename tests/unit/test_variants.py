"""A battery of wordings that letters of other print runs use, each applied to
an example letter: the letter reads to the values the new wording states,
with no warning, or (where the wording is not one imrparse reads) fails or
warns at the line that holds it.

Each case replaces one passage of ``examples/<template>.txt`` and names the
values to check as ``(path, value)`` pairs, a path being attribute names and
indexes from the :class:`~imrparse.Determination` (``decisions.0.medication``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

import imrparse
from imrparse import CitationKind, Medication, PageRange, Sex
from letters import blank_line_layout, example, replaced


def _at(value: Any, path: str) -> Any:
    for step in path.split("."):
        value = value[int(step)] if step.isdigit() else getattr(value, step)
    return value


def _check(det: imrparse.Determination, expected: dict[str, Any]) -> None:
    """Each path's value is the one expected, or passes the check given for it."""
    for path, value in expected.items():
        if callable(value):
            assert value(_at(det, path)), path
        else:
            assert _at(det, path) == value, path


def _drug(
    name: str, strength: str | None, quantity: int | None
) -> Callable[[Medication | None], bool]:
    """A check of what the request line says: name, strength and quantity."""
    written = (name, strength, quantity)
    return lambda m: m is not None and (m.name, m.strength, m.quantity) == written


#: The passages of examples/issues_decisions_rationales.txt that cases replace.
STATEMENT = (
    "reviewer is Board Certified in Physical Medicine and Rehabilitation, has a subspecialty in "
    "Pain\nMedicine and is licensed to practice in California and Nevada."
)
PATIENT = (
    "The patient is a 47-year-old female who was injured on 3/14/2012 while lifting boxes at work,"
)
REQUEST = "Tramadol ER 150 mg #30:  Upheld"
CA_CLAUSE = "Decision based on MTUS Chronic Pain Treatment Guidelines\nOpioids."
PAGES = "Page(s): 76-80, 93-94."
CONCLUSION = "As such, the request for Tramadol ER 150 mg #30 is not medically necessary."

CA = "decisions.0.claims_administrator_basis.0"
MEDICATION = "decisions.0.medication"

ISSUES_CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    # The statement about the reviewer.
    "no-subspecialty": (
        STATEMENT,
        "reviewer is Board Certified in Orthopedic Surgery and is licensed to practice in\n"
        "California.",
        {
            "reviewer.board_certifications": ("Orthopedic Surgery",),
            "reviewer.subspecialties": (),
            "reviewer.licensed_states": ("California",),
        },
    ),
    "three-states": (
        STATEMENT,
        "reviewer is Board Certified in Anesthesiology, has a subspecialty in Pain Management and"
        "\nis licensed to practice in California, Texas and Florida.",
        {
            "reviewer.subspecialties": ("Pain Management",),
            "reviewer.licensed_states": ("California", "Texas", "Florida"),
        },
    ),
    "ampersand-in-a-subspecialty": (
        STATEMENT,
        "reviewer is Board Certified in Family Practice, has a subspecialty in Public Health &\n"
        "General Preventive Medicine and is licensed to practice in Oregon.",
        {"reviewer.subspecialties": ("Public Health & General Preventive Medicine",)},
    ),
    "licensed-without-a-board": (
        STATEMENT,
        "reviewer is a Licensed Chiropractor and Acupuncturist and is licensed to practice in\n"
        "California.",
        {"reviewer.board_certifications": (), "reviewer.licensed_states": ("California",)},
    ),
    "psychologist": (
        STATEMENT,
        "reviewer is a Licensed Psychologist and is licensed to practice in California.",
        {"reviewer.licensed_states": ("California",), "reviewer.min_years_in_practice": 10},
    ),
    "clause-after-other-words": (
        STATEMENT,
        "reviewer practices medicine. In addition, the reviewer is board certified in Surgery.",
        {"reviewer.board_certifications": ("Surgery",), "reviewer.licensed_states": ()},
    ),
    "he-slash-she-capitalized": (
        "He/she has been",
        "He/She has been",
        {"reviewer.min_years_in_practice": 10, "reviewer.min_hours_per_week": 20},
    ),
    "he-or-she": (
        "He/she has been",
        "He or she has been",
        {"reviewer.min_years_in_practice": 10, "reviewer.min_hours_per_week": 20},
    ),
    "years-in-figures": (
        "more than ten years",
        "more than 10 years",
        {"reviewer.min_years_in_practice": 10},
    ),
    "hours-per-week": ("20 hours a week", "24 hours per week", {"reviewer.min_hours_per_week": 24}),
    # The patient, in the case summary.
    "injured-worker-reported-an-injury": (
        PATIENT,
        "The injured worker is a 53 year old male who reported an injury on 04/10/2012 while "
        "lifting boxes at work,",
        {
            "case_summary.patient_age": 53,
            "case_summary.patient_sex": Sex.MALE,
            "case_summary.date_of_injury": datetime.date(2012, 4, 10),
        },
    ),
    "date-of-injury-of": (
        PATIENT,
        "This is a 60 year-old female with a date of injury of 2/17/2011 while lifting boxes,",
        {"case_summary.patient_age": 60, "case_summary.date_of_injury": datetime.date(2011, 2, 17)},
    ),
    "applicant-without-age": (
        PATIENT,
        "The applicant is a represented former employee who has filed a claim for chronic low back"
        "\npain reportedly associated with an industrial injury of March 7, 2013,",
        {
            "case_summary.patient_age": None,
            "case_summary.date_of_injury": datetime.date(2013, 3, 7),
        },
    ),
    "industrial-injury-dated": (
        PATIENT,
        "The patient is a 45 year old female with an industrial injury dated 11/17/2011 while "
        "lifting,",
        {"case_summary.date_of_injury": datetime.date(2011, 11, 17)},
    ),
    "y-slash-o-and-doi": (
        PATIENT,
        "Patient is a 50 y/o male, DOI: 5/5/05, while lifting boxes at work,",
        {
            "case_summary.patient_age": 50,
            "case_summary.patient_sex": Sex.MALE,
            "case_summary.date_of_injury": datetime.date(2005, 5, 5),
        },
    ),
    "gentleman-worded-date": (
        PATIENT,
        "This patient is a 44 year old gentleman who was injured on August 1, 2007 while lifting,",
        {
            "case_summary.patient_sex": Sex.MALE,
            "case_summary.date_of_injury": datetime.date(2007, 8, 1),
        },
    ),
    "woman-date-of-injury-without-of": (
        PATIENT,
        "The claimant is a 61-year-old woman with a date of injury 09/06/2007 while lifting boxes,",
        {
            "case_summary.patient_sex": Sex.FEMALE,
            "case_summary.date_of_injury": datetime.date(2007, 9, 6),
        },
    ),
    "ordinal-date": (
        "who was injured on 3/14/2012",
        "who was injured on March 14th, 2012",
        {"case_summary.date_of_injury": datetime.date(2012, 3, 14)},
    ),
    "dashed-date": (
        "who was injured on 3/14/2012",
        "who was injured on 03-14-2012",
        {"case_summary.date_of_injury": datetime.date(2012, 3, 14)},
    ),
    "capitals-line-in-the-narrative": (
        "Examination shows tenderness",
        "MRI OF THE LUMBAR SPINE DATED 4/1/2013\nExamination shows tenderness",
        {"case_summary.patient_age": 47, "decisions.1.outcome": imrparse.Outcome.OVERTURNED},
    ),
    # Request lines.
    "colon-inside-the-request": (
        REQUEST,
        "Retrospective request for Toradol 60mg IM injection (DOS: 3/4/14):  Upheld",
        {
            "decisions.0.request": (
                "Retrospective request for Toradol 60mg IM injection (DOS: 3/4/14)"
            ),
            MEDICATION: _drug("Toradol", "60 mg", None),
        },
    ),
    "prescription-of": (
        REQUEST,
        "1 prescription of Norco 10/325mg #120:  Upheld",
        {MEDICATION: _drug("Norco", "10/325 mg", 120)},
    ),
    "percent-strength": (
        REQUEST,
        "Lidoderm 5% patch #30:  Upheld",
        {MEDICATION: _drug("Lidoderm", "5%", 30)},
    ),
    "comma-before-quantity": (
        REQUEST,
        "Ultram ER 150 mg, #30:  Upheld",
        {MEDICATION: _drug("Ultram ER", "150 mg", 30)},
    ),
    "refills": (
        REQUEST,
        "Omeprazole 20mg #60 with 2 refills:  Upheld",
        {MEDICATION: _drug("Omeprazole", "20 mg", 60)},
    ),
    "directions-inside": (
        REQUEST,
        "Norco 10/325mg, 1 tablet by mouth every 6 hours, #120:  Upheld",
        {MEDICATION: _drug("Norco", "10/325 mg", 120)},
    ),
    "not-a-drug": (
        REQUEST,
        "MRI of the lumbar spine without contrast:  Upheld",
        {"decisions.0.request": "MRI of the lumbar spine without contrast", MEDICATION: None},
    ),
    "one-space-before-the-outcome": (
        REQUEST,
        "Tramadol ER 150 mg #30: Upheld",
        {"decisions.0.request": "Tramadol ER 150 mg #30"},
    ),
    "space-before-the-colon": (
        REQUEST,
        "Tramadol ER 150 mg #30 :  Upheld",
        {"decisions.0.request": "Tramadol ER 150 mg #30"},
    ),
    "tab-before-the-outcome": (
        REQUEST,
        "Tramadol ER 150 mg #30:\tUpheld",
        {"decisions.0.request": "Tramadol ER 150 mg #30"},
    ),
    "outcome-in-capitals": (
        REQUEST,
        "Tramadol ER 150 mg #30:  UPHELD",
        {"decisions.0.outcome": imrparse.Outcome.UPHELD},
    ),
    # Guideline-basis clauses.
    "acoem-with-edition": (
        CA_CLAUSE,
        "Decision based on MTUS ACOEM Practice Guidelines, 2nd Edition (2004) Chapter 12 Low\n"
        "Back Complaints, Page(s): 303-305.",
        {
            f"{CA}.guideline": "ACOEM",
            f"{CA}.topics": ("Chapter 12 Low Back Complaints",),
            f"{CA}.pages": (PageRange(303, 305),),
        },
    ),
    "acoem-page-without-s": (
        CA_CLAUSE,
        "Decision based on MTUS ACOEM Practice Guidelines, Chapter 8 Neck and Upper Back\n"
        "Complaints, Page 177-178.",
        {
            f"{CA}.topics": ("Chapter 8 Neck and Upper Back Complaints",),
            f"{CA}.pages": (PageRange(177, 178),),
        },
    ),
    "mtus-effective-date": (
        CA_CLAUSE,
        "Decision based on MTUS (Effective July 18, 2009), Chronic Pain Medical Treatment\n"
        "Guidelines, Opioids, page 74-96.",
        {
            f"{CA}.guideline": "Chronic Pain Medical Treatment Guidelines",
            f"{CA}.topics": ("Opioids",),
            f"{CA}.pages": (PageRange(74, 96),),
        },
    ),
    "mtus-part-with-its-edition": (
        CA_CLAUSE,
        "Decision based on MTUS Chronic Pain Medical Treatment Guidelines (May 2009), Opioids,\n"
        "Page(s): 74-96.",
        {
            f"{CA}.guideline": "Chronic Pain Medical Treatment Guidelines",
            f"{CA}.topics": ("Opioids",),
        },
    ),
    "mtus-without-topic": (
        CA_CLAUSE,
        "Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 78.",
        {f"{CA}.topics": (), f"{CA}.pages": (PageRange(78, 78),)},
    ),
    "postsurgical": (
        CA_CLAUSE,
        "Decision based on MTUS Postsurgical Treatment Guidelines.",
        {f"{CA}.guideline": "Postsurgical Treatment Guidelines", f"{CA}.topics": ()},
    ),
    "odg-chapter-and-topic": (
        CA_CLAUSE,
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain\n"
        "Chapter, Proton pump inhibitors (PPIs).",
        {
            f"{CA}.kind": CitationKind.NON_MTUS,
            f"{CA}.guideline": "Official Disability Guidelines (ODG)",
            f"{CA}.topics": ("Pain Chapter", "Proton pump inhibitors (PPIs)"),
        },
    ),
    "odg-twc": (
        CA_CLAUSE,
        "Decision based on Non-MTUS Citation ODG-TWC, Pain Procedure Summary.",
        {f"{CA}.guideline": "ODG-TWC", f"{CA}.topics": ("Pain Procedure Summary",)},
    ),
    "odg-without-abbreviation": (
        CA_CLAUSE,
        "Decision based on Non-MTUS Citation Official Disability Guidelines, Low Back Chapter.",
        {
            f"{CA}.guideline": "Official Disability Guidelines",
            f"{CA}.topics": ("Low Back Chapter",),
        },
    ),
    "other-evidence-with-a-colon": (
        CA_CLAUSE,
        "Other Medical Treatment Guideline or Medical Evidence: UpToDate, Tramadol: Drug\n"
        "information.",
        {
            f"{CA}.kind": CitationKind.OTHER,
            f"{CA}.topics": ("UpToDate", "Tramadol: Drug information"),
        },
    ),
    "two-clauses-on-two-lines": (
        CA_CLAUSE,
        "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 74-96.\n"
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Opioids.",
        {
            f"{CA}.pages": (PageRange(74, 96),),
            "decisions.0.claims_administrator_basis.1.topics": ("Pain", "Opioids"),
        },
    ),
    "pages-without-colon": (
        CA_CLAUSE,
        "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids, Page(s) 74-96.",
        {f"{CA}.pages": (PageRange(74, 96),)},
    ),
    "single-pages-and-ranges": (
        PAGES,
        "Page(s): 22, 67-68, 71.",
        {
            "decisions.0.reviewer_basis.0.pages": (
                PageRange(22, 22),
                PageRange(67, 68),
                PageRange(71, 71),
            )
        },
    ),
    "lower-case-pages-word": (
        PAGES,
        "pages 76-80.",
        {"decisions.0.reviewer_basis.0.pages": (PageRange(76, 80),)},
    ),
    "labels-in-other-case": (
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Opioids,",
        "Maximus Guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Opioids,",
        {"decisions.0.reviewer_basis.0.topics": ("Opioids", "Tramadol")},
    ),
    # Rationales.
    "rationale-label-alone-on-its-line": (
        "Decision rationale: The guidelines support",
        "Decision rationale:\n\nThe guidelines support",
        {"decisions.0.rationale": lambda r: r.startswith("The guidelines support")},
    ),
    "conclusion-and-appropriate": (
        CONCLUSION,
        "Therefore, the request is not medically necessary and appropriate.",
        {"decisions.0.outcome": imrparse.Outcome.UPHELD},
    ),
    "curly-apostrophe-and-symbols": (
        "The records do not document",
        "The patient\u2019s records (≥ 2 visits, 80°) do not document",
        # Curly quotes are straightened (the normalized text), symbols kept.
        {"decisions.0.rationale": lambda r: "patient's records (≥ 2 visits, 80°)" in r},
    ),
}


@pytest.mark.parametrize("case", ISSUES_CASES, ids=list(ISSUES_CASES))
@pytest.mark.parametrize("layout", ["plain", "blank-line"])
def test_a_wording_of_the_issues_template_reads(case: str, layout: str) -> None:
    old, new, expected = ISSUES_CASES[case]
    text = replaced(example("issues_decisions_rationales"), old, new)
    if layout == "blank-line":
        text = blank_line_layout(text)
    det = imrparse.loads(text)
    assert det.warnings == ()
    _check(det, expected)


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # The rationale's conclusion says the opposite of the outcome.
        (
            CONCLUSION,
            "Therefore, the request for Tramadol ER 150 mg #30 is medically necessary.",
            "outcome_contradicted",
        ),
        # A clause with text after its page list that is no part of it.
        (PAGES, "Page(s): 76-80, 93-94 of 127.", "unplaced_text"),
        # A second label of the same part.
        (
            CA_CLAUSE,
            f"{CA_CLAUSE}\nClaims Administrator guideline: Decision based on Non-MTUS "
            "Citation ODG.",
            "unplaced_text",
        ),
        # A basis worded as a sentence rather than a clause.
        (
            CA_CLAUSE,
            "The Claims Administrator based its decision on the MTUS Chronic Pain Medical\n"
            "Treatment Guidelines, Opioids.",
            "unplaced_text",
        ),
    ],
    ids=["contradicted", "text-after-pages", "second-label", "basis-as-a-sentence"],
)
def test_a_wording_not_read_is_warned_about_where_it_is(old: str, new: str, code: str) -> None:
    text = replaced(example("issues_decisions_rationales"), old, new)
    det = imrparse.loads(text, strict=False)
    (warning,) = det.warnings
    assert warning.code == code
    assert warning.span is not None
    start = det.text.index(new)  # the text is already normalized
    assert warning.span.start < start + len(new) and warning.span.end > start
    if imrparse.WARNING_CODES[code].startswith("lenient:"):
        with pytest.raises(imrparse.ParseError):
            imrparse.loads(text, strict=True)
    else:  # a warning in both modes
        assert imrparse.loads(text).warnings == det.warnings


@pytest.mark.parametrize(
    ("heading", "printed"),
    [
        ("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES, DECISIONS AND RATIONALES:"),
        ("CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMARY:"),
        ("IMR ISSUES, DECISIONS AND RATIONALES", "IMR Issues, Decisions and Rationales"),
        ("HOW THE IMR FINAL DETERMINATION WAS MADE", "How the IMR Final Determination Was Made"),
    ],
    ids=["colon-after-the-last", "colon-after-a-middle", "title-case", "title-case-first"],
)
@pytest.mark.parametrize("layout", ["plain", "blank-line"])
def test_a_heading_printed_otherwise_is_read_as_that_heading(
    heading: str, printed: str, layout: str
) -> None:
    original = example("issues_decisions_rationales")
    text = replaced(original, f"{heading}\n", f"{printed}\n")
    if layout == "blank-line":
        text = blank_line_layout(text)
    det = imrparse.loads(text, strict=True)
    assert printed in [s.title for s in det.sections]
    read = [(d.request, d.outcome) for d in imrparse.loads(original).decisions]
    assert [(d.request, d.outcome) for d in det.decisions] == read


#: The passages of examples/notice_2013.txt that cases replace.
FIRST_DETERMINATION = "1) MAXIMUS Federal Services, Inc. has determined the request for Tramadol"
FIRST_ITEM = "1) Regarding the request for Tramadol ER 150 mg #30:\n\n"
CA_LABEL = "Medical Treatment Guideline(s) Used by the Claims Administrator:"

NOTICE_CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "numbered-with-full-stops": (
        "1) ",
        "1. ",
        {"decisions.0.request": "Tramadol ER 150 mg #30", "decisions.0.rationale": bool},
    ),
    "item-heading-right-before-its-label": (
        FIRST_ITEM + CA_LABEL,
        FIRST_ITEM.rstrip("\n") + "\n" + CA_LABEL,
        {
            "decisions.0.claims_administrator_basis.0.topics": ("Opioids",),
            "decisions.0.rationale": bool,
        },
    ),
    "item-heading-right-before-a-label-of-the-sample-letters": (
        FIRST_ITEM + CA_LABEL,
        FIRST_ITEM.rstrip("\n") + "\nClaims Administrator guideline:",
        {
            "decisions.0.claims_administrator_basis.0.topics": ("Opioids",),
            "decisions.0.rationale": bool,
        },
    ),
    "two-columns-of-header-labels": (
        "Case Number: CM13-0004821\n",
        "IMR Case Number:  CM13-0004821   Date of Injury:  04/02/2011\n"
        "Date Assigned:  9/11/2013   Application Received:  09/03/2013\n",
        {
            "header.case_number": "CM13-0004821",
            "header.application_date": datetime.date(2013, 9, 3),
            "header.date_assigned": datetime.date(2013, 9, 11),
        },
    ),
    "worded-letter-date": (
        "Dated: 10/14/2013",
        "Dated: October 14, 2013",
        {"header.letter_date": datetime.date(2013, 10, 14)},
    ),
    "no-disclaimer": (
        "Disclaimer: The following case summary was taken directly from the utilization review\n"
        "denial/modification dated August 22, 2013.\n\n",
        "",
        {"case_summary.patient_age": 52},
    ),
    "rationale-after-an-empty-line": (
        "Rationale Used by the Expert Reviewer:\nThe guidelines support",
        "Rationale Used by the Expert Reviewer:\n\nThe guidelines support",
        {"decisions.0.rationale": lambda r: r.startswith("The guidelines support")},
    ),
    "subspecialty-in-the-statement": (
        "The physician reviewer is Board Certified in\nOrthopaedic Surgery",
        "The physician reviewer is Board Certified in\nOrthopedic Surgery, has a subspecialty in "
        "Spine Surgery",
        {"reviewer.subspecialties": ("Spine Surgery",)},
    ),
}


#: The passages of examples/decisions_rationales.txt that cases replace.
DOCUMENTS = (
    "Application for Independent Medical Review\n"
    "Utilization Review Determination dated 10/21/2014\n"
    "Medical Treatment Utilization Schedule\n"
    "Medical records from the primary treating physician, 04/07/2014 through 10/02/2014"
)
LISTED = (
    "Application for Independent Medical Review",
    "Utilization Review Determination dated 10/21/2014",
    "Medical records from the primary treating physician, 04/07/2014 through 10/02/2014",
)
HEADER = (
    "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n"
    "Case Number: CM14-0187345          Date Assigned: 11/03/2014\n"
)

DOCUMENTS_REVIEWED_CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "bulleted-documents-wrapped": (
        DOCUMENTS,
        "\u2022 Application for Independent Medical Review\n"
        "\u2022 Utilization Review Determination dated 10/21/2014\n"
        "\u2022 Medical records from the primary treating physician, 04/07/2014 through\n"
        "10/02/2014",
        {"documents_reviewed": LISTED},
    ),
    "numbered-documents-indented": (
        DOCUMENTS,
        "1. Application for Independent Medical Review\n"
        "2. Utilization Review Determination dated 10/21/2014\n"
        "3. Medical records from the primary treating physician, 04/07/2014 through\n"
        "   10/02/2014",
        {"documents_reviewed": LISTED},
    ),
    "date-of-ur-decision": (
        "UR Denial Date: 10/21/2014",
        "Date of UR Decision: 10/21/2014",
        {"header.ur_denial_date": datetime.date(2014, 10, 21)},
    ),
    "no-letterhead": (
        HEADER,
        "Case Number: CM14-0187345          Date Assigned: 11/03/2014\n",
        {"header.case_number": "CM14-0187345"},
    ),
}

#: The rationale's determination sentences of examples/professional_review.txt.
NORCO_IS_NOT = "Therefore,\nthe request for Norco 10/325 mg #120 is not medically necessary."
AQUATIC_IS = (
    "The request for twelve sessions of aquatic therapy\nfor the lumbar spine is medically "
    "necessary."
)

PROFESSIONAL_REVIEW_CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "and-appropriate": (
        NORCO_IS_NOT,
        "Therefore,\nthe request for Norco 10/325 mg #120 is not medically necessary and "
        "appropriate.",
        {"decisions.0.request": "Norco 10/325 mg #120"},
    ),
    "was-not": (
        NORCO_IS_NOT,
        "Therefore,\nthe request for Norco 10/325 mg #120 was not medically necessary.",
        {"decisions.0.request": "Norco 10/325 mg #120"},
    ),
    "item-named-without-the-request-for": (
        NORCO_IS_NOT,
        "Therefore,\nNorco 10/325 mg #120 is not medically necessary at this time.",
        {"decisions.0.request": "Norco 10/325 mg #120"},
    ),
    "items-are": (
        AQUATIC_IS,
        "Twelve sessions of aquatic therapy\nfor the lumbar spine are medically necessary.",
        {"decisions.1.request": "twelve sessions of aquatic therapy for the lumbar spine"},
    ),
    "hedged-sentence-with-a-reviewer-phrase": (
        NORCO_IS_NOT,
        "There is no documentation that the patient is currently working or that Norco\n"
        "10/325 mg #120 is medically necessary. " + NORCO_IS_NOT,
        {"decisions.0.rationale": lambda r: "is currently working" in r},
    ),
    "guideline-sentence-after-the-determination": (
        AQUATIC_IS,
        AQUATIC_IS + " The guidelines say aquatic therapy is not medically necessary when\n"
        "land-based therapy is tolerated, which it was not.",
        {"decisions.1.rationale": lambda r: r.endswith("which it was not.")},
    ),
    "issues-as-a-list": (
        "Whether the request for Norco 10/325 mg #120 is medically necessary.\n"
        "Whether the request for twelve sessions of aquatic therapy for the lumbar spine is\n"
        "medically necessary.",
        "- Norco 10/325 mg #120\n- Twelve sessions of aquatic therapy for the lumbar spine",
        {"decisions.1.request": "Twelve sessions of aquatic therapy for the lumbar spine"},
    ),
}

#: The cases of each other template, by the name of its example letter. Each
#: example letter has two decisions: the first upheld, the second overturned.
OTHER_TEMPLATES = {
    "notice_2013": NOTICE_CASES,
    "decisions_rationales": DOCUMENTS_REVIEWED_CASES,
    "professional_review": PROFESSIONAL_REVIEW_CASES,
}


#: How many times a case's passage is printed, where more than once: each
#: one is replaced (the notice numbers its first item in three places).
PRINTED_TIMES = {("notice_2013", "numbered-with-full-stops"): 3}


@pytest.mark.parametrize(
    ("template", "case"),
    [(template, case) for template, cases in OTHER_TEMPLATES.items() for case in cases],
    ids=[f"{template}-{case}" for template, cases in OTHER_TEMPLATES.items() for case in cases],
)
def test_a_wording_of_another_template_reads(template: str, case: str) -> None:
    old, new, expected = OTHER_TEMPLATES[template][case]
    count = PRINTED_TIMES.get((template, case), 1)
    text = replaced(example(template), old, new, count)
    det = imrparse.loads(text)
    assert det.template.value == template
    assert det.warnings == ()
    assert [d.outcome for d in det.decisions] == [
        imrparse.Outcome.UPHELD,
        imrparse.Outcome.OVERTURNED,
    ]
    _check(det, expected)


def test_a_header_label_of_no_field_keeps_the_label_after_it() -> None:
    text = replaced(
        example("notice_2013"),
        "Case Number: CM13-0004821\n",
        "Case Number: CM13-0004821\nPriority:  Standard   UR Denial Date:  08/21/2013\n",
    )
    det = imrparse.loads(text, strict=False)
    (warning,) = (w for w in det.warnings if w.code == "unplaced_text")
    assert warning.span is not None
    assert det.text[warning.span.start : warning.span.end] == "Priority:  Standard"
    # The header's own date, not the application sentence's, was read.
    assert det.header is not None
    assert det.header.ur_denial_date == datetime.date(2013, 8, 21)
