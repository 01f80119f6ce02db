"""The model's own invariants."""

from __future__ import annotations

import pytest

from imrparse import Citation, CitationKind, Decision, Outcome, PageRange, Span


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
