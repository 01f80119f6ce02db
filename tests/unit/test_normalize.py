"""Normalization: layouts, repairs, and the map back to the raw text."""

from __future__ import annotations

import pytest

from imrparse._normalize import normalize


def blank_line_layout(*paragraphs: list[str], page_break_after: int | None = None) -> str:
    """Render lines the way DWC's PDF-to-text output looks."""
    out = [" "]
    for p, lines in enumerate(paragraphs):
        if p:
            out += [" ", ""]
        for n, line in enumerate(lines):
            out += [line + " ", ""]
            if page_break_after is not None and (p, n) == divmod(page_break_after, 100):
                out += ["", ""]
    return "\n".join(out)[1:]


def test_blank_line_layout_keeps_lines_and_paragraphs() -> None:
    raw = " First line \n\nsecond line \n\n \n\nNew paragraph \n\n"
    assert normalize(raw).text == "First line\nsecond line\n\nNew paragraph"


def test_page_break_inside_a_paragraph_joins_the_lines() -> None:
    raw = "states the \n\n\n\nfollow regarding \n\n \n\nNext \n\n"
    assert normalize(raw).text == "states the\nfollow regarding\n\nNext"


def test_plain_layout_uses_blank_lines_for_paragraphs() -> None:
    raw = "One\ntwo\n\nThree\n"
    assert normalize(raw).text == "One\ntwo\n\nThree"


@pytest.mark.parametrize(
    "raw",
    [
        "One\r\ntwo\r\n\r\nThree\r\n",
        "One\rtwo\r\rThree",
        "One\ntwo\n\n\fThree\n",
        "One\ntwo\n\nThree",
    ],
    ids=["crlf", "cr", "form-feed", "lf"],
)
def test_line_endings_and_form_feeds_normalize_alike(raw: str) -> None:
    assert normalize(raw).text == "One\ntwo\n\nThree"


def test_form_feed_alone_is_a_page_break_not_a_paragraph_break() -> None:
    norm = normalize("One\n\ftwo\n")
    assert norm.text == "One\ntwo"
    assert norm.position(norm.text.index("two")).page == 2


def test_mojibake_is_repaired_and_offsets_stay_exact() -> None:
    raw = "Cyclobenzaprine (FlexerilÂ®) tablets\nnext line"
    norm = normalize(raw)
    assert norm.text == "Cyclobenzaprine (Flexeril®) tablets\nnext line"
    after = norm.text.index("tablets")
    assert raw[norm.to_raw(after) :].startswith("tablets")
    assert norm.position(norm.text.index("next")).line == 2


def test_curly_quotes_become_straight() -> None:
    assert normalize("He said \u201cno\u201d.").text == 'He said "no".'


def test_positions_point_into_the_raw_blank_line_layout() -> None:
    raw = " HEADING \n\nbody text here \n\n \n\nSecond para \n\n"
    norm = normalize(raw)
    where = norm.position(norm.text.index("Second"))
    assert (where.line, where.column) == (7, 1)
    where = norm.position(norm.text.index("text"))
    assert (where.line, where.column) == (3, 6)


def test_empty_and_blank_input_normalize_to_nothing() -> None:
    assert normalize("").text == ""
    assert normalize(" \n\n \n").text == ""


def test_normalization_is_idempotent_on_an_example() -> None:
    raw = blank_line_layout(["A line", "another"], ["Para two"])
    once = normalize(raw).text
    assert normalize(once).text == once
