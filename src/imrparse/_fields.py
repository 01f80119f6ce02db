"""Value readers: what a piece of text the grammar located means.

These functions never decide where a piece of the letter begins or ends; they
read inside a piece the grammar matched (a date, an age, a strength, a state).
A reader returns None when the piece does not hold the value. Readers of prose
(narratives, requests, rationales) expect it already :func:`reflow`-ed.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator

from . import _drugs as drugs
from . import _vocab as vocab
from .model import Medication, PageRange, Sex

__all__ = [
    "clean",
    "read_conclusion",
    "read_count",
    "read_date",
    "read_date_of_injury",
    "read_medication",
    "read_number",
    "read_page_range",
    "read_patient",
    "read_state",
    "reflow",
]

_HYPHEN_BREAK = re.compile(r"(?<=[^\W_]-)\n(?=\S)")


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


def join_titles(pieces: list[str], *, sections: bool = False) -> list[str]:
    """Items of a comma-separated list of titles, put together again where
    the commas were inside a title, with a leading ``and`` left out.

    A title is whole when it is a known one (``NSAIDs``, ``GI symptoms &
    cardiovascular risk``; ``Forearm``, ``Wrist``, ``and Hand (updated
    11/23/16)``). In a list of MTUS ``sections``, whose final period is left
    out, a piece that starts with a section number (``3.3.1.2 Opioids for
    Chronic Pain ...: Screening for Risk of Addiction or Adverse Events``)
    also runs on over the pieces after it (``Prior to Chronic Opioid
    Treatment: ...``), up to the next numbered one or a page (``80``).
    """
    if sections and pieces and pieces[-1].endswith("."):
        pieces = [*pieces[:-1], pieces[-1][:-1].rstrip()]
    starts = [sections and bool(_SECTION_NUMBER.match(p)) for p in pieces]
    stops = [start or bool(_PAGE.fullmatch(p)) for start, p in zip(starts, pieces, strict=True)]
    joined: list[str] = []
    n = 0
    while n < len(pieces):
        size = 1
        if starts[n]:
            while n + size < len(pieces) and not stops[n + size]:
                size += 1
        else:
            known = (m for m in range(len(pieces) - n, 1, -1) if _known(pieces[n : n + m]))
            size = next(known, 1)
        # As printed ("Forearm, Wrist, and Hand"), but for a leading "and".
        joined.append(", ".join(pieces[n : n + size]).removeprefix("and "))
        n += size
    return [p for p in joined if p]


def _known(items: list[str]) -> bool:
    """Whether the items, joined by commas, are a known title, as printed or
    without the "and" before an item ("Opioids, and dosing")."""
    printed = ", ".join(items)
    bare = ", ".join(item.removeprefix("and ") for item in items)
    return not vocab.SECTION_TITLES.isdisjoint({vocab.title_key(printed), vocab.title_key(bare)})


#: A page or pages in a list of sections: ``326``, ``74-96``.
_PAGE = re.compile(r"(?:and\s+)?\d+(?:\s*[-\u2013]\s*\d+)?")
#: A section number before a title: ``3.``, ``4.1``, ``3.3.1.2`` (not a page, ``326``).
_SECTION_NUMBER = re.compile(r"(?:and\s+)?\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Za-z]")


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
#: The same words in lower-cased text, without the word boundary before them:
#: a pattern that starts with a literal is searched for much faster.
_INJURY_LOWER = re.compile(r"(?:injur(?:y|ies|ed)|doi)\b")
#: A date after the injury word, in the same sentence: "injury on July 18 2013".
_DATE_AFTER = re.compile(rf"(?:[^.]|\.(?=\d)){{0,60}}?({DATE})", re.IGNORECASE)
#: A date before it: "a 6/12/09 date of injury", "3/4/10 industrial injury".
_DATE_BEFORE = re.compile(
    rf"(?<![\w/])({DATE})\s+(?:date\s+of\s+(?:industrial\s+)?|industrial\s+)?\Z", re.IGNORECASE
)


def _injury_words(text: str) -> Iterator[re.Match[str]]:
    """The injury words of the text (:data:`_INJURY`), in order."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lower case moved the offsets
        yield from _INJURY.finditer(text)
        return
    for word in _INJURY_LOWER.finditer(lowered):
        before = lowered[word.start() - 1 : word.start()]
        if not (before.isalnum() or before == "_"):  # a word boundary before it
            yield word


