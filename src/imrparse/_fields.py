"""Value readers: what a piece of text the grammar located means.

These functions never decide where a piece of the letter begins or ends; they
read inside a piece the grammar matched (a date, an age, a strength, a state).
A reader returns None when the piece does not hold the value. Readers of prose
(narratives, requests, rationales) expect it already :func:`reflow`-ed.
"""

from __future__ import annotations

import datetime
import re

from .model import Medication, PageRange, Sex

__all__ = [
    "clean",
    "read_conclusion",
    "read_count",
    "read_date",
    "read_date_of_injury",
    "read_medication",
    "read_page_range",
    "read_patient",
    "read_state",
    "reflow",
]

_HYPHEN_BREAK = re.compile(r"(?<=\S-)\n(?=\S)")


def clean(text: str) -> str:
    """Join the lines of a printed paragraph into one line.

    Every run of white space becomes one space, except that a line ending in
    a hyphen right after a letter or digit (``Follow-`` then ``up``) is joined
    without a space.
    """
    if "-\n" in text:
        text = _HYPHEN_BREAK.sub("", text)
    return " ".join(text.split())


def reflow(text: str) -> str:
    """Reflow printed text: each paragraph :func:`clean`-ed, joined by an empty line."""
    if "\n\n" not in text:
        return clean(text)
    paragraphs = (clean(p) for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
#: A date as letters write it: ``7/18/2013``, ``6/12/09``, ``July 18 2013``,
#: ``July 18, 2013``, ``2013-07-18``.
DATE = (
    r"(?:\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?!\d)"
    rf"|{_MONTH_NAME}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})")
_WORDED_DATE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Fixed pivot, so that output never depends on today's date.
        year += 2000 if year < 50 else 1900
    return year


def read_date(text: str) -> datetime.date | None:
    """Read one date in any of the forms of :data:`DATE`.

    Raises:
        ValueError: The text has the form of a date that does not exist
            (``2/30/2013``).
    """
    text = clean(text)
    if m := _NUMERIC_DATE.fullmatch(text):
        return datetime.date(_year(m[3]), int(m[1]), int(m[2]))
    if m := _ISO_DATE.fullmatch(text):
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    if (m := _WORDED_DATE.fullmatch(text)) and m[1].lower() in _MONTHS:
        return datetime.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    return None


_INJURY = re.compile(r"\binjur(?:y|ies|ed)\b|\bDOI\b", re.IGNORECASE)
#: A date after the injury word, in the same sentence: "injury on July 18 2013".
_DATE_AFTER = re.compile(rf"(?:[^.]|\.(?=\d)){{0,60}}?({DATE})", re.IGNORECASE)
#: A date before it: "a 6/12/09 date of injury", "3/4/10 industrial injury".
_DATE_BEFORE = re.compile(
    rf"(?<![\w/])({DATE})\s+(?:date\s+of\s+(?:industrial\s+)?|industrial\s+)?\Z", re.IGNORECASE
)


def read_date_of_injury(text: str) -> datetime.date | None:
    """The date of injury a case-summary narrative states first.

    Reads ``sustained an industrial injury on July 18 2013``, ``with a 6/12/09
    date of injury``, ``date of injury of 1/2/2012``, ``DOI: 3/4/10`` and the like:
    the first mention of an injury next to a date.

    Raises:
        ValueError: The date stated is not a valid date (``2/30/2013``).
    """
    for word in _INJURY.finditer(text):
        before = _DATE_BEFORE.search(text, max(0, word.start() - 40), word.start())
        first = before or _DATE_AFTER.match(text, word.end())
        if first is not None:
            break
    else:
        return None
    try:
        return read_date(first[1])
    except ValueError:
        raise ValueError(f"the date of injury {first[1]!r} is not a valid date") from None


_AGE = re.compile(
    r"\b(\d{1,3})(?:\s*|-)years?(?:\s*|-)old\b(?:\s*,?\s*(?P<sex>male|female|man|woman|gentleman|lady)\b)?",
    re.IGNORECASE,
)
_SEX_WORD = re.compile(r"\b(male|female|man|woman|gentleman|lady)\b", re.IGNORECASE)
_SEX_BY_WORD = {
    "male": Sex.MALE,
    "man": Sex.MALE,
    "gentleman": Sex.MALE,
    "female": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "lady": Sex.FEMALE,
}


def read_patient(text: str) -> tuple[int | None, Sex | None]:
    """The patient's age and sex from a case-summary narrative.

    Reads ``33 year old male``, ``34-year-old male``, ``a 52-year-old woman``;
    the sex falls back to the first of male/female/man/woman in the text.
    """
    age: int | None = None
    sex_word: str | None = None
    if m := _AGE.search(text):
        age = int(m[1])
        sex_word = m["sex"]
    if sex_word is None and (m := _SEX_WORD.search(text)):
        sex_word = m[1]
    return age, (_SEX_BY_WORD[sex_word.lower()] if sex_word else None)


_COUNT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40,
}  # fmt: skip


