"""Damage to one paragraph costs at most the element that holds it.

A paragraph of a letter (generated, or one of the real letters beside the
repository) is removed, printed twice, or garbled; the letter is read again,
liberally. Every decision that does not hold that paragraph must still be
read, with the same request, outcome, partial authorisation, citations and
rationale.

One reading is ambiguous by nature: when the paragraph held every labelled
part of a block, what is left of the block is its request line alone, right
before the next block, which reads as a rationale's last paragraph that ends
in an outcome ("The previous review of this item: Upheld"). The decision
before it then keeps all its values, its rationale followed by that line.
"""

from __future__ import annotations

import functools
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import imrparse
from imrparse import Template
from imrparse.testing import random_letter, render
from real_letters import EXPECTED, LETTERS

#: The templates read by anchors.
LABELLED = (Template.ISSUES_DECISIONS_RATIONALES, Template.DECISIONS_RATIONALES)
_PARAGRAPH = re.compile(r"[^\n](?:[^\n]|\n(?!\n))*")
#: A request line with its outcome, left at the end of a rationale.
_REQUEST_LINE = re.compile(r"\n\n[^\n]+: (?:Upheld|Overturned)\.?", re.IGNORECASE)


def _values(decision: imrparse.Decision) -> tuple[Any, ...]:
    def cited(citations: tuple[imrparse.Citation, ...]) -> tuple[Any, ...]:
        return tuple((c.kind, c.guideline, c.edition, c.topics, c.pages) for c in citations)

    return (
        decision.request,
        decision.outcome,
        decision.original_request,
        decision.authorized,
        cited(decision.claims_administrator_basis),
        cited(decision.reviewer_basis),
        decision.rationale,
    )


def _garbled(text: str, rng: random.Random) -> str:
    """Every character but white space turned to noise, lines kept."""
    noise = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(c if c.isspace() else rng.choice(noise) for c in text)


def damaged(text: str, rng: random.Random) -> tuple[str, tuple[int, int]]:
    """The text with one paragraph removed, printed twice or garbled, and
    where that paragraph was."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    start, end = rng.choice(paragraphs)
    piece = text[start:end]
    how = rng.choice(["remove", "repeat", "garble"])
    new = {"remove": "", "repeat": f"{piece}\n\n{piece}", "garble": _garbled(piece, rng)}[how]
    return text[:start] + new + text[end:], (start, end)


def check_damage(text: str, rng: random.Random) -> None:
    """Read ``text``, damage one paragraph, and compare the decisions."""
    before = imrparse.loads(text)
    after_text, (start, end) = damaged(before.text, rng)
    if not after_text.strip():
        return
    try:
        after = imrparse.loads(after_text)
    except imrparse.ParseError:
        # Only a letter whose every heading was in the damaged paragraph.
        assert not re.search(r"^[A-Z][A-Z ,()]+$", after_text, re.M)
        return
    holders = [d for d in before.decisions if d.span.start < end and start < d.span.end]
    read = [_values(d) for d in after.decisions]
    for decision in before.decisions:
        if decision in holders:
            continue
        found = [n for n, values in enumerate(read) if _same(_values(decision), values)]
        assert found, (decision.request, before.text[start:end][:200])
        read = read[found[0] + 1 :]


def _same(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    """The values are those read before, the rationale perhaps followed by a
    bare request line (see the module's docstring)."""
    if before == after:
        return True
    rationale, later = before[-1], after[-1]
    return (
        before[:-1] == after[:-1]
        and later.startswith(rationale)
        and _REQUEST_LINE.fullmatch(later[len(rationale) :]) is not None
    )


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    template=st.sampled_from(LABELLED),
    varied=st.booleans(),
)
def test_damage_to_a_paragraph_of_a_generated_letter_costs_only_its_element(
    seed: int, template: Template, varied: bool
) -> None:
    rng = random.Random(seed)
    letter = random_letter(rng, template=template, varied=varied)
    check_damage(render(letter, rng=rng, varied=varied), rng)


@functools.cache
def real_text(case: str) -> str:
    return imrparse.load(LETTERS / f"{case}.pdf").text


@pytest.mark.skipif(not LETTERS.is_dir(), reason="the real letters are absent")
@settings(max_examples=300, deadline=None)
@given(case=st.sampled_from(sorted(EXPECTED)), seed=st.integers(0, 2**32 - 1))
def test_damage_to_a_paragraph_of_a_real_letter_costs_only_its_element(
    case: str, seed: int
) -> None:
    check_damage(real_text(case), random.Random(seed))
