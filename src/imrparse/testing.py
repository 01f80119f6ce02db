"""Synthetic letters for tests, benchmarks and examples.

A :class:`Letter` holds the values of one determination letter: the expert
reviewer, the patient, the case summary and the disputed items with their
citations and rationales. :func:`random_letter` draws one from a
:class:`random.Random`, :func:`render` prints it as a letter's text in one of
the :class:`Layout` s that PDF-to-text tools produce, and
:meth:`Letter.from_determination` reads the same values back from a parsed
:class:`~imrparse.Determination`, so that a round trip can be checked with
``==``::

    rng = random.Random(7)
    letter = random_letter(rng)
    det = imrparse.loads(render(letter, Layout.BLANK_LINE, rng=rng))
    assert Letter.from_determination(det) == letter

With Hypothesis, ``st.randoms(use_true_random=False).map(random_letter)`` is a
strategy of letters whose every choice Hypothesis can replay and shrink.

The vocabulary is realistic but controlled: filler sentences never state an
age, a sex, a date of injury or a medical-necessity conclusion, so every value
a parser reads comes from the place the letter puts it. ``varied=True`` (for
:func:`random_letter` and :func:`render`) also draws the other wordings the
parser reads, and sentences that name an item's necessity without concluding
("It is unclear whether ... is medically necessary.").

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import enum
import random
import textwrap
from collections.abc import Sequence
from typing import Any

import attrs

from .model import (
    Citation,
    CitationKind,
    Decision,
    Determination,
    Medication,
    Outcome,
    PageRange,
    Sex,
    Template,
)

__all__ = ["Clause", "Item", "Layout", "Letter", "random_letter", "render"]


class Layout(enum.Enum):
    """How a letter's lines are laid out in its text file.

    Attributes:
        PLAIN: One newline after each line, one empty line between paragraphs.
        BLANK_LINE: What PDF-to-text tools produce for DWC's letters: an empty
            line after every line, a line holding one space between paragraphs,
            trailing spaces, further empty lines at page breaks (which can fall
            inside a paragraph), and ``®`` printed as the mojibake ``Â®``.
        CRLF: :attr:`PLAIN` with Windows line ends (``\\r\\n``).
        FORM_FEED: :attr:`PLAIN` with a form feed starting each page, as
            ``pdftotext`` writes it; a page break can fall inside a paragraph.
        FURNITURE: :attr:`FORM_FEED` on at least two pages, each headed by the
            same case-number line and footed by ``Page N of M``.
    """

    PLAIN = "plain"
    BLANK_LINE = "blank_line"
    CRLF = "crlf"
    FORM_FEED = "form_feed"
    FURNITURE = "furniture"


@attrs.frozen(kw_only=True)
class Clause:
    """The values of one guideline-basis clause (a :class:`~imrparse.Citation`).

    Attributes:
        kind: MTUS, non-MTUS or other evidence.
        guideline: As :attr:`imrparse.Citation.guideline`.
        topics: As :attr:`imrparse.Citation.topics`.
        pages: As :attr:`imrparse.Citation.pages`.
    """

    kind: CitationKind
    guideline: str | None = None
    topics: tuple[str, ...] = ()
    pages: tuple[PageRange, ...] = ()


@attrs.frozen(kw_only=True)
class Item:
    """The values of one disputed item (a :class:`~imrparse.Decision`).

    Attributes:
        request: The treatment or service in dispute.
        outcome: Upheld or overturned.
        medication: What :attr:`imrparse.Decision.medication` should read.
        claims_administrator_basis: Clauses of "Claims Administrator guideline:".
        reviewer_basis: Clauses of "MAXIMUS guideline:".
        rationale: The rationale's paragraphs, without the "Decision rationale:"
            label.
    """

    request: str
    outcome: Outcome
    medication: Medication | None = None
    claims_administrator_basis: tuple[Clause, ...] = ()
    reviewer_basis: tuple[Clause, ...] = ()
    rationale: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Letter:
    """The values of one synthetic determination letter.

    Attributes:
        template: The layout of sections to render.
        board_certifications: As :attr:`imrparse.Reviewer.board_certifications`.
        subspecialties: As :attr:`imrparse.Reviewer.subspecialties`.
        licensed_states: Full state names (some are printed as postal codes).
        min_years_in_practice: As :attr:`imrparse.Reviewer.min_years_in_practice`.
        min_hours_per_week: As :attr:`imrparse.Reviewer.min_hours_per_week`.
        patient_age: As :attr:`imrparse.CaseSummary.patient_age`.
        patient_sex: As :attr:`imrparse.CaseSummary.patient_sex`.
        date_of_injury: As :attr:`imrparse.CaseSummary.date_of_injury`.
        case_summary: The narrative's paragraphs; the first states the
            patient's age, sex and date of injury.
        items: The disputed items, in letter order.
        case_number: As :attr:`imrparse.Header.case_number`.
        date_assigned: As :attr:`imrparse.Header.date_assigned`.
        ur_denial_date: As :attr:`imrparse.Header.ur_denial_date`.
        application_date: As :attr:`imrparse.Header.application_date`.
        letter_date: As :attr:`imrparse.Header.letter_date` (a 2013
            notice's "Dated:").
        decision_date: As :attr:`imrparse.Header.decision_date`.
        documents_reviewed: As :attr:`imrparse.Determination.documents_reviewed`.

    A letter has a header when any of the header fields is set.
    """

    template: Template = Template.ISSUES_DECISIONS_RATIONALES
    board_certifications: tuple[str, ...]
    subspecialties: tuple[str, ...] = ()
    licensed_states: tuple[str, ...]
    min_years_in_practice: int | None
    min_hours_per_week: int | None
    patient_age: int | None
    patient_sex: Sex | None
    date_of_injury: datetime.date | None
    case_summary: tuple[str, ...]
    items: tuple[Item, ...]
    case_number: str | None = None
    date_assigned: datetime.date | None = None
    ur_denial_date: datetime.date | None = None
    application_date: datetime.date | None = None
    letter_date: datetime.date | None = None
    decision_date: datetime.date | None = None
    documents_reviewed: tuple[str, ...] = ()

    @classmethod
    def from_determination(cls, det: Determination) -> Letter:
        """The values a parsed letter holds, in the shape of a :class:`Letter`."""
        reviewer, summary, header = det.reviewer, det.case_summary, det.header
        if reviewer is None or summary is None:
            raise ValueError("a letter without its reviewer or case summary is no Letter")
        return cls(
            template=det.template,
            board_certifications=reviewer.board_certifications,
            subspecialties=reviewer.subspecialties,
            licensed_states=reviewer.licensed_states,
            min_years_in_practice=reviewer.min_years_in_practice,
            min_hours_per_week=reviewer.min_hours_per_week,
            patient_age=summary.patient_age,
            patient_sex=summary.patient_sex,
            date_of_injury=summary.date_of_injury,
            case_summary=_paragraphs(summary.text),
            items=tuple(_item(d) for d in det.decisions),
            case_number=header.case_number if header else None,
            date_assigned=header.date_assigned if header else None,
            ur_denial_date=header.ur_denial_date if header else None,
            application_date=header.application_date if header else None,
            letter_date=header.letter_date if header else None,
            decision_date=header.decision_date if header else None,
            documents_reviewed=det.documents_reviewed,
        )


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n\n")) if text else ()


def _clauses(citations: Sequence[Citation]) -> tuple[Clause, ...]:
    return tuple(
        Clause(kind=c.kind, guideline=c.guideline, topics=c.topics, pages=c.pages)
        for c in citations
    )


def _item(decision: Decision) -> Item:
    return Item(
        request=decision.request,
        outcome=decision.outcome,
        medication=decision.medication,
        claims_administrator_basis=_clauses(decision.claims_administrator_basis),
        reviewer_basis=_clauses(decision.reviewer_basis),
        rationale=_paragraphs(decision.rationale),
    )


# -- vocabulary -------------------------------------------------------------

_CERTIFICATIONS = (
    "Internal Medicine",
    "Orthopaedic Surgery",
    "Physical Medicine and Rehabilitation",
    "Occupational and Environmental Medicine",
    "Anesthesiology",
    "Family Medicine",
    "Neurology",
    "Psychiatry and Neurology",
    "Preventive Medicine",
    "Emergency Medicine",
)
_SUBSPECIALTIES = (
    "Pain Medicine",
    "Public Health",
    "Nephrology",
    "Sports Medicine",
    "Spine Surgery",
    "Hand Surgery",
    "Rheumatology",
    "Addiction Medicine",
)
_STATES = {
    "California": "CA",
    "Ohio": "OH",
    "West Virginia": "WV",
    "Nevada": "NV",
    "Arizona": "AZ",
    "New York": "NY",
    "Texas": "TX",
    "Oregon": "OR",
    "Washington": "WA",
    "Florida": "FL",
    "Pennsylvania": "PA",
    "Rhode Island": "RI",
}
_COUNT_WORDS = {3: "three", 5: "five", 10: "ten", 15: "fifteen", 20: "twenty", 30: "thirty"}
_BODY_PARTS = (
    "his neck and low back",
    "her right shoulder",
    "the lumbar spine",
    "both knees",
    "his neck, shoulders, low back, left knee and right ankle",
    "her left wrist and hand",
    "the cervical spine and upper extremities",
)
_MECHANISMS = (
    "lifting a heavy box",
    "a fall from a ladder",
    "repetitive keyboard work",
    "a motor vehicle accident while driving for work",
    "pushing a loaded cart",
)
_NARRATIVE = (
    "He has ongoing complaints of headache (7/10) and neck pain with upper extremity radiation.",
    "She reports low back pain of 6/10 radiating to the right leg.",
    "Examination describes reduced range of motion in the cervical and lumbar spine.",
    "There is tenderness over the lumbar paraspinals; straight leg raise is positive on the left.",
    "Treatment to date has included physical therapy, acupuncture and chiropractic care.",
    "Drug screening on 6/2/14 and 8/26/14 was negative for prescribed opioids.",
    "An MRI of the lumbar spine showed a 3 mm disc protrusion at L4-5.",
    "Current medications include Norco, cyclobenzaprine and omeprazole.",
    'The provider notes "improved tolerance for sitting" with the current regimen.',
    "A prior utilization review modified the request for a shorter course.",
    "Electrodiagnostic studies of the upper extremities were within normal limits.",
    "The patient works modified duty with a 10-pound lifting restriction.",
    "Pain is worse with prolonged standing & better with rest.",
    "Sleep is disturbed by pain about 3 nights per week.",
)
_RATIONALE = (
    "The guidelines support continued use when there is documented improvement in pain and "
    "function.",
    "The records do not document a reduction in pain scores or an improvement in function.",
    'MTUS states that "ongoing review and documentation of pain relief, functional status, '
    'appropriate medication use, and side effects" is required.',
    "Official Disability Guidelines (ODG) recommend a short course of therapy.",
    "The effect is greatest in the first 4 days of treatment (Browning, 2001).",
    "There is no documentation of a trial of first-line agents.",
    "Urine drug screens are inconsistent with the prescribed regimen.",
    "The patient has exceeded the 2 week recommended treatment length.",
    "The request falls within the recommended number of visits for a flare-up.",
    "Objective findings of radiculopathy are documented on examination.",
    "Guidelines allow 8 to 10 visits over 4 weeks; the request is for 6 visits.",
    "Available records do not establish the need for long term/chronic usage.",
)
_DRUGS = (
    "Norco",
    "Tramadol ER",
    "Cyclobenzaprine Hydrochloride",
    "Cyclobenzaprine",
    "Gabapentin",
    "Omeprazole",
    "Naproxen Sodium",
    "Lidoderm",
    "Ketoprofen cream",
    "Oxycodone",
)
#: What each of :data:`_DRUGS` resolves to: its generics and its drug class
#: taken by mouth (a percentage strength makes it a topical).
_DRUG_RESOLUTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "Norco": (("hydrocodone", "acetaminophen"), "Opioids"),
    "Tramadol ER": (("tramadol",), "Opioids"),
    "Cyclobenzaprine Hydrochloride": (("cyclobenzaprine",), "Muscle Relaxant"),
    "Cyclobenzaprine": (("cyclobenzaprine",), "Muscle Relaxant"),
    "Gabapentin": (("gabapentin",), "Anti-epilepsy drugs"),
    "Omeprazole": (("omeprazole",), "Proton Pump Inhibitors"),
    "Naproxen Sodium": (("naproxen",), "NSAID"),
    "Lidoderm": (("lidocaine",), "Topical Analgesics"),
    "Ketoprofen cream": (("ketoprofen",), "Topical Analgesics"),
    "Oxycodone": (("oxycodone",), "Opioids"),
}
_STRENGTHS = (  # as written, as normalized
    ("5/325 MG", "5/325 mg"),
    ("10/325mg", "10/325 mg"),
    ("10mg", "10 mg"),
    ("7.5 mg", "7.5 mg"),
    ("600 mg", "600 mg"),
    ("20 MG", "20 mg"),
    ("5%", "5%"),
    ("150mcg", "150 mcg"),
)
_SERVICES = (
    "Follow-up visit with an orthopedic specialist",
    "Physical therapy two times a week for six weeks for the lumbar spine",
    "MRI of the lumbar spine without contrast",
    "Urine drug screen",
    "Acupuncture for the neck, six sessions",
    "Lumbar epidural steroid injection at L4-L5 and L5-S1 under fluoroscopic guidance",
    "Referral to a pain management specialist for consultation and treatment",
    "Functional restoration program evaluation",
    "Home health care assistance four hours a day, five days a week, for six weeks",
    "Chiropractic treatment for the cervical spine",
)
_NORCO: dict[str, Any] = {"generics": ("hydrocodone", "acetaminophen"), "drug_class": "Opioids"}
#: Requests in the other wordings letters use, with what their medication
#: reads (:func:`random_letter` with ``varied=True``).
_VARIED_REQUESTS: tuple[tuple[str, Medication | None], ...] = (
    ("Norco 10/325 #120", Medication(name="Norco", strength="10/325", quantity=120, **_NORCO)),
    ("Norco 10-325mg #60", Medication(name="Norco", strength="10/325 mg", quantity=60, **_NORCO)),
    ("(1) Norco 5/325 MG #30",
     Medication(name="Norco", strength="5/325 mg", quantity=30, **_NORCO)),
    ("1 prescription of Gabapentin 600mg #90",
     Medication(name="Gabapentin", strength="600 mg", quantity=90,
                generics=("gabapentin",), drug_class="Anti-epilepsy drugs")),
    ("Retrospective Tramadol 50mg #60",
     Medication(name="Tramadol", strength="50 mg", quantity=60,
                generics=("tramadol",), drug_class="Opioids")),
    ("Duexis 800-26.6mg #90", Medication(name="Duexis", strength="800/26.6 mg", quantity=90,
                generics=("ibuprofen", "famotidine"), drug_class="NSAID")),
    ("Fentanyl 25mcg/hr patch #10",
     Medication(name="Fentanyl", strength="25 mcg/hr", quantity=10,
                generics=("fentanyl",), drug_class="Opioids")),
    ("Fluriflex (Flurbiprofen 15%/Cyclobenzaprine 10%) 180gm",
     Medication(name="Fluriflex", strength="180 g",
                generics=("flurbiprofen", "cyclobenzaprine"), drug_class="Topical Compounds")),
    ("Norco (hydrocodone/APAP) 10/325mg #120",
     Medication(name="Norco", strength="10/325 mg", quantity=120, **_NORCO)),
    ("Terocin lotion 120 ml", Medication(name="Terocin lotion", strength="120 ml",
                generics=("methyl salicylate", "capsaicin", "menthol", "lidocaine"),
                drug_class="Topical Compounds")),
    ("Omeprazole 20mg, 1 tablet twice daily #60",
     Medication(name="Omeprazole", strength="20 mg", quantity=60,
                generics=("omeprazole",), drug_class="Proton Pump Inhibitors")),
    ("Norco 10/325mg 1-2 tabs q4-6h #120",
     Medication(name="Norco", strength="10/325 mg", quantity=120, **_NORCO)),
    ("Vitamin D 50,000 IU #12", Medication(name="Vitamin D", strength="50,000 iu", quantity=12,
                generics=("vitamin d",), drug_class="Nutritional Products")),
    ("Urine drug screen #1", None),
    ("TENS unit #1", None),
    ("Home exercise kit #1", None),
    ("Lumbar support brace", None),
    ("12 sessions of physical therapy", None),
    ("Physical therapy 2x6 for the lumbar spine #12", None),
)  # fmt: skip
#: How a rationale may conclude, by outcome; the first is the sample letters'.
_VERDICTS = {
    Outcome.UPHELD: (
        "is not medically necessary",
        "is not considered medically necessary",
        "cannot be considered medically necessary",
        "was not found to be medically necessary",
        "has not been established as medically necessary",
        "would not be medically necessary",
        "is no longer medically necessary",
    ),
    Outcome.OVERTURNED: (
        "is medically necessary",
        "is deemed medically necessary",
        "is considered medically necessary",
        "is medically necessary and appropriate",
    ),
}
_MTUS_GUIDELINES = (
    "Chronic Pain Treatment Guidelines",
    "Chronic Pain Medical Treatment Guidelines",
    "Postsurgical Treatment Guidelines",
    "Acupuncture Medical Treatment Guidelines",
)
_ACOEM_CHAPTERS = (
    "Chapter 8 Neck and Upper Back Complaints",
    "Chapter 12 Low Back Complaints",
    "Chapter 9 Shoulder Complaints",
    "Chapter 13 Knee Complaints",
)
_NON_MTUS_GUIDELINES = (
    "Official Disability Guidelines (ODG)",
    "American College of Occupational and Environmental Medicine (ACOEM)",
    "Food and Drug Administration (FDA)",
)
_TOPICS = (
    "Opioids",
    "Muscle Relaxants",
    "Cyclobenzaprine (Flexeril®)",
    "Neck and Upper Back (Acute and Chronic)",
    "Low Back - Lumbar & Thoracic (Acute & Chronic)",
    "Medications for chronic pain",
    "Antispasmodics",
    "Physical Medicine",
    "Office Visits",
    "Proton pump inhibitors (PPIs)",
    "NSAIDs (non-steroidal anti-inflammatory drugs)",
    "Topical Analgesics",
    "Opioids: Criteria for Use",
    "Pain (Chronic)",
    "Knee & Leg (Acute & Chronic)",
    "Epidural steroid injections (ESIs)",
)
_EVIDENCE = ("UpToDate", "Flexeril", "Lexicomp", "Medscape", "DailyMed", "Epocrates")
#: Guideline names in the other wordings letters use (``varied=True``): read as
#: written, the known names without their abbreviation too.
_VARIED_MTUS_GUIDELINES = ("Post-Surgical Treatment Guidelines",)
_VARIED_NON_MTUS_GUIDELINES = (
    "Official Disability Guidelines",
    "ODG",
    "U.S. Food and Drug Administration (FDA)",
)
_VARIED_EVIDENCE = ("U.S. National Library of Medicine",)


# -- drawing values -----------------------------------------------------------


def _some(rng: random.Random, pool: Sequence[str], low: int, high: int) -> tuple[str, ...]:
    return tuple(rng.sample(list(pool), rng.randint(low, high)))


def _pages(rng: random.Random) -> tuple[PageRange, ...]:
    pages = []
    first = rng.randint(1, 80)
    for _ in range(rng.randint(0, 3)):
        last = first + rng.choice((0, 1, 2, 10, 22))
        pages.append(PageRange(first, last))
        first = last + rng.randint(2, 30)
    return tuple(pages)


def _clause(rng: random.Random, varied: bool = False) -> Clause:
    kind = rng.choice(list(CitationKind))
    if kind is CitationKind.MTUS:
        if rng.random() < 0.25:
            topics = (rng.choice(_ACOEM_CHAPTERS), *_some(rng, _TOPICS, 0, 1))
            return Clause(kind=kind, guideline="ACOEM", topics=topics, pages=_pages(rng))
        titles = _MTUS_GUIDELINES + _VARIED_MTUS_GUIDELINES if varied else _MTUS_GUIDELINES
        return Clause(
            kind=kind,
            guideline=rng.choice(titles),
            topics=_some(rng, _TOPICS, 0, 3),
            pages=_pages(rng),
        )
    if kind is CitationKind.NON_MTUS:
        names = (
            _NON_MTUS_GUIDELINES + _VARIED_NON_MTUS_GUIDELINES if varied else _NON_MTUS_GUIDELINES
        )
        return Clause(kind=kind, guideline=rng.choice(names), topics=_some(rng, _TOPICS, 0, 3))
    sources = _EVIDENCE + _VARIED_EVIDENCE if varied else _EVIDENCE
    return Clause(kind=kind, topics=_some(rng, sources, 1, 3))


def _request(rng: random.Random, varied: bool) -> tuple[str, Medication | None]:
    if varied and rng.random() < 0.5:
        return rng.choice(_VARIED_REQUESTS)
    if rng.random() < 0.4:
        return rng.choice(_SERVICES), None
    name = rng.choice(_DRUGS)
    written, strength = rng.choice(_STRENGTHS)
    quantity = rng.choice((None, 30, 60, 90, 120))
    request = f"{name} {written}" + (f" #{quantity}" if quantity is not None else "")
    generics, drug_class = _DRUG_RESOLUTIONS[name]
    if "%" in written:
        if len(generics) > 1:
            drug_class = "Topical Compounds"
        elif drug_class != "Opioids":
            drug_class = "Topical Analgesics"
    return request, Medication(
        name=name, strength=strength, quantity=quantity, generics=generics, drug_class=drug_class
    )


def _conclusion(request: str, outcome: Outcome, rng: random.Random, varied: bool = False) -> str:
    verdict = rng.choice(_VERDICTS[outcome]) if varied else _VERDICTS[outcome][0]
    return rng.choice(
        (
            f"As such, the request for {request} {verdict}.",
            f"Therefore, the request {verdict}.",
            f"This request {verdict}.",
        )
    )


def _item_values(rng: random.Random, varied: bool) -> Item:
    request, medication = _request(rng, varied)
    outcome = rng.choice(list(Outcome))
    paragraphs = [
        " ".join(_some(rng, _RATIONALE, 1, 5)) for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0])
    ]
    if rng.random() < 0.9:
        if varied and rng.random() < 0.3:
            # A sentence that doubts: it names the item but concludes nothing.
            doubt = rng.choice(("There is no documentation that", "It is unclear whether"))
            paragraphs[-1] += f" {doubt} {request} is medically necessary."
        paragraphs[-1] += " " + _conclusion(request, outcome, rng, varied)
    return Item(
        request=request,
        outcome=outcome,
        medication=medication,
        claims_administrator_basis=tuple(
            _clause(rng, varied) for _ in range(rng.choice((0, 1, 1, 2)))
        ),
        reviewer_basis=tuple(_clause(rng, varied) for _ in range(rng.choice((0, 1, 2, 2, 3)))),
        rationale=tuple(paragraphs),
    )


def _date(rng: random.Random) -> datetime.date:
    return datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(0, 5800))


def _first_sentence(age: int, sex: Sex, injured: datetime.date, rng: random.Random) -> str:
    male = sex is Sex.MALE
    noun = rng.choice(("male", "man") if male else ("female", "woman"))
    month = injured.strftime("%B")
    dates = (
        f"{month} {injured.day} {injured.year}",
        f"{month} {injured.day}, {injured.year}",
        f"{injured.month}/{injured.day}/{injured.year}",
        f"{injured.month}/{injured.day}/{injured.year % 100:02d}",
    )
    date = rng.choice(dates)
    where = rng.choice(_BODY_PARTS)
    return rng.choice(
        (
            f"The case involves a {age} year old {noun} who sustained an industrial injury on "
            f"{date} involving {where}.",
            f"This is a {age}-year-old {noun} with a {date} date of injury, when "
            f"{rng.choice(_MECHANISMS)} injured {where}.",
            f"The patient is a {age} year old {noun} who was injured on {date} after "
            f"{rng.choice(_MECHANISMS)}.",
        )
    )


_DOCUMENTS = (
    "Application for Independent Medical Review",
    "Utilization Review Determination dated {0}",
    "Medical Treatment Utilization Schedule",
    "Medical records from the primary treating physician, {0} through {1}",
    "Progress report from the treating orthopedic surgeon dated {0}",
    "Physical therapy daily notes, {0} through {1}",
    "Qualified medical evaluator's report dated {0}",
    "Request for authorization dated {0}",
)


def _written_date(date: datetime.date, rng: random.Random) -> str:
    return rng.choice(
        (
            f"{date.month}/{date.day}/{date.year}",
            f"{date.month:02d}/{date.day:02d}/{date.year}",
            f"{date.strftime('%B')} {date.day}, {date.year}",
        )
    )


def _header_values(
    template: Template, header: bool, rng: random.Random
) -> dict[str, datetime.date | str | None]:
    """The header fields of a letter of ``template``, drawn after its other values."""
    notice = template is Template.NOTICE_2013
    if not (header or notice):
        return {}
    denied = datetime.date(2013, 7, 1) + datetime.timedelta(days=rng.randint(0, 1200))
    applied = denied + datetime.timedelta(days=rng.randint(1, 25))
    assigned = applied + datetime.timedelta(days=rng.randint(1, 20))
    decided = assigned + datetime.timedelta(days=rng.randint(5, 40))
    values: dict[str, datetime.date | str | None] = {
        "case_number": f"CM{denied.year % 100}-{rng.randrange(10**7):07d}" if header else None,
        "date_assigned": assigned,
        "ur_denial_date": denied,
        "application_date": applied,
        # The notice is "Dated:"; a header block gives a "Decision Date:".
        "letter_date": decided if notice else None,
        "decision_date": None if notice else decided,
    }
    if not notice:
        # A header block states some of its fields; the notice states all.
        for name in ("date_assigned", "ur_denial_date", "application_date", "decision_date"):
            if rng.random() < 0.4:
                values[name] = None
    return values


def random_letter(
    rng: random.Random,
    *,
    template: Template = Template.ISSUES_DECISIONS_RATIONALES,
    header: bool | None = None,
    max_items: int = 12,
    varied: bool = False,
) -> Letter:
    """Draw the values of one letter.

    The values the sample letters' template has are drawn first and in the
    same way for every template, so a seed gives the same reviewer, patient
    and items whatever the template.

    Args:
        rng: The source of every choice; the same seed gives the same letter.
        template: The template to draw a letter of.
        header: Whether the letter has a header block (for the 2013 notice,
            whether it has a case-number line: its dates are always stated).
            None: as the template usually has it, which is no header for
            :attr:`~imrparse.Template.ISSUES_DECISIONS_RATIONALES` (the sample
            letters) and a header for the others.
        max_items: The most disputed items to draw (at least one is drawn).
        varied: Also draw what the sample letters do not have: two boards or
            subspecialties, any years (up to 45) and hours, requests in other
            wordings (bare combinations, ``10-325mg``, item numbers,
            compounds, services with numbers), conclusions such as "cannot be
            considered medically necessary", sentences that doubt ("There
            is no documentation that ... is medically necessary.") before
            them, and guidelines named in other wordings (``Post-Surgical``,
            ``Official Disability Guidelines`` or ``ODG`` without the
            abbreviation, ``U.S. Food and Drug Administration (FDA)``, ``U.S.
            National Library of Medicine``). False draws the same letter for a
            seed as earlier versions.

    Returns:
        A letter of ``template``.
    """
    age = rng.randint(18, 79)
    sex = rng.choice(list(Sex))
    injured = _date(rng)
    summary = [
        _first_sentence(age, sex, injured, rng) + " " + " ".join(_some(rng, _NARRATIVE, 1, 4))
    ]
    summary += [" ".join(_some(rng, _NARRATIVE, 1, 4)) for _ in range(rng.choice((0, 0, 1, 2)))]
    years = rng.randint(1, 45) if varied else rng.choice((3, 5, 5, 5, 10, 12, 15, 20, 25, 30))
    most = 2 if varied else 1
    letter = Letter(
        template=template,
        board_certifications=_some(rng, _CERTIFICATIONS, 1, most),
        subspecialties=_some(rng, _SUBSPECIALTIES, 0, most),
        licensed_states=_some(rng, list(_STATES), 1, 3),
        min_years_in_practice=years,
        min_hours_per_week=rng.randint(4, 60) if varied else rng.choice((16, 20, 24, 24, 30, 40)),
        patient_age=age,
        patient_sex=sex,
        date_of_injury=injured,
        case_summary=tuple(summary),
        items=tuple(_item_values(rng, varied) for _ in range(rng.randint(1, max(1, max_items)))),
    )
    if header is None:
        header = template is not Template.ISSUES_DECISIONS_RATIONALES
    values: dict[str, Any] = dict(_header_values(template, header, rng))
    if template in (Template.DECISIONS_RATIONALES, Template.PROFESSIONAL_REVIEW):
        documents = []
        for pattern in _some(rng, _DOCUMENTS, 1, 5):
            first = datetime.date(2013, 1, 1) + datetime.timedelta(days=rng.randint(0, 1200))
            last = first + datetime.timedelta(days=rng.randint(10, 200))
            documents.append(pattern.format(_written_date(first, rng), _written_date(last, rng)))
        values["documents_reviewed"] = tuple(documents)
    if template is Template.PROFESSIONAL_REVIEW:
        values["items"] = _review_items(letter.items, rng)
    return attrs.evolve(letter, **values) if values else letter


def _review_items(items: Sequence[Item], rng: random.Random) -> tuple[Item, ...]:
    """The items as a professional review states them.

    The report names each item once, cites its guidelines once for all items,
    and its rationale decides each item by a sentence ending in "... is (not)
    medically necessary." that names the item (when there are several).
    """
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault("".join(item.request.split()).casefold(), item)
    basis = tuple(c for item in unique.values() for c in item.reviewer_basis)
    several = len(unique) > 1
    reviewed = []
    for item in unique.values():
        rationale = list(item.rationale)
        verdicts = _VERDICTS[item.outcome]
        if several:  # a conclusion naming no request would not say which item it decides
            for verdict in verdicts:
                for unnamed in (f" Therefore, the request {verdict}.", f" This request {verdict}."):
                    rationale[-1] = rationale[-1].removesuffix(unnamed)
        named = (f"the request for {item.request} {verdict}." for verdict in verdicts)
        if several and not any(rationale[-1].endswith(sentence) for sentence in named):
            rationale[-1] += f" {rng.choice(('As such, t', 'Therefore, t', 'T'))}he request for "
            rationale[-1] += f"{item.request} {verdicts[0]}."
        elif not any(rationale[-1].endswith(f"{verdict}.") for verdict in verdicts):
            rationale[-1] += " " + _conclusion(item.request, item.outcome, rng)
        reviewed.append(
            attrs.evolve(
                item,
                claims_administrator_basis=(),
                reviewer_basis=basis,
                rationale=tuple(rationale),
            )
        )
    return tuple(reviewed)


# -- rendering ---------------------------------------------------------------

_HOW_MADE = "HOW THE IMR FINAL DETERMINATION WAS MADE"
_CASE_SUMMARY = "CLINICAL CASE SUMMARY"
_ISSUES = "IMR ISSUES, DECISIONS AND RATIONALES"
_CASE_SUMMARY_LEAD_IN = (
    "The expert reviewer developed the following clinical case summary based on a review of "
    "the case file, including all medical records:"
)
_ISSUES_LEAD_IN = (
    "The Final Determination was based on decisions for the disputed items/services set "
    "forth below:"
)


def _lead_ins(rng: random.Random, varied: bool) -> tuple[str, str]:
    """The case summary's and the decisions' lead-in sentences; ``varied`` also
    prints "based on review of", "item/service" or "item(s)/service(s)", and a
    full stop or nothing for the colon."""
    if not varied:
        return _CASE_SUMMARY_LEAD_IN, _ISSUES_LEAD_IN
    summary = _CASE_SUMMARY_LEAD_IN.replace("on a review", rng.choice(("on a review", "on review")))
    issues = _ISSUES_LEAD_IN.replace(
        "items/services", rng.choice(("items/services", "item/service", "item(s)/service(s)"))
    )
    ends = rng.choice((":", ".", "")), rng.choice((":", ".", ""))
    return summary.removesuffix(":") + ends[0], issues.removesuffix(":") + ends[1]


def _and_list(items: Sequence[str], rng: random.Random) -> str:
    if len(items) == 1:
        return items[0]
    comma = rng.choice((",", ""))
    return ", ".join(items[:-1]) + f"{comma} and {items[-1]}"


def _count(n: int, rng: random.Random) -> str:
    return _COUNT_WORDS[n] if n in _COUNT_WORDS and rng.random() < 0.7 else str(n)


_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _varied_count(n: int, rng: random.Random) -> str:
    """``n`` in digits or words, as the variants of the statement write it."""
    words = _ONES[n] if n < 20 else _TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")
    return rng.choice((str(n), words, words, f"{words} ({n})", f"{n}+"))


#: The opening of the statement about the reviewer: who reviewed the case and
#: that he or she is independent of the parties.
_EXPERT_OPENING = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no "
    "affiliation with the employer, employee, providers or the claims administrator."
)
_NOTICE_OPENING = (
    "The independent Medical Doctor who made the decision has no affiliation with the employer, "
    "employee, providers or the claims administrator."
)
_PROFESSIONAL_OPENING = (
    "The professional reviewer has no material professional, familial or financial "
    "affiliation with any of the parties to this review."
)


def _reviewer_statement(
    letter: Letter,
    rng: random.Random,
    varied: bool = False,
    *,
    opening: str = _EXPERT_OPENING,
    subject: str = "The expert reviewer",
    selected: str = "The expert reviewer",
) -> str:
    """The statement about the reviewer: ``opening``, then the qualification and
    practice sentences about ``subject``, then why ``selected`` was chosen."""
    states = [_STATES[s] if rng.random() < 0.2 else s for s in letter.licensed_states]
    if varied:
        qualification, practice = _varied_qualifications(letter, states, rng, subject)
    else:
        qualification = f"{subject} is Board Certified in {', '.join(letter.board_certifications)}"
        if letter.subspecialties:
            qualification += f", has a subspecialty in {', '.join(letter.subspecialties)}"
        qualification += f" and is licensed to practice in {_and_list(states, rng)}."
        practice = (
            "He/she has been in active clinical practice for more than "
            f"{_count(letter.min_years_in_practice or 0, rng)} years and is currently working at "
            f"least {letter.min_hours_per_week} hours a week in active practice."
        )
    return " ".join(
        (
            opening,
            qualification,
            practice,
            f"{selected} was selected based on his/her clinical experience, education, "
            "background, and expertise in the same or similar specialties that evaluate and/or "
            "treat the medical condition and disputed items/services.",
        )
    )


def _varied_qualifications(
    letter: Letter, states: list[str], rng: random.Random, subject: str
) -> tuple[str, str]:
    """The qualification and practice sentences about ``subject`` in the wordings
    the parser also reads."""
    certified = rng.choice(("Board Certified", "Board-Certified", "board certified"))
    boards = ", ".join(letter.board_certifications)
    qualification = f"{subject} is {certified} in {boards}"
    if letter.subspecialties:
        has = rng.choice(
            (", has a subspecialty in", ", has subspecialties in", " and has a sub-specialty in",
             " with a subspecialty in")
        )  # fmt: skip
        qualification += f"{has} {', '.join(letter.subspecialties)}"
    states = [f"the State of {s}" if rng.random() < 0.2 else s for s in states]
    licensed = rng.choice((" and is licensed", ", and is licensed", ". He/she is licensed"))
    qualification += f"{licensed} to practice in {_and_list(states, rng)}."
    years = (
        f"has been in active clinical practice for {rng.choice(('more than', 'over'))} "
        f"{_varied_count(letter.min_years_in_practice or 0, rng)} years"
    )
    hours = (
        f"is currently working at least {_varied_count(letter.min_hours_per_week or 0, rng)} "
        f"hours {rng.choice(('a week', 'per week', 'weekly'))} in active practice"
    )
    if rng.random() < 0.5:
        return qualification, f"He/she {years} and {hours}."
    return qualification, f"He/she {hours}. {subject} {years}."


def _page_list(pages: Sequence[PageRange], rng: random.Random) -> str:
    ranges = [str(p.first) if p.first == p.last else f"{p.first}-{p.last}" for p in pages]
    word = rng.choice(("", "", "page ", "pages ", "page(s) "))
    return word + rng.choice((", ", "; ")).join(ranges)


def _varied_pages(pages: Sequence[PageRange], rng: random.Random) -> str:
    """A clause's page list in the other wordings: a trailing separator, a page
    word without the label ("pages 74-96"), no colon, or an empty "Page(s):"."""
    if not pages:
        return rng.choice(("", "", " Page(s):"))
    ranges = ", ".join(str(p.first) if p.first == p.last else f"{p.first}-{p.last}" for p in pages)
    form = rng.choice(("labelled", "open", "worded", "no colon"))
    before = rng.choice((", ", " "))
    if form == "worded":
        return before + rng.choice(("pages ", "Page ", "page ")) + ranges
    if form == "no colon":
        return before + "Page(s) " + ranges
    return (
        before + "Page(s): " + _page_list(pages, rng) + (rng.choice((";", ",")) * (form == "open"))
    )


#: How a clause may name ACOEM's chapters (``varied=True``).
_ACOEM_NAMES = (
    "ACOEM Practice Guidelines, 2nd Edition (2004),",
    "American College of Occupational and Environmental Medicine (ACOEM)",
)


def _clause_text(clause: Clause, rng: random.Random, varied: bool = False) -> str:
    topics = ", ".join(clause.topics)
    if clause.kind is CitationKind.OTHER:
        return f"Other Medical Treatment Guideline or Medical Evidence: {topics}"
    if clause.kind is CitationKind.NON_MTUS:
        text = f"Decision based on Non-MTUS Citation {clause.guideline}"
        return text + (f" {topics}" if topics else "")
    guideline = clause.guideline
    if varied and guideline == "ACOEM" and rng.random() < 0.5:
        guideline = rng.choice(_ACOEM_NAMES)
    text = f"Decision based on MTUS {guideline}"
    if topics:
        text += f" {topics}"
    if varied:
        text += _varied_pages(clause.pages, rng)
    elif clause.pages:
        text += rng.choice((", ", " ")) + "Page(s): " + _page_list(clause.pages, rng)
    return text + rng.choice((".", ".", ""))


def _clauses_text(clauses: Sequence[Clause], rng: random.Random, varied: bool = False) -> str:
    # A clause that ends without a full stop runs straight into the next one.
    return "  ".join(_clause_text(c, rng, varied) for c in clauses)


_Paragraph = list[str]  # the lines of one printed paragraph


def _wrap(text: str, width: int) -> _Paragraph:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


#: The labels of a decision block's parts: the sample letters' wording first,
#: then the other cases letters print them in (``varied=True``).
_CLAIMS_ADMINISTRATOR_LABELS = (
    "Claims Administrator guideline:",
    "Claims Administrator Guideline:",
    "CLAIMS ADMINISTRATOR GUIDELINE:",
)
_REVIEWER_LABELS = ("MAXIMUS guideline:", "MAXIMUS Guideline:", "Maximus guideline:")
_RATIONALE_LABELS = ("Decision rationale:", "Decision Rationale:", "DECISION RATIONALE:")


def _decision_blocks(
    letter: Letter, width: int, rng: random.Random, varied: bool = False
) -> list[_Paragraph]:
    """The decision blocks; ``varied`` also prints the outcome in other cases or
    with a full stop, the labels in other cases, a label with no clauses (in a
    paragraph of its own or on the line before the next part's) and a label
    alone with its clauses or text in the next paragraph."""
    paragraphs: list[_Paragraph] = []
    for item in letter.items:
        request = _wrap(item.request, width)
        outcome = item.outcome.name.capitalize()
        if varied:
            outcome = rng.choice((outcome, f"{outcome}.", outcome.upper(), outcome.lower()))
        request[-1] += f":  {outcome}"
        paragraphs.append(request)
        alone: list[str] = []  # a label with no clauses, printed before the next part
        for labels, clauses in (
            (_CLAIMS_ADMINISTRATOR_LABELS, item.claims_administrator_basis),
            (_REVIEWER_LABELS, item.reviewer_basis),
        ):
            label = rng.choice(labels) if varied else labels[0]
            if not clauses:
                if varied and rng.random() < 0.3:
                    alone.append(label)
                    if rng.random() < 0.5:  # a paragraph of its own
                        paragraphs.append(alone)
                        alone = []
                continue
            text = _clauses_text(clauses, rng, varied)
            if varied and rng.random() < 0.15:
                paragraphs += [[*alone, label], _wrap(text, width)]
            else:
                paragraphs.append([*alone, *_wrap(f"{label} {text}", width)])
            alone = []
        label = rng.choice(_RATIONALE_LABELS) if varied else _RATIONALE_LABELS[0]
        first, *rest = item.rationale
        if varied and rng.random() < 0.1:
            paragraphs += [[*alone, label], _wrap(first, width)]
        else:
            paragraphs.append([*alone, *_wrap(f"{label} {first}", width)])
        paragraphs += [_wrap(p, width) for p in rest]
    return paragraphs


def _issues_decisions_rationales(
    letter: Letter, width: int, rng: random.Random, varied: bool
) -> list[_Paragraph]:
    statement = _reviewer_statement(letter, rng, varied)
    summary_lead_in, issues_lead_in = _lead_ins(rng, varied)
    paragraphs: list[_Paragraph] = [
        [_HOW_MADE, *_wrap(statement, width)],
        [_CASE_SUMMARY, *_wrap(summary_lead_in, width)],
        *(_wrap(p, width) for p in letter.case_summary),
        [_ISSUES, *_wrap(issues_lead_in, width)],
        *_decision_blocks(letter, width, rng, varied),
    ]
    # Drawn last, so that a letter without a header prints as it always has.
    return _header_paragraphs(letter, rng, letterhead=None) + paragraphs


def _header_paragraphs(
    letter: Letter, rng: random.Random, *, letterhead: bool | None
) -> list[_Paragraph]:
    """The header block: letterhead (None: drawn), "Label: value" lines, reviewer lines."""
    dates = (
        (("Date Assigned",), letter.date_assigned),
        (("UR Denial Date", "Date of UR Decision"), letter.ur_denial_date),
        (("Application Received", "Date of Application"), letter.application_date),
        (("Dated",), letter.letter_date),
        (("Decision Date",), letter.decision_date),
    )
    pairs = [(f"Case Number: {letter.case_number}")] if letter.case_number else []
    pairs += [
        f"{rng.choice(labels)}: {_written_date(date, rng)}"
        for labels, date in dates
        if date is not None
    ]
    if not pairs:
        return []
    lines: list[str] = []
    while pairs:
        # Two pairs share a line now and then, as the columns of a table.
        take = 2 if len(pairs) > 1 and rng.random() < 0.3 else 1
        lines.append(rng.choice(("  ", "   ", " ")).join(pairs[:take]))
        del pairs[:take]
    if rng.random() < 0.4:
        lines.append(f"State(s) of Licensure: {', '.join(letter.licensed_states)}")
        lines.append(f"Certification(s)/Specialty: {', '.join(letter.board_certifications)}")
    if letterhead if letterhead is not None else rng.random() < 0.5:
        return [["MAXIMUS FEDERAL SERVICES, INC.", "Independent Medical Review"], lines]
    return [lines]


_DOCUMENTS_REVIEWED = "DOCUMENTS REVIEWED"
_DECISIONS = "IMR DECISION(S) AND RATIONALE(S)"


def _documents(letter: Letter, width: int, rng: random.Random) -> _Paragraph:
    """One line per document, or marked entries that wrap."""
    marks = rng.choice((None, "-", "*", "\u2022", "1."))
    if marks is None:
        return list(letter.documents_reviewed)
    lines: list[str] = []
    for n, document in enumerate(letter.documents_reviewed, 1):
        mark = f"{n}." if marks == "1." else marks
        lines += _wrap(f"{mark} {document}", width)
    return lines


def _decisions_rationales(
    letter: Letter, width: int, rng: random.Random, varied: bool
) -> list[_Paragraph]:
    statement = _reviewer_statement(letter, rng, varied)
    paragraphs: list[_Paragraph] = [[_HOW_MADE, *_wrap(statement, width)]]
    if letter.documents_reviewed:
        paragraphs.append([_DOCUMENTS_REVIEWED, *_documents(letter, width, rng)])
    summary_lead_in, issues_lead_in = _lead_ins(rng, varied)
    paragraphs += [
        [_CASE_SUMMARY, *_wrap(summary_lead_in, width)],
        *(_wrap(p, width) for p in letter.case_summary),
        [_DECISIONS, *_wrap(issues_lead_in, width)],
        *_decision_blocks(letter, width, rng, varied),
    ]
    return _header_paragraphs(letter, rng, letterhead=True) + paragraphs


def _necessity(outcome: Outcome) -> str:
    not_ = "not " if outcome is Outcome.UPHELD else ""
    return f"is {not_}medically necessary and appropriate."


def _notice_2013(letter: Letter, width: int, rng: random.Random, varied: bool) -> list[_Paragraph]:
    assert letter.letter_date and letter.application_date and letter.ur_denial_date
    assert letter.date_assigned
    determinations: list[str] = []
    for n, item in enumerate(letter.items, 1):
        determinations += _wrap(
            f"{n}) MAXIMUS Federal Services, Inc. has determined the request for "
            f"{item.request} {_necessity(item.outcome)}",
            width,
        )
    top = ["MAXIMUS FEDERAL SERVICES, INC.", "Notice of Independent Medical Review Determination"]
    top.append(f"Dated: {_written_date(letter.letter_date, rng)}")
    if letter.case_number:
        top.append(f"Case Number: {letter.case_number}")
    application = _wrap(
        "An application for Independent Medical Review was filed on "
        f"{_written_date(letter.application_date, rng)} disputing the Utilization Review "
        f"Denial dated {_written_date(letter.ur_denial_date, rng)}. A Notice of Assignment and "
        "Request for Information was provided to the above parties on "
        f"{_written_date(letter.date_assigned, rng)}. A decision has been made for each of the "
        "treatment and/or services that were in dispute:",
        width,
    )
    if rng.random() < 0.5:
        application += determinations  # the list again, as some notices print it
    statement = _reviewer_statement(
        letter, rng, varied, opening=_NOTICE_OPENING, subject="The physician reviewer"
    )
    summary: list[_Paragraph] = [["Case Summary:"]]
    if rng.random() < 0.5:
        summary[0] += _wrap(
            "Disclaimer: The following case summary was taken directly from the utilization "
            f"review denial/modification dated {_written_date(letter.ur_denial_date, rng)}.",
            width,
        )
    first, *rest = letter.case_summary
    if rng.random() < 0.5:
        summary.append(_wrap(first, width))
    else:
        summary[0] += _wrap(first, width)
    summary += [_wrap(p, width) for p in rest]
    paragraphs: list[_Paragraph] = [
        top,
        determinations,
        ["INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE", *application],
        ["Medical Qualifications of the Expert Reviewer:", *_wrap(statement, width)],
        *summary,
    ]
    for n, item in enumerate(letter.items, 1):
        paragraphs.append(_wrap(f"{n}) Regarding the request for {item.request}:", width))
        for label, clauses in (
            ("Claims Administrator", item.claims_administrator_basis),
            ("Expert Reviewer", item.reviewer_basis),
        ):
            if clauses:
                text = _clauses_text(clauses, rng, varied)
                heading = f"Medical Treatment Guideline(s) Used by the {label}:"
                paragraphs.append([heading, *_wrap(text, width)])
        first, *rest = item.rationale
        paragraphs.append(["Rationale Used by the Expert Reviewer:", *_wrap(first, width)])
        paragraphs += [_wrap(p, width) for p in rest]
    return paragraphs


_ISSUE_AT_DISPUTE = "ISSUE AT DISPUTE:"
#: Why the reviewer relied on the guidelines: prose that cites no clause.
_GUIDELINES_WHY = (
    "These guidelines address the treatments in dispute and were relied upon for that reason.",
    "The MTUS is the standard of care in the California workers' compensation system; other "
    "sources were consulted only where it does not address the condition.",
    "The guidelines named above are the most current evidence-based recommendations for the "
    "diagnoses documented in the records.",
)


def _issue_paragraphs(letter: Letter, width: int, rng: random.Random) -> list[_Paragraph]:
    """The items under "ISSUE AT DISPUTE:": one per line, per list mark or per question."""
    shape = rng.choice(("line", "mark", "question", "marked question"))
    mark = rng.choice(("-", "*", "\u2022", "1."))
    lines: list[str] = []
    questions: list[str] = []
    for n, item in enumerate(letter.items, 1):
        text = item.request
        if "question" in shape:
            lead = rng.choice(("Whether the request for", "Whether the request for", "Whether"))
            verb = rng.choice(("is", "is", "is/was"))
            text = f"{lead} {text} {verb} medically necessary{rng.choice(('.', '?', ''))}"
        if "mark" in shape:
            lines += _wrap(f"{n}. {text}" if mark == "1." else f"{mark} {text}", width)
        elif shape == "question":
            questions.append(text)
        else:
            lines.append(text)  # a line per item: never wrapped
    if questions:
        if rng.random() < 0.5:
            lines = _wrap(" ".join(q if q[-1] in ".?" else q + "." for q in questions), width)
        else:
            lines = [line for q in questions for line in _wrap(q, width)]
    if "mark" not in shape and rng.random() < 0.5:
        return [[f"{_ISSUE_AT_DISPUTE} {lines[0]}", *lines[1:]]]
    return [[_ISSUE_AT_DISPUTE, *lines]]


def _professional_review(
    letter: Letter, width: int, rng: random.Random, varied: bool
) -> list[_Paragraph]:
    """A professional review: the guideline clauses are those of the first item
    (:func:`random_letter` gives every item all of them), the rationale is
    every item's paragraphs in turn."""
    header = _header_paragraphs(letter, rng, letterhead=False)
    if header and rng.random() < 0.5:
        paragraphs: list[_Paragraph] = [["MEDICAL PROFESSIONAL REVIEW", *header[0]]]
    else:
        paragraphs = [["MEDICAL PROFESSIONAL REVIEW"], *header]
    paragraphs += _issue_paragraphs(letter, width, rng)
    first, *rest = letter.case_summary
    paragraphs += [["CASE SUMMARY:", *_wrap(first, width)], *(_wrap(p, width) for p in rest)]
    if letter.documents_reviewed:
        paragraphs.append(
            ["DOCUMENTS REVIEWED FOR DETERMINATION:", *_documents(letter, width, rng)]
        )
    guidelines: list[_Paragraph] = []
    clauses = letter.items[0].reviewer_basis
    if clauses:
        guidelines.append(_wrap(_clauses_text(clauses, rng, varied), width))
    if not clauses or rng.random() < 0.7:
        why = _wrap(rng.choice(_GUIDELINES_WHY), width)
        guidelines.insert(rng.randint(0, len(guidelines)), why)
    if clauses or rng.random() < 0.5:
        heading = [
            "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL",
            "REVIEWER AND WHY:",
        ]
        paragraphs += [heading + guidelines[0], *guidelines[1:]]
    rationale = [p for item in letter.items for p in item.rationale]
    paragraphs += [
        [
            "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT",
            "MEDICALLY NECESSARY:",
            *_wrap(rationale[0], width),
        ],
        *(_wrap(p, width) for p in rationale[1:]),
    ]
    subject = "The professional reviewer"
    statement = _reviewer_statement(
        letter, rng, varied, opening=_PROFESSIONAL_OPENING, subject=subject, selected=subject
    )
    paragraphs.append(["MEDICAL REVIEWER QUALIFICATIONS:", *_wrap(statement, width)])
    return paragraphs


_RENDERERS = {
    Template.ISSUES_DECISIONS_RATIONALES: _issues_decisions_rationales,
    Template.DECISIONS_RATIONALES: _decisions_rationales,
    Template.NOTICE_2013: _notice_2013,
    Template.PROFESSIONAL_REVIEW: _professional_review,
}


def _blank_line_layout(paragraphs: Sequence[_Paragraph], rng: random.Random | None) -> str:
    out: list[str] = []
    for n, paragraph in enumerate(paragraphs):
        if n:
            out.append(" \n\n")
        for line in paragraph:
            spaces = " " if rng is None else rng.choice((" ", " ", " ", "   "))
            out.append(line.replace("®", "Â®") + spaces + "\n\n")
            if rng is not None and rng.random() < 0.03:
                out.append("\n\n")  # a page break
    out.append(" \n\n")
    return " " + "".join(out)


def _paged_layout(
    paragraphs: Sequence[_Paragraph], rng: random.Random | None, *, furniture: bool
) -> str:
    """Plain lines in pages: a page break after a line now and then."""
    pages: list[list[str]] = [[]]
    for n, paragraph in enumerate(paragraphs):
        if n:
            pages[-1].append("")
        for line in paragraph:
            pages[-1].append(line)
            if rng.random() < 0.04 if rng is not None else len(pages[-1]) == 40:
                pages.append([])
    if not pages[-1]:
        pages.pop()
    if furniture and len(pages) < 2:
        lines = pages[0]
        cut = rng.randrange(1, len(lines)) if rng is not None else len(lines) // 2
        pages = [lines[:cut], lines[cut:]]
    if furniture:
        number = rng.randrange(10**7) if rng is not None else 12345
        header = f"Case Number: CM13-{number:07d}"
        pages = [[header, *lines, f"Page {n} of {len(pages)}"] for n, lines in enumerate(pages, 1)]
    # An empty line ending a page keeps its paragraph break: "last\n\n\fnext".
    return "\n\f".join("\n".join(lines) for lines in pages) + "\n"


def _check_printable(letter: Letter) -> None:
    """Raise ValueError if ``letter``'s template cannot print its values."""
    if letter.template is Template.NOTICE_2013:
        dates = ("letter_date", "application_date", "ur_denial_date", "date_assigned")
        missing = [name for name in dates if getattr(letter, name) is None]
        if missing:
            raise ValueError(f"a 2013 notice prints all four dates; missing: {', '.join(missing)}")
    elif letter.template is Template.PROFESSIONAL_REVIEW:
        if any(item.claims_administrator_basis for item in letter.items):
            raise ValueError("a professional review prints no claims administrator's basis")
        if any(item.reviewer_basis != letter.items[0].reviewer_basis for item in letter.items):
            raise ValueError(
                "a professional review cites one reviewer's basis for all items; theirs differ"
            )
        requests = ["".join(item.request.split()).casefold() for item in letter.items]
        if len(set(requests)) < len(requests):
            raise ValueError("a professional review names each request once; one is repeated")


def render(
    letter: Letter,
    layout: Layout = Layout.PLAIN,
    *,
    rng: random.Random | None = None,
    varied: bool = False,
) -> str:
    """Print a letter as the text of its file.

    Args:
        letter: The values to print.
        layout: How lines and paragraphs are laid out.
        rng: Chooses the line width, wording variants and (except for
            :attr:`Layout.PLAIN` and :attr:`Layout.CRLF`) page breaks; without
            one, lines are 90 characters wide, wording is fixed, and there are
            page breaks only in the paged layouts, every 40 lines.
        varied: Also draw the reviewer statement's other wordings
            (``Board-Certified``, ``has subspecialties in``, the licensure in a
            sentence of its own, ``the State of California``, numbers in words
            or as ``five (5)`` and ``5+``, ``over``, ``per week``, ``weekly``,
            the clauses in another order), the lead-in sentences' (``based on
            review of``, ``item/service``, a full stop or nothing for the
            colon) and the decision blocks' (the outcome as ``Upheld.``,
            ``UPHELD`` or ``upheld``, labels in other cases, a label with no
            clauses, a label alone with its clauses in the next paragraph,
            page lists as ``pages 74-96``, ``Page(s) 74-96``, ``Page(s):``
            with no page or a trailing separator, ACOEM with its edition).
            False prints a letter as earlier versions did for the same
            ``rng``.

    Returns:
        The letter's text. Parsing it gives back ``letter``'s values.

    Raises:
        ValueError: The letter's template cannot print its values: a 2013
            notice without one of its four dates (the letter's, the
            application's, the denial's and the assignment's), or a
            professional review with a claims administrator's basis, with
            items whose reviewer's bases differ (the report cites its
            guidelines once for all items), or with a request named twice.
    """
    _check_printable(letter)
    wording = rng if rng is not None else random.Random(0)
    width = wording.randint(60, 100) if rng is not None else 90
    paragraphs = _RENDERERS[letter.template](letter, width, wording, varied)
    if layout is Layout.BLANK_LINE:
        return _blank_line_layout(paragraphs, rng)
    if layout in (Layout.FORM_FEED, Layout.FURNITURE):
        return _paged_layout(paragraphs, rng, furniture=layout is Layout.FURNITURE)
    plain = "\n\n".join("\n".join(p) for p in paragraphs) + "\n"
    return plain.replace("\n", "\r\n") if layout is Layout.CRLF else plain