def read_date_of_injury(text: str) -> datetime.date | None:
    """The date of injury a case-summary narrative states first.

    Reads ``sustained an industrial injury on July 18 2013``, ``with a 6/12/09
    date of injury``, ``date of injury of 1/2/2012``, ``DOI: 3/4/10`` and the like:
    the first mention of an injury next to a date.

    Raises:
        ValueError: The date stated is not a valid date (``2/30/2013``).
    """
    for word in _injury_words(text):
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
    r"\b(\d{1,3})(?:\s*|-)"
    r"(?:(?:years?|yrs?)(?:\s*|-)old\b|years?\s+of\s+age\b|y/o\b|y\.\s?o\.|yo\b)"
    r"(?:\s*,?\s*(?P<sex>male|female|man|woman|gentleman|lady)\b)?",
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

    Reads ``33 year old male``, ``34-year-old male``, ``a 52-year-old woman``,
    ``50 y/o male``, ``61 yr old``, ``45 years of age``;
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


def patient_spans(text: str, age: int | None, sex: Sex | None) -> dict[str, tuple[int, int]]:
    """Where ``text`` (a case summary as printed) states the age and the sex
    that :func:`read_patient` read from it reflowed: ``{"patient_age": (start,
    end), "patient_sex": (start, end)}``, each only when found with that value."""
    spans: dict[str, tuple[int, int]] = {}
    if m := _AGE.search(text):
        if int(m[1]) == age:
            spans["patient_age"] = m.span(1)
        if m["sex"] and _SEX_BY_WORD[m["sex"].lower()] is sex:
            spans["patient_sex"] = m.span("sex")
    m = None if "patient_sex" in spans else _SEX_WORD.search(text)
    if m and _SEX_BY_WORD[m[1].lower()] is sex:
        spans["patient_sex"] = m.span(1)
    return spans


_SMALL_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS = {word: n for n, word in enumerate(_SMALL_NUMBERS)} | {
    word: 20 + 10 * n for n, word in enumerate(_TENS)
}
_UNIT_WORD = "|".join(sorted(_SMALL_NUMBERS[1:10], key=len, reverse=True))
#: A count as letters write it: up to three digits (a longer run of digits is
#: no count), or a number word up to ninety-nine ("fourteen", "twenty-five").
NUMBER = (
    r"(?:(?<![\d,.])\d{1,3}(?![\d,])"
    rf"|(?:{'|'.join(_TENS)})(?:[ -](?:{_UNIT_WORD}))?\b"
    rf"|(?:{'|'.join(sorted(_SMALL_NUMBERS, key=len, reverse=True))})\b)"
)

_NUMBER = re.compile(NUMBER, re.IGNORECASE)


def read_number(text: str) -> int:
    """A number of :data:`NUMBER`'s form as an int: ``24``, ``fourteen``, ``twenty-five``.

    Raises:
        ValueError: The text is not such a number.
    """
    text = text.strip().lower()
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{text!r} is not a number")
    if text.isdigit():
        return int(text)
    tens, _, unit = text.replace("-", " ").partition(" ")
    return _NUMBER_WORDS[tens] + (_NUMBER_WORDS[unit] if unit else 0)


#: The words of units that :func:`read_count` reads, as regular expressions.
UNITS = {"years": "years?", "hours": "hours?|hrs?"}