def read_count(text: str) -> int:
    """``5`` or ``five`` as an int."""
    text = text.strip().lower()
    return int(text) if text.isdigit() else _COUNT_WORDS[text]


_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
_STATE_BY_NAME = {name.lower(): name for name in _STATES.values()}


def read_state(text: str) -> str:
    """A state's full name from its name or postal abbreviation.

    A name that is neither is returned as written.
    """
    text = clean(text)
    return _STATES.get(text.upper(), _STATE_BY_NAME.get(text.lower(), text))


_PAGE_NUMBER = re.compile(r"\d+")


def read_page_range(text: str) -> PageRange:
    """``74-96`` as ``PageRange(74, 96)``; a lone page ``46`` as ``PageRange(46, 46)``.

    Raises:
        ValueError: The range ends before it starts (``96-74``).
    """
    first, *rest = (int(n) for n in _PAGE_NUMBER.findall(text))
    last = rest[-1] if rest else first
    if last < first:
        raise ValueError(f"the page range {clean(text)!r} ends before it starts")
    return PageRange(first, last)


_STRENGTH = re.compile(
    r"(?<![\w/.])(\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)*)\s*"
    r"(mg|mcg|µg|g|gm|gram|grams|ml|mL|l|%|units?|iu|meq)(?![\w])",
    re.IGNORECASE,
)
_QUANTITY = re.compile(r"#\s*(\d+)")
_SERVICE_WORDS = re.compile(
    r"\b(?:visits?|therap(?:y|ies)|sessions?|consult\w*|evaluations?|acupuncture|"
    r"chiropractic|injections?|MRI|x-?rays?|surgery|program|tests?|testing|studies|study|"
    r"brace|unit|referral|rental|purchase|massage|training|membership|exams?)\b",
    re.IGNORECASE,
)
_UNITS = {"gm": "g", "gram": "g", "grams": "g", "µg": "mcg", "unit": "units", "l": "L"}


def read_medication(request: str) -> Medication | None:
    """The drug in a request such as ``Norco 5/325 MG #30``; None for a service.

    A request is a drug request when it states a strength, or a ``#`` quantity
    without naming a service (visit, therapy, session, ...).
    """
    strength_match = _STRENGTH.search(request)
    quantity_match = _QUANTITY.search(request)
    if strength_match:
        name = request[: strength_match.start()]
    elif quantity_match and not _SERVICE_WORDS.search(request):
        name = request[: quantity_match.start()]
    else:
        return None
    name = name.strip(" ,;:-(")
    if not name:
        return None
    strength = None
    if strength_match:
        amount = re.sub(r"\s*/\s*", "/", strength_match[1])
        unit = strength_match[2].lower()
        unit = _UNITS.get(unit, unit)
        strength = f"{amount}{unit}" if unit == "%" else f"{amount} {unit}"
    quantity = int(quantity_match[1]) if quantity_match else None
    return Medication(name=name, strength=strength, quantity=quantity)


_NECESSARY = "medically necessary"
_CONCLUSION = re.compile(
    r"\b(?:is|was|are|were|be)\s+(not\s+)?(?:considered\s+)?medically\s+necessary\Z",
    re.IGNORECASE,
)


def read_conclusion(rationale: str) -> bool | None:
    """What the rationale's last necessity statement concludes.

    True for "... is medically necessary", False for "... is not medically
    necessary", None when the rationale states neither.
    """
    lowered = rationale.lower()
    end = lowered.rfind(_NECESSARY)
    while end >= 0:
        stop = end + len(_NECESSARY)
        if m := _CONCLUSION.search(rationale, max(0, stop - 60), stop):
            return m[1] is None
        end = lowered.rfind(_NECESSARY, 0, end)
    return None
