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
a parser reads comes from the place the letter puts it.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime
import enum
import random
import textwrap
from collections.abc import Sequence

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

    @classmethod
    def from_determination(cls, det: Determination) -> Letter:
        """The values a parsed letter holds, in the shape of a :class:`Letter`."""
        reviewer, summary = det.reviewer, det.case_summary
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


def _clause(rng: random.Random) -> Clause:
    kind = rng.choice(list(CitationKind))
    if kind is CitationKind.MTUS:
        if rng.random() < 0.25:
            topics = (rng.choice(_ACOEM_CHAPTERS), *_some(rng, _TOPICS, 0, 1))
            return Clause(kind=kind, guideline="ACOEM", topics=topics, pages=_pages(rng))
        return Clause(
            kind=kind,
            guideline=rng.choice(_MTUS_GUIDELINES),
            topics=_some(rng, _TOPICS, 0, 3),
            pages=_pages(rng),
        )
    if kind is CitationKind.NON_MTUS:
        return Clause(
            kind=kind, guideline=rng.choice(_NON_MTUS_GUIDELINES), topics=_some(rng, _TOPICS, 0, 3)
        )
    return Clause(kind=kind, topics=_some(rng, _EVIDENCE, 1, 3))


def _request(rng: random.Random) -> tuple[str, Medication | None]:
    if rng.random() < 0.4:
        return rng.choice(_SERVICES), None
    name = rng.choice(_DRUGS)
    written, strength = rng.choice(_STRENGTHS)
    quantity = rng.choice((None, 30, 60, 90, 120))
    request = f"{name} {written}" + (f" #{quantity}" if quantity is not None else "")
    return request, Medication(name=name, strength=strength, quantity=quantity)


def _conclusion(request: str, outcome: Outcome, rng: random.Random) -> str:
    verdict = (
        "is medically necessary"
        if outcome is Outcome.OVERTURNED
        else ("is not medically necessary")
    )
    return rng.choice(
        (
            f"As such, the request for {request} {verdict}.",
            f"Therefore, the request {verdict}.",
            f"This request {verdict}.",
        )
    )


def _item_values(rng: random.Random) -> Item:
    request, medication = _request(rng)
    outcome = rng.choice(list(Outcome))
    paragraphs = [
        " ".join(_some(rng, _RATIONALE, 1, 5)) for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0])
    ]
    if rng.random() < 0.9:
        paragraphs[-1] += " " + _conclusion(request, outcome, rng)
    return Item(
        request=request,
        outcome=outcome,
        medication=medication,
        claims_administrator_basis=tuple(_clause(rng) for _ in range(rng.choice((0, 1, 1, 2)))),
        reviewer_basis=tuple(_clause(rng) for _ in range(rng.choice((0, 1, 2, 2, 3)))),
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


def random_letter(rng: random.Random, *, max_items: int = 12) -> Letter:
    """Draw the values of one letter.

    Args:
        rng: The source of every choice; the same seed gives the same letter.
        max_items: The most disputed items to draw (at least one is drawn).

    Returns:
        A letter of the :attr:`~imrparse.Template.ISSUES_DECISIONS_RATIONALES`
        template.
    """
    age = rng.randint(18, 79)
    sex = rng.choice(list(Sex))
    injured = _date(rng)
    summary = [
        _first_sentence(age, sex, injured, rng) + " " + " ".join(_some(rng, _NARRATIVE, 1, 4))
    ]
    summary += [" ".join(_some(rng, _NARRATIVE, 1, 4)) for _ in range(rng.choice((0, 0, 1, 2)))]
    years = rng.choice((3, 5, 5, 5, 10, 12, 15, 20, 25, 30))
    return Letter(
        board_certifications=_some(rng, _CERTIFICATIONS, 1, 1),
        subspecialties=_some(rng, _SUBSPECIALTIES, 0, 1),
        licensed_states=_some(rng, list(_STATES), 1, 3),
        min_years_in_practice=years,
        min_hours_per_week=rng.choice((16, 20, 24, 24, 30, 40)),
        patient_age=age,
        patient_sex=sex,
        date_of_injury=injured,
        case_summary=tuple(summary),
        items=tuple(_item_values(rng) for _ in range(rng.randint(1, max(1, max_items)))),
    )


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


def _and_list(items: Sequence[str], rng: random.Random) -> str:
    if len(items) == 1:
        return items[0]
    comma = rng.choice((",", ""))
    return ", ".join(items[:-1]) + f"{comma} and {items[-1]}"


def _count(n: int, rng: random.Random) -> str:
    return _COUNT_WORDS[n] if n in _COUNT_WORDS and rng.random() < 0.7 else str(n)


def _reviewer_statement(letter: Letter, rng: random.Random) -> str:
    states = [_STATES[s] if rng.random() < 0.2 else s for s in letter.licensed_states]
    qualification = (
        f"The expert reviewer is Board Certified in {', '.join(letter.board_certifications)}"
    )
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
            "MAXIMUS Federal Services sent the complete case file to an expert reviewer.",
            "He/she has no affiliation with the employer, employee, providers or the claims "
            "administrator.",
            qualification,
            practice,
            "The expert reviewer was selected based on his/her clinical experience, education, "
            "background, and expertise in the same or similar specialties that evaluate and/or "
            "treat the medical condition and disputed items/services.",
        )
    )


