"""The model's own invariants."""

from __future__ import annotations

import attrs
import pytest

import imrparse
from imrparse import Citation, CitationKind, Decision, Outcome, PageRange, Span
from letters import EXAMPLES


def test_sequences_become_tuples_so_models_stay_hashable() -> None:
    citation = Citation(
        kind=CitationKind.MTUS,
        guideline="Chronic Pain Treatment Guidelines",
        topics=["Opioids"],  # type: ignore[arg-type]
        pages=[PageRange(74, 96)],  # type: ignore[arg-type]
        text="Decision based on MTUS Chronic Pain Treatment Guidelines Opioids",
        span=Span(0, 10),
    )
    assert citation.topics == ("Opioids",)
    assert citation.pages == (PageRange(74, 96),)
    as_tuples = Citation(
        kind=CitationKind.MTUS,
        guideline="Chronic Pain Treatment Guidelines",
        topics=("Opioids",),
        pages=(PageRange(74, 96),),
        text="Decision based on MTUS Chronic Pain Treatment Guidelines Opioids",
        span=Span(0, 10),
    )
    assert citation == as_tuples
    assert hash(citation) == hash(as_tuples)


def test_a_string_is_not_taken_for_a_sequence() -> None:
    with pytest.raises(TypeError, match="not the string"):
        Decision(
            request="Norco",
            outcome=Outcome.UPHELD,
            reviewer_basis="Opioids",  # type: ignore[arg-type]
            span=Span(0, 5),
        )


def test_medical_necessity_is_derived_from_the_outcome() -> None:
    decision = Decision(request="Norco", outcome="overturned", span=Span(0, 5))  # type: ignore[arg-type]
    assert decision.outcome is Outcome.OVERTURNED
    assert decision.medically_necessary


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 4)])
def test_a_span_cannot_end_before_it_starts_or_start_before_the_text(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        Span(start, end)


def test_a_page_range_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        PageRange(96, 74)


def test_a_decision_repr_is_its_request_and_outcome() -> None:
    decision = Decision(
        request="Norco 5/325 MG #30", outcome=Outcome.UPHELD, rationale="x" * 5000, span=Span(0, 1)
    )
    assert repr(decision) == "<Decision 'Norco 5/325 MG #30': upheld>"


def test_a_determination_repr_is_one_short_informative_line() -> None:
    det = imrparse.load(EXAMPLES / "notice_2013.txt")
    shown = repr(det)
    assert len(shown) < 300 and "\n" not in shown
    assert shown.startswith("<Determination notice_2013 CM13-0004821 from ")
    assert "Tramadol ER 150 mg #30: upheld" in shown
    assert shown.endswith(": overturned), 0 warnings>")
    long = attrs.evolve(
        det,
        header=None,
        source=None,
        decisions=[attrs.evolve(det.decisions[0], request="Physical therapy " * 10)],
        warnings=[imrparse.ParseWarning(code="unplaced_text", message="x")],
    )
    assert repr(long) == (
        "<Determination notice_2013: 1 decision "
        "(Physical therapy Physical therapy Physi\u2026: upheld), 1 warning>"
    )
    assert len(imrparse.dumps(det)) > 10 * len(shown)  # the data is all still there
