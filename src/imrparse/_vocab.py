"""Vocabularies: the fixed words of the letters, as data.

The line classifier (:mod:`imrparse._layout`) and the field readers look
words up here rather than in regular expressions of their own, so that a
wording seen in a new letter is one entry, not a new pattern. Phrases are
compared by :func:`key`: in any case, with any spacing and without trailing
punctuation.
"""

from __future__ import annotations

import re

from .model import Template

__all__ = [
    "BASIS_LABELS",
    "CREDENTIAL_LABELS",
    "HEADER_FIELDS",
    "HEADINGS",
    "LEAD_INS",
    "LETTERHEAD",
    "SECTION_TITLES",
    "TEMPLATE_HEADINGS",
    "key",
    "title_key",
]

_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s:.;,]+$")


def key(text: str) -> str:
    """A phrase as vocabularies compare it: upper case, single spaces, no
    trailing punctuation (``"Clinical  case summary:"`` is ``"CLINICAL CASE SUMMARY"``)."""
    return _TRAILING.sub("", _SPACES.sub(" ", text)).strip().upper()


#: Section headings, by what they are called in the document grammars.
HEADINGS: dict[str, str] = {
    key("HOW THE IMR FINAL DETERMINATION WAS MADE"): "HEADING_HOW_MADE",
    key("CLINICAL CASE SUMMARY"): "HEADING_CASE_SUMMARY",
    key("IMR ISSUES, DECISIONS AND RATIONALES"): "HEADING_ISSUES",
    key("IMR ISSUES, DECISIONS, AND RATIONALES"): "HEADING_ISSUES",
    key("DOCUMENTS REVIEWED"): "HEADING_DOCUMENTS",
    key("IMR DECISION(S) AND RATIONALE(S)"): "HEADING_DECISIONS",
    key("IMR DECISIONS AND RATIONALES"): "HEADING_DECISIONS",
    # Read by the whole-letter grammars; here they only choose the template.
    key("Notice of Independent Medical Review Determination"): "TITLE_NOTICE",
    key("INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE"): "HEADING_DECISION_AND_RATIONALE",
    key("MEDICAL PROFESSIONAL REVIEW"): "TITLE_PROFESSIONAL_REVIEW",
}

#: The headings that name a template, strongest first: a letter is of the
#: first template one of whose headings it has.
TEMPLATE_HEADINGS: tuple[tuple[Template, frozenset[str]], ...] = (
    (Template.PROFESSIONAL_REVIEW, frozenset({"TITLE_PROFESSIONAL_REVIEW"})),
    (Template.NOTICE_2013, frozenset({"TITLE_NOTICE", "HEADING_DECISION_AND_RATIONALE"})),
    (Template.DECISIONS_RATIONALES, frozenset({"HEADING_DECISIONS", "HEADING_DOCUMENTS"})),
    (
        Template.ISSUES_DECISIONS_RATIONALES,
        frozenset({"HEADING_ISSUES", "HEADING_HOW_MADE", "HEADING_CASE_SUMMARY"}),
    ),
)

#: The labels that open the parts of a decision block, at the start of a line.
BASIS_LABELS: dict[str, tuple[str, ...]] = {
    "CLAIMS_ADMINISTRATOR_LABEL": (
        "Claims Administrator guideline:",
        "Claims Administrator guidelines:",
    ),
    "REVIEWER_LABEL": ("MAXIMUS guideline:", "MAXIMUS guidelines:"),
    "RATIONALE_LABEL": ("Decision rationale:",),
}

#: Fixed sentences that open a section's text.
LEAD_INS: dict[str, tuple[str, ...]] = {
    "CASE_SUMMARY_LEAD_IN": (
        "The expert reviewer developed the following clinical case summary based on a "
        "review of the case file, including all medical records",
        "The expert reviewer developed the following clinical case summary based on "
        "review of the case file, including all medical records",
    ),
    "ISSUES_LEAD_IN": (
        "The Final Determination was based on decisions for the disputed items/services "
        "set forth below",
        "The Final Determination was based on decisions for the disputed item/service "
        "set forth below",
        "The Final Determination was based on decisions for the disputed "
        "item(s)/service(s) set forth below",
    ),
}

