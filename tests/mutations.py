"""Hostile input: mutations of generated letters, and what parsing them must give.

Used by ``tests/property/test_fuzz.py`` (Hypothesis, bounded) and by
``fuzz/fuzz_load.py`` (long runs by hand). Every mutation draws its choices from
one :class:`random.Random`, so a Hypothesis ``randoms()`` shrinks them and a
seed replays them.

Whatever the input, :func:`check` accepts only two outcomes: a
:class:`~imrparse.ParseError`, or a :class:`~imrparse.Determination` whose
spans lie in its text, whose elements lie inside their sections, whose
sections cover every non-blank character once, and which round-trips through
``to_dict``. Any other exception propagates: it is a bug.
"""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable

import imrparse
from imrparse import Determination, Span, Template
from imrparse._parse import INTERNAL_ERROR
from imrparse.testing import Layout, random_letter, render

#: Strings that mean something to the grammars or to normalization.
TOKENS = (
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "CLINICAL CASE SUMMARY",
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "The Final Determination was based on decisions for the disputed items/services",
    "Norco 5/325 MG #30:  Upheld",
    ":  Overturned",
    ": Upheld",
    "Claims Administrator guideline:",
    "MAXIMUS guideline:",
    "Decision rationale:",
    "Decision based on MTUS Chronic Pain Treatment Guidelines",
    "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG)",
    "Other Medical Treatment Guideline or Medical Evidence:",
    "Page(s): 74-96",
    "page(s) 41-42; 63-66",
    "Page 2 of 4",
    "MEDICAL PROFESSIONAL REVIEW",
    "ISSUE AT DISPUTE:",
    "CASE SUMMARY:",
    "MEDICAL REVIEWER QUALIFICATIONS:",
    "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT\nMEDICALLY NECESSARY:",
    "Whether the request for",
    "1. Whether",
    "is not medically necessary.",
    "is medically necessary.",
    "The patient is a 45 year old female with a date of injury of 02/30/2013.",
    "Board Certified in",
    "licensed to practice in CA and",
    "for more than 999999999999999999999 years",
    "(",
    ")",
    ",",
    ".",
    ":",
    "-",
    "#",
    "Â®",
)

#: Characters that tend to break text handling.
CHARACTERS = (
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\t",
    "\v",
    "\f",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "\xa0",
    "\u2028",
    "\u2029",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\u0301",
    "\u202e",
    "\U0001f600",
    "\ud800",
    "“",
    "”",
    "ﬁ",
    "İ",
    "ß",
    "®",
)

_LAYOUTS = tuple(Layout)
#: The templates imrparse.testing can render: all of them.
_TEMPLATES = tuple(Template)


def letter_text(rng: random.Random) -> str:
    """A generated letter's text, of a random template, in a random layout."""
    letter = random_letter(
        rng,
        max_items=rng.choice((1, 3, 12)),
        template=rng.choice(_TEMPLATES),
        header=rng.choice((None, True, False)),
    )
    return render(letter, rng.choice(_LAYOUTS), rng=rng)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _span(rng: random.Random, n: int, most: int = 6) -> tuple[int, int]:
    start = rng.randrange(n) if n else 0
    return start, min(n, start + rng.randint(1, most))


def _delete(units: list[str], rng: random.Random) -> list[str]:
    a, b = _span(rng, len(units))
    return units[:a] + units[b:]


def _duplicate(units: list[str], rng: random.Random) -> list[str]:
    a, b = _span(rng, len(units))
    at = rng.randint(0, len(units))
    return units[:at] + units[a:b] + units[at:]


def _shuffle(units: list[str], rng: random.Random) -> list[str]:
    a, b = _span(rng, len(units), 12)
    window = units[a:b]
    rng.shuffle(window)
    return units[:a] + window + units[b:]


def _by(split: str, edit: Callable[[list[str], random.Random], list[str]]) -> Mutation:
    return lambda text, rng: split.join(edit(text.split(split), rng))


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randint(0, len(text))]


def _insert(text: str, rng: random.Random, piece: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


def _inject_characters(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 8)):
        text = _insert(text, rng, rng.choice(CHARACTERS) * rng.choice((1, 1, 2, 50)))
    return text


