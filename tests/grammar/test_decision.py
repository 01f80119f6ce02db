"""Decision blocks, one at a time, as a letter's decisions section reads them,
and the labels that the whole-letter grammars' terminals must agree on."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import Decision, Outcome, PageRange, Template
from imrparse._grammar import get_parser
from imrparse._layout import classify

CA = "Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines."
MAXIMUS = (
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines\n"
    "Opioids, Page(s): 74-96."
)
RATIONALE = "Decision rationale: The records do not document an improvement in function."


HEADING = "IMR ISSUES, DECISIONS AND RATIONALES"


def _letter(*paragraphs: str) -> imrparse.Determination:
    """A decisions section of these paragraphs, the rest of the letter missing."""
    return imrparse.loads("\n\n".join((HEADING, *paragraphs)))


def read(*paragraphs: str) -> Decision:
    """The decision of a block of these paragraphs."""
    det = _letter(*paragraphs)
    assert [w.code for w in det.warnings] == ["section_missing", "section_missing"]
    (decision,) = det.decisions
    return decision


def test_a_whole_block_is_read() -> None:
    decision = read("Norco 5/325 MG #30:  Upheld", CA, MAXIMUS, RATIONALE)
    assert (decision.request, decision.outcome) == ("Norco 5/325 MG #30", Outcome.UPHELD)
    assert decision.claims_administrator_basis[0].guideline == "Chronic Pain Treatment Guidelines"
    assert decision.reviewer_basis[0].pages == (PageRange(74, 96),)
    assert decision.rationale.startswith("The records")


@pytest.mark.parametrize(
    ("line", "outcome"),
    [
        ("Norco 5/325 MG #30:  Upheld.", Outcome.UPHELD),
        ("Norco 5/325 MG #30: upheld", Outcome.UPHELD),
        ("Norco 5/325 MG #30:\tUPHELD .", Outcome.UPHELD),
        ("Norco 5/325 MG #30 :  Overturned", Outcome.OVERTURNED),
        ("Norco 5/325 MG #30:  overturned.", Outcome.OVERTURNED),
    ],
    ids=["full-stop", "lower-case", "capitals-tab-spaced-stop", "space-before-colon", "lower-stop"],
)
def test_the_outcome_is_read_in_any_case_with_a_full_stop(line: str, outcome: Outcome) -> None:
    decision = read(line, RATIONALE)
    assert (decision.request, decision.outcome) == ("Norco 5/325 MG #30", outcome)


@pytest.mark.parametrize(
    ("ca", "maximus", "rationale"),
    [
        ("Claims Administrator Guideline:", "MAXIMUS Guideline:", "Decision Rationale:"),
        ("CLAIMS ADMINISTRATOR GUIDELINE:", "Maximus guidelines:", "DECISION RATIONALE:"),
    ],
    ids=["title-case", "capitals-and-plural"],
)
def test_labels_are_read_in_any_case(ca: str, maximus: str, rationale: str) -> None:
    decision = read(
        "Knee brace:  Overturned",
        CA.replace("Claims Administrator guideline:", ca),
        MAXIMUS.replace("MAXIMUS guideline:", maximus),
        RATIONALE.replace("Decision rationale:", rationale),
    )
    assert len(decision.claims_administrator_basis) == len(decision.reviewer_basis) == 1
    assert decision.rationale.startswith("The records")


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("Claims Administrator guideline:", MAXIMUS, RATIONALE),
        ("Claims Administrator guideline:\n" + MAXIMUS, RATIONALE),
        ("Claims Administrator guideline:", "MAXIMUS guideline:", RATIONALE),
        (MAXIMUS, "Decision rationale:", "The records do not document an improvement."),
        ("Claims Administrator guideline:\nMAXIMUS guideline:\n" + RATIONALE,),
    ],
    ids=[
        "empty-then-paragraph",
        "empty-then-line",
        "both-empty",
        "rationale-label-alone",
        "all-in-one-paragraph",
    ],
)
def test_a_label_without_clauses_takes_nothing_from_the_next_part(
    paragraphs: tuple[str, ...],
) -> None:
    decision = read("Norco 5/325 MG #30:  Upheld", *paragraphs)
    assert decision.claims_administrator_basis == ()
    assert len(decision.reviewer_basis) == (1 if MAXIMUS in "\n\n".join(paragraphs) else 0)
    assert decision.rationale.startswith("The records")


def test_clauses_in_the_paragraph_after_their_label_are_its_own() -> None:
    decision = read(
        "Norco 5/325 MG #30:  Upheld",
        "Claims Administrator guideline:",
        CA.removeprefix("Claims Administrator guideline: "),
        RATIONALE,
    )
    assert len(decision.claims_administrator_basis) == 1
    assert decision.reviewer_basis == ()


def test_a_request_line_without_a_request_makes_no_decision() -> None:
    det = _letter(":  Upheld", RATIONALE)
    assert det.decisions == ()
    assert "field_unreadable" in [w.code for w in det.warnings]
    assert [t.type for t in classify(det.text).tokens][1] == "REQUEST"


@pytest.mark.parametrize("between", ["\n", "\n\n"], ids=["line-break", "empty-line"])
def test_a_request_starts_after_the_sentence_before_it(between: str) -> None:
    det = _letter(f"the end of a paragraph.{between}Norco 5/325 MG #30:  Upheld", RATIONALE)
    assert [d.request for d in det.decisions] == ["Norco 5/325 MG #30"]
    (unplaced,) = [w for w in det.warnings if w.code == "unplaced_text"]
    assert unplaced.span is not None
    assert det.text[unplaced.span.start : unplaced.span.end] == "the end of a paragraph."


def test_a_paragraph_ending_in_an_outcome_right_before_a_request_is_rationale() -> None:
    det = _letter(
        "Norco 5/325 MG #30:  Upheld",
        RATIONALE,
        "The prior review of this item: Upheld",
        "Knee brace:  Overturned",
        RATIONALE,
    )
    assert [d.request for d in det.decisions] == ["Norco 5/325 MG #30", "Knee brace"]
    assert det.decisions[0].rationale.endswith("function.\n\nThe prior review of this item: Upheld")


def test_a_paragraph_ending_in_an_outcome_followed_by_text_heads_a_block() -> None:
    # A block whose labels were lost: its request line, then its rationale.
    det = _letter(
        "Norco 5/325 MG #30:  Upheld",
        RATIONALE,
        "Knee brace:  Overturned",
        "The records document an improvement in function.",
    )
    assert [d.request for d in det.decisions] == ["Norco 5/325 MG #30", "Knee brace"]
    assert det.decisions[0].rationale == RATIONALE.removeprefix("Decision rationale: ")
    assert [w.code for w in det.warnings if w.code == "unplaced_text"] == ["unplaced_text"]


# -- terminals that must agree ------------------------------------------------


def _terminals(template: Template, *names: str) -> list[re.Pattern[str]]:
    """The patterns of the grammar's terminals of these (bare) names, in that order."""
    found = {
        t.name.rsplit("__", 1)[-1].lstrip("_"): re.compile(t.pattern.to_regexp())
        for t in get_parser(template).terminals
    }
    return [found[name] for name in names]


LABELS = ("CLAIMS_ADMINISTRATOR_LABEL", "REVIEWER_LABEL", "RATIONALE_LABEL")
label_texts = st.one_of(
    [st.from_regex(p, fullmatch=True) for p in _terminals(Template.NOTICE_2013, *LABELS)]
)


@pytest.mark.slow
@given(label_texts)
def test_free_text_never_runs_into_a_label(label_line: str) -> None:
    label = label_line.lstrip("\n")  # a label token takes the line break before it
    text, topic, basis_text = _terminals(Template.NOTICE_2013, "TEXT", "TOPIC", "BASIS_TEXT")
    assert text.match(label + " more") is None
    assert topic.match("Opioids\n" + label).group() == "Opioids"  # type: ignore[union-attr]
    assert basis_text.match("None\n" + label).group() == "None"  # type: ignore[union-attr]