def _page_list(pages: Sequence[PageRange], rng: random.Random) -> str:
    ranges = [str(p.first) if p.first == p.last else f"{p.first}-{p.last}" for p in pages]
    word = rng.choice(("", "", "page ", "pages ", "page(s) "))
    return word + rng.choice((", ", "; ")).join(ranges)


def _clause_text(clause: Clause, rng: random.Random) -> str:
    topics = ", ".join(clause.topics)
    if clause.kind is CitationKind.OTHER:
        return f"Other Medical Treatment Guideline or Medical Evidence: {topics}"
    if clause.kind is CitationKind.NON_MTUS:
        text = f"Decision based on Non-MTUS Citation {clause.guideline}"
        return text + (f" {topics}" if topics else "")
    text = f"Decision based on MTUS {clause.guideline}"
    if topics:
        text += f" {topics}"
    if clause.pages:
        text += rng.choice((", ", " ")) + "Page(s): " + _page_list(clause.pages, rng)
    return text + rng.choice((".", ".", ""))


def _basis(label: str, clauses: Sequence[Clause], rng: random.Random) -> str:
    texts = [_clause_text(c, rng) for c in clauses]
    # A clause that ends without a full stop runs straight into the next one.
    return f"{label} " + "  ".join(texts)


_Paragraph = list[str]  # the lines of one printed paragraph


def _wrap(text: str, width: int) -> _Paragraph:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _issues_decisions_rationales(
    letter: Letter, width: int, rng: random.Random
) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = [
        [_HOW_MADE, *_wrap(_reviewer_statement(letter, rng), width)],
        [_CASE_SUMMARY, *_wrap(_CASE_SUMMARY_LEAD_IN, width)],
        *(_wrap(p, width) for p in letter.case_summary),
        [_ISSUES, *_wrap(_ISSUES_LEAD_IN, width)],
    ]
    for item in letter.items:
        request = _wrap(item.request, width)
        request[-1] += f":  {item.outcome.name.capitalize()}"
        paragraphs.append(request)
        for label, clauses in (
            ("Claims Administrator guideline:", item.claims_administrator_basis),
            ("MAXIMUS guideline:", item.reviewer_basis),
        ):
            if clauses:
                paragraphs.append(_wrap(_basis(label, clauses, rng), width))
        first, *rest = item.rationale
        paragraphs.append(_wrap(f"Decision rationale: {first}", width))
        paragraphs += [_wrap(p, width) for p in rest]
    return paragraphs


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
        pages = [
            [header, *lines, f"Page {n} of {len(pages)}"] for n, lines in enumerate(pages, 1)
        ]
    # An empty line ending a page keeps its paragraph break: "last\n\n\fnext".
    return "\n\f".join("\n".join(lines) for lines in pages) + "\n"


def render(
    letter: Letter, layout: Layout = Layout.PLAIN, *, rng: random.Random | None = None
) -> str:
    """Print a letter as the text of its file.

    Args:
        letter: The values to print.
        layout: How lines and paragraphs are laid out.
        rng: Chooses the line width, wording variants and (for
            :attr:`Layout.BLANK_LINE`) page breaks; without one, lines are 90
            characters wide, wording is fixed and there are no page breaks.

    Returns:
        The letter's text. Parsing it gives back ``letter``'s values.

    Raises:
        ValueError: The letter's template has no renderer.
    """
    wording = rng if rng is not None else random.Random(0)
    width = wording.randint(60, 100) if rng is not None else 90
    if letter.template is not Template.ISSUES_DECISIONS_RATIONALES:
        raise ValueError(f"no renderer for the template {letter.template.value!r}")
    paragraphs = _issues_decisions_rationales(letter, width, wording)
    if layout is Layout.BLANK_LINE:
        return _blank_line_layout(paragraphs, rng)
    if layout in (Layout.FORM_FEED, Layout.FURNITURE):
        return _paged_layout(paragraphs, rng, furniture=layout is Layout.FURNITURE)
    plain = "\n\n".join("\n".join(p) for p in paragraphs) + "\n"
    return plain.replace("\n", "\r\n") if layout is Layout.CRLF else plain