def read_count(text: str, unit: str) -> int | None:
    """How many ``unit`` s a phrase states: ``more than five years`` with
    ``unit="years?"`` gives 5.

    The number is the first that stands right before the unit, as digits or
    words (see :data:`NUMBER`), perhaps with the digits again in parentheses
    or a plus sign: ``five (5) years``, ``5+ years``, ``twenty-four hours``.
    None when the phrase states no such number.

    Args:
        text: The phrase.
        unit: A regular expression for the unit's word, matched without
            case (one of :data:`UNITS`).
    """
    pattern = _count_pattern(unit)
    if m := pattern.search(text):
        return read_number(m[1])
    return None


@functools.cache
def _count_pattern(unit: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])({NUMBER})(?:\s*\(\s*\d{{1,3}}\s*\))?\+?\s*-?\s*(?:{unit})\b",
        re.IGNORECASE,
    )


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


#: Wording around a state's name: "the State of California", "the District of Columbia".
_STATE_WORDING = re.compile(r"^(?:the\s+)?(?:(?:State|Commonwealth)\s+of\s+)?", re.IGNORECASE)


def read_state(text: str) -> str:
    """A state's full name from its name or postal abbreviation.

    Wording around the name is left out: ``the State of California`` gives
    ``California``, ``the District of Columbia`` and ``D.C.`` give ``District
    of Columbia``. A name that is neither a state's name nor its abbreviation
    is returned as written.
    """
    text = clean(text)
    if found := _STATE_BY_NAME.get(text.lower()):
        return found
    bare = _STATE_WORDING.sub("", text, count=1)
    abbreviation = bare.replace(".", "").upper()
    if abbreviation in _STATES and len(bare) <= 4:
        return _STATES[abbreviation]
    return _STATE_BY_NAME.get(bare.lower(), text)


_PAGE_NUMBER = re.compile(r"\d+")


def read_page_range(text: str) -> PageRange:
    """``74-96`` as ``PageRange(74, 96)``; a lone page ``46`` as ``PageRange(46, 46)``.

    Raises:
        ValueError: The range ends before it starts (``96-74``), or a page
            number has more than six digits.
    """
    numbers = _PAGE_NUMBER.findall(text)
    if any(len(n) > 6 for n in numbers):
        raise ValueError(f"the page number in {clean(text)[:40]!r} is too large")
    first, *rest = (int(n) for n in numbers)
    last = rest[-1] if rest else first
    if last < first:
        raise ValueError(f"the page range {clean(text)!r} ends before it starts")
    return PageRange(first, last)


