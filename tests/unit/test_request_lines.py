"""Request lines as the letters of 2016-17 print them: colons inside the
request, the outcome on the next line, and partial authorisations."""

from __future__ import annotations

import pytest

import imrparse
from letters import example, replaced

LINE = "Tramadol ER 150 mg #30:  Upheld"


def first_decision(line: str) -> tuple[str, str | None, str | None, str]:
    """The request, original request, authorized part and outcome read from
    the example letter with its first request line replaced by ``line``."""
    det = imrparse.loads(replaced(example("issues_decisions_rationales"), LINE, line))
    assert det.warnings == ()
    first = det.decisions[0]
    return first.request, first.original_request, first.authorized, first.outcome.value


@pytest.mark.parametrize(
    ("line", "read"),
    [
        (
            "Associated surgical service: Cold therapy for one week: Upheld",
            ("Associated surgical service: Cold therapy for one week", None, None, "upheld"),
        ),
        (
            "NCV bilateral lower extremities QTY: 2: Upheld",
            ("NCV bilateral lower extremities QTY: 2", None, None, "upheld"),
        ),
        (
            "Physical therapy 6 sessions 2 times a week for 3 weeks to the lumbar and\n"
            "cervical spine:\nUpheld",
            (
                "Physical therapy 6 sessions 2 times a week for 3 weeks to the lumbar and "
                "cervical spine",
                None,
                None,
                "upheld",
            ),
        ),
    ],
    ids=["colon-in-request", "quantity-colon", "outcome-on-next-line"],
)
def test_the_outcome_follows_the_last_colon(line: str, read: tuple[object, ...]) -> None:
    assert first_decision(line) == read


@pytest.mark.parametrize(
    ("line", "read"),
    [
        (
            "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was\n"
            "authorized by the Claims Administrator. The remaining IMR eligible portion\n"
            "of the original request, Norco 10/325mg #35 is: Upheld",
            ("Norco 10/325mg #35", "Norco 10/325mg #60", "Norco 10/325mg #25", "upheld"),
        ),
        (
            "Acupuncture treatments (unspecified quantity) was the original request. The\n"
            "Claims Administrator authorized Acupuncture treatments, 6 sessions, leaving\n"
            "the original request IMR eligible. The original request, Acupuncture\n"
            "treatments (unspecified quantity) is: UPHELD.",
            (
                "Acupuncture treatments (unspecified quantity)",
                "Acupuncture treatments (unspecified quantity)",
                "Acupuncture treatments, 6 sessions",
                "upheld",
            ),
        ),
        (
            "Norco 10/325mg #60 was the original request. The Claims Administrator modified\n"
            "the request to Norco 10/325mg #30. The remaining IMR eligible portion of the\n"
            "original request, Norco 10/325mg #30 is: Upheld",
            ("Norco 10/325mg #30", "Norco 10/325mg #60", None, "upheld"),
        ),
        (
            "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was\n"
            "authorized by the Claims Administrator. Norco 10/325mg #35: Upheld",
            ("Norco 10/325mg #35", "Norco 10/325mg #60", "Norco 10/325mg #25", "upheld"),
        ),
    ],
    ids=["remaining-portion", "leaving-it-eligible", "other-wording", "no-left-part-phrase"],
)
def test_a_partial_authorisation_gives_the_original_the_authorized_and_the_rest(
    line: str, read: tuple[object, ...]
) -> None:
    assert first_decision(line) == read


def test_a_request_that_only_mentions_an_original_request_is_read_whole() -> None:
    line = "Review of the original request for a lumbar brace: Upheld"
    assert first_decision(line) == (
        "Review of the original request for a lumbar brace",
        None,
        None,
        "upheld",
    )
