"""Decision blocks, one at a time (start rule ``decision``), and the labels and
outcome that the grammar's terminals must agree on."""

from __future__ import annotations

import re

import lark
import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse import Decision, Outcome, PageRange, Template
from imrparse._grammar import get_parser
from imrparse._transform import _Builder

ISSUES = Template.ISSUES_DECISIONS_RATIONALES

CA = "Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines."
MAXIMUS = (
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines\n"
    "Opioids, Page(s): 74-96."
)
RATIONALE = "Decision rationale: The records do not document an improvement in function."


def read(*paragraphs: str) -> Decision:
    """The decision of a block of these paragraphs."""
    text = "\n\n" + "\n\n".join(paragraphs)
    tree = get_parser(ISSUES).parse(text, start="decision")
    builder = _Builder(text, ISSUES)
    decision = builder.transform(tree)
    assert builder.warnings == []
    assert isinstance(decision, Decision)
    return decision


def fails(*paragraphs: str) -> lark.UnexpectedInput:
    text = "\n\n" + "\n\n".join(paragraphs)
    with pytest.raises(lark.UnexpectedInput) as caught:
        get_parser(ISSUES).parse(text, start="decision")
    return caught.value


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


def test_a_request_line_without_a_request_starts_no_block() -> None:
    error = fails(":  Upheld", RATIONALE)
    assert error.pos_in_stream == 0


def test_a_request_never_spans_an_empty_line() -> None:
    decision = read("the end of a paragraph.\nNorco 5/325 MG #30:  Upheld", RATIONALE)
    assert decision.request == "the end of a paragraph. Norco 5/325 MG #30"
    error = fails("the end of a paragraph.", "Norco 5/325 MG #30:  Upheld", RATIONALE)
    assert error.pos_in_stream == 0


def test_a_paragraph_ending_in_an_outcome_starts_no_block_unless_a_label_follows() -> None:
    decision = read(
        "Norco 5/325 MG #30:  Upheld",
        RATIONALE,
        "The prior review of this item: Upheld",
        "Further text of the rationale.",
    )
    assert decision.request == "Norco 5/325 MG #30"
    assert decision.rationale.endswith("Upheld\n\nFurther text of the rationale.")


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
def test_free_text_and_the_block_break_agree_on_what_a_label_is(label_line: str) -> None:
    label = label_line.lstrip("\n")  # a label token takes the line break before it
    for template in (ISSUES, Template.DECISIONS_RATIONALES, Template.NOTICE_2013):
        text, topic, basis_text = _terminals(template, "TEXT", "TOPIC", "BASIS_TEXT")
        assert text.match(label + " more") is None
        assert topic.match("Opioids\n" + label).group() == "Opioids"  # type: ignore[union-attr]
        assert basis_text.match("None\n" + label).group() == "None"  # type: ignore[union-attr]
    (next_decision,) = _terminals(ISSUES, "NEXT_DECISION")
    assert next_decision.match("\n\nNorco 5/325 MG #30:  Upheld\n\n" + label)


@given(st.from_regex(_terminals(ISSUES, "OUTCOME")[0], fullmatch=True))
def test_the_block_break_and_the_request_agree_on_the_outcome(outcome: str) -> None:
    next_decision, request = _terminals(ISSUES, "NEXT_DECISION", "REQUEST")
    for end in ("", "."):
        block = f"Norco 5/325 MG #30:  {outcome}{end}\n\nDecision rationale: text"
        assert next_decision.match("\n\n" + block)
        assert request.match(block).group() == "Norco 5/325 MG #30"  # type: ignore[union-attr]