_AMOUNT = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
#: A strength: an amount, or amounts joined by "/" or "-" (a combination),
#: then a unit, perhaps per hour or per millilitre: ``5/325 MG``, ``10-325mg``,
#: ``5%``, ``25mcg/hr``, ``50,000 IU``.
_STRENGTH = re.compile(
    rf"(?<![\w/.,-])({_AMOUNT}(?:\s*[/-]\s*{_AMOUNT}){{0,3}})\s*"
    r"((?i:mg|mcg|µg|ug|gm?s?|grams?|ml|cc|l|oz|%|units?|iu|meq))"
    r"(?:\s*/\s*((?i:hr|hours?|h|ml|day)))?(?![\w%])",
)
#: A combination strength without a unit, kept as written: ``Norco 10/325 #120``.
_BARE_COMBINATION = re.compile(
    r"(?<![\w/.,-])(\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?)(?![\w/.%]|\s*[/-]?\s*\d)"
)
_SEPARATOR = re.compile(r"\s*[/-]\s*")
_DIGIT = re.compile(r"\d")
_QUANTITY = re.compile(r"(?:#|\b(?i:quantity|qty)\b[.:]?)\s*(\d{1,7})(?!\d)")
#: Where the drug's name ends: at its first number group, parenthesis or quantity.
_NAME_END = re.compile(r"(?<![\w.])\.?\d|[(#]|\b(?i:quantity|qty)\b")
#: Before the name: an item number ("1.", "(1)"), a label ("Retrospective
#: request:"), "Retrospective", "1 prescription of", "Request for".
_NAME_LEAD_IN = re.compile(
    r"^(?:\(?\d{1,3}[.)]\s+)?(?:[^\d:]{1,40}:\s+)?"
    r"(?:(?:retrospective|retro|prospective|concurrent)\b\s*)?"
    r"(?:(?:post|pre)-?op(?:erative)?\b\s*)?"
    r"(?:(?:\d{1,3}\s+)?(?:prescriptions?|requests?|refills?)\s+(?:of|for)\s+)?"
    r"(?P<supply>(?:an?\s+)?(?:a|one|two|three|\d{1,3})[ -](?:day|week|month)s?\s+supply\s+of\s+)?",
    re.IGNORECASE,
)
#: How the words of :data:`_NAME_LEAD_IN` begin.
_LEAD_IN_WORDS = (
    "retro", "prospective", "concurrent", "prescription", "request", "refill", "post", "pre",
    "a ", "one ", "two ", "three ",
)  # fmt: skip
#: Words that name a service, not a drug (in lower case).
_SERVICE_WORDS = frozenset(
    ("visit", "visits", "therapy", "therapies", "session", "sessions", "consult", "consults",
     "consultation", "consultations", "consulting", "evaluation", "evaluations", "assessment",
     "assessments", "acupuncture", "chiropractic", "injection", "injections", "block",
     "blocks", "mri", "ct", "xray", "xrays", "ray", "rays", "scan", "scans", "ultrasound",
     "emg", "ncv", "ncs", "surgery", "procedure", "procedures", "program", "test", "tests",
     "testing", "studies", "study", "screen", "screens", "screening", "panel", "panels", "lab",
     "labs", "brace", "braces", "support", "supports", "unit", "units", "kit", "kits", "supply",
     "supplies", "dme", "equipment", "orthotic", "orthotics", "pack", "packs", "cane",
     "walker", "wheelchair", "referral", "rental", "purchase", "massage", "training",
     "membership", "exam", "exams", "counseling", "psychotherapy", "care", "assistance",
     "transportation", "tens")
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")


def _names_a_service(text: str) -> bool:
    """Whether the words name a service (a "dose pack" is a drug's)."""
    words = _WORD.findall(text.lower())
    return any(
        word in _SERVICE_WORDS and not (word.startswith("pack") and words[n - 1 : n] == ["dose"])
        for n, word in enumerate(words)
    )


_UNITS = {
    "gm": "g", "gms": "g", "gs": "g", "gram": "g", "grams": "g", "µg": "mcg", "ug": "mcg",
    "cc": "ml", "unit": "units", "l": "L", "hour": "hr", "hours": "hr", "h": "hr",
}  # fmt: skip


def read_medication(request: str) -> Medication | None:
    """The drug in a request such as ``Norco 5/325 MG #30``; None for a service.

    A request is a drug request when it names a known drug or states a
    strength or a quantity (``#30``, ``quantity 30``), and its name names no
    service (visit, therapy, screen, unit, kit, supplies, ...).

    - ``name``: the words before the first number group, parenthesis or
      quantity, without an item number or lead-in before them (``(1)``,
      ``Retrospective``, ``Post-op``, ``1 prescription of``, ``one month
      supply of``).
    - ``strength``: the first strength outside parentheses, normalized
      (``5/325 MG`` and ``5-325mg`` give ``5/325 mg``, ``25mcg/hr`` gives
      ``25 mcg/hr``); a combination without a unit as written (``10/325``).
      Strengths inside parentheses are a compound's ingredients or a generic
      name's, not the product's: ``Fluriflex (Flurbiprofen 15%/Cyclobenzaprine
      10%) 180gm`` gives ``Fluriflex`` and ``180 g``. A parenthesis that holds
      the request's only strength gives it (``Norco (10/325 mg) #120``).
    - ``quantity``: the number after ``#`` (or ``quantity``), of up to seven
      digits.
    - ``generics`` and ``drug_class``: the known drugs the request names
      (:func:`imrparse._drugs.resolve`), brand names and ingredients alike.
    """
    generics, drug_class = drugs.resolve(request)
    if not generics and not _DIGIT.search(request):  # neither a drug, a strength nor a quantity
        return None
    lead_in = _NAME_LEAD_IN.match(request) if _may_have_lead_in(request) else None
    start = lead_in.end() if lead_in else 0
    end = _NAME_END.search(request, start)
    stop = end.start() if end else len(request)
    name = clean(request[start:stop]).strip(" ,;:-")
    # The service words before the name count ("Trigger point injection:
    # lidocaine"), but for the supply the lead-in names ("a 30 day supply of").
    supply = lead_in.span("supply") if lead_in and lead_in["supply"] else (0, 0)
    if not name or _names_a_service(request[: supply[0]] + " " + request[supply[1] : stop]):
        return None
    strength, stated = _strength(request[start:])
    quantity_match = _QUANTITY.search(request, start)
    if not generics and not stated and quantity_match is None:
        return None
    quantity = int(quantity_match[1]) if quantity_match else None
    return Medication(
        name=name, strength=strength, quantity=quantity, generics=generics, drug_class=drug_class
    )


def _may_have_lead_in(request: str) -> bool:
    """Whether :data:`_NAME_LEAD_IN` can match more than nothing (a quick test)."""
    return (
        not request[:1].isalpha()
        or ":" in request
        or request[:13].lower().startswith(_LEAD_IN_WORDS)
    )


def _strength(text: str) -> tuple[str | None, bool]:
    """The first strength outside parentheses (see :func:`read_medication`),
    and whether the text states any strength at all."""
    first = _STRENGTH.search(text)
    if first is None or "(" not in text:
        found = [first] if first else []
        unparenthesized = found
    else:
        found = list(_STRENGTH.finditer(text))
        unparenthesized = [m for m in found if _outside_parentheses(text, m.start())]
    if unparenthesized or len(found) == 1:
        m = (unparenthesized or found)[0]
        amount = _SEPARATOR.sub("/", m[1]) if "/" in m[1] or "-" in m[1] else m[1]
        unit = _UNITS.get(m[2].lower(), m[2].lower())
        if m[3]:
            unit += "/" + _UNITS.get(m[3].lower(), m[3].lower())
        return (f"{amount}{unit}" if unit == "%" else f"{amount} {unit}"), True
    if found:
        return None, True
    for m in _BARE_COMBINATION.finditer(text):
        if _outside_parentheses(text, m.start()):
            return re.sub(r"\s+", "", m[1]), True
    return None, False


def _outside_parentheses(text: str, at: int) -> bool:
    return text.count("(", 0, at) <= text.count(")", 0, at)


#: "medically necessary" where "medically" starts, in lower-cased text.
_NECESSARY = re.compile(r"medically\s+necessary(?![a-z])")
#: Words of the verb phrase before "medically necessary": the verbs that
#: make it a statement, the words that negate it, and the words that may
#: stand between ("has not been established as", "was not found to be").
_VERBS = frozenset(
    ("is", "was", "are", "were", "be", "been", "being", "am", "has", "have", "had", "can",
     "could", "would", "will", "shall", "should", "may", "might", "must", "does", "do", "did",
     "remain", "remains", "remained", "seem", "seems", "seemed", "appear", "appears",
     "appeared")
)  # fmt: skip
_NEGATIONS = frozenset(
    ("not", "cannot", "never", "no", "longer", "isn't", "wasn't", "aren't", "weren't",
     "can't", "won't", "wouldn't", "couldn't", "shouldn't", "doesn't", "don't", "didn't",
     "hasn't", "haven't")
)  # fmt: skip
_BETWEEN = frozenset(
    ("considered", "deemed", "found", "established", "shown", "demonstrated", "determined",
     "felt", "judged", "proven", "documented", "to", "as", "currently", "therefore", "thus",
     "still", "also", "yet", "hereby", "reasonable", "appropriate", "and")
)  # fmt: skip
#: Before the verb phrase, in the same sentence: wording that makes the
#: statement a question or a condition, not a conclusion ("whether it is
#: medically necessary", "no documentation that it is medically necessary").
#: The professional review's VERDICT_SUBJECT rejects the same wording. (In
#: lower-cased text; the word boundary before it is tested apart, as a
#: pattern that starts with a word is searched for much faster.)
_HEDGE = re.compile(
    r"(?:whether|if|unclear|not\s+clear|no\s+(?:(?:clear|objective|clinical)\s+)?"
    r"(?:evidence|documentation|indication|support)\s+(?:to\s+(?:show|support|indicate)\s+)?that)\b"
)
_PHRASE_WORDS = _VERBS | _NEGATIONS | _BETWEEN


def _verb_phrase(words: list[str]) -> list[str]:
    """The last verb phrase of the words, through their end: from the last
    verb of the clause (after its last comma, semicolon or colon), with the
    verbs and negations just before it ("cannot be supported by the
    records"); nothing when the clause has no verb."""
    n = len(words)
    while n and words[n - 1][-1:] not in ",;:" and words[n - 1] not in _VERBS:
        n -= 1
    if not n or words[n - 1] not in _VERBS:
        return []
    n -= 1
    while n and words[n - 1] in _VERBS | _NEGATIONS:
        n -= 1
    return words[n:]


def read_conclusion(rationale: str) -> bool | None:
    """What the rationale's last necessity statement concludes.

    A necessity statement is "medically necessary" after a verb phrase: True
    for "... is medically necessary" (also "is deemed", "is considered", "is
    reasonable and"), False when the phrase holds a negation ("is not",
    "cannot be considered", "was not found to be", "has not been established
    as", "would not be", "is no longer", "is never"). A statement inside a
    question or condition ("whether it is medically necessary", "there is no
    documentation that it is medically necessary") concludes nothing. None
    when the rationale has no necessity statement.
    """
    lowered = rationale.lower()
    end = len(lowered)
    while (at := lowered.rfind("medically", 0, end)) >= 0:
        end = at
        if (at and lowered[at - 1].isalpha()) or not _NECESSARY.match(lowered, at):
            continue
        before = lowered[max(0, at - 200) : at].replace("\u2019", "'")
        words = before[_sentence_start(before) :].split()
        n = len(words)
        while n and words[n - 1].strip(",") in _PHRASE_WORDS:
            n -= 1
        phrase = {word.strip(",") for word in words[n:]}
        if "as" in phrase and _NEGATIONS.isdisjoint(phrase):
            # "is (not) supported by the records as (being) medically
            # necessary": the verb and its negation are earlier in the clause.
            phrase |= set(_verb_phrase(words[:n]))
        if _VERBS.isdisjoint(phrase) and _NEGATIONS.isdisjoint(phrase):
            continue
        if n and _hedged(" ".join(words[:n])):
            continue
        return _NEGATIONS.isdisjoint(phrase)
    return None


def _sentence_start(text: str) -> int:
    """Where the last sentence of reflowed text starts (after ". ", "; ", ...,
    or the line break that ends a paragraph)."""
    rfind = text.rfind
    return 1 + max(rfind(". "), rfind("; "), rfind(": "), rfind("? "), rfind("! "), rfind("\n"))


def _hedged(text: str) -> bool:
    """Whether lower-cased words before a verb phrase make it a question or a doubt."""
    return any(
        not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
        for m in _HEDGE.finditer(text)
    )