#: The reviewer's credentials (the 2016-17 letters, and header blocks).
CREDENTIAL_LABELS: dict[str, tuple[str, ...]] = {
    "CREDENTIALS": ("The Expert Reviewer has the following credentials:",),
    "LICENSURE": ("State(s) of Licensure:",),
    "CERTIFICATION": ("Certification(s)/Specialty:",),
}

#: Header-table labels, by the field of :class:`~imrparse.Header` they fill.
HEADER_FIELDS: dict[str, str] = {
    key(label): field
    for field, labels in {
        "case_number": ("Case Number", "Case No", "MAXIMUS Case Number", "IMR Case Number"),
        "date_assigned": ("Date Assigned",),
        "date_of_injury": ("Date of Injury",),
        "decision_date": ("Decision Date", "Date of Decision"),
        "ur_denial_date": (
            "UR Denial Date",
            "Date of UR Decision",
            "Date of UR Denial",
            "UR Decision Date",
        ),
        "priority": ("Priority",),
        "application_date": (
            "Application Received",
            "IMR Application Received",
            "Date of Application",
            "Date of IMR Application",
            "Application Date",
        ),
        "letter_date": ("Dated", "Date", "Letter Date"),
    }.items()
    for label in labels
}

#: Letterhead lines, read as part of the header without a field.
LETTERHEAD: frozenset[str] = frozenset(
    key(line)
    for line in (
        "MAXIMUS FEDERAL SERVICES, INC.",
        "MAXIMUS Federal Services",
        "Independent Medical Review",
        "IMR Final Determination Letter",
        "Final Determination Letter",
    )
)

#: Titles of guideline sections and chapters that hold commas, so that a
#: list of sections or topics is not split inside one of them: MTUS sections
#: (after ``Section(s):``), ODG chapters and ACOEM chapters, as printed. A
#: title matches with or without a leading "ODG" and a trailing "Chapter",
#: "(Acute & Chronic)" or "(updated 11/23/16)" (see :func:`title_key`).
SECTION_TITLES: frozenset[str] = frozenset(
    key(title)
    for title in (
        # MTUS Chronic Pain Medical Treatment Guidelines
        "NSAIDs, GI symptoms & cardiovascular risk",
        "NSAIDs, hypertension and renal function",
        "NSAIDs, specific drug list & adverse effects",
        "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
        "TENS, post operative pain (transcutaneous electrical nerve stimulation)",
        "TENS, spasticity",
        "Opioids, criteria for use",
        "Opioids, dosing",
        "Opioids, long-term assessment",
        "Opioids, pain treatment agreement",
        "Opioids, specific drug list",
        "Opioids, steps to avoid misuse/addiction",
        "Opioids, differentiation: dependence & addiction",
        "Opioids, screening for risk of addiction (tests)",
        "Opioids, indicators for addiction",
        "Opioids, psychological intervention",
        "Opioids, cancer pain vs. nonmalignant pain",
        "Opioids, migraine pain",
        "Chronic pain programs, early intervention",
        "Chronic pain programs, intensity",
        "Chronic pain programs, opioids",
        "Antiepilepsy drugs (AEDs) for pain",
        "Ultrasound, therapeutic",
        "Ultrasound, diagnostic",
        "Work conditioning, work hardening",
        "Topical analgesics, compounded",
        "Capsaicin, topical (chili pepper/cayenne pepper)",
        # ODG chapters
        "Forearm, Wrist, & Hand",
        "Forearm, Wrist, and Hand",
        "Forearm, Wrist and Hand",
        "Low Back, Lumbar & Thoracic",
        "Head (trauma, headaches, etc., not including stress & mental disorders)",
        # ACOEM chapters
        "Pain, Suffering, and the Restoration of Function",
        "Forearm, Wrist, and Hand Complaints",
    )
)

_TITLE_SUFFIX = re.compile(
    r"(?:\s+(?:CHAPTERS?|\(ACUTE\s*(?:&|AND)\s*CHRONIC\)|\(UPDATED\s+[\d/]+\)))+$"
)


def title_key(text: str) -> str:
    """A title as :data:`SECTION_TITLES` holds it: :func:`key`, without a
    leading "ODG" or a trailing "Chapter", "(Acute & Chronic)" or "(updated
    11/23/16)"."""
    return _TITLE_SUFFIX.sub("", key(text)).removeprefix("ODG ")