def _inject_tokens(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        token = rng.choice(TOKENS)
        text = _insert(text, rng, rng.choice(("", "\n", "\n\n")) + token + rng.choice(("", "\n")))
    return text


def _replace_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    if lines:
        lines[rng.randrange(len(lines))] = rng.choice(TOKENS)
    return "\n".join(lines)


def _change_case(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    if lines:
        i = rng.randrange(len(lines))
        lines[i] = rng.choice((str.upper, str.lower, str.title))(lines[i])
    return "\n".join(lines)


def _line_ends(text: str, rng: random.Random) -> str:
    a, b = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
    end = rng.choice(("\r\n", "\r", "\f", "\n\n", " \n\n", "\n\f"))
    return text[:a] + text[a:b].replace("\n", end) + text[b:]


def _repeat(text: str, rng: random.Random) -> str:
    a, b = _span(rng, len(text), 200)
    return text[:a] + text[a:b] * rng.randint(2, 200) + text[b:]


Mutation = Callable[[str, random.Random], str]

#: Mutations of a text, by name.
MUTATIONS: dict[str, Mutation] = {
    "delete lines": _by("\n", _delete),
    "duplicate lines": _by("\n", _duplicate),
    "shuffle lines": _by("\n", _shuffle),
    "delete paragraphs": _by("\n\n", _delete),
    "duplicate paragraphs": _by("\n\n", _duplicate),
    "shuffle paragraphs": _by("\n\n", _shuffle),
    "truncate": _truncate,
    "inject characters": _inject_characters,
    "inject tokens": _inject_tokens,
    "replace a line": _replace_line,
    "change case": _change_case,
    "change line ends": _line_ends,
    "repeat a piece": _repeat,
}


def _encode(text: str, rng: random.Random) -> bytes:
    codec = rng.choice(("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"))
    return text.encode(codec, errors="surrogatepass" if codec.startswith("utf") else "replace")


def _damage(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        kind = rng.randrange(5)
        at = rng.randint(0, len(damaged))
        if kind == 0 and damaged:
            damaged[min(at, len(damaged) - 1)] = rng.randrange(256)
        elif kind == 1:
            damaged[at:at] = rng.randbytes(rng.randint(1, 16))
        elif kind == 2:
            del damaged[at : at + rng.randint(1, 64)]
        elif kind == 3:
            damaged[at:at] = rng.choice(
                (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE, b"%PDF-1.7\n", b"\x00")
            )
        else:
            damaged = damaged[:at]
    return bytes(damaged)


def mutate(text: str, rng: random.Random) -> str | bytes:
    """One to four mutations of ``text``; sometimes encoded and damaged as bytes."""
    names = list(MUTATIONS)
    for _ in range(rng.randint(1, 4)):
        text = MUTATIONS[rng.choice(names)](text, rng)
    if rng.random() < 0.25:
        return _damage(_encode(text, rng), rng)
    return text


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start <= inner.end <= outer.end


def check_determination(det: Determination) -> None:
    """Assert what every parsed letter must satisfy, whatever its input."""
    text = det.text
    whole = Span(0, len(text))
    sections = [s.span for s in det.sections]
    assert all(_inside(s, whole) for s in sections), "a section lies outside the text"
    assert sections == sorted(sections, key=lambda s: s.start), "sections out of order"
    covered = 0
    for span in sections:
        assert span.start >= covered, "two sections overlap"
        assert not text[covered : span.start].strip(), "text outside every section"
        covered = span.end
    assert not text[covered:].strip(), "text after the last section"

    def in_a_section(span: Span) -> bool:
        return any(_inside(span, s) for s in sections)

    elements: list[Span] = [
        part.span for part in (det.reviewer, det.case_summary) if part is not None
    ]
    if det.header is not None:
        elements.append(det.header.span)
    for decision in det.decisions:
        elements.append(decision.span)
        for citation in decision.claims_administrator_basis + decision.reviewer_basis:
            if det.template is Template.PROFESSIONAL_REVIEW:
                elements.append(citation.span)  # cited once for every item, in its own section
            else:
                assert _inside(citation.span, decision.span), "a citation outside its decision"
    for span in elements:
        assert in_a_section(span), f"an element outside every section: {span}"
    for warning in det.warnings:
        assert warning.span is None or _inside(warning.span, whole), "a warning outside the text"
    assert imrparse.from_dict(imrparse.to_dict(det)) == det, "to_dict does not round-trip"


def check(value: str | bytes, *, strict: bool = True) -> Determination | None:
    """Parse ``value`` (text with ``loads``, bytes with ``load``) and check the result.

    Returns:
        The determination, or None when the input was rejected with a
        :class:`~imrparse.ParseError`.

    Raises:
        AssertionError: The determination breaks an invariant, or the
            ParseError stands for a bug in imrparse (an internal error).
    """
    try:
        det = (
            imrparse.loads(value, strict=strict)
            if isinstance(value, str)
            else imrparse.load(value, strict=strict)
        )
    except imrparse.ParseError as error:
        assert error.line >= 1 and error.column >= 1, f"a position before the start: {error!r}"
        assert not error.message.startswith(INTERNAL_ERROR), f"a bug in imrparse: {error}"
        str(error)
        return None
    check_determination(det)
    return det
